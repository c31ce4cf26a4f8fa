"""The cheaper ways a pass reads, checks and plans decide exactly as the plain ones they replaced,
on messy cells: each is compared here with the plain version, kept as the reference."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kopienas.core import cells, contract, identifiers, reading
from kopienas.core.contract import SheetLayout
from kopienas.core.headers import TabColumns, known_headers, tab_columns, table_rows, tool_columns
from kopienas.core.institutions import InstitutionIndex
from kopienas.core.models import Activity, Community, Institution, Table, community_index
from kopienas.core.words import numbers
from kopienas.core.words import owned as owned_words
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
    assert len(placed) + len(gone) == 1
    assert not changed
    assert [r for r, _ in placed] == [n + 2 for n, (i, _) in enumerate(rows) if i == "A-1"][:1]


# --- reading: one text per cell, lists split, institutions expanded, rows typed ------------------


def _plain_text(value: Any) -> str:
    """`cells.text` as it was: every value through the one general path."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Jā" if value else "Nē"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def _plain_split_list(value: Any, separators: str = ";\n") -> tuple[str, ...]:
    s = _plain_text(value)
    parts = re.split("[" + re.escape(separators) + "]", s) if s else []
    return tuple(p.strip() for p in parts if p.strip())


@given(messy_cells)
def test_text_is_the_plain_text(value):
    assert cells.text(value) == _plain_text(value)


@given(st.one_of(messy_cells, st.lists(st.sampled_from(["26.PII", " ; ", "\n", "BJC Jaunība", " ", ";"])).map("".join)))
def test_split_lists_split_as_before(value):
    for separators in (";\n", "\n; "):
        assert cells.split_list(value, separators) == _plain_split_list(value, separators)


_INSTITUTIONS = (
    Institution("26.PII", "Daugavpils 26. pirmsskolas izglītības iestāde"),
    Institution("BJC Jaunība", "Daugavpils Bērnu un jauniešu centrs “Jaunība”"),
    Institution("", "Kopienas centrs"),
)
_entries = st.lists(
    st.sampled_from(
        ["26.PII", "26. pii", "BJC Jaunība", "bjc jaunība", "kopienas centrs", "XYZ", "Skola", "11.psk", ""]
    ),
    max_size=4,
).map(tuple)


def _plain_expand(entries: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The expansion as it was: every call from the start."""

    def compact(s: str) -> str:
        return re.sub(r"\s+", "", s).casefold().rstrip(".")

    by_abbreviation = {compact(i.abbreviation): i.full_name for i in _INSTITUTIONS if i.abbreviation}
    full_names = {i.full_name.casefold(): i.full_name for i in _INSTITUTIONS}
    names, unknown = [], []
    for entry in entries:
        full = by_abbreviation.get(compact(entry)) or full_names.get(entry.casefold())
        if full:
            names.append(full)
        elif re.match(r"^[\w.\-/]{1,14}$", entry) and any(ch.isupper() or ch.isdigit() for ch in entry):
            unknown.append(entry)
        else:
            names.append(entry)
    return tuple(dict.fromkeys(names)), tuple(unknown)


@given(st.lists(_entries, max_size=6))
def test_institutions_expand_as_before_however_often_asked(lists):
    index = InstitutionIndex.of(_INSTITUTIONS)
    for entries in lists + lists:
        assert index.expand(entries) == _plain_expand(entries)
        assert index.expand(list(entries)) == _plain_expand(entries)


_FIELD_CELLS: dict[str, st.SearchStrategy[Any]] = {
    "start": st.one_of(messy_cells, st.sampled_from(["24.09.2020", "2020-09-24", "31.02.2021", "rīt", 44098])),
    "children": st.one_of(messy_cells, st.sampled_from(["332", " 3 32 ", "1.5", "-2", 7.0, 2.5])),
    "status": st.one_of(messy_cells, st.sampled_from(["Notikusi", "plānota", "Atcelta", "?"])),
    "press_release": st.one_of(messy_cells, st.sampled_from(["Jā", "nē", "x", "TRUE", "varbūt", 1, 0])),
    "kind": st.one_of(messy_cells, st.sampled_from(["Raksts", "pasākums", "cits"])),
    "community": st.sampled_from(["DGP", "dgp ", "Preiļi", "Nekur", "", None]),
    "institutions": st.one_of(messy_cells, _entries.map("; ".join)),
    "id": st.one_of(messy_cells, st.just(cells.EMPTY_FORMULA), st.sampled_from(["DGP-2020-07", "x y"])),
}
_FIELD_CELLS["end"] = _FIELD_CELLS["start"]
_FIELD_CELLS["adults"] = _FIELD_CELLS["total"] = _FIELD_CELLS["children"]


def _plain_activity(cols: TabColumns, number: int, row: tuple, communities, index) -> Activity:
    """An activity row as it was read: cell by cell, through `TabColumns.get`."""
    errors: dict[str, str] = {}

    def parsed(name, parser):
        try:
            return parser(cols.get(row, name))
        except cells.CellError as e:
            errors[name] = str(e)
            return None

    community_text = _plain_text(cols.get(row, "community"))
    community = communities.get(community_text.casefold()) if community_text else None
    typed_institutions = _plain_split_list(cols.get(row, "institutions"))
    if isinstance(cols.get(row, "id"), cells.FormulaWithoutValue):
        errors["id"] = owned_words.FORMULA_WITHOUT_VALUE
    text = {f: _plain_text(cols.get(row, f)) for f in ("id", "title", "place", "description", "coordinator")}
    return Activity(
        row=number,
        id=text["id"],
        title=text["title"],
        community=community_text,
        start=parsed("start", cells.parse_date),
        end=parsed("end", cells.parse_date),
        place=text["place"],
        description=text["description"],
        institutions=typed_institutions,
        children=parsed("children", cells.parse_count),
        adults=parsed("adults", cells.parse_count),
        total=parsed("total", cells.parse_count),
        coordinator=text["coordinator"],
        phone=_plain_text(cols.get(row, "phone")),
        email=_plain_text(cols.get(row, "email")),
        links=_plain_split_list(cols.get(row, "links"), separators="\n; "),
        status=parsed("status", reading._status),
        press_release=bool(parsed("press_release", cells.parse_bool)),
        kind=parsed("kind", reading._kind) or "",
        community_code=community.code if community else "",
        community_name=community.name if community else "",
        institution_names=index.expand(typed_institutions)[0],
        cell_errors=errors,
    )


@st.composite
def _activity_tables(draw):
    fields = [c.field for c in contract.ACTIVITIES.columns if not c.optional]
    order = draw(st.permutations(fields))
    dropped = draw(st.sets(st.sampled_from(["place", "kind", "links", "email"]), max_size=2))
    order = [f for f in order if f not in dropped]
    headers = {c.field: c.header for c in contract.ACTIVITIES.columns}
    rows = []
    for n in range(draw(st.integers(1, 5))):
        row = [draw(_FIELD_CELLS.get(f, messy_cells)) for f in order]
        rows.append((n + 2, tuple(row[: draw(st.integers(1, len(row)))])))
    return Table("Aktivitātes", tuple(headers[f] for f in order), tuple(rows))


@given(_activity_tables())
def test_activity_rows_are_read_as_before(table):
    sheet = SheetLayout.default()
    communities = community_index((Community("DGP", "Daugavpils"), Community("PRE", "Preiļi")))
    index = InstitutionIndex.of(_INSTITUTIONS)
    activities, _ = reading.read_activities(table, sheet, communities, index)
    framed, cols = tab_columns(table, sheet, "activities")
    rows, _ = table_rows(framed, cols, communities, known_headers(sheet, "activities"))
    ignore = set(tool_columns(framed, sheet).positions.values())
    expected = [
        _plain_activity(cols, n, r, communities, index)
        for n, r in rows
        if not all(cells.is_blank(v) for i, v in enumerate(r) if i not in ignore)
    ]
    assert list(activities) == expected
    assert [a.cell_errors for a in activities] == [a.cell_errors for a in expected]


# --- identifiers: the three rules as one pattern -----------------------------------------------

_LETTERS = "A-Za-z0-9ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž"


def _plain_is_identifier(text: str) -> bool:
    return (
        0 < len(text) <= identifiers.MAX_LENGTH
        and re.fullmatch(rf"[{_LETTERS}][{_LETTERS}-]*", text) is not None
        and not text.endswith("-")
        and not re.fullmatch(r"(con|prn|aux|nul|com\d|lpt\d)", text, re.IGNORECASE)
    )


_id_texts = st.one_of(
    st.lists(st.sampled_from([*"aZ09-ĀžK_ .", "\u212a", "ı", "ſ", "\n", "-2020-", "CON", "lpt1", "nul", "com٣"])).map(
        "".join
    ),
    st.sampled_from(["DGP-2020-07", "con", "Com1", "COM1-", "lpt9x", "a" * 40, "a" * 41, "-a", "a--b"]),
)


@given(_id_texts)
def test_identifiers_are_told_as_before(text):
    assert identifiers.is_identifier(text) == _plain_is_identifier(text)
    parsed = identifiers.parse_issued(text)
    m = re.fullmatch(r"(.+)-([0-9]{4})-([0-9]{1,6})", text)
    plain = (
        None
        if not m or not _plain_is_identifier(text) or not 1 <= int(m.group(3)) <= identifiers.MAX_NUMBER
        else (m.group(1).casefold(), int(m.group(2)), int(m.group(3)))
    )
    if plain is not None and not 1000 <= plain[1] <= 9999:
        plain = None
    assert (parsed and (parsed.code, parsed.year, parsed.number)) == plain


# --- counts in running text: every int without the locale's data ---------------------------------


@given(
    st.one_of(st.integers(-1500, 1500), st.integers(-(10**15), 10**15)),
    st.sampled_from(["lv", "en"]),
)
def test_counts_are_written_as_the_locale_writes_them(n, lang):
    from babel.numbers import format_decimal

    from kopienas.core.words.base import BABEL_LOCALE

    assert numbers.format_count(n, lang) == format_decimal(n, locale=BABEL_LOCALE[lang])


# --- a blank row: one rule, looking no further than the first cell with anything in it ----------


@given(st.lists(messy_cells, max_size=8), st.sets(st.integers(0, 8), max_size=4))
def test_a_row_is_blank_exactly_when_every_cell_but_the_skipped_ones_is(row, skip):
    assert cells.is_blank_row(row) == all(cells.is_blank(v) for v in row)
    assert cells.is_blank_row(row, skip) == all(cells.is_blank(v) for i, v in enumerate(row) if i not in skip)
    assert cells.is_blank_row(tuple(row), frozenset(skip)) == cells.is_blank_row(row, skip)
