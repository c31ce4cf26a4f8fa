"""One worksheet part, streamed: the head before <sheetData>, the rows as they pass, the tail after.

Nothing here holds a sheet's rows whole: the part is read from the zip in pieces (`Sections`), the
rows are cut out of them as bytes (`rows`), and only a row someone needs is parsed (`row_values`)
or edited (`row_bytes`). The head (dimension, column widths) and the tail (merged ranges, the
notes drawing's link) are small: they are parsed as trees, and written back as they were unless
they changed. Work is bounded by the cells in the XML, never by the sheet's declared dimension.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from lxml import etree

from kopienas.adapters.sources.workbook import layout_xml
from kopienas.adapters.sources.workbook.package import NS_R, Package, PackageError, q
from kopienas.adapters.sources.workbook.refs import parse_range, parse_ref, ref, string_text
from kopienas.adapters.sources.workbook.row_bytes import Dialect, dialect
from kopienas.core.merges import Merges

CHUNK = 1 << 20  # bytes read from the zip at a time
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?worksheet(?=[\s/>])")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")

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


class Sections:
    """A worksheet part read in order: `head` (the root's start tag and what comes before
    <sheetData>), then the rows' bytes in pieces (`chunks`), then `tail` (what follows
    </sheetData>, read once the chunks are used up)."""

    def __init__(self, stream: IO[bytes]):
        self._stream = stream
        buf = b""
        while True:
            chunk = stream.read(CHUNK)
            buf += chunk
            root = _ROOT.search(buf)
            data = _data_tag(buf, root) if root is not None else None
            if root is not None and data is not None:
                break
            if not chunk:
                raise PackageError("a worksheet without <sheetData>")
        self.dialect: Dialect = dialect(root.group(1) + b":" if root.group(1) else b"")
        self.prolog = buf[: root.start()]  # the XML declaration, kept as it was
        self.root_tag = buf[root.start() : buf.index(b">", root.end()) + 1]
        self.head = buf[root.start() : data.start()]
        self.data_tag = data.group(0)  # <sheetData> as written (or <sheetData/>)
        self.empty = data.group(1) == b"/"  # <sheetData/>: no rows at all
        self._rest = buf[data.end() :]
        self.tail: bytes | None = None

    @property
    def root_end(self) -> bytes:
        return b"</" + self.dialect.prefix + b"worksheet>"

    def chunks(self) -> Iterator[bytes]:
        """The bytes between <sheetData> and </sheetData>, in pieces; then `tail` is set."""
        if self.empty:
            self.tail = self._rest + self._stream.read()
            return
        end = b"</" + self.dialect.prefix + b"sheetData>"
        keep = len(end) - 1  # an end tag cut in two by a read is found in the next round
        buf = self._rest
        while (i := buf.find(end)) < 0:
            chunk = self._stream.read(CHUNK)
            if not chunk:
                raise PackageError("a worksheet whose <sheetData> does not end")
            if len(buf) > keep:
                yield buf[:-keep]
                buf = buf[-keep:]
            buf += chunk
        if i:
            yield buf[:i]
        self.tail = buf[i + len(end) :] + self._stream.read()

    def drain(self, chunks: Iterator[bytes]) -> bytes:
        for _ in chunks:
            pass
        assert self.tail is not None
        return self.tail

    def row_element(self, raw: bytes) -> etree._Element:
        """A row's bytes parsed, within the root's namespaces."""
        return etree.fromstring(self.root_tag + raw + self.root_end, _PARSER)[0]


def _data_tag(buf: bytes, root: re.Match[bytes]) -> re.Match[bytes] | None:
    prefix = re.escape(root.group(1) + b":" if root.group(1) else b"")
    return re.compile(rb"<" + prefix + rb"sheetData(?=[\s/>])[^>]*?(/?)>").search(buf, root.end())


def rows(chunks: Iterator[bytes], d: Dialect) -> Iterator[tuple[int | None, bytes, int, int]]:
    """(number, buffer, start, end) of each <row> as it passes, numbered as Excel does (an `r`
    attribute, else one more than the row before); (None, buffer, end, end) when a buffer is let go,
    everything in it up to `end` having been passed."""
    buf, number = b"", 0
    for chunk in chunks:
        buf = buf + chunk if buf else chunk
        pos = 0
        while (m := d.row_start.search(buf, pos)) is not None:
            if m.group(2):
                end = m.end()
            else:
                found = buf.find(d.row_end, m.end())
                if found < 0:
                    break  # the rest of this row comes with the next piece
                end = found + len(d.row_end)
            r = _ROW_NUMBER.search(m.group(1))
            number = int(r.group(1)) if r else number + 1
            yield number, buf, m.start(), end
            pos = end
        yield None, buf, pos, pos
        buf = buf[pos:]
    if buf:
        yield None, buf, len(buf), len(buf)


class Head:
    """The elements before <sheetData>: the dimension and the column widths and styles."""

    def __init__(self, sections: Sections):
        self.sections = sections
        p = sections.dialect.prefix
        self.root = etree.fromstring(
            sections.prolog + sections.head + b"<" + p + b"sheetData/>" + sections.root_end, _PARSER
        )
        if self.root.tag != q("worksheet"):
            raise PackageError("a worksheet without <sheetData>")
        self.changed = False
        self._widths: dict[int, float | None] = {}
        self._styles: dict[int, int] = {}

    def to_bytes(self) -> bytes:
        """The prolog and the head as they were, or as changed (up to <sheetData>, not with it)."""
        if not self.changed:
            return self.sections.prolog + self.sections.head
        text = etree.tostring(self.root)
        return self.sections.prolog + text[: text.rindex(b"<" + self.sections.dialect.prefix + b"sheetData")]

    def width(self, col: int) -> float | None:
        if col not in self._widths:
            self._widths[col] = layout_xml.column_width(self.root, col)
        return self._widths[col]

    def set_width(self, col: int, width: float) -> None:
        layout_xml.set_width(self.root, col, width)
        self._widths.pop(col, None)
        self.changed = True

    def col_style(self, col: int) -> int:
        """The style a column gives a cell not yet there (its <col style>), 0 when none."""
        if col not in self._styles:
            self._styles[col] = 0
            cols = self.root.find(q("cols"))
            for c in cols if cols is not None else ():
                if int(c.get("min", "0")) <= col <= int(c.get("max", "0")) and c.get("style"):
                    self._styles[col] = int(c.get("style", "0"))
                    break
        return self._styles[col]

    def grow_dimension(self, r1: int, c1: int, r2: int, c2: int) -> None:
        """Make the declared extent hold the cells r1..r2 × c1..c2 (there is none to grow: nothing)."""
        dim = self.root.find(q("dimension"))
        if dim is None:
            return
        try:
            d1, e1, d2, e2 = parse_range(dim.get("ref", "A1"))
        except ValueError:
            return
        grown = min(d1, r1), min(e1, c1), max(d2, r2), max(e2, c2)
        if grown != (d1, e1, d2, e2):
            dim.set("ref", f"{ref(grown[0], grown[1])}:{ref(grown[2], grown[3])}")
            self.changed = True


class Children:
    """Top-level elements of a worksheet (the tail after <sheetData>, or a whole tab the tool
    makes): the merged ranges and the link to the notes' drawing."""

    def __init__(self, root: etree._Element, raw: bytes | None = None):
        self.root = root
        self.raw = raw  # the bytes it was read from, written back when nothing changed
        self.changed = False
        self._merged: Merges | None = None

    @classmethod
    def tail_of(cls, sections: Sections, tail: bytes) -> Children:
        return cls(etree.fromstring(sections.root_tag + tail, _PARSER), tail)

    def to_bytes(self) -> bytes:
        if not self.changed and self.raw is not None:
            return self.raw
        text = etree.tostring(self.root)
        return text[text.index(b">") + 1 :]  # the children and the end tag, without the root's start

    def merged_follower(self, row: int, col: int) -> bool:
        """Inside a merged range but not its first cell: the cell has no value of its own."""
        if self._merged is None:
            self._merged = Merges.of(self._merge_ranges())
        return self._merged.hides(row, col)

    def _merge_ranges(self) -> Iterator[tuple[int, int, int, int]]:
        box = self.root.find(q("mergeCells"))
        for m in box if box is not None else ():
            try:
                yield parse_range(m.get("ref", ""))
            except ValueError:
                continue

    def legacy_drawing(self) -> str | None:
        el = self.root.find(q("legacyDrawing"))
        return el.get(f"{{{NS_R}}}id") if el is not None else None

    def set_legacy_drawing(self, rel_id: str) -> None:
        el = etree.Element(q("legacyDrawing"))
        el.set(f"{{{NS_R}}}id", rel_id)
        names = {q(n) for n in _AFTER_LEGACY_DRAWING}
        follower = next((c for c in self.root if c.tag in names), None)
        if follower is not None:
            follower.addprevious(el)
        else:
            self.root.append(el)
        self.changed = True


class SharedStrings:
    """The shared strings, read from the start only as far as a cell asks."""

    def __init__(self, package: Package, part: str | None):
        self._strings: list[str] = []
        self._source = _strings(package, part) if part and package.has(part) else iter(())

    def get(self, index: int) -> str | None:
        while len(self._strings) <= index:
            text = next(self._source, None)
            if text is None:
                break
            self._strings.append(text)
        return self._strings[index] if 0 <= index < len(self._strings) else None

    def close(self) -> None:
        close = getattr(self._source, "close", None)
        if close is not None:
            close()


def _strings(package: Package, part: str) -> Iterator[str]:
    with package.open(part) as stream:
        for _, si in etree.iterparse(stream, events=("end",), tag=q("si"), resolve_entities=False, huge_tree=True):
            yield string_text(si)
            si.clear(keep_tail=False)
            while si.getprevious() is not None:
                del si.getparent()[0]


def row_values(row: etree._Element, strings: SharedStrings) -> dict[int, object]:
    """Column -> value of each cell in a parsed row (a cell without `r` follows the one before)."""
    found: dict[int, object] = {}
    previous = 0
    for c in row.iter(q("c")):
        r = c.get("r")
        col = parse_ref(r)[1] if r else previous + 1
        found[col] = cell_value(c, strings)
        previous = col
    return found


def cell_value(c: etree._Element, strings: SharedStrings) -> object:
    """The cell's value as last saved (a formula's cached result), as openpyxl reads it."""
    kind = c.get("t", "n")
    if kind == "inlineStr":
        inline = c.find(q("is"))
        return string_text(inline) if inline is not None else None
    v = c.find(q("v"))
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "s":
        return strings.get(int(text))
    if kind in ("str", "e", "d"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    try:
        return float(text) if any(ch in text for ch in ".eE") else int(text)
    except ValueError:
        return text
