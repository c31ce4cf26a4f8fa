"""Formula cells whose saved result is empty, read straight from the package: openpyxl's cached
values show them as blank cells, and a blank ID cell is one the tool would fill. Marked as
`cells.EMPTY_FORMULA` in the tables read, so the rules see a formula, not a gap."""

from __future__ import annotations

import re
import zipfile
from typing import IO

from kopienas.adapters.sources.workbook.decor import column_index, sheet_parts
from kopienas.core.models import Cell

_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_ATTR_R = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)</(?:\w+:)?v>")


def empty_formula_cells(data: IO[bytes]) -> dict[str, set[Cell]]:
    """Sheet title -> the (row, 0-based column) of every formula cell saved without a result."""
    out: dict[str, set[Cell]] = {}
    with zipfile.ZipFile(data) as z:
        for title, part in sheet_parts(z):
            found = {cell for m in _CELL.finditer(z.read(part)) if (cell := _empty(m))}
            if found:
                out[title] = found
    return out


def _empty(m: re.Match[bytes]) -> Cell | None:
    body, r = m.group(2) or b"", _ATTR_R.search(m.group(1))
    if r is None or not _FORMULA.search(body):
        return None
    value = _VALUE.search(body)
    if value is not None and value.group(1).strip():
        return None
    return int(r.group(2)), column_index(r.group(1).decode())
