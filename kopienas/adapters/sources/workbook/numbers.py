"""Which cell styles show a number as a date or a duration, and the date a serial number stands
for — decided exactly as openpyxl 3.1 decides them (`openpyxl.styles.numbers.is_date_format`,
`is_timedelta_format`, `Stylesheet._normalise_numbers`, `openpyxl.utils.datetime.from_excel`),
so the workbook reads as openpyxl's read-only mode reads it without importing openpyxl (about
0.2 s of every run). tests/sources/workbook/test_reader_numbers.py holds these to openpyxl's own.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from lxml import etree

from kopienas.adapters.sources.workbook.package import q

WINDOWS_1900 = datetime.datetime(1899, 12, 30)
MAC_1904 = datetime.datetime(1904, 1, 1)
_SECONDS_PER_DAY = 86400

# openpyxl's BUILTIN_FORMATS that are dates, and the one that is a duration ("[h]:mm:ss").
BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
BUILTIN_DURATIONS = frozenset({46})

# Quoted text and bracketed parts other than [h], [m], [s] say nothing about dates.
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)


def is_date_format(code: str) -> bool:
    return _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str) -> bool:
    return _DURATION.search(code.split(";")[0]) is not None


def date_styles(styles: etree._Element) -> dict[int, bool]:
    """Cell style index (cellXfs) -> whether its date is a duration, for the date styles only."""
    custom = {
        int(f.get("numFmtId", "")): f.get("formatCode", "") for f in styles.iterfind(f"{q('numFmts')}/{q('numFmt')}")
    }
    out: dict[int, bool] = {}
    for index, xf in enumerate(styles.iterfind(f"{q('cellXfs')}/{q('xf')}")):
        number = int(xf.get("numFmtId", "0"))
        if number in custom:
            code = custom[number]
            if is_date_format(code):
                out[index] = is_duration_format(code)
        elif number in BUILTIN_DATES:
            out[index] = number in BUILTIN_DURATIONS
    return out


def from_excel(value: float, epoch: datetime.datetime, timedelta: bool = False) -> Any:
    """The datetime (a time below 1, a timedelta for a duration) a serial number stands for."""
    if timedelta:
        td = datetime.timedelta(days=value)
        if td.microseconds:
            td = datetime.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = datetime.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return datetime.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_1900:
        day += 1  # Excel's 29 February 1900, which never was
    return epoch + datetime.timedelta(days=day) + diff


def from_iso8601(text: str) -> Any:
    """A `t="d"` cell (rare: strict OOXML), through openpyxl itself."""
    from openpyxl.utils.datetime import from_ISO8601

    return from_ISO8601(text)
