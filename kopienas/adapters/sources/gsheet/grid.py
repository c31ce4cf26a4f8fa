"""Cells as the Sheets API sends and takes them: GridData in, CellData and Snapshots out."""

from __future__ import annotations

from typing import Any

from kopienas.adapters.sources.gsheet.decor import Decor
from kopienas.core.headers import find_title
from kopienas.core.models import Snapshot, table_from_rows

CELL_CHARS = 50_000  # Google refuses a cell (value or note) longer than this, and with it the whole batch


def snapshot_from_batch_get(
    titles: list[str],
    data: dict[str, Any],
    source: str,
    decor: dict[str, Decor] | None = None,
) -> Snapshot:
    """A `values:batchGet` answer (one value range per title, in order) as a Snapshot, with each
    tab's notes and fills (`decor_of`) when read."""
    decor = decor or {}
    tables = {}
    for t, vr in zip(titles, data.get("valueRanges", []), strict=False):
        notes, fills = decor.get(t, ({}, {}))
        tables[t] = table_from_rows(t, vr.get("values", []), notes=notes, fills=fills)
    return Snapshot(tables, source=source)


def snapshot_from_grid(meta: dict[str, Any], source: str) -> Snapshot:
    """A `spreadsheets.get` answer with every cell's `effectiveValue` as a Snapshot of values."""
    tables = {}
    for sheet in meta.get("sheets", []):
        title = sheet["properties"]["title"]
        tables[title] = table_from_rows(title, [[cell_value(c) for c in row] for row in grid_cells(sheet)])
    return Snapshot(tables, source=source)


def sheet_titled(meta: dict[str, Any], tab: str) -> dict[str, Any] | None:
    sheets = {s["properties"]["title"]: s for s in meta.get("sheets", [])}
    found = find_title(sheets, tab)
    return sheets[found] if found is not None else None


def grid_cells(sheet: dict[str, Any]) -> list[list[dict[str, Any]]]:
    data = sheet.get("data") or [{}]
    return [row.get("values", []) for row in data[0].get("rowData", [])]


def cell_value(cell: dict[str, Any]) -> Any:
    v = cell.get("effectiveValue") or {}
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in v:
            return v[key]
    return None


def fitting(text: str) -> str:
    """`text`, cut to what one cell holds (the tool's own texts are capped well before this)."""
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def typed_cell(value: object) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, (int, float)):
        return {"userEnteredValue": {"numberValue": value}}
    return string_cell(str(value))


def string_cell(text: str) -> dict[str, Any]:
    # stringValue is stored as typed, never parsed as a formula (the RAW behaviour)
    return {"userEnteredValue": {"stringValue": fitting(text)}}
