"""Column widths and row heights in a worksheet part."""

from __future__ import annotations

from lxml import etree

from kopienas.adapters.sources.workbook.package import q


def _place_cols(root: etree._Element) -> etree._Element:
    cols = root.find(q("cols"))
    if cols is None:
        cols = etree.Element(q("cols"))
        data = root.find(q("sheetData"))
        if data is not None:
            data.addprevious(cols)
        else:
            root.append(cols)
    return cols


def column_width(root: etree._Element, col: int) -> float | None:
    cols = root.find(q("cols"))
    for c in cols if cols is not None else ():
        if int(c.get("min", "0")) <= col <= int(c.get("max", "0")) and c.get("width"):
            try:
                return float(c.get("width", ""))
            except ValueError:
                return None
    return None


def set_width(root: etree._Element, col: int, width: float) -> None:
    """Give one column a width, splitting any <col> range that covers it; a width someone chose
    for it stays."""
    cols = _place_cols(root)
    for c in list(cols):
        low, high = int(c.get("min", "0")), int(c.get("max", "0"))
        if low <= col <= high:
            if c.get("customWidth") in ("1", "true"):
                return
            for a, b in ((low, col - 1), (col + 1, high)):
                if a <= b:
                    piece = etree.fromstring(etree.tostring(c))
                    piece.set("min", str(a))
                    piece.set("max", str(b))
                    c.addprevious(piece) if b < col else c.addnext(piece)
            c.set("min", str(col))
            c.set("max", str(col))
            c.set("width", str(width))
            c.set("customWidth", "1")
            return
    new = etree.Element(q("col"), min=str(col), max=str(col), width=str(width), customWidth="1")
    later = [c for c in cols if int(c.get("min", "0")) > col]
    if later:
        later[0].addprevious(new)
    else:
        cols.append(new)
