"""Where a read needs the cells' notes and colours: only where the tool owns or may have marked.

The tool's marks (its notes and its colour on a coordinator's cell) are written in the same
all-or-nothing batch as the row's verdict, and taken off in the batch that writes its OK: so a
row whose verdict cell holds exactly the tool's OK carries none of them, and only the other rows
(a problem, a verdict someone changed or cleared, a new row) are read for them — with each tab's
header row (the markers on the tool's columns and tabs). Read as `getByDataFilter` row blocks, so
however many there are, no range goes into a URL (the ranges are A1 ranges in the request's body); past `MAX_FILTERS` blocks the closest ones are
joined (reading a few OK rows more) so the request stays small.

A row whose verdict a coordinator replaced with exactly the tool's OK keeps any mark of the tool's
on it until the row is written again (the pass that writes re-reads its cells whole)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from kopienas.adapters.sources.gsheet.access import quote_title
from kopienas.adapters.sources.gsheet.formulas import IdColumn
from kopienas.core import cells
from kopienas.core.cells import column_letter
from kopienas.core.headers import column_positions, find_title, reframe
from kopienas.core.models import Snapshot

MAX_FILTERS = 2000  # row blocks in one request: about 45 bytes each (under 100 KB)
DECOR_MASK = (
    "sheets.properties,sheets.data(startRow,startColumn,rowData.values(note,userEnteredFormat.backgroundColor))"
)

Blocks = list[tuple[int, int]]  # (first row, last row), 1-based, inclusive
# Per tab: its row blocks and how many columns of them (None: all), or None for the whole tab.
Reads = dict[str, tuple[Blocks, int | None] | None]


def decor_reads(snapshot: Snapshot, ids: IdColumn) -> tuple[Reads, dict[str, frozenset[int] | None]]:
    """Per tab: the row blocks whose notes and colours to read (None: the whole tab), and the rows
    that read covers (None: all). Tabs other than the activities tab: their first row."""
    activities = find_title(snapshot.tables, ids.tab)
    reads: Reads = {t: ([(1, 1)], None) for t in snapshot.tables if t != activities}
    if activities is not None:
        reads[activities] = _activity_blocks(snapshot, activities, ids)
    covered = {
        t: None if b is None else frozenset(r for lo, hi in b[0] for r in range(lo, hi + 1)) for t, b in reads.items()
    }
    return reads, covered


def _activity_blocks(snapshot: Snapshot, title: str, ids: IdColumn) -> tuple[Blocks, int | None] | None:
    table = reframe(snapshot.tables[title], ids.known)
    col = column_positions(table.header)[0].get(cells.header_key(ids.check)) if ids.check else None
    if col is None:
        return None  # no verdicts to go by: every cell's
    rows = [
        number for number, row in table.rows if (col >= len(row) or row[col] != ids.ok) and not cells.is_blank_row(row)
    ]
    # The header row whole (the markers on the tool's columns); the rows as far as the last column the
    # tool marks (a coordinator's), not its own columns at the right.
    tools = {cells.header_key(h) for h in (ids.check, *ids.tools)}
    marked = [i for i, h in enumerate(table.header) if not cells.is_blank(h) and cells.header_key(h) not in tools]
    header = (table.header_row, table.header_row)
    return [header, *joined(rows, MAX_FILTERS - 1)], (max(marked) + 1 if marked else None)


def joined(rows: list[int], most: int) -> Blocks:
    """Sorted rows as runs of consecutive rows; the runs with the smallest gaps between joined
    until there are at most `most`."""
    runs: Blocks = []
    for r in sorted(set(rows)):
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    if len(runs) <= most:
        return runs
    gaps = sorted(b[0] - a[1] for a, b in pairwise(runs))
    widest_joined = gaps[len(runs) - most - 1]
    out = [runs[0]]
    for lo, hi in runs[1:]:
        if lo - out[-1][1] <= widest_joined:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def data_filters(reads: Reads) -> list[dict[str, Any]]:
    """`getByDataFilter`'s filters for the blocks, as A1 ranges (half the bytes of a grid range); the
    first block of a tab whole, the others `columns` wide."""
    out: list[dict[str, Any]] = []
    for title, read in reads.items():
        tab = quote_title(title)
        if read is None:
            out.append({"a1Range": tab})
            continue
        runs, columns = read
        for i, (lo, hi) in enumerate(runs):
            span = f"A{lo}:{column_letter(columns)}{hi}" if i and columns else f"{lo}:{hi}"
            out.append({"a1Range": f"{tab}!{span}"})
    return out
