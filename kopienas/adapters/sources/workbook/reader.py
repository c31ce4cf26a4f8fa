"""Reading a workbook's tabs in one streaming pass per sheet: values (a formula's cached result),
with each cell's fill, and the tool's notes from the comments parts — memory flat in the number of
rows, every limit of `bounds` checked as the rows stream past.

Values come out as openpyxl's read-only, data-only mode gives them (its number-format and date
helpers decide which numbers are dates), so everything downstream reads the same table.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from kopienas.adapters.sources.workbook import bounds
from kopienas.adapters.sources.workbook.decor import fill_tokens, sheet_notes
from kopienas.adapters.sources.workbook.package import NS_MAIN, REL_SHARED_STRINGS, REL_STYLES, Package, q
from kopienas.core import cells
from kopienas.core.models import Cell, Table, header_index
from kopienas.core.words import workbook as said

_ROW, _C, _V, _IS, _SI, _T, _R = (q(t) for t in ("row", "c", "v", "is", "si", "t", "r"))
_DIGITS = "0123456789"
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)


class Book:
    """What every sheet's cells are read with: shared strings, date styles, fill tokens, epoch."""

    def __init__(self, data: bytes, package: Package):
        self.package = package
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        pr = package.parse_only(package.workbook_part).find(q("workbookPr"))
        self.epoch = (
            CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
        )
        styles = package.part_of_type(REL_STYLES)
        self.dates: set[int] = set()
        self.durations: set[int] = set()
        if styles and package.has(styles):
            tree: Any = etree.fromstring(package.read(styles), _PARSER)
            sheet: Any = Stylesheet.from_tree(tree)  # openpyxl's own rules for which formats are dates
            self.dates, self.durations = set(sheet.date_formats), set(sheet.timedelta_formats)
        self._date_styles: dict[str, bool | None] = {}
        self.fills = fill_tokens(self.zip, package.name(styles) if styles else None)
        self.strings = self._strings()

    def date_style(self, style: str) -> bool | None:
        """None: the style is no date format; else whether it is a duration."""
        if style not in self._date_styles:
            i = int(style)
            self._date_styles[style] = (i in self.durations) if i in self.dates else None
        return self._date_styles[style]

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


def read_tables(data: bytes) -> dict[str, Table]:
    """Every worksheet as a Table (see `table_of`), with its notes and fills."""
    package = Package(data)
    book = Book(data, package)
    tables = {}
    for sheet in package.sheets():
        name = package.name(sheet.part)
        if name is None:
            continue
        fills: dict[Cell, str] = {}
        rows = _rows(book, name, fills)
        numbered = _numbered(rows)
        tables[sheet.name] = table_of(sheet.name, numbered, sheet_notes(book.zip, name), fills)
    return tables


def _stream(archive: zipfile.ZipFile, name: str, tag: str) -> Iterator[etree._Element]:
    """Each `tag` element of a part as it is parsed, forgotten once handled."""
    with archive.open(name) as stream:
        for _, element in etree.iterparse(stream, events=("end",), tag=tag, resolve_entities=False, huge_tree=True):
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]


def _rows(book: Book, name: str, fills: dict[Cell, str]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values up to the row's last cell) for each <row>, as openpyxl numbers them."""
    number = 0
    columns: dict[str, int] = {}  # "AB" -> 28, each checked against the limits once
    tokens = book.fills
    for row in _stream(book.zip, name, _ROW):
        r = row.get("r")
        number = int(r) if r and r.isdigit() else number + 1
        if number > bounds.MAX_ROWS:
            raise bounds.TooLarge(said.over_rows(name, bounds.MAX_ROWS))
        found: list[tuple[int, Any]] = []
        column = 0
        for c in row.iterchildren(_C):
            ref = c.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                column = columns.get(letters) or columns.setdefault(letters, bounds.cell_column(name, ref))
            else:
                column += 1
            style = c.get("s")
            found.append((column, _value(book, c, style)))
            if style and tokens and (token := _fill(tokens, style)):
                fills[(number, column - 1)] = token
        if not found:
            yield number, ()
            continue
        values: list[Any] = [None] * found[-1][0]
        for col, value in found:
            if col <= len(values):
                values[col - 1] = value
        yield number, tuple(values)


def _fill(tokens: list[str], style: str) -> str:
    i = int(style) if style.isdigit() else -1
    return tokens[i] if 0 <= i < len(tokens) else ""


def _value(book: Book, c: etree._Element, style: str | None) -> Any:
    kind = c.get("t")
    if kind == "inlineStr":
        inline = c.find(_IS)
        return _text(inline) if inline is not None else None
    text = c.findtext(_V) or None
    if text is None:
        return None
    if kind is None or kind == "n":
        number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        if style and book.dates and (date := book.date_style(style)) is not None:
            try:
                return from_excel(number, book.epoch, timedelta=date)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
    if kind == "s":
        return book.strings[int(text)]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return from_ISO8601(text)
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
        if any(not cells.is_blank(v) for v in values):
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
