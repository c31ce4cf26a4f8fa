"""The one rule for a coordinator's merged cells (`kopienas.core.merges`), and both spreadsheets
reading their merges into it."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kopienas.core.merges import Merges
from tests.helpers import ROOT

ranges = st.lists(
    st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(0, 3), st.integers(0, 3)).map(
        lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3])
    ),
    max_size=4,
)


@given(ranges, st.integers(1, 10), st.integers(1, 10))
def test_a_cell_is_hidden_exactly_when_a_merge_covers_it_and_does_not_start_there(found, row, col):
    expected = any(r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1) for r1, c1, r2, c2 in found)
    assert Merges.of(found).hides(row, col) == expected


def test_a_merges_first_cell_and_the_cells_around_it_are_not_hidden():
    merges = Merges.of([(3, 17, 3, 18)])  # Q3:R3
    assert merges.hides(3, 18)
    assert not any(merges.hides(r, c) for r, c in [(3, 17), (2, 18), (4, 18), (3, 19), (3, 16)])


def test_every_module_that_reads_merges_decides_by_the_one_rule():
    """A module that reads a sheet's merged ranges (a workbook's `mergeCells`, a Google Sheet's
    `merges`) to decide what to write passes them to `Merges`."""
    readers = [
        path
        for path in (ROOT / "kopienas" / "adapters").rglob("*.py")
        if re.search(r"""q\("mergeCells"\)|\.get\("merges\"""", path.read_text(encoding="utf-8"))
    ]
    assert readers, "no module reads merges: the pattern no longer finds them"
    assert [p.name for p in readers if "Merges.of(" not in p.read_text(encoding="utf-8")] == []
