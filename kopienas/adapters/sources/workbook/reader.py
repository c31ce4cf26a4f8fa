"""Reading a workbook's tabs in one streaming pass per sheet: values (a formula's cached result),
each cell's fill, the formula cells saved without a result, and the tool's notes from the comments
parts — memory flat in the number of rows, every limit of `bounds` checked as the rows stream past.

Values come out as openpyxl's read-only, data-only mode gives them (the same number-format rules
decide which numbers are dates, see `numbers`), so everything downstream reads the same table.

The sheet part is inflated in chunks and cut into rows by a pattern; a row whose cells all have
the plain form spreadsheet programs write (`<c r= s= t=>` with a `<v>` or one inline `<t>`, maybe
a `<f>`) is read straight from the bytes, any other row is parsed by lxml, and a part that is not
plain at all (another encoding, prefixed elements, comments, CDATA) is read by lxml's `iterparse`
whole. Both ways give the same values: the plain form leaves nothing for an XML parser to decide.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

from kopienas.adapters.sources.workbook import bounds, numbers
from kopienas.adapters.sources.workbook.decor import fill_tokens, sheet_notes
from kopienas.adapters.sources.workbook.package import NS_MAIN, REL_SHARED_STRINGS, REL_STYLES, Package, q
from kopienas.adapters.sources.workbook.refs import column_number
from kopienas.core import cells
from kopienas.core.formula_cells import mark_empty_formulas
from kopienas.core.models import Cell, Table, header_index
from kopienas.core.words import workbook as said

_ROW, _C, _V, _F, _IS, _SI, _T, _R = (q(t) for t in ("row", "c", "v", "f", "is", "si", "t", "r"))
_DIGITS = "0123456789"
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_CHUNK = 1 << 20  # inflated bytes read at a time

_ROW_NUMBER = re.compile(rb'\sr="([^"]*)"')
# The plain form of a cell: column, row, style, type, formula, value, inline-string marker, inline
# text (possessive: no part is worth a second try). Anything else in a row sends the row to lxml.
_CELL_PLAIN = re.compile(
    rb'<c r="([A-Z]{1,3}+)([0-9]{1,7}+)"(?: s="(0|[1-9][0-9]{0,8}+)")?+(?: t="([a-zA-Z]{1,9}+)")?+'
    rb"(?:/>|>(<f\b[^>]*?(?:/>|>[^<]*+</f>))?+"
    rb'(?:<v>([^<]*+)</v>|(<is><t(?: xml:space="preserve")?+>)([^<]*+)</t></is>)?+</c>)'
)
_ROOT = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?worksheet)\b([^>]*)>")
_XMLNS = re.compile(rb"\sxmlns(?::[\w.-]+)?=(?:\"[^\"]*\"|'[^']*')")
# What only an XML parser reads right: entities, line ends it normalises, characters it refuses.
_PARSER_DECIDES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x0D])
# The references XML itself defines (no DOCTYPE may define more): XML 1.0, sections 4.1 and 4.6.
_REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));")
_REFERENCE_BYTES = re.compile(_REFERENCE.pattern.encode())
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# A character reference to a printable character that is not markup: replaced in the bytes read by
# the character itself before the cells are read (files saved by openpyxl write every non-ASCII
# letter so); the rest (markup, control characters) stay for the cell-by-cell decoding.
_CHARACTER_BYTES = re.compile(rb"&#(?:[0-9]{1,7}|x[0-9a-fA-F]{1,6});")
_NOT_IN_PLACE = frozenset(map(ord, "&<>\"'"))
_in_place: dict[bytes, bytes] = {}  # a reference -> what stands for it in the bytes read
_LONGEST_ROW = 32 * _CHUNK  # a row longer than this is parsed by lxml
_DATES_KEPT = 1 << 16  # converted date cells remembered at a time
_MANY_MARKS = 1024  # after this many "!" (or "?") in the bytes read, the rest is searched for "<!" ("<?")
_MAIN_DEFAULT = b' xmlns="' + NS_MAIN.encode() + b'"'


class Book:
    """What every sheet's cells are read with: shared strings, date styles, fill tokens, epoch."""

    def __init__(self, data: bytes, package: Package):
        self.package = package
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        pr = package.parse_only(package.workbook_part).find(q("workbookPr"))
        self.epoch = (
            numbers.MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else numbers.WINDOWS_1900
        )
        styles = package.part_of_type(REL_STYLES)
        self.dates: dict[int, bool] = {}  # style index -> whether the date is a duration
        if styles and package.has(styles):
            self.dates = numbers.date_styles(etree.fromstring(package.read(styles), _PARSER))
        self._date_styles: dict[Any, bool | None] = {}
        self._date_values: dict[tuple[bytes, bytes], Any] = {}
        self.fills = fill_tokens(self.zip, package.name(styles) if styles else None)
        self.filled = {str(i).encode() for i, token in enumerate(self.fills) if token}  # styles with a fill
        self.dated = {str(i).encode() for i in self.dates}  # styles that show a number as a date
        self.strings = self._strings()

    def date_style(self, style: str | bytes) -> bool | None:
        """None: the style is no date format; else whether it is a duration."""
        if style not in self._date_styles:
            self._date_styles[style] = self.dates.get(int(style))
        return self._date_styles[style]

    def date_value(self, raw: bytes, style: bytes) -> Any:
        """A number cell in a date style, converted once per text and style (dates repeat down a
        sheet; the values are immutable, so rows may share one)."""
        key = (raw, style)
        value = self._date_values.get(key)
        if value is None:
            if len(self._date_values) >= _DATES_KEPT:
                self._date_values.clear()
            value = self._date_values[key] = _number(self, _plain_number(raw), style)
        return value

    def _strings(self) -> list[str]:
        part = self.package.part_of_type(REL_SHARED_STRINGS)
        name = self.package.name(part) if part else None
        if name is None:
            return []
        strings: list[str] = []
        for si in _stream(self.zip, name, _SI):
            if len(strings) >= bounds.MAX_SHARED_STRINGS:
                raise bounds.TooLarge(said.over_strings(name, bounds.MAX_SHARED_STRINGS))
            strings.append(_text(si).replace("x005F_", ""))  # as openpyxl reads them
        return strings


class _Sheet:
    """One sheet part as it is read: its fills and its formula cells without a result."""

    def __init__(self, book: Book, name: str):
        self.book, self.name = book, name
        self.fills: dict[Cell, str] = {}
        self.formulas: set[Cell] = set()
        self.columns: dict[Any, int] = {}  # "AB" -> 28, each checked against the limits once
        self.plain = True  # every row read from the bytes (else the part is read by lxml)

    def column(self, letters: Any, ref: str) -> int:
        return self.columns.get(letters) or self.columns.setdefault(letters, bounds.cell_column(self.name, ref))

    def rows(self) -> list[tuple[int, tuple[Any, ...]]]:
        with self.book.zip.open(self.name) as stream:
            numbered = _numbered(self._plain_rows(stream))
        if self.plain:
            return numbered
        self.fills, self.formulas = {}, set()  # read again by lxml, from the start
        return _numbered(self._parsed_rows())

    def _plain_rows(self, stream: IO[bytes]) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """The rows read from the bytes; `plain` turns False (and the rows stop) where they cannot be."""
        head = stream.read(_CHUNK)
        root = _ROOT.search(head)
        self.plain = bool(root and _plain_prologue(head[: root.start()]) and _MAIN_DEFAULT in root.group(2))
        if not root or not self.plain:
            return
        wrapper = b"<w" + b"".join(_XMLNS.findall(root.group(2))) + b">"
        number, buffer, more = 0, head[root.end() :], b"-"
        while more:
            more = stream.read(_CHUNK)
            if len(buffer) > _LONGEST_ROW or _declarations(buffer):
                self.plain = False
                return
            careful = len(buffer.translate(None, _PARSER_DECIDES)) != len(buffer)
            if b"&#" in buffer:
                buffer = _characters_in_place(buffer)
            end = 0
            for start, attrs, body, end in _split_rows(buffer):
                if b"&" in attrs or b"'" in attrs or attrs.count(b'"') % 2:
                    self.plain = False  # a number lxml would read differently, or a ">" inside a value
                    return
                number = _row_number(attrs, number, self.name)
                yield number, self._row(number, body, careful, (wrapper, buffer, start, end))
            buffer = buffer[end:] + more
        self.plain = buffer.rstrip().endswith(b"</" + root.group(1) + b">")  # else cut short: lxml says so

    def _row(self, number: int, body: bytes, careful: bool, xml: tuple[bytes, bytes, int, int]) -> tuple[Any, ...]:
        if not body:
            return ()
        found = _CELL_PLAIN.findall(body)
        if (
            len(found) == body.count(b"<c")
            and not (careful and body.translate(None, _PARSER_DECIDES) != body)
            and (b"&" not in body or _plain_references(body))
        ):
            return self._plain_cells(number, found)
        wrapper, buffer, start, end = xml
        row = etree.fromstring(wrapper + buffer[start:end] + b"</w>", _PARSER)[0]
        return self._element_row(number, row)

    def _plain_cells(self, number: int, found: list[tuple[bytes, ...]]) -> tuple[Any, ...]:
        book, columns, filled = self.book, self.columns, self.book.filled
        values: list[Any] = []
        placed = 0  # len(values)
        for letters, digits, style, kind, formula, v, inline, text in found:
            column = columns.get(letters) or self.column(letters, (letters + digits).decode())
            if inline and kind == b"inlineStr":
                value: Any = text.decode()
                if "&" in value:
                    value = _references(value)
            elif not v or kind == b"inlineStr":
                value = None
            elif not kind or kind == b"n":
                if style in book.dated:
                    value = book.date_value(v, style)
                else:
                    value = int(v) if v.isdigit() else _number(book, _plain_number(v), style)
            else:
                value = _value(book, kind.decode(), _decoded(v), style)
            if style and style in filled:
                self.fills[(number, column - 1)] = book.fills[int(style)]
            if formula and not v.strip():
                self.formulas.add((int(digits), column - 1))
            if column == placed + 1:
                values.append(value)
            elif column > placed:
                values.extend([None] * (column - 1 - placed))
                values.append(value)
            else:  # out of order: placed as the parsed cells are
                return self._unordered(number, found)
            placed = column
        return tuple(values)

    def _unordered(self, number: int, found: list[tuple[bytes, ...]]) -> tuple[Any, ...]:
        placed = []
        for letters, digits, style, kind, formula, v, inline, text in found:
            column = self.column(letters, (letters + digits).decode())
            if style in self.book.filled:
                self.fills[(number, column - 1)] = self.book.fills[int(style)]
            if formula and not v.strip():
                self.formulas.add((int(digits), column - 1))
            if kind == b"inlineStr":
                value: Any = _decoded(text) if inline else None
            else:
                value = _value(self.book, kind.decode() or None, _decoded(v), style) if v else None
            placed.append((column, value))
        return _placed(placed)

    def _parsed_rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        number = 0
        for row in _stream(self.book.zip, self.name, _ROW):
            number = _row_number(row.get("r"), number, self.name)
            yield number, self._element_row(number, row)

    def _element_row(self, number: int, row: etree._Element) -> tuple[Any, ...]:
        """A row's values from its parsed element (the cells of any form)."""
        values: list[tuple[int, Any]] = []
        column = 0
        for c in row.iterchildren(_C):
            ref = c.get("r")
            if ref:
                column = self.column(ref.rstrip(_DIGITS), ref)
                if c.find(_F) is not None and not (c.findtext(_V) or "").strip() and (cell := _ref_cell(ref)):
                    self.formulas.add(cell)
            else:
                column += 1
            style = c.get("s")
            values.append((column, _element_value(self.book, c, style)))
            if style and self.book.fills and (token := _fill(self.book.fills, style)):
                self.fills[(number, column - 1)] = token
        return _placed(values)


def _split_rows(buffer: bytes) -> Iterator[tuple[int, bytes, bytes, int]]:
    """(start, attributes, content, end) of each whole <row> in `buffer`, found with bytes.find (a
    pattern's lazy match costs more than the rest of the reading)."""
    at = 0
    while (start := buffer.find(b"<row", at)) >= 0:
        at = start + 4
        if buffer[at : at + 1] not in (b" ", b">", b"/", b"\n", b"\t", b"\r"):
            continue  # <rowBreaks>
        close = buffer.find(b">", at)
        if close < 0:
            return
        attrs = buffer[at:close]
        if attrs.endswith(b"/"):
            yield start, attrs[:-1], b"", close + 1
            continue
        end = buffer.find(b"</row>", close)
        if end < 0:
            return
        yield start, attrs, buffer[close + 1 : end], end + 6
        at = end + 6


def _declarations(xml: bytes) -> bool:
    """Whether a "<!" (comment, CDATA, DOCTYPE) or "<?" (processing instruction) is in the bytes,
    looked for from the rarer second byte: a search for the pair stops at every "<" of the markup."""
    for mark in (b"!", b"?"):
        at = xml.find(mark, 1)
        for _ in range(_MANY_MARKS):
            if at < 0:
                break
            if xml[at - 1] == 0x3C:  # "<"
                return True
            at = xml.find(mark, at + 1)
        else:  # text full of the mark: the rest looked through for the pair
            if b"<" + mark in xml[at - 1 :]:
                return True
    return False


def _characters_in_place(xml: bytes) -> bytes:
    """The bytes with each character reference to a printable, non-markup character replaced by
    the character's UTF-8 bytes (what an XML parser reads there). A reference cut at the end of
    the bytes is left as it is; the replacement never makes a new "&", so nothing is decoded twice."""
    return _CHARACTER_BYTES.sub(_character, xml)


def _character(found: re.Match[bytes]) -> bytes:
    reference = found[0]
    character = _in_place.get(reference)
    if character is None:
        digits = reference[2:-1]
        point = int(digits[1:], 16) if digits.startswith(b"x") else int(digits)
        keep = point < 0x20 or point in _NOT_IN_PLACE or not _xml_character(point)
        character = _in_place[reference] = reference if keep else chr(point).encode()
    return character


def _plain_number(raw: bytes) -> bytes:
    return raw if b"&" not in raw else _decoded(raw).encode()


def _decoded(raw: bytes) -> str:
    """Text as an XML parser gives it: UTF-8, with its character and entity references."""
    text = raw.decode()
    return _references(text) if "&" in text else text


def _plain_references(body: bytes) -> bool:
    """Every "&" of a row starts a reference XML defines, to a character XML allows (else lxml
    reads the row, and says what is wrong)."""
    found = _REFERENCE_BYTES.findall(body)
    return len(found) == body.count(b"&") and all(_allowed(d, x) for d, x, _ in found if d or x)


def _allowed(decimal: bytes, hexadecimal: bytes) -> bool:
    return _xml_character(int(decimal) if decimal else int(hexadecimal, 16))


def _xml_character(point: int) -> bool:
    """Whether XML 1.0 allows the character (section 2.2)."""
    return (
        point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD or 0x10000 <= point <= 0x10FFFF
    )


def _references(text: str) -> str:
    return _REFERENCE.sub(_reference, text)


def _reference(found: re.Match[str]) -> str:
    decimal, hexadecimal, name = found.groups()
    return _PREDEFINED[name] if name else chr(int(decimal) if decimal else int(hexadecimal, 16))


def _plain_prologue(prologue: bytes) -> bool:
    """Only an XML declaration in UTF-8 (or none) before the root."""
    declaration = prologue.strip()
    if not declaration:
        return True
    return (
        declaration.startswith(b"<?xml")
        and declaration.endswith(b"?>")
        and declaration.count(b"<") == 1
        and re.search(rb"encoding=[\"'](?!utf-8[\"'])", declaration, re.IGNORECASE) is None
    )


def _row_number(r: Any, previous: int, part: str) -> int:
    """A row's number as openpyxl counts them: its `r`, else the one after the previous row."""
    if isinstance(r, bytes):
        found = _ROW_NUMBER.search(r)
        r = found.group(1).decode() if found else None
    number = int(r) if r and r.isdigit() else previous + 1
    if number > bounds.MAX_ROWS:
        raise bounds.TooLarge(said.over_rows(part, bounds.MAX_ROWS))
    return number


_REF_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def _ref_cell(ref: str) -> Cell | None:
    found = _REF_CELL.fullmatch(ref)
    return (int(found.group(2)), column_number(found.group(1)) - 1) if found else None


def _placed(found: list[tuple[int, Any]]) -> tuple[Any, ...]:
    """The values up to the row's last cell, each in its column."""
    if not found:
        return ()
    values: list[Any] = [None] * found[-1][0]
    for col, value in found:
        if col <= len(values):
            values[col - 1] = value
    return tuple(values)


def read_tables(data: bytes) -> dict[str, Table]:
    """Every worksheet as a Table (see `table_of`), with its notes and fills, a formula cell saved
    without a result read as `cells.EMPTY_FORMULA`."""
    package = Package(data)
    book = Book(data, package)
    tables, formulas = {}, {}
    for sheet in package.sheets():
        name = package.name(sheet.part)
        if name is None:
            continue
        reading = _Sheet(book, name)
        numbered = reading.rows()
        tables[sheet.name] = table_of(sheet.name, numbered, sheet_notes(book.zip, name), reading.fills)
        if reading.formulas:
            formulas[sheet.name] = reading.formulas
    return mark_empty_formulas(tables, formulas) if formulas else tables


def _stream(archive: zipfile.ZipFile, name: str, tag: str) -> Iterator[etree._Element]:
    """Each `tag` element of a part as it is parsed, forgotten once handled."""
    with archive.open(name) as stream:
        for _, element in etree.iterparse(stream, events=("end",), tag=tag, resolve_entities=False, huge_tree=True):
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]


def _fill(tokens: list[str], style: str) -> str:
    i = int(style) if style.isdigit() else -1
    return tokens[i] if 0 <= i < len(tokens) else ""


def _number(book: Book, text: Any, style: Any) -> Any:
    """A number cell's value: an int or float, or a date or duration by its style."""
    number = float(text) if (b"." in text or b"E" in text or b"e" in text) else int(text)
    if style and book.dates and (duration := book.date_style(style)) is not None:
        try:
            return numbers.from_excel(number, book.epoch, timedelta=duration)
        except (OverflowError, ValueError):
            return "#VALUE!"
    return number


def _element_value(book: Book, c: etree._Element, style: str | None) -> Any:
    kind = c.get("t")
    if kind == "inlineStr":
        inline = c.find(_IS)
        return _text(inline) if inline is not None else None
    text = c.findtext(_V) or None
    if text is None:
        return None
    return _value(book, kind, text, style)


def _value(book: Book, kind: str | None, text: str, style: Any) -> Any:
    """The value of a cell of type `kind` whose <v> holds `text` (not empty)."""
    if kind is None or kind == "n":
        return _number(book, text.encode(), style)
    if kind == "s":
        return book.strings[int(text)]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return numbers.from_iso8601(text)
    return text  # "str" (a formula's text), "e" (an error such as #N/A)


def _text(element: etree._Element) -> str:
    """The text of an <si> or <is>: plain or rich runs, phonetic hints left out (as `string_text`)."""
    t = element.find(_T)
    if t is not None:
        return t.text or ""
    return "".join(t.text or "" for r in element.iterchildren(_R) for t in r.iterchildren(_T))


def _numbered(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows with anything in them, a run of blank rows kept as its first one, blank rows at the
    end left out (a row number missing from the XML is a blank row)."""
    numbered: list[tuple[int, tuple[Any, ...]]] = []
    previous = 0
    for number, values in rows:
        if number <= previous:
            continue  # out of order: openpyxl's reader skips it too
        if number > previous + 1 and numbered and numbered[-1][1]:
            numbered.append((previous + 1, ()))
        if not cells.is_blank_row(values):
            numbered.append((number, values))
        elif numbered and numbered[-1][1]:
            numbered.append((number, ()))
        previous = number
    while numbered and not numbered[-1][1]:
        numbered.pop()
    return numbered


def table_of(title: str, numbered: list[tuple[int, tuple[Any, ...]]], notes, fills) -> Table:
    """A tab as far as its data reaches: its rows with their numbers, each as long as its own last
    cell — whatever dimension the sheet declares (a stray cell at XFD1048576 is one row of its own
    after one blank row, not a million rows of 16,384 columns). The header row is found by content
    later (`kopienas.core.headers.reframe`); here it is the first row with anything in it."""
    index = header_index([row for _, row in numbered])
    if index is None:
        return Table(title, (), (), notes=notes, fills=fills)
    number, header = numbered[index]
    return Table(title, header, tuple(numbered[index + 1 :]), header_row=number, notes=notes, fills=fills)


__all__ = ["NS_MAIN", "read_tables", "table_of"]
