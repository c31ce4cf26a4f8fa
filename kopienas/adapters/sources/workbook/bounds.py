"""How large a workbook the tool reads: every limit in one place, checked before anything parses it.

A small .xlsx can inflate to gigabytes (a zip bomb, or a sheet someone filled to XFD1048576 by
accident); read whole, it would take the machine's memory. The zip's own directory tells each
part's inflated size, and Python's zipfile never inflates a part beyond it (a part that lies fails
its checksum), so the sizes are checked from the directory; rows, columns and shared strings are
counted in one streaming pass over the parts that hold them, with constant memory.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from typing import IO

from lxml import etree

from kopienas.adapters.sources.workbook.package import NS_MAIN
from kopienas.adapters.sources.workbook.refs import MAX_COLUMN, column_number
from kopienas.core.errors import Signal
from kopienas.core.words import workbook as said

MIB = 1024 * 1024
MAX_PARTS = 2_000  # zip entries; a workbook of 100 tabs with drawings and notes has a few hundred
MAX_PART_BYTES = 256 * MIB  # one part inflated: a sheet of about 200,000 rows of 17 columns
MAX_TOTAL_BYTES = 512 * MIB  # all parts inflated together
MAX_RATIO = 200  # inflated / compressed, for parts over RATIO_FLOOR (real sheets: 5–30)
RATIO_FLOOR = 1 * MIB  # below this a part may compress as well as it likes
MAX_ROWS = 1_048_576  # Excel's own limits on a sheet
MAX_COLUMNS = MAX_COLUMN
MAX_SHARED_STRINGS = 2_000_000


class TooLarge(Signal):
    """The workbook is beyond one of the limits above: `what` names the limit, for the user."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def check_sizes(file: IO[bytes]) -> None:
    """Raise TooLarge if the zip's directory says the package is beyond a size limit (cheap: no
    part is inflated). Rows, columns and shared strings are checked by the reader as it streams.
    Not a zip: left to the reader."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    with archive:
        _check_directory(archive.infolist())


def check(file: IO[bytes]) -> None:
    """Every limit, the counted ones too, in a streaming pass of its own (for readers other than
    `reader`, such as openpyxl's full load)."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        for info in infos:
            name = info.filename.lower()
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                _check_sheet(archive, info)
            elif name.endswith("sharedstrings.xml"):
                _check_strings(archive, info)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise TooLarge(said.over_parts(len(infos), MAX_PARTS))
    total = 0
    for info in infos:
        _check_size(info)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise TooLarge(said.over_inflated(total // MIB, MAX_TOTAL_BYTES // MIB))


def _check_size(info: zipfile.ZipInfo) -> None:
    size = info.file_size
    if size > MAX_PART_BYTES:
        raise TooLarge(said.over_part_size(info.filename, size // MIB, MAX_PART_BYTES // MIB))
    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
        raise TooLarge(said.over_ratio(info.filename, size // max(info.compress_size, 1), MAX_RATIO))


_ROW, _CELL, _SI = (f"{{{NS_MAIN}}}{t}" for t in ("row", "c", "si"))


def _events(archive: zipfile.ZipFile, info: zipfile.ZipInfo, tags: tuple[str, ...]):
    try:
        with archive.open(info) as stream:
            for _, element in etree.iterparse(stream, events=("end",), tag=tags, resolve_entities=False):
                yield element
                element.clear(keep_tail=False)
                while element.getprevious() is not None:  # what was already seen costs nothing
                    del element.getparent()[0]
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
        return  # malformed: the reader says so in its own words


def _check_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    rows = 0
    for element in _events(archive, info, (_ROW, _CELL)):
        if element.tag == _ROW:
            rows += 1
            number = element.get("r")
            if rows > MAX_ROWS or (number and (not number.isdigit() or int(number) > MAX_ROWS)):
                raise TooLarge(said.over_rows(info.filename, MAX_ROWS))
        elif (ref := element.get("r")) is not None:
            with contextlib.suppress(ValueError):  # not a reference: the reader says what is wrong
                cell_column(info.filename, ref)


_REF = re.compile(r"([A-Za-z]{1,4})(\d{1,8})")


def cell_column(part: str, ref: str) -> int:
    """The column of a cell reference in `part`; TooLarge beyond a sheet's limits, ValueError if
    it is not a reference."""
    found = _REF.fullmatch(ref)
    if found is None:
        if ref[:1].isalpha() and len(ref) > 12:
            raise TooLarge(said.over_cell(part, ref[:16]))
        raise ValueError(f"not a cell reference: {ref[:16]!r}")
    letters, digits = found.groups()
    column = column_number(letters)
    if column > MAX_COLUMNS:
        raise TooLarge(said.over_columns(part, MAX_COLUMNS))
    if int(digits) > MAX_ROWS:
        raise TooLarge(said.over_rows(part, MAX_ROWS))
    return column


def _check_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    for count, _ in enumerate(_events(archive, info, (_SI,)), start=1):
        if count > MAX_SHARED_STRINGS:
            raise TooLarge(said.over_strings(info.filename, MAX_SHARED_STRINGS))
