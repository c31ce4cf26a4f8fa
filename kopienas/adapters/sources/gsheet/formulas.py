"""Which blank cells of the ID column hold a formula (whose result is empty): the one place a formula
changes what the tool does — such a cell is a problem, never given a new ID.

Only those cells are asked for, after the values are in (one `spreadsheets.get` over the ID
column's rows from the first such blank to the last, and none when every ID is filled in): a
formula mask over every cell costs about as much as the values themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kopienas.adapters.sources.gsheet.access import quote_title
from kopienas.adapters.sources.gsheet.decor import FORMULA_FIELDS, formula_cells
from kopienas.adapters.sources.gsheet.grid import sheet_titled
from kopienas.core import cells, contract
from kopienas.core.cells import column_letter
from kopienas.core.headers import column_positions, find_title, reframe
from kopienas.core.models import Cell, Snapshot


@dataclass(frozen=True)
class IdColumn:
    """Where the IDs are, as configured: the activities tab, its ID header, every header it should
    have; and the header of the tool's verdicts."""

    tab: str
    header: str
    known: Sequence[str]
    check: str = ""  # the tool's verdict column: which rows may carry its marks (see `marked_rows`)
    tools: Sequence[str] = ()  # the tool's other columns (never marked)
    ok: str = contract.OK_WORD


def blank_ids(snapshot: Snapshot, ids: IdColumn) -> tuple[str, int, list[int]] | None:
    """(tab title, 0-based ID column, rows) of the rows with something in them but a blank ID."""
    title = find_title(snapshot.tables, ids.tab)
    if title is None:
        return None
    table = reframe(snapshot.tables[title], ids.known)
    col = column_positions(table.header)[0].get(cells.header_key(ids.header))
    if col is None:
        return None
    rows = [
        number
        for number, row in table.rows
        if (col >= len(row) or cells.is_blank(row[col])) and not cells.is_blank_row(row)
    ]
    return (title, col, rows) if rows else None


def id_formulas(snapshot: Snapshot, ids: IdColumn, get: Callable[[dict[str, Any]], Any]) -> dict[str, set[Cell]]:
    """Tab title -> the blank ID cells holding a formula; `get` makes the `spreadsheets.get`."""
    found = blank_ids(snapshot, ids)
    if found is None:
        return {}
    title, col, rows = found
    letter = column_letter(col + 1)
    span = f"{quote_title(title)}!{letter}{min(rows)}:{letter}{max(rows)}"
    sheet = sheet_titled(get({"ranges": [span], "fields": FORMULA_FIELDS}), title) or {}
    wanted = set(rows)
    return {title: {(r, c) for r, c in formula_cells(sheet) if r in wanted and c == col}}
