"""After a write that got no answer (a timeout): was it applied all the same? Read back and compare,
so that nothing is written twice and nothing is re-planned onto a row that already has it."""

from __future__ import annotations

from typing import Any

from kopienas.adapters.sources.gsheet.batches import Tab, settled
from kopienas.adapters.sources.gsheet.decor import color_of
from kopienas.adapters.sources.gsheet.grid import cell_value, fitting
from kopienas.core.ownership import Mark
from kopienas.core.writeback import RowUpdate


def already_written(tab: Tab, row: int, update: RowUpdate) -> bool:
    """The row already holds everything `update` writes: its batch was applied although no answer
    came (a timeout). Batches are all-or-nothing, so values, ID, notes and fills all match then."""
    if update.new_id and cell_value(tab.cell(row, tab.id_col)) != update.new_id:
        return False
    for h, text in update.values.items():
        col = tab.tool_cols.get(h)
        if col is None or cell_value(tab.cell(row, col)) != fitting(text):
            return False
    for h, planned in update.marks.items():
        col, mark = tab.marked_cols.get(h), settled(tab, row, h, planned)
        if col is not None and mark is not None and not _marked(tab.cell(row, col), mark):
            return False
    return True


def _marked(cell: dict[str, Any], mark: Mark) -> bool:
    if mark.note is not None and cell.get("note", "") != (fitting(mark.note) if mark.note else ""):
        return False
    if mark.fill is None:
        return True
    now = cell.get("userEnteredFormat", {}).get("backgroundColor")
    if not mark.fill.startswith("#"):
        return not now
    want = color_of(mark.fill)
    return bool(now) and all(abs(float(now.get(k, 0.0)) - v) < 0.003 for k, v in want.items())
