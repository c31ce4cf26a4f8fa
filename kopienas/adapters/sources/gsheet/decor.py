"""Notes and background colours of a Google Sheet's cells, as the core's ownership decisions need
them: read with the first `spreadsheets.get` of a run (grid data masked to just these two), so a
run still makes its four API calls."""

from __future__ import annotations

from typing import Any

from kopienas.core.models import Cell, Note

# The formula of a cell comes too (only cells with one carry it): a formula whose result is empty
# is marked as such, never taken for a blank cell the tool may fill.
DECOR_FIELDS = (
    "sheets.properties,sheets.data.rowData.values(note,userEnteredFormat.backgroundColor,userEnteredValue.formulaValue)"
)

Decor = tuple[dict[Cell, Note], dict[Cell, str]]


def color_token(color: dict[str, float] | None) -> str:
    """A Sheets colour as "#RRGGBB" (missing components are 0, as Google leaves them out)."""
    if not color:
        return ""
    return "#" + "".join(f"{round(min(1.0, max(0.0, color.get(k, 0.0))) * 255):02X}" for k in ("red", "green", "blue"))


def color_of(token: str) -> dict[str, float]:
    return {k: int(token[i : i + 2], 16) / 255 for k, i in (("red", 1), ("green", 3), ("blue", 5))}


def decor_of(sheet: dict[str, Any]) -> Decor:
    """Notes and background colours of one sheet of a `spreadsheets.get` with grid data."""
    notes: dict[Cell, Note] = {}
    fills: dict[Cell, str] = {}
    for block in sheet.get("data") or []:
        r0, c0 = block.get("startRow", 0), block.get("startColumn", 0)
        for i, row in enumerate(block.get("rowData", [])):
            for j, cell in enumerate(row.get("values", [])):
                if not cell:
                    continue
                at = (r0 + i + 1, c0 + j)
                if cell.get("note"):
                    notes[at] = Note(cell["note"])
                token = color_token((cell.get("userEnteredFormat") or {}).get("backgroundColor"))
                if token:
                    fills[at] = token
    return notes, fills


def formula_cells(sheet: dict[str, Any]) -> set[Cell]:
    """The cells of one sheet (of a `spreadsheets.get` read with DECOR_FIELDS) holding a formula."""
    out: set[Cell] = set()
    for block in sheet.get("data") or []:
        r0, c0 = block.get("startRow", 0), block.get("startColumn", 0)
        for i, row in enumerate(block.get("rowData", [])):
            for j, cell in enumerate(row.get("values", [])):
                if cell and "formulaValue" in (cell.get("userEnteredValue") or {}):
                    out.add((r0 + i + 1, c0 + j))
    return out
