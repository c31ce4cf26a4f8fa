"""Turning numbers into the text Google shows (FORMATTED_VALUE), and dates into serial numbers.

Google keeps dates as "serial numbers": days since 1899-12-30, the time of day as the fraction.
What the user sees is that number run through the cell's ``numberFormat`` pattern. Only the
pattern features a test is likely to meet are covered: date/time tokens, ``0``/``#``/``,``/``.``/``%``
number patterns and quoted literals.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, timedelta

EPOCH = datetime(1899, 12, 30)
DATE_TYPES = ("DATE", "TIME", "DATE_TIME")


def to_serial(moment: datetime) -> float | int:
    delta = moment - EPOCH
    serial = delta.days + delta.seconds / 86400
    return int(serial) if serial == int(serial) else serial


def from_serial(serial: float) -> datetime:
    days = math.floor(serial)
    seconds = round((serial - days) * 86400)
    return EPOCH + timedelta(days=days, seconds=seconds)


def json_number(x: float | int) -> float | int:
    """Google writes whole numbers without a fraction (43831, not 43831.0)."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def format_number(x: float | int, number_format: dict | None) -> str:
    fmt_type = (number_format or {}).get("type")
    pattern = (number_format or {}).get("pattern") or ""
    if fmt_type in DATE_TYPES:
        return format_date(x, pattern or _DEFAULT_DATE_PATTERNS[fmt_type])
    if pattern and fmt_type not in (None, "TEXT", "NUMBER_FORMAT_TYPE_UNSPECIFIED"):
        return _format_with_pattern(x, pattern)
    return format_general(x)


_DEFAULT_DATE_PATTERNS = {"DATE": "M/d/yyyy", "TIME": "h:mm:ss am/pm", "DATE_TIME": "M/d/yyyy H:mm:ss"}


def format_general(x: float | int) -> str:
    """The "Automatic" format: whole numbers plainly, fractions to 10 places, huge/tiny as 1.5E+20."""
    if x == 0:
        return "0"
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    if 1e-10 <= abs(x) < 1e15:
        return f"{x:.10f}".rstrip("0").rstrip(".")
    mantissa, exponent = f"{x:.5E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').zfill(2)}"


# -- date and time patterns ---------------------------------------------------------------------

_DATE_TOKENS = re.compile(
    r'"[^"]*"|\\.|am/pm|a/p|yyyy|yyy|yy|y|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|.', re.IGNORECASE
)


def format_date(serial: float, pattern: str) -> str:
    moment = from_serial(serial)
    tokens = _DATE_TOKENS.findall(pattern)
    twelve_hour = any(t.lower() in ("am/pm", "a/p") for t in tokens)
    out = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low.startswith("m") and low.strip("m") == "" and len(low) <= 2 and _is_minute(tokens, i):
            out.append(f"{moment.minute:0{len(low)}d}")
        elif low in ("yyyy", "yyy"):
            out.append(f"{moment.year:04d}")
        elif low in ("yy", "y"):
            out.append(f"{moment.year % 100:02d}")
        elif low == "mmmmm":
            out.append(calendar.month_name[moment.month][0])
        elif low == "mmmm":
            out.append(calendar.month_name[moment.month])
        elif low == "mmm":
            out.append(calendar.month_abbr[moment.month])
        elif low in ("mm", "m"):
            out.append(f"{moment.month:0{len(low)}d}")
        elif low == "dddd":
            out.append(calendar.day_name[moment.weekday()])
        elif low == "ddd":
            out.append(calendar.day_abbr[moment.weekday()])
        elif low in ("dd", "d"):
            out.append(f"{moment.day:0{len(low)}d}")
        elif low in ("hh", "h"):
            hour = (moment.hour % 12 or 12) if twelve_hour else moment.hour
            out.append(f"{hour:0{len(low)}d}")
        elif low in ("ss", "s"):
            out.append(f"{moment.second:0{len(low)}d}")
        elif low == "am/pm":
            out.append("AM" if moment.hour < 12 else "PM")
        elif low == "a/p":
            out.append("a" if moment.hour < 12 else "p")
        else:
            out.append(_literal(tok))
    return "".join(out)


def _is_minute(tokens: list[str], i: int) -> bool:
    """ "m"/"mm" mean minutes right after an hour or right before seconds, months otherwise."""

    def neighbour(step: int) -> str:
        j = i + step
        while 0 <= j < len(tokens):
            low = tokens[j].lower()
            if low[0].isalpha() and low not in ("am/pm", "a/p"):
                return low
            j += step
        return ""

    return neighbour(-1).startswith("h") or neighbour(1).startswith("s")


def _literal(tok: str) -> str:
    if tok.startswith('"'):
        return tok[1:-1]
    if tok.startswith("\\"):
        return tok[1:]
    return tok


# -- number patterns ----------------------------------------------------------------------------

_NUMBER_CORE = re.compile(r"[0#?,]*\.?[0#?]*")


def _format_with_pattern(x: float, pattern: str) -> str:
    sections = pattern.split(";")
    section = sections[1] if x < 0 and len(sections) > 1 else sections[0]
    negative = x < 0 and len(sections) == 1
    value = abs(x)
    text = "".join(_literal(t) if t.startswith(('"', "\\")) else t for t in re.findall(r'"[^"]*"|\\.|.', section))
    if "%" in text:
        value *= 100
    match = next((m for m in _NUMBER_CORE.finditer(text) if m.group(0).strip(",")), None)
    if not match:
        return text
    core = match.group(0)
    integer_part, _, fraction = core.partition(".")
    max_places = len(fraction)
    min_places = fraction.count("0")
    rendered = f"{value:.{max_places}f}"
    if max_places > min_places:
        head, _, tail = rendered.partition(".")
        tail = tail.rstrip("0").ljust(min_places, "0")
        rendered = head + ("." + tail if tail else "")
    head, dot, tail = rendered.partition(".")
    head = head.lstrip("0").zfill(integer_part.count("0")) if integer_part.count("0") else head.lstrip("0")
    if "," in integer_part and head:
        head = f"{int(head):,}"
    body = head + dot + tail if tail else head
    return ("-" if negative and value else "") + text[: match.start()] + body + text[match.end() :]


def is_date_format(number_format: dict | None) -> bool:
    return bool(number_format) and number_format.get("type") in DATE_TYPES


def valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
