"""The cheaper ways a pass reads, checks and plans decide exactly as the plain ones they replaced,
on messy cells: each is compared here with the plain version, kept as the reference."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kopienas.core import cells
from kopienas.core.writeback import RowUpdate, WritePlan, _holds, content_keys, locate_rows

# Cells as any reader gives them: text with stray spaces, line ends and decomposed letters,
# numbers of either type, dates and times, blanks, an empty formula's result.
_texts = st.lists(st.sampled_from([*"aā ē\r\n\t.-1Ā", "a\u0304", "\u00a0"]), max_size=6).map("".join)
messy_cells = st.one_of(
    st.none(),
    _texts,
    st.sampled_from(["", " ", "Talka", "talka ", "Tal\r\nka", unicodedata.normalize("NFD", "Bērni"), "Bērni"]),
    st.integers(-3, 3),
    st.floats(-3, 3).map(lambda f: round(f, 1)),
    st.booleans(),
    st.just(cells.EMPTY_FORMULA),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1)),
    st.times(),
    st.integers(0, 3).map(lambda d: timedelta(days=d, hours=1)),
    st.sampled_from([date(2020, 9, 24), datetime(2020, 9, 24), 44098, 44098.0, time(12, 0)]),
)
_headers = st.lists(
    st.sampled_from(["ID", "Nosaukums", "nosaukums:", " Sākuma datums", "Kopā", "", None, "Pārbaude", "Vieta"]),
    min_size=1,
    max_size=7,
)


def _old_content(header: tuple, row: tuple, keys: dict[str, int]) -> tuple[tuple[str, object], ...]:
    """The checked content as it was kept: (header key, comparable value) per column, at plan time."""
    return tuple((k, cells.comparable(row[i] if i < len(row) else None)) for k, i in keys.items())


@given(
    header=_headers,
    read=st.lists(messy_cells, max_size=8),
    now=st.lists(messy_cells, max_size=8),
    same=st.booleans(),
)
def test_a_row_holds_what_its_verdict_was_made_from_exactly_as_before(header, read, now, same):
    """The plan keeps the row as read and compares when a row must be found again; the decision
    is the one the comparable values kept at plan time gave."""
    header = tuple(header)
    keys = content_keys(header, "ID", ["Pārbaude"])
    read_row = tuple(read)
    now_row = read_row if same else tuple(now)

    def value_at(row: int, key: str) -> Any:
        i = keys.get(key)
        return now_row[i] if i is not None and i < len(now_row) else None

    old = all(cells.comparable(value_at(2, k)) == v for k, v in _old_content(header, read_row, keys))
    update = RowUpdate(2, "A-1", "Talka", {}, content=read_row)
    assert _holds(tuple(keys.items()), update, 2, value_at) == old
    if same:
        assert old


@given(rows=st.lists(st.tuples(st.sampled_from(["A-1", "A-2", ""]), st.sampled_from(["Talka", "talka"])), max_size=5))
def test_an_update_without_content_is_placed_as_before(rows):
    """No row as read (a plan made without the tab): nothing to compare, as an empty content was."""
    plan = WritePlan("Aktivitātes", "ID", "Nosaukums", (), (), (RowUpdate(2, "A-1", "Talka", {}),))
    current = [(n + 2, i, t) for n, (i, t) in enumerate(rows)]
    placed, gone, changed = locate_rows(plan, current, lambda row, key: "anything")
    assert not changed
    assert [r for r, _ in placed] == [n + 2 for n, (i, _) in enumerate(rows) if i == "A-1"][:1]
