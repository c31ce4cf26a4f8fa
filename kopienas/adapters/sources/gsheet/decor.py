"""Notes and background colours of a Google Sheet's cells, as the core's ownership decisions need
them: read with the first `spreadsheets.get` of a run (grid data masked to just these two), so a
run still makes its four API calls.

The mask names only fields a cell rarely has: Google answers a masked cell that has none of them
with `{}`, and one whose message is there without the masked part (a value without a formula,
a format without a colour) with that message empty, so every field asked of every cell costs
bytes on every cell that has its parent. Formulas are asked of the ID column alone
(`FORMULA_FIELDS`, its blank cells only): asked of every cell they cost about as much as the
values themselves."""

from __future__ import annotations

from typing import Any

from kopienas.core.models import Cell, Note

DECOR_FIELDS = "sheets.properties,sheets.data.rowData.values(note,userEnteredFormat.backgroundColor)"
# Where the source is not told which column holds the IDs, every cell's formula comes too: a
# formula whose result is empty is marked as such, never taken for a blank cell the tool may fill.
DECOR_AND_FORMULA_FIELDS = (
    "sheets.properties,sheets.data.rowData.values(note,userEnteredFormat.backgroundColor,userEnteredValue.formulaValue)"
)
FORMULA_FIELDS = (
    "sheets.properties.title,sheets.data(startRow,startColumn,rowData.values.userEnteredValue.formulaValue)"
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
    """The cells of one sheet (of a `spreadsheets.get` read with a mask naming formulas) holding one."""
    out: set[Cell] = set()
    for block in sheet.get("data") or []:
        r0, c0 = block.get("startRow", 0), block.get("startColumn", 0)
        for i, row in enumerate(block.get("rowData", [])):
            for j, cell in enumerate(row.get("values", [])):
                if cell and "formulaValue" in (cell.get("userEnteredValue") or {}):
                    out.add((r0 + i + 1, c0 + j))
    return out
