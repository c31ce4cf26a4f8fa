"""The request shapes Google documents, checked the way Google checks them.

Google rejects unknown JSON keys ("Invalid JSON payload received. Unknown name ...") and values of
the wrong type, so a typo in a request fails here exactly as it would against the real API.
Messages list their fields; a field's type is a scalar ("int", "number", "string", "bool"),
"enum:<Name>", another message, "[<type>]" for a list, or "any" where the emulator doesn't look.
"""

from __future__ import annotations

import json
import re

from .errors import invalid

_ACCENTS = ["ACCENT1", "ACCENT2", "ACCENT3", "ACCENT4", "ACCENT5", "ACCENT6"]

ENUMS = {
    "Dimension": ["DIMENSION_UNSPECIFIED", "ROWS", "COLUMNS"],
    "ValueInputOption": ["INPUT_VALUE_OPTION_UNSPECIFIED", "RAW", "USER_ENTERED"],
    "ValueRenderOption": ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"],
    "DateTimeRenderOption": ["SERIAL_NUMBER", "FORMATTED_STRING"],
    "InsertDataOption": ["OVERWRITE", "INSERT_ROWS"],
    "SheetType": ["SHEET_TYPE_UNSPECIFIED", "GRID", "OBJECT", "DATA_SOURCE"],
    "NumberFormatType": [
        "NUMBER_FORMAT_TYPE_UNSPECIFIED",
        "TEXT",
        "NUMBER",
        "PERCENT",
        "CURRENCY",
        "DATE",
        "TIME",
        "DATE_TIME",
        "SCIENTIFIC",
    ],
    "HorizontalAlign": ["HORIZONTAL_ALIGN_UNSPECIFIED", "LEFT", "CENTER", "RIGHT"],
    "VerticalAlign": ["VERTICAL_ALIGN_UNSPECIFIED", "TOP", "MIDDLE", "BOTTOM"],
    "WrapStrategy": ["WRAP_STRATEGY_UNSPECIFIED", "OVERFLOW_CELL", "LEGACY_WRAP", "CLIP", "WRAP"],
    "TextDirection": ["TEXT_DIRECTION_UNSPECIFIED", "LEFT_TO_RIGHT", "RIGHT_TO_LEFT"],
    "HyperlinkDisplayType": ["HYPERLINK_DISPLAY_TYPE_UNSPECIFIED", "LINKED", "PLAIN_TEXT"],
    "ThemeColorType": ["THEME_COLOR_TYPE_UNSPECIFIED", "TEXT", "BACKGROUND", *_ACCENTS, "LINK"],
    "Style": ["STYLE_UNSPECIFIED", "DOTTED", "DASHED", "SOLID", "SOLID_MEDIUM", "SOLID_THICK", "NONE", "DOUBLE"],
    "MergeType": ["MERGE_ALL", "MERGE_COLUMNS", "MERGE_ROWS"],
    "RecalculationInterval": ["RECALCULATION_INTERVAL_UNSPECIFIED", "ON_CHANGE", "MINUTE", "HOUR"],
    "RelativeDate": [
        "RELATIVE_DATE_UNSPECIFIED",
        "PAST_YEAR",
        "PAST_MONTH",
        "PAST_WEEK",
        "YESTERDAY",
        "TODAY",
        "TOMORROW",
    ],
    "ConditionType": [
        "CONDITION_TYPE_UNSPECIFIED",
        "NUMBER_GREATER",
        "NUMBER_GREATER_THAN_EQ",
        "NUMBER_LESS",
        "NUMBER_LESS_THAN_EQ",
        "NUMBER_EQ",
        "NUMBER_NOT_EQ",
        "NUMBER_BETWEEN",
        "NUMBER_NOT_BETWEEN",
        "TEXT_CONTAINS",
        "TEXT_NOT_CONTAINS",
        "TEXT_STARTS_WITH",
        "TEXT_ENDS_WITH",
        "TEXT_EQ",
        "TEXT_NOT_EQ",
        "TEXT_IS_EMAIL",
        "TEXT_IS_URL",
        "DATE_EQ",
        "DATE_NOT_EQ",
        "DATE_BEFORE",
        "DATE_AFTER",
        "DATE_ON_OR_BEFORE",
        "DATE_ON_OR_AFTER",
        "DATE_BETWEEN",
        "DATE_NOT_BETWEEN",
        "DATE_IS_VALID",
        "ONE_OF_RANGE",
        "ONE_OF_LIST",
        "BLANK",
        "NOT_BLANK",
        "CUSTOM_FORMULA",
        "BOOLEAN",
        "FILTER_EXPRESSION",
    ],
}

_SIDES = ("top", "right", "bottom", "left")

MESSAGES: dict[str, dict[str, str]] = {
    "Color": dict.fromkeys(("red", "green", "blue", "alpha"), "number"),
    "ColorStyle": {"rgbColor": "Color", "themeColor": "enum:ThemeColorType"},
    "NumberFormat": {"type": "enum:NumberFormatType", "pattern": "string"},
    "Padding": dict.fromkeys(_SIDES, "int"),
    "Border": {"style": "enum:Style", "width": "int", "color": "Color", "colorStyle": "ColorStyle"},
    "Borders": dict.fromkeys(_SIDES, "Border"),
    "Link": {"uri": "string"},
    "TextFormat": {
        "foregroundColor": "Color",
        "foregroundColorStyle": "ColorStyle",
        "fontFamily": "string",
        "fontSize": "int",
        "bold": "bool",
        "italic": "bool",
        "strikethrough": "bool",
        "underline": "bool",
        "link": "Link",
    },
    "TextRotation": {"angle": "int", "vertical": "bool"},
    "CellFormat": {
        "numberFormat": "NumberFormat",
        "backgroundColor": "Color",
        "backgroundColorStyle": "ColorStyle",
        "borders": "Borders",
        "padding": "Padding",
        "horizontalAlignment": "enum:HorizontalAlign",
        "verticalAlignment": "enum:VerticalAlign",
        "wrapStrategy": "enum:WrapStrategy",
        "textDirection": "enum:TextDirection",
        "textFormat": "TextFormat",
        "hyperlinkDisplayType": "enum:HyperlinkDisplayType",
        "textRotation": "TextRotation",
    },
    "ErrorValue": {"type": "string", "message": "string"},
    "ExtendedValue": {
        "numberValue": "number",
        "stringValue": "string",
        "boolValue": "bool",
        "formulaValue": "string",
        "errorValue": "ErrorValue",
    },
    "ConditionValue": {"relativeDate": "enum:RelativeDate", "userEnteredValue": "string"},
    "BooleanCondition": {"type": "enum:ConditionType", "values": "[ConditionValue]"},
    "DataValidationRule": {
        "condition": "BooleanCondition",
        "inputMessage": "string",
        "strict": "bool",
        "showCustomUi": "bool",
    },
    "TextFormatRun": {"startIndex": "int", "format": "TextFormat"},
    "CellData": {
        "userEnteredValue": "ExtendedValue",
        "effectiveValue": "ExtendedValue",
        "formattedValue": "string",
        "userEnteredFormat": "CellFormat",
        "effectiveFormat": "CellFormat",
        "hyperlink": "string",
        "note": "string",
        "textFormatRuns": "[TextFormatRun]",
        "dataValidation": "DataValidationRule",
        "pivotTable": "any",
        "dataSourceTable": "any",
        "dataSourceFormula": "any",
        "chipRuns": "any",
    },
    "RowData": {"values": "[CellData]"},
    "GridRange": dict.fromkeys(
        ("sheetId", "startRowIndex", "endRowIndex", "startColumnIndex", "endColumnIndex"), "int"
    ),
    "DataFilter": {"gridRange": "GridRange", "a1Range": "string", "developerMetadataLookup": "any"},
    "GetSpreadsheetByDataFilterRequest": {
        "dataFilters": "[DataFilter]",
        "includeGridData": "bool",
        "excludeTablesInBandedRanges": "bool",
    },
    "GridCoordinate": dict.fromkeys(("sheetId", "rowIndex", "columnIndex"), "int"),
    "DimensionRange": {"sheetId": "int", "dimension": "enum:Dimension", "startIndex": "int", "endIndex": "int"},
    "GridProperties": {
        "rowCount": "int",
        "columnCount": "int",
        "frozenRowCount": "int",
        "frozenColumnCount": "int",
        "hideGridlines": "bool",
        "rowGroupControlAfter": "bool",
        "columnGroupControlAfter": "bool",
    },
    "SheetProperties": {
        "sheetId": "int",
        "title": "string",
        "index": "int",
        "sheetType": "enum:SheetType",
        "gridProperties": "GridProperties",
        "hidden": "bool",
        "tabColor": "Color",
        "tabColorStyle": "ColorStyle",
        "rightToLeft": "bool",
        "dataSourceSheetProperties": "any",
    },
    "SpreadsheetProperties": {
        "title": "string",
        "locale": "string",
        "autoRecalc": "enum:RecalculationInterval",
        "timeZone": "string",
        "defaultFormat": "CellFormat",
        "iterativeCalculationSettings": "any",
        "spreadsheetTheme": "any",
        "importFunctionsExternalUrlAccessAllowed": "bool",
    },
    "DimensionProperties": {
        "hiddenByFilter": "bool",
        "hiddenByUser": "bool",
        "pixelSize": "int",
        "developerMetadata": "any",
        "dataSourceColumnReference": "any",
    },
    "Editors": {"users": "[string]", "groups": "[string]", "domainUsersCanEdit": "bool"},
    "ProtectedRange": {
        "protectedRangeId": "int",
        "range": "GridRange",
        "namedRangeId": "string",
        "tableId": "string",
        "description": "string",
        "warningOnly": "bool",
        "requestingUserCanEdit": "bool",
        "unprotectedRanges": "[GridRange]",
        "editors": "Editors",
    },
    "GridData": {
        "startRow": "int",
        "startColumn": "int",
        "rowData": "[RowData]",
        "rowMetadata": "[DimensionProperties]",
        "columnMetadata": "[DimensionProperties]",
    },
    "Sheet": {
        "properties": "SheetProperties",
        "data": "[GridData]",
        "merges": "[GridRange]",
        "protectedRanges": "[ProtectedRange]",
        **dict.fromkeys(
            (
                "conditionalFormats",
                "filterViews",
                "basicFilter",
                "charts",
                "bandedRanges",
                "developerMetadata",
                "rowGroups",
                "columnGroups",
                "slicers",
                "tables",
            ),
            "any",
        ),
    },
    "Spreadsheet": {
        "spreadsheetId": "string",
        "properties": "SpreadsheetProperties",
        "sheets": "[Sheet]",
        "spreadsheetUrl": "string",
        **dict.fromkeys(("namedRanges", "developerMetadata", "dataSources", "dataSourceSchedules"), "any"),
    },
    # Request bodies.
    "ValueRange": {"range": "string", "majorDimension": "enum:Dimension", "values": "values"},
    "BatchUpdateValuesRequest": {
        "valueInputOption": "enum:ValueInputOption",
        "data": "[ValueRange]",
        "includeValuesInResponse": "bool",
        "responseValueRenderOption": "enum:ValueRenderOption",
        "responseDateTimeRenderOption": "enum:DateTimeRenderOption",
    },
    "BatchClearValuesRequest": {"ranges": "[string]"},
    "ClearValuesRequest": {},
    "BatchUpdateSpreadsheetRequest": {
        "requests": "[Request]",
        "includeSpreadsheetInResponse": "bool",
        "responseRanges": "[string]",
        "responseIncludeGridData": "bool",
    },
}

# The batchUpdate request kinds the emulator carries out, and the shape of each.
REQUESTS: dict[str, dict[str, str]] = {
    "addSheet": {"properties": "SheetProperties"},
    "deleteSheet": {"sheetId": "int"},
    "duplicateSheet": {
        "sourceSheetId": "int",
        "insertSheetIndex": "int",
        "newSheetId": "int",
        "newSheetName": "string",
    },
    "updateSheetProperties": {"properties": "SheetProperties", "fields": "string"},
    "updateSpreadsheetProperties": {"properties": "SpreadsheetProperties", "fields": "string"},
    "updateCells": {"start": "GridCoordinate", "range": "GridRange", "rows": "[RowData]", "fields": "string"},
    "repeatCell": {"range": "GridRange", "cell": "CellData", "fields": "string"},
    "appendCells": {"sheetId": "int", "rows": "[RowData]", "fields": "string", "tableId": "string"},
    "appendDimension": {"sheetId": "int", "dimension": "enum:Dimension", "length": "int"},
    "insertDimension": {"range": "DimensionRange", "inheritFromBefore": "bool"},
    "deleteDimension": {"range": "DimensionRange"},
    "updateDimensionProperties": {
        "range": "DimensionRange",
        "dataSourceSheetRange": "any",
        "properties": "DimensionProperties",
        "fields": "string",
    },
    "autoResizeDimensions": {"dimensions": "DimensionRange", "dataSourceSheetDimensions": "any"},
    "setDataValidation": {"range": "GridRange", "rule": "DataValidationRule", "filteredRowsIncluded": "bool"},
    "addProtectedRange": {"protectedRange": "ProtectedRange"},
    "updateProtectedRange": {"protectedRange": "ProtectedRange", "fields": "string"},
    "deleteProtectedRange": {"protectedRangeId": "int"},
    "mergeCells": {"range": "GridRange", "mergeType": "enum:MergeType"},
    "unmergeCells": {"range": "GridRange"},
    "updateBorders": {
        "range": "GridRange",
        **dict.fromkeys(("top", "bottom", "left", "right", "innerHorizontal", "innerVertical"), "Border"),
    },
}

# Real request kinds the emulator does not carry out: answered with 501, unlike a typo (400).
NOT_EMULATED = {
    "addBanding",
    "addChart",
    "addConditionalFormatRule",
    "addDataSource",
    "addDimensionGroup",
    "addFilterView",
    "addNamedRange",
    "addSlicer",
    "addTable",
    "autoFill",
    "clearBasicFilter",
    "copyPaste",
    "createDeveloperMetadata",
    "cutPaste",
    "deleteBanding",
    "deleteConditionalFormatRule",
    "deleteDataSource",
    "deleteDeveloperMetadata",
    "deleteDimensionGroup",
    "deleteDuplicates",
    "deleteEmbeddedObject",
    "deleteFilterView",
    "deleteNamedRange",
    "deleteRange",
    "deleteTable",
    "duplicateFilterView",
    "findReplace",
    "insertRange",
    "moveDimension",
    "pasteData",
    "randomizeRange",
    "refreshDataSource",
    "setBasicFilter",
    "sortRange",
    "textToColumns",
    "trimWhitespace",
    "updateBanding",
    "updateChartSpec",
    "updateConditionalFormatRule",
    "updateDataSource",
    "updateDeveloperMetadata",
    "updateDimensionGroup",
    "updateEmbeddedObjectBorder",
    "updateEmbeddedObjectPosition",
    "updateFilterView",
    "updateNamedRange",
    "updateSlicerSpec",
    "updateTable",
}

_SCALAR_TYPES = {"int": "TYPE_INT32", "number": "TYPE_DOUBLE", "string": "TYPE_STRING", "bool": "TYPE_BOOL"}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def check(value, type_name: str, path: str = "") -> None:
    """Raise Google's 400 for the first thing in `value` that doesn't fit `type_name`."""
    if value is None or type_name == "any":  # JSON null means "not set"
        return
    if type_name.startswith("["):
        if not isinstance(value, list):
            raise _bad_value(path, type_name[1:-1], value)
        for i, item in enumerate(value):
            check(item, type_name[1:-1], f"{path}[{i}]")
    elif type_name == "values":
        _check_values(value, path)
    elif type_name.startswith("enum:"):
        if value not in ENUMS[type_name[5:]]:
            raise _bad_value(path, type_name, value)
    elif type_name in _SCALAR_TYPES:
        if not _scalar_ok(value, type_name):
            raise _bad_value(path, type_name, value)
    elif type_name == "Request":
        _check_request(value, path)
    else:
        _check_message(value, MESSAGES[type_name], type_name, path)


def _check_message(value, fields: dict, type_name: str, path: str) -> None:
    if not isinstance(value, dict):
        raise _bad_value(path, type_name, value)
    for key, item in value.items():
        if key not in fields:
            where = f" at '{path}'" if path else ""
            raise invalid(f'Invalid JSON payload received. Unknown name "{key}"{where}: Cannot find field.', field=path)
        check(item, fields[key], f"{path}.{snake(key)}" if path else snake(key))


def _check_request(value, path: str) -> None:
    if not isinstance(value, dict):
        raise _bad_value(path, "Request", value)
    kinds = [key for key, item in value.items() if item is not None]
    for kind in kinds:
        if kind not in REQUESTS and kind not in NOT_EMULATED:
            raise invalid(
                f"Invalid JSON payload received. Unknown name \"{kind}\" at '{path}': Cannot find field.",
                field=path,
            )
    if len(kinds) > 1:
        raise invalid(
            f"Invalid JSON payload received. Oneof field 'kind' is already set. Cannot set '{kinds[1]}'",
            field=path,
        )
    if not kinds:
        raise invalid(f"Invalid {path}: No request set.")
    if kinds[0] in REQUESTS:
        _check_message(value[kinds[0]], REQUESTS[kinds[0]], kinds[0], f"{path}.{snake(kinds[0])}")


def _check_values(value, path: str) -> None:
    if not isinstance(value, list):
        raise _bad_value(path, "ListValue", value)
    for r, row in enumerate(value):
        if not isinstance(row, list):
            raise _bad_value(f"{path}[{r}]", "ListValue", row)
        for c, item in enumerate(row):
            if isinstance(item, (dict, list)):
                kind = "struct_value" if isinstance(item, dict) else "list_value"
                raise invalid(f"Invalid values[{r}][{c}]: {kind} {json.dumps(item)}")


def _scalar_ok(value, type_name: str) -> bool:
    if isinstance(value, bool):
        return type_name == "bool"
    if type_name == "bool":
        return False
    if type_name == "string":
        return isinstance(value, (str, int, float))  # numbers are accepted and read as text
    if isinstance(value, str):  # proto3 JSON accepts numbers written as strings
        try:
            number = float(value)
        except ValueError:
            return False
    elif isinstance(value, (int, float)):
        number = value
    else:
        return False
    return type_name == "number" or float(number).is_integer()


def _bad_value(path: str, type_name: str, value) -> Exception:
    if type_name in _SCALAR_TYPES:
        proto = _SCALAR_TYPES[type_name]
    else:
        proto = f"type.googleapis.com/google.apps.sheets.v4.{type_name.removeprefix('enum:')}"
    shown = json.dumps(value) if not isinstance(value, str) else f'"{value}"'
    return invalid(f"Invalid value at '{path}' ({proto}), {shown}", field=path)


def mask_paths_exist(paths: list[tuple[str, ...]], type_name: str) -> tuple[str, ...] | None:
    """The first path of a field mask that names no field of `type_name`, or None if all do."""
    for path in paths:
        current = type_name
        for name in path:
            if name == "*" or current == "any":
                break
            current = current.strip("[]")
            fields = MESSAGES.get(current)
            if fields is None or name not in fields:
                return path
            current = fields[name]
    return None
