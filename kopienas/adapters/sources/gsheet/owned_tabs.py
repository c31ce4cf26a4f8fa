"""Requests that replace a tab the tool owns (`Kopsavilkums`) whole, creating it if missing."""

from __future__ import annotations

from typing import Any

from kopienas.adapters.sources.gsheet.grid import typed_cell

PIXELS_PER_CHARACTER = 7


def rewrite_tab_requests(
    title: str,
    rows: list[list[object]],
    props: dict[str, Any] | None,
    used_ids: set[int],
    note: str | None = None,
    widths: list[int] | tuple[int, ...] = (),
) -> list[dict[str, Any]]:
    """`props` are the tab's SheetProperties as last read (None: no such tab yet); `note`, the
    tool's marker on A1; `widths`, each column's width in characters (as the workbook gets them)."""
    width = max((len(r) for r in rows), default=1)
    out: list[dict[str, Any]] = []
    if props is None:
        sheet_id = next(i for i in range(1_000_001, 2_000_000) if i not in used_ids)
        used_ids.add(sheet_id)  # a second new tool tab in the same write needs another id
        grid = {"rowCount": max(100, len(rows) + 20), "columnCount": max(10, width)}
        out.append({"addSheet": {"properties": {"sheetId": sheet_id, "title": title, "gridProperties": grid}}})
    else:
        sheet_id = props["sheetId"]
        grid = dict(props.get("gridProperties", {}))
        extra_rows = len(rows) - grid.get("rowCount", 0)
        if extra_rows > 0:
            out.append({"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS", "length": extra_rows}})
            grid["rowCount"] = len(rows)
        extra_cols = width - grid.get("columnCount", 0)
        if extra_cols > 0:
            out.append({"appendDimension": {"sheetId": sheet_id, "dimension": "COLUMNS", "length": extra_cols}})
            grid["columnCount"] = width
    out.append(
        {
            "updateCells": {
                # The whole grid: cells beyond the new rows are cleared, so no old figure lingers.
                "range": {
                    "sheetId": sheet_id,
                    "startRowIndex": 0,
                    "endRowIndex": grid["rowCount"],
                    "startColumnIndex": 0,
                    "endColumnIndex": grid["columnCount"],
                },
                "rows": [{"values": [typed_cell(v) for v in row]} for row in rows],
                "fields": "userEnteredValue",
            }
        }
    )
    if note:
        start = {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0}
        out.append({"updateCells": {"start": start, "rows": [{"values": [{"note": note}]}], "fields": "note"}})
    for col, characters in enumerate(widths):
        column = {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": col, "endIndex": col + 1}
        out.append(
            {
                "updateDimensionProperties": {
                    "range": column,
                    "properties": {"pixelSize": characters * PIXELS_PER_CHARACTER},
                    "fields": "pixelSize",
                }
            }
        )
    return out
