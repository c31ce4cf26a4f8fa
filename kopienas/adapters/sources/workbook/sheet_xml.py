"""One worksheet part: reading cached cell values and changing single cells in place.

Only the cells the writer is told to change are touched; a changed text cell becomes an inline
string (`t="inlineStr"`), so the shared-strings part stays as it was. Work is bounded by the cells
that exist in the XML, never by the sheet's declared dimension.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from lxml import etree

from kopienas.adapters.sources.workbook import layout_xml
from kopienas.adapters.sources.workbook.package import NS_R, PackageError, q
from kopienas.adapters.sources.workbook.refs import (
    MAX_COLUMN,
    MAX_ROW,
    XML_NS,
    parse_range,
    parse_ref,
    ref,
    string_text,
    xml_text,
)

# Children of <worksheet> that may follow <legacyDrawing>, in schema order.
_AFTER_LEGACY_DRAWING = (
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


class SheetXml:
    def __init__(self, root: etree._Element, shared_strings: Callable[[], list[str]]):
        self.root = root
        data = root.find(q("sheetData"))
        if data is None:
            raise PackageError("a worksheet without <sheetData>")
        self.data = data
        self._shared = shared_strings
        self._rows: dict[int, etree._Element] = {}
        self._cells: dict[int, dict[int, etree._Element]] = {}
        previous = 0
        for row in data.iter(q("row")):
            number = int(row.get("r") or previous + 1)
            if row.get("r") is None:
                row.set("r", str(number))  # implied numbers made explicit before cells are inserted
            self._rows[number] = row
            previous = number
        self._numbers = sorted(self._rows)
        self.formula_removed = False  # a formula cell was overwritten: the calculation chain is stale
        self._merged: list[tuple[tuple[int, int, int, int], etree._Element]] | None = None

    # -- reading --------------------------------------------------------------------------------
    def row_numbers(self) -> list[int]:
        return self._numbers

    def cells_of(self, row: int) -> dict[int, etree._Element]:
        if row not in self._cells:
            found: dict[int, etree._Element] = {}
            element = self._rows.get(row)
            previous = 0
            for c in element.iter(q("c")) if element is not None else ():
                r = c.get("r")
                col = parse_ref(r)[1] if r else previous + 1
                if r is None:
                    c.set("r", ref(row, col))
                found[col] = c
                previous = col
            self._cells[row] = found
        return self._cells[row]

    def cell(self, row: int, col: int) -> etree._Element | None:
        return self.cells_of(row).get(col)

    def value(self, row: int, col: int) -> object:
        """The cell's value as last saved (a formula's cached result), as openpyxl reads it."""
        c = self.cell(row, col)
        if c is None:
            return None
        kind = c.get("t", "n")
        if kind == "inlineStr":
            inline = c.find(q("is"))
            return string_text(inline) if inline is not None else None
        v = c.find(q("v"))
        if v is None or v.text is None:
            return None
        text = v.text
        if kind == "s":
            strings = self._shared()
            index = int(text)
            return strings[index] if 0 <= index < len(strings) else None
        if kind in ("str", "e", "d"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        try:
            return float(text) if any(ch in text for ch in ".eE") else int(text)
        except ValueError:
            return text

    def has_formula(self, row: int, col: int) -> bool:
        c = self.cell(row, col)
        return c is not None and c.find(q("f")) is not None

    def style(self, row: int, col: int) -> int:
        """The cell's style index; for a cell not yet there, what Excel would show it with."""
        c = self.cell(row, col)
        if c is not None:
            return int(c.get("s", "0"))
        element = self._rows.get(row)
        if element is not None and element.get("customFormat") in ("1", "true") and element.get("s"):
            return int(element.get("s", "0"))
        for col_el in self._cols():
            if int(col_el.get("min", "0")) <= col <= int(col_el.get("max", "0")) and col_el.get("style"):
                return int(col_el.get("style", "0"))
        return 0

    # -- merged cells ---------------------------------------------------------------------------
    def merged(self) -> list[tuple[tuple[int, int, int, int], etree._Element]]:
        if self._merged is None:
            box = self.root.find(q("mergeCells"))
            self._merged = []
            for m in box if box is not None else ():
                try:
                    self._merged.append((parse_range(m.get("ref", "")), m))
                except ValueError:
                    continue
        return self._merged

    def merged_follower(self, row: int, col: int) -> bool:
        """Inside a merged range but not its first cell: the cell has no value of its own."""
        return any(
            r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1) for (r1, c1, r2, c2), _ in self.merged()
        )

    def unmerge_at(self, row: int, col: int) -> None:
        box = self.root.find(q("mergeCells"))
        hit = [m for (r1, c1, r2, c2), m in self.merged() if r1 <= row <= r2 and c1 <= col <= c2]
        if box is None or not hit:
            return
        for m in hit:
            box.remove(m)
        self._merged = None
        if box is not None:
            if len(box):
                box.set("count", str(len(box)))
            else:
                self.root.remove(box)

    # -- writing --------------------------------------------------------------------------------
    def ensure_cell(self, row: int, col: int) -> etree._Element:
        if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COLUMN):
            raise ValueError(f"cell {row},{col} is outside the sheet")
        found = self.cell(row, col)
        if found is not None:
            return found
        element = self._row(row)
        cells = self.cells_of(row)
        c = etree.Element(q("c"))
        c.set("r", ref(row, col))
        after = [k for k in cells if k < col]
        if after:
            cells[max(after)].addnext(c)
        else:
            element.insert(0, c)
        cells[col] = c
        spans = element.get("spans")
        if spans and ":" in spans:
            low, high = (int(x) for x in spans.split(":")[:2])
            element.set("spans", f"{min(low, col)}:{max(high, col)}")
        self._grow_dimension(row, col)
        return c

    def set_text(self, row: int, col: int, text: str, style: int | None = None) -> None:
        base = self.style(row, col)
        c = self.ensure_cell(row, col)
        for child in list(c):
            if child.tag == q("f"):
                self.formula_removed = True
            if child.tag != q("extLst"):
                c.remove(child)
        keep = {k: v for k, v in c.attrib.items() if k not in ("t", "cm", "vm")}
        c.attrib.clear()
        for k, v in keep.items():  # the same order whatever the cell held before: a rerun writes the same bytes
            c.set(k, v)
        if text != "":
            c.set("t", "inlineStr")
            inline = etree.Element(q("is"))
            t = etree.SubElement(inline, q("t"))
            t.text = xml_text(text)
            if t.text != t.text.strip() or "\n" in t.text:
                t.set(f"{{{XML_NS}}}space", "preserve")
            c.insert(0, inline)
        self.set_style(row, col, base if style is None else style)

    def set_style(self, row: int, col: int, xf: int) -> None:
        c = self.ensure_cell(row, col)
        if xf == 0 and c.get("s") is None:
            return
        if c.get("s") is None:  # `s` goes right after `r`, where Excel and LibreOffice put it
            rest = {k: v for k, v in c.attrib.items() if k != "r"}
            for k in rest:
                del c.attrib[k]
            c.set("s", str(xf))
            for k, v in rest.items():
                c.set(k, v)
            return
        c.set("s", str(xf))

    def set_width(self, col: int, width: float) -> None:
        layout_xml.set_width(self.root, col, width)

    def width(self, col: int) -> float | None:
        return layout_xml.column_width(self.root, col)

    def grow_row(self, row: int, points: float) -> None:
        """Make a row at least `points` tall (never lower)."""
        layout_xml.grow_row(self._row(row), points)

    def legacy_drawing(self) -> str | None:
        el = self.root.find(q("legacyDrawing"))
        return el.get(f"{{{NS_R}}}id") if el is not None else None

    def set_legacy_drawing(self, rel_id: str) -> None:
        el = etree.Element(q("legacyDrawing"))
        el.set(f"{{{NS_R}}}id", rel_id)
        _place(self.root, el, _AFTER_LEGACY_DRAWING)

    def _row(self, row: int) -> etree._Element:
        if row in self._rows:
            return self._rows[row]
        element = etree.Element(q("row"))
        element.set("r", str(row))
        i = bisect.bisect_left(self._numbers, row)
        if i < len(self._numbers):
            self._rows[self._numbers[i]].addprevious(element)
        else:
            self.data.append(element)
        self._numbers.insert(i, row)
        self._rows[row] = element
        return element

    def _cols(self) -> list[etree._Element]:
        cols = self.root.find(q("cols"))
        return list(cols) if cols is not None else []

    def _grow_dimension(self, row: int, col: int) -> None:
        dim = self.root.find(q("dimension"))
        if dim is None:
            return
        try:
            r1, c1, r2, c2 = parse_range(dim.get("ref", "A1"))
        except ValueError:
            return
        if not (r1 <= row <= r2 and c1 <= col <= c2):
            r1, c1, r2, c2 = min(r1, row), min(c1, col), max(r2, row), max(c2, col)
            dim.set("ref", f"{ref(r1, c1)}:{ref(r2, c2)}")


def _place(root: etree._Element, element: etree._Element, followers: tuple[str, ...]) -> None:
    """Insert a child of <worksheet> before the first child that must follow it."""
    names = {q(n) for n in followers}
    for child in root:
        if child.tag in names:
            child.addprevious(element)
            return
    root.append(element)
