"""Cell values in and out: what a written value becomes, and how a stored cell reads back.

A stored cell is a dict in the API's CellData shape, limited to what a user can set:
``userEnteredValue`` ({"stringValue"|"numberValue"|"boolValue"|"formulaValue": ...}),
``userEnteredFormat``, ``note`` and ``dataValidation``. Cells are replaced, never changed in
place, so a spreadsheet snapshot only has to copy the dict that holds them.

Writing with USER_ENTERED parses text as the en_US locale does: numbers (``1,234.5``, ``12%``),
TRUE/FALSE, dates (``2020-09-24``, ``9/24/2020``, optionally with a time) and times (``13:45``)
become numbers with a matching number format; ``=...`` is a formula; a leading ``'`` keeps text.
Everything else, including ``24.09.2020`` (not a date in en_US), stays text. RAW keeps strings as-is.
"""

from __future__ import annotations

import re
from datetime import datetime

from . import formula
from .formats import format_date, format_number, is_date_format, json_number, to_serial, valid_date

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PERCENT = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))%")
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_ISO_DATE = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})(?:[ T]{_TIME})?")
_US_DATE = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})(?: {_TIME})?")
_TIME_ONLY = re.compile(rf"{_TIME}(?: ?([AaPp][Mm]))?")


def parse_input(value, user_entered: bool) -> tuple[dict | None, dict | None]:
    """(userEnteredValue, number format to apply if the cell has none); (None, None) empties the cell."""
    if isinstance(value, bool):
        return {"boolValue": value}, None
    if isinstance(value, (int, float)):
        return {"numberValue": value}, None
    if value == "":
        return None, None
    if not user_entered:
        return {"stringValue": value}, None
    if value.startswith("="):
        return {"formulaValue": value}, None
    if value.startswith("'"):
        return {"stringValue": value[1:]}, None
    text = value.strip()
    if text.upper() in ("TRUE", "FALSE"):
        return {"boolValue": text.upper() == "TRUE"}, None
    parsed = _parse_number(text) or _parse_date(text)
    if parsed:
        number, number_format = parsed
        return {"numberValue": number}, number_format
    return {"stringValue": value}, None


def _parse_number(text: str):
    if _NUMBER.fullmatch(text):
        number = float(text)
        return json_number(number) if "." not in text and "e" not in text.lower() else number, None
    if _GROUPED.fullmatch(text):
        pattern = "#,##0.00" if "." in text else "#,##0"
        return float(text.replace(",", "")), {"type": "NUMBER", "pattern": pattern}
    m = _PERCENT.fullmatch(text)
    if m:
        pattern = "0.00%" if "." in m.group(1) else "0%"
        return float(m.group(1)) / 100, {"type": "PERCENT", "pattern": pattern}
    return None


def _parse_date(text: str):
    for regex, order, date_pattern, time_pattern in (
        (_ISO_DATE, (0, 1, 2), "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"),
        (_US_DATE, (2, 0, 1), "M/d/yyyy", "M/d/yyyy H:mm:ss"),
    ):
        m = regex.fullmatch(text)
        if not m:
            continue
        parts = m.groups()
        day = valid_date(*(int(parts[i]) for i in order))
        if day is None:
            return None
        if parts[3] is None:
            return to_serial(datetime(day.year, day.month, day.day)), {"type": "DATE", "pattern": date_pattern}
        moment = _time_on(day, parts[3], parts[4], parts[5])
        return moment and (to_serial(moment), {"type": "DATE_TIME", "pattern": time_pattern})
    m = _TIME_ONLY.fullmatch(text)
    if m:
        hour = int(m.group(1))
        if m.group(4):
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if m.group(4).lower() == "pm" else 0)
        moment = _time_on(datetime(1899, 12, 30), str(hour), m.group(2), m.group(3))
        return moment and (to_serial(moment), {"type": "TIME", "pattern": "h:mm:ss am/pm"})
    return None


def _time_on(day, hour: str, minute: str, second: str | None) -> datetime | None:
    h, m, s = int(hour), int(minute), int(second or 0)
    if h > 23 or m > 59 or s > 59:
        return None
    return datetime(day.year, day.month, day.day, h, m, s)


# -- reading --------------------------------------------------------------------------------------


class Evaluator:
    """Effective values of one sheet's cells; formulas see the same sheet (no cross-sheet refs)."""

    def __init__(self, cells: dict):
        self.cells = cells
        self._busy: set = set()
        self._cache: dict = {}

    def effective(self, row: int, col: int):
        """None (empty), bool, int/float, str, formula.FormulaError, or _Text for unsupported formulas."""
        key = (row, col)
        if key in self._cache:
            return self._cache[key]
        value = (self.cells.get(key) or {}).get("userEnteredValue")
        if not value:
            return None
        if "errorValue" in value:
            return formula.FormulaError(value["errorValue"].get("message") or "#ERROR!")
        if "formulaValue" not in value:
            return next(iter(value.values()))
        if key in self._busy:
            return formula.FormulaError("#REF!")
        self._busy.add(key)
        try:
            result = formula.evaluate(value["formulaValue"], self._lookup)
        except formula.FormulaError as err:
            result = err
        except (formula.Unsupported, ArithmeticError, TypeError, ValueError, IndexError, RecursionError):
            result = UnsupportedFormula(value["formulaValue"])
        finally:
            self._busy.discard(key)
        self._cache[key] = result
        return result

    def _lookup(self, row: int, col: int):
        value = self.effective(row, col)
        if isinstance(value, formula.FormulaError):
            raise value
        if isinstance(value, UnsupportedFormula):
            raise formula.Unsupported(value)
        return value

    def render(self, row: int, col: int, value_render: str = "FORMATTED_VALUE", datetime_render: str = "SERIAL_NUMBER"):
        """One cell as values.get returns it; "" for an empty cell."""
        cell = self.cells.get((row, col)) or {}
        entered = cell.get("userEnteredValue") or {}
        if value_render == "FORMULA" and "formulaValue" in entered:
            return entered["formulaValue"]
        value = self.effective(row, col)
        number_format = (cell.get("userEnteredFormat") or {}).get("numberFormat")
        if value is None:
            return ""
        if isinstance(value, formula.FormulaError):
            return value.code
        if isinstance(value, UnsupportedFormula):
            return str(value)
        if isinstance(value, bool):
            return ("TRUE" if value else "FALSE") if value_render == "FORMATTED_VALUE" else value
        if isinstance(value, (int, float)):
            if value_render == "FORMATTED_VALUE":
                return format_number(value, number_format)
            if datetime_render == "FORMATTED_STRING" and is_date_format(number_format):
                return format_date(value, number_format.get("pattern") or "M/d/yyyy")
            return json_number(value)
        return value

    def extended_value(self, row: int, col: int) -> dict | None:
        """The effectiveValue of CellData."""
        value = self.effective(row, col)
        if value is None:
            return None
        if isinstance(value, formula.FormulaError):
            return {"errorValue": {"type": _ERROR_TYPES.get(value.code, "ERROR"), "message": value.code}}
        if isinstance(value, UnsupportedFormula):
            return {"stringValue": str(value)}
        if isinstance(value, bool):
            return {"boolValue": value}
        if isinstance(value, (int, float)):
            return {"numberValue": json_number(value)}
        return {"stringValue": value}


class UnsupportedFormula(str):
    """A formula the small evaluator can't compute; it reads back as its own text."""


_ERROR_TYPES = {"#DIV/0!": "DIVIDE_BY_ZERO", "#VALUE!": "VALUE", "#REF!": "REF", "#NAME?": "NAME"}
