"""The checks Google makes on a DataValidationRule beyond its JSON shape.

From the Sheets API reference (ConditionType, ConditionValue): each condition type says whether
data validation supports it and how many values it takes; relative dates are for conditional
formats and filters only; list items cannot be formulas; a range must be an A1 range, and a
custom formula must be a formula. A rule that breaks one of these is Google's 400.
"""

from __future__ import annotations

from .a1 import parse_cells, split_sheet
from .errors import invalid

# condition type -> (fewest, most) values, for the types data validation supports
_VALUE_COUNTS: dict[str, tuple[int, int | None]] = {
    **dict.fromkeys(
        (
            "NUMBER_GREATER",
            "NUMBER_GREATER_THAN_EQ",
            "NUMBER_LESS",
            "NUMBER_LESS_THAN_EQ",
            "NUMBER_EQ",
            "NUMBER_NOT_EQ",
            "TEXT_CONTAINS",
            "TEXT_NOT_CONTAINS",
            "TEXT_EQ",
            "DATE_EQ",
            "DATE_BEFORE",
            "DATE_AFTER",
            "DATE_ON_OR_BEFORE",
            "DATE_ON_OR_AFTER",
            "ONE_OF_RANGE",
            "CUSTOM_FORMULA",
        ),
        (1, 1),
    ),
    **dict.fromkeys(("NUMBER_BETWEEN", "NUMBER_NOT_BETWEEN", "DATE_BETWEEN", "DATE_NOT_BETWEEN"), (2, 2)),
    **dict.fromkeys(("TEXT_IS_EMAIL", "TEXT_IS_URL", "DATE_IS_VALID"), (0, 0)),
    "ONE_OF_LIST": (1, None),
    "BOOLEAN": (0, 2),
}


def check_rule(rule: dict, spreadsheet, where: str) -> None:
    """Raise Google's 400 for a rule data validation can't take; `spreadsheet` resolves ranges."""
    condition = rule.get("condition")
    if not condition:
        raise invalid(f"Invalid {where}: The data validation rule must have a condition.")
    kind = condition.get("type", "CONDITION_TYPE_UNSPECIFIED")
    if kind not in _VALUE_COUNTS:
        raise invalid(f"Invalid {where}: Invalid ConditionType for data validation: {kind}")
    values = condition.get("values") or []
    fewest, most = _VALUE_COUNTS[kind]
    if len(values) < fewest or (most is not None and len(values) > most):
        if fewest == most:
            wanted = f"exactly {fewest}"
        else:
            wanted = f"between {fewest} and {most}" if most else f"at least {fewest}"
        raise invalid(f"Invalid {where}: {kind} condition requires {wanted} value(s), got {len(values)}.")
    for value in values:
        if "relativeDate" in value:
            raise invalid(f"Invalid {where}: relativeDate values are not supported in data validation.")
        if "userEnteredValue" not in value:
            raise invalid(f"Invalid {where}: A condition value must have a userEnteredValue.")
        text = str(value["userEnteredValue"])
        if kind == "ONE_OF_LIST" and text.startswith("="):
            raise invalid(f"Invalid {where}: Formulas are not supported in ONE_OF_LIST values: {text}")
        if kind == "CUSTOM_FORMULA" and not text.startswith(("=", "+")):
            raise invalid(f"Invalid {where}: CUSTOM_FORMULA value must be a formula: {text}")
        if kind == "ONE_OF_RANGE":
            _check_range(text, spreadsheet, where)


def _check_range(text: str, spreadsheet, where: str) -> None:
    """An A1 range (usually `=Sheet!A2:A`) on a sheet that exists at this point of the batch."""
    name, cells = split_sheet(text.removeprefix("=").removeprefix("+"))
    sheet = spreadsheet.sheet_by_title(name) if name is not None else (spreadsheet.sheets or [None])[0]
    if sheet is None or parse_cells(cells) is None:
        raise invalid(f"Invalid {where}: ONE_OF_RANGE value is not a valid range: {text}")
