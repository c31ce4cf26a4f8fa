"""Where a read needs the cells' notes and colours: only where the tool owns or may have marked.

The tool's marks (its notes and its colour on a coordinator's cell) are written in the same
all-or-nothing batch as the row's verdict, and taken off in the batch that writes its OK: so a
row whose verdict cell holds exactly the tool's OK carries none of them, and only the other rows
(a problem, a verdict someone changed or cleared, a new row) are read for them — with each tab's
header row (the markers on the tool's columns and tabs). Read as `getByDataFilter` row blocks, so
however many there are, no range goes into a URL; past `MAX_FILTERS` blocks the closest ones are
joined (reading a few OK rows more) so the request stays small.

A row whose verdict a coordinator replaced with exactly the tool's OK keeps any mark of the tool's
on it until the row is written again (the pass that writes re-reads its cells whole)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from kopienas.adapters.sources.gsheet.formulas import IdColumn
from kopienas.core import cells
from kopienas.core.headers import column_positions, find_title, reframe
from kopienas.core.models import Snapshot

MAX_FILTERS = 1000  # row blocks in one request: about 60 bytes each
DECOR_MASK = (
    "sheets.properties,sheets.data(startRow,startColumn,rowData.values(note,userEnteredFormat.backgroundColor))"
)

Blocks = list[tuple[int, int]]  # (first row, last row), 1-based, inclusive


def decor_reads(snapshot: Snapshot, ids: IdColumn) -> tuple[dict[str, Blocks | None], dict[str, frozenset[int] | None]]:
    """Per tab: the row blocks whose notes and colours to read (None: the whole tab), and the rows
    that read covers (None: all). Tabs other than the activities tab: their first row."""
    activities = find_title(snapshot.tables, ids.tab)
    blocks: dict[str, Blocks | None] = {t: [(1, 1)] for t in snapshot.tables if t != activities}
    if activities is not None:
        blocks[activities] = _activity_blocks(snapshot, activities, ids)
    covered = {
        t: None if b is None else frozenset(r for lo, hi in b for r in range(lo, hi + 1)) for t, b in blocks.items()
    }
    return blocks, covered


def _activity_blocks(snapshot: Snapshot, title: str, ids: IdColumn) -> Blocks | None:
    table = reframe(snapshot.tables[title], ids.known)
    col = column_positions(table.header)[0].get(cells.header_key(ids.check)) if ids.check else None
    if col is None:
        return None  # no verdicts to go by: every cell's
    rows = [
        number
        for number, row in table.rows
        if (col >= len(row) or row[col] != ids.ok) and not all(cells.is_blank(v) for v in row)
    ]
    return joined([table.header_row, *rows], MAX_FILTERS)


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


def data_filters(blocks: dict[str, Blocks | None], sheets: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """`getByDataFilter`'s filters for the blocks: grid ranges by sheet id (0 left out, as Google does)."""
    out = []
    for title, runs in blocks.items():
        sheet_id = sheets[title]["sheetId"]
        base = {"sheetId": sheet_id} if sheet_id else {}
        if runs is None:
            out.append({"gridRange": base})
            continue
        for lo, hi in runs:
            out.append({"gridRange": {**base, "startRowIndex": lo - 1, "endRowIndex": hi}})
    return out
