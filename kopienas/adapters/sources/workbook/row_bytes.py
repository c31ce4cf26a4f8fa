"""One `<row>` of a worksheet, edited as bytes: only the cells the writer changes are rewritten.

The writer streams a sheet past and edits the rows a plan names; parsing each of those into a tree
and serialising it again would cost more than the rest of the pass. Here a row is a slice of the
part's bytes: a cell is found by its `r` attribute (the last cell first, where the tool's column
usually is; every cell only when that does not settle it), and a changed cell is spliced in. The
bytes of every other cell, and of the row itself, stay as they were.

A text cell becomes an inline string (`t="inlineStr"`), so the shared strings stay as they were;
its attributes are kept but for `t`, `cm` and `vm`, and an `<extLst>` inside it is kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kopienas.adapters.sources.workbook.refs import MAX_COLUMN, MAX_ROW, column_number, ref, xml_text

_ATTR = re.compile(rb"""([^\s=/]+)\s*=\s*("[^"]*"|'[^']*')""")
_REF_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d+["']""")
_DELIMITERS = frozenset(b" \t\r\n/>")
_SPACES = frozenset(b" \t\r\n")

Attrs = list[list[bytes]]  # [name, quoted value] in document order


@dataclass(frozen=True)
class Dialect:
    """The spelling of a sheet's elements: the main namespace's prefix (b"" or b"x:" and so on)."""

    prefix: bytes
    row_start: re.Pattern[bytes]  # group 1: attributes, group 2: "/" when self-closing
    row_end: bytes
    cell_start: re.Pattern[bytes]
    cell_open: bytes  # "<c", to look for the last cell from the end of a row
    cell_end: bytes
    formula: re.Pattern[bytes]
    ext: bytes


@lru_cache(maxsize=8)
def dialect(prefix: bytes) -> Dialect:
    p = re.escape(prefix)
    return Dialect(
        prefix=prefix,
        row_start=re.compile(rb"<" + p + rb"row(?=[\s/>])([^>]*?)(/?)>"),
        row_end=b"</" + prefix + b"row>",
        cell_start=re.compile(rb"<" + p + rb"c(?=[\s/>])([^>]*?)(/?)>"),
        cell_open=b"<" + prefix + b"c",
        cell_end=b"</" + prefix + b"c>",
        formula=re.compile(rb"<" + p + rb"f(?=[\s/>])"),
        ext=b"<" + prefix + b"extLst",
    )


def attrs_of(text: bytes) -> Attrs:
    return [[name, value] for name, value in _ATTR.findall(text)]


def get(attrs: Attrs, name: bytes) -> str | None:
    for key, value in attrs:
        if key == name:
            return value[1:-1].decode()
    return None


def put(attrs: Attrs, name: bytes, value: str) -> None:
    """Set an attribute where it is, or add it at the end (as lxml's `set` does)."""
    quoted = b'"' + html.escape(value).encode() + b'"'
    for pair in attrs:
        if pair[0] == name:
            pair[1] = quoted
            return
    attrs.append([name, quoted])


def render_attrs(attrs: Attrs) -> bytes:
    return b"".join(b" " + name + b"=" + value for name, value in attrs)


_COLUMNS: dict[bytes, int] = {}


def _column(letters: bytes) -> int:
    found = _COLUMNS.get(letters)
    if found is None:
        found = _COLUMNS[letters] = column_number(letters.decode())
    return found


@dataclass
class Cell:
    attrs: Attrs
    inner: bytes  # what is between <c ...> and </c> (b"" for an empty cell)
    span: tuple[int, int] | None  # where it was in the row's body; None for a new cell
    anchor: int = 0  # where a new cell goes in the body
    dirty: bool = False

    def render(self, d: Dialect) -> bytes:
        start = d.cell_open + render_attrs(self.attrs)
        return start + b"/>" if not self.inner else start + b">" + self.inner + d.cell_end


@dataclass(frozen=True)
class Found:
    col: int
    start: int
    end: int
    explicit: bool  # it has an `r` attribute


def last_cell(data: bytes, start: int, end: int, d: Dialect) -> Found | None:
    """The last cell in data[start:end] (a row, or its body), found from the end: where a tool's
    column usually is, and all a writer needs to know of a row whose cells end left of a column."""
    i, width = end, len(d.cell_open)
    while True:
        i = data.rfind(d.cell_open, start, i)
        if i < 0:
            return None
        if i + width < end and data[i + width] in _DELIMITERS:  # not <color> inside a run
            return _found(data, d.cell_start.match(data, i), 0, d)


def _found(data: bytes, m: re.Match[bytes] | None, previous: int, d: Dialect) -> Found:
    if m is None:
        raise ValueError("a cell that is not well-formed")
    r = _REF_ATTR.search(m.group(1))
    col = _column(r.group(1).upper()) if r else previous + 1
    if m.group(2):
        end = m.end()
    else:
        end = data.find(d.cell_end, m.end())
        if end < 0:
            raise ValueError("a cell without its end")
        end += len(d.cell_end)
    return Found(col, m.start(), end, r is not None)


class RowBytes:
    """A row's bytes with cell-level edits; `render` gives the row back, untouched when nothing changed."""

    def __init__(self, raw: bytes, number: int, d: Dialect, col_style: Callable[[int], int]):
        m = d.row_start.match(raw)
        if m is None:
            raise ValueError("not a row")
        self.raw, self.number, self.d, self._col_style = raw, number, d, col_style
        self._start_attrs = m.group(1)
        self._closed = m.group(2) == b"/"
        self.body = b"" if self._closed else raw[m.end() : len(raw) - len(d.row_end)]
        self._attrs: Attrs | None = None  # parsed when read or changed
        self._attrs_dirty = False
        self._index: list[Found] | None = None
        self._last_found: Found | None = None
        self._last_looked = False  # whether the last cell was looked for yet
        self.cells: dict[int, Cell] = {}  # the cells read or changed, by column
        self.formula_removed = False
        self.created: list[int] = []  # columns of cells added

    @classmethod
    def new(cls, number: int, d: Dialect, col_style: Callable[[int], int]) -> RowBytes:
        return cls(b"<" + d.prefix + b'row r="' + str(number).encode() + b'"/>', number, d, col_style)

    # -- the row's own attributes ---------------------------------------------------------------
    @property
    def attrs(self) -> Attrs:
        if self._attrs is None:
            self._attrs = attrs_of(self._start_attrs)
        return self._attrs

    def grow(self, points: float) -> None:
        """Make the row at least `points` tall (never lower)."""
        try:
            height = float(get(self.attrs, b"ht") or "0")
        except ValueError:
            height = 0.0
        if height < points:
            put(self.attrs, b"ht", f"{points:g}")
            put(self.attrs, b"customHeight", "1")
            self._attrs_dirty = True

    # -- finding cells --------------------------------------------------------------------------
    def _last(self) -> Found | None:
        if not self._last_looked:
            self._last_found = last_cell(self.body, 0, len(self.body), self.d)
            self._last_looked = True
        return self._last_found

    def _all(self) -> list[Found]:
        """Every cell of the row; one without an `r` gets it (a cell put before it must not move it)."""
        if self._index is None:
            found: list[Found] = []
            pos, col = 0, 0
            while (m := self.d.cell_start.search(self.body, pos)) is not None:
                cell = _found(self.body, m, col, self.d)
                found.append(cell)
                pos, col = cell.end, cell.col
                if not cell.explicit and cell.col not in self.cells:
                    self._parse(cell).dirty = True
                    self.cells[cell.col].attrs.insert(0, [b"r", b'"' + ref(self.number, cell.col).encode() + b'"'])
            self._index = found
        return self._index

    def _locate(self, col: int) -> tuple[Found | None, int]:
        """The cell at `col`, or None and where a new one would go (after the last cell left of it).
        The last cell settles most (the tool's column is usually the last one), then a cell's own
        `r`; only when neither does is every cell of the row looked at."""
        if self._index is None:
            last = self._last()
            if last is None:
                return None, 0
            if last.explicit and last.col < col:
                return None, last.end
            if last.explicit and last.col == col:
                return last, 0
            hit = self._by_ref(col)
            if hit is not None:
                return hit, 0
        here, before = None, None
        for c in self._all():
            if c.col == col:
                here = c
            elif c.col < col and (before is None or c.col > before.col):
                before = c
        if here is not None:
            return here, 0
        return None, before.end if before is not None else 0

    def _by_ref(self, col: int) -> Found | None:
        """The cell whose start tag says r="<ref>" (None when no cell says so)."""
        body, d = self.body, self.d
        needle = b'r="' + ref(self.number, col).encode() + b'"'
        i = body.find(needle)
        while i > 0:
            tag = body.rfind(b"<", 0, i)
            if (
                body[i - 1] in _SPACES
                and body.startswith(d.cell_open, tag)
                and body[tag + len(d.cell_open)] in _DELIMITERS
                and b">" not in body[tag:i]
            ):
                return _found(body, d.cell_start.match(body, tag), col - 1, d)
            i = body.find(needle, i + 1)
        return None

    def _parse(self, found: Found) -> Cell:
        m = self.d.cell_start.match(self.body, found.start)
        assert m is not None
        inner = b"" if m.group(2) else self.body[m.end() : found.end - len(self.d.cell_end)]
        cell = Cell(attrs_of(m.group(1)), inner, (found.start, found.end))
        self.cells[found.col] = cell
        return cell

    def cell(self, col: int) -> Cell | None:
        if col in self.cells:
            return self.cells[col]
        found, _ = self._locate(col)
        return self._parse(found) if found is not None else None

    def ensure(self, col: int) -> Cell:
        if not (1 <= self.number <= MAX_ROW and 1 <= col <= MAX_COLUMN):
            raise ValueError(f"cell {self.number},{col} is outside the sheet")
        existing = self.cells.get(col)
        if existing is None:
            found, anchor = self._locate(col)
            existing = self._parse(found) if found is not None else None
        if existing is not None:
            existing.dirty = True
            return existing
        new = Cell([[b"r", b'"' + ref(self.number, col).encode() + b'"']], b"", None, anchor, dirty=True)
        self.cells[col] = new
        self.created.append(col)
        spans = get(self.attrs, b"spans")
        if spans and ":" in spans:
            low, high = (int(x) for x in spans.split(":")[:2])
            put(self.attrs, b"spans", f"{min(low, col)}:{max(high, col)}")
            self._attrs_dirty = True
        return new

    # -- reading and writing cells --------------------------------------------------------------
    def style(self, col: int) -> int:
        """The cell's style index; for a cell not yet there, what Excel would show it with."""
        c = self.cell(col)
        if c is not None:
            return int(get(c.attrs, b"s") or "0")
        if get(self.attrs, b"customFormat") in ("1", "true") and get(self.attrs, b"s"):
            return int(get(self.attrs, b"s") or "0")
        return self._col_style(col)

    def has_formula(self, col: int) -> bool:
        c = self.cell(col)
        return c is not None and self.d.formula.search(c.inner) is not None

    def set_text(self, col: int, text: str, style: int | None = None) -> None:
        base = self.style(col)
        c = self.ensure(col)
        if self.d.formula.search(c.inner):
            self.formula_removed = True
        ext = c.inner.find(self.d.ext)
        kept = c.inner[ext:] if ext >= 0 else b""  # an extension list stays, whatever the cell held
        c.attrs = [pair for pair in c.attrs if pair[0] not in (b"t", b"cm", b"vm")]
        c.inner = kept
        if text != "":
            c.attrs.append([b"t", b'"inlineStr"'])
            c.inner = _inline(text, self.d.prefix) + kept
        self.set_style(col, base if style is None else style)

    def set_style(self, col: int, xf: int) -> None:
        c = self.cell(col) or self.ensure(col)
        has = get(c.attrs, b"s") is not None
        if xf == 0 and not has:
            return
        c.dirty = True
        if has:
            put(c.attrs, b"s", str(xf))
            return
        r = [pair for pair in c.attrs if pair[0] == b"r"]  # `s` goes right after `r`, as Excel puts it
        rest = [pair for pair in c.attrs if pair[0] != b"r"]
        c.attrs = [*r, [b"s", b'"' + str(xf).encode() + b'"'], *rest]

    # -- the row back as bytes ------------------------------------------------------------------
    def changed(self) -> bool:
        return self._attrs_dirty or any(c.dirty for c in self.cells.values())

    def render(self) -> bytes:
        if not self.changed():
            return self.raw
        pieces: list[tuple[int, int, int, bytes]] = []  # (start, end, column, bytes) of each splice
        for col, c in self.cells.items():
            if not c.dirty:
                continue
            start, end = c.span if c.span is not None else (c.anchor, c.anchor)
            pieces.append((start, end, col, c.render(self.d)))
        pieces.sort(key=lambda p: (p[0], p[1] > p[0], p[2]))
        out, pos = [], 0
        for start, end, _, data in pieces:
            out += [self.body[pos:start], data]
            pos = max(pos, end)
        out.append(self.body[pos:])
        body = b"".join(out)
        start_tag = (
            b"<" + self.d.prefix + b"row" + (render_attrs(self.attrs) if self._attrs_dirty else self._start_attrs)
        )
        if not body and self._closed:
            return start_tag + b"/>"
        return start_tag + b">" + body + self.d.row_end


def _inline(text: str, prefix: bytes) -> bytes:
    """An inline string `<is><t>…</t></is>`, spaces at its ends and line breaks kept."""
    value = xml_text(text)
    space = b' xml:space="preserve"' if value != value.strip() or "\n" in value else b""
    body = html.escape(value, quote=False).replace("\r", "&#13;").encode()  # a CR kept as typed
    return b"<" + prefix + b"is><" + prefix + b"t" + space + b">" + body + b"</" + prefix + b"t></" + prefix + b"is>"
