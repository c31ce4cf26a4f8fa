"""Turning what coordinators type into typed values.

Each parser takes a raw cell (str, int, float, bool, datetime, date or None, as a workbook or the
Sheets API gives it) and returns a value or raises CellError with a Latvian explanation. Parsers
never see the sheet; they are pure and tested with plain values.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from kopienas.core.errors import Signal
from kopienas.core.words import values as said

# Google Sheets and Excel count days from 30 December 1899 (Excel's 1900 leap-year bug folded in).
SERIAL_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (1, 2958465)  # 1900-01-01 .. 9999-12-31


class CellError(Signal, ValueError):
    """A cell that cannot be read; the message is for a coordinator, in Latvian."""


class FormulaWithoutValue(str):
    """A cell holding a formula whose result is empty, as a source reads it: blank to every rule,
    yet not a blank cell — the tool never writes into it (an ID column's such cell is a problem)."""

    __slots__ = ()


EMPTY_FORMULA = FormulaWithoutValue("")


def text(value: Any) -> str:
    """Cell as tidy text: None -> '', numbers without a trailing .0, whitespace trimmed."""
    if type(value) is str:  # most cells: ASCII needs no normalising, and few hold a carriage return
        s = value if value.isascii() else unicodedata.normalize("NFC", value)
        if "\r" in s:
            s = s.replace("\r\n", "\n").replace("\r", "\n")
        return s.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Jā" if value else "Nē"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def is_blank(value: Any) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, str):
        return value.isspace()
    return text(value) == ""


def is_blank_row(values: Iterable[Any], skip: Container[int] = ()) -> bool:
    """Whether every cell of a row is blank (`is_blank`), the cells at the positions in `skip` aside:
    the one rule for a blank row. Looks no further than the first cell with anything in it."""
    for i, value in enumerate(values):
        if value is None or value == "" or (skip and i in skip):
            continue
        if type(value) is str:
            if not value.isspace():
                return False
        elif not is_blank(value):
            return False
    return True


def shorten(value: Any, limit: int = 40) -> str:
    """Cell text quoted in a message: one line, limited length."""
    s = " ".join(text(value).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


_DMY = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})\.?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def parse_date(value: Any) -> date | None:
    """A real date cell, a serial number, `24.09.2020`, `24.09.2020.` or `2020-09-24`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(said.NOT_A_DATE)
    if isinstance(value, (int, float)):
        return serial_to_date(value)
    s = text(value)
    if not s:
        return None
    m = _DMY.match(s)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO.match(s)
        if not m:
            raise CellError(said.unreadable_date(shorten(s)))
        year, month, day = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(said.no_such_day(shorten(s))) from None


def serial_to_date(serial: float) -> date:
    if math.isnan(serial) or not (_SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]):
        raise CellError(said.serial_not_a_date(text(serial)))
    return SERIAL_EPOCH + timedelta(days=int(serial))


def date_to_serial(d: date) -> int:
    return (d - SERIAL_EPOCH).days


def comparable(value: Any) -> Any:
    """A cell's value in one form whichever reader read it — dates and times as serial numbers
    (openpyxl's datetime, a package's or Google's serial), numbers as floats, text tidied, blank as
    None — so a cell read twice compares equal when nobody changed it."""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return round((value - datetime.combine(SERIAL_EPOCH, datetime.min.time(), value.tzinfo)) / timedelta(days=1), 6)
    if isinstance(value, date):
        return float(date_to_serial(value))
    if isinstance(value, time):
        return round((value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400, 6)
    if isinstance(value, timedelta):
        return round(value / timedelta(days=1), 6)
    if isinstance(value, (int, float)):
        return round(float(value), 6)
    return text(value) or None


_INT_TEXT = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")


def parse_count(value: Any) -> int | None:
    """A whole number ≥ 0: `332`, `332.0`, ' 332 ' -> 332; empty -> None."""
    if isinstance(value, bool):
        raise CellError(said.NOT_A_COUNT)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value) or not value.is_integer()):
            raise CellError(said.not_whole(text(value)))
        number = int(value)
    else:
        s = text(value).replace("\u00a0", "").replace(" ", "")
        if not s:
            return None
        if not _INT_TEXT.match(s):
            if re.match(r"^[+-]?\d+[.,]\d+$", s):
                raise CellError(said.not_whole(shorten(value)))
            raise CellError(said.not_a_number(shorten(value)))
        number = int(re.split(r"[.,]", s)[0])
    if number < 0:
        raise CellError(said.negative(number))
    return number


_TRUE = {"jā", "ja", "true", "yes", "y", "1", "x", "✓", "✔", "patiess"}
_FALSE = {"nē", "ne", "false", "no", "n", "0", "", "aplams"}


def parse_bool(value: Any) -> bool:
    """A checkbox, `Jā`/`Nē`, `TRUE`/`FALSE`; empty means no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    s = text(value).casefold()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise CellError(said.not_yes_or_no(shorten(value)))


_SPLITTERS: dict[str, re.Pattern[str]] = {}  # separators -> their pattern (a few, fixed in the code)


def split_list(value: Any, separators: str = ";\n") -> tuple[str, ...]:
    """Entries one per line or separated by `;`, trimmed, empty ones dropped."""
    s = text(value)
    if not s:
        return ()
    if not any(c in s for c in separators):
        return (s,)  # one entry, already trimmed
    splitter = _SPLITTERS.get(separators)
    if splitter is None:
        splitter = _SPLITTERS[separators] = re.compile("[" + re.escape(separators) + "]")
    return tuple(p.strip() for p in splitter.split(s) if p.strip())


def header_key(header: Any) -> str:
    """How headers are compared: case, surrounding spaces and a trailing colon don't matter."""
    return " ".join(text(header).rstrip(":").split()).casefold()


def column_letter(number: int) -> str:
    """The spreadsheet letters of a 1-based column number: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def choice(words: dict[str, str], labels: list[str], what: str) -> Callable[[Any], str | None]:
    """A parser for a dropdown cell (`Statuss`, `Veids`): one of `words` in any case; empty is None;
    anything else a CellError naming the choices, each in quotation marks."""

    def parse(value: Any) -> str | None:
        typed = text(value)
        if not typed:
            return None
        if typed.casefold() not in words:
            raise CellError(said.not_a_choice(shorten(typed), what, labels))
        return words[typed.casefold()]

    return parse
