"""``spreadsheets.get`` and ``spreadsheets.create``, and the Spreadsheet JSON both return."""

from __future__ import annotations

import copy

from . import fieldmask
from .a1 import Span
from .cellvalues import Evaluator
from .errors import invalid
from .request import ApiRequest
from .schema import check, mask_paths_exist
from .store import COLUMN_PIXELS, DEFAULT_COLS, DEFAULT_FORMAT, DEFAULT_ROWS, ROW_PIXELS, Sheet, Spreadsheet, Store


def get(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store)
    include_grid = req.flag("includeGridData")
    mask = None
    if req.one("fields"):
        paths = response_mask(req.one("fields"), "Spreadsheet")
        mask = fieldmask.tree(paths)
        # With a field mask Google ignores includeGridData and returns grid data if the mask asks for it.
        include_grid = _wants_grid_data(mask)
    cell_keys = _masked_cell_keys(mask) if mask else None
    body = spreadsheet_json(spreadsheet, include_grid, req.query.get("ranges", []), cell_keys)
    return fieldmask.project(body, mask) if mask else body


def get_by_data_filter(store: Store, req: ApiRequest) -> dict:
    """`spreadsheets.getByDataFilter`: `spreadsheets.get` with the ranges in the body (a `gridRange`
    or an `a1Range` per filter), one GridData per filter in the order given; the `fields` mask
    stays a query parameter and, when set, decides whether grid data comes (as with `get`)."""
    spreadsheet = req.spreadsheet(store)
    body = req.body or {}
    check(body, "GetSpreadsheetByDataFilterRequest")
    include_grid = bool(body.get("includeGridData"))
    mask = None
    if req.one("fields"):
        mask = fieldmask.tree(response_mask(req.one("fields"), "Spreadsheet"))
        include_grid = _wants_grid_data(mask)
    spans = [_filtered(spreadsheet, f, i) for i, f in enumerate(body.get("dataFilters") or [])]
    cell_keys = _masked_cell_keys(mask) if mask else None
    out = spreadsheet_json(spreadsheet, include_grid, spans, cell_keys)
    return fieldmask.project(out, mask) if mask else out


def _filtered(spreadsheet: Spreadsheet, data_filter: dict, i: int) -> tuple[Sheet, Span]:
    if "developerMetadataLookup" in data_filter:
        raise invalid(f"Invalid dataFilters[{i}]: developer metadata lookups are not emulated")
    if "gridRange" in data_filter:
        return spreadsheet.resolve_grid_range(data_filter["gridRange"], f"dataFilters[{i}]")
    if "a1Range" in data_filter:
        sheet, span = spreadsheet.resolve(data_filter["a1Range"])
        return sheet, sheet.grid(span, data_filter["a1Range"])
    raise invalid(f"Invalid dataFilters[{i}]: A DataFilter must specify a filter.")


def create(store: Store, req: ApiRequest) -> dict:
    body = req.body or {}
    check(body, "Spreadsheet")
    properties = body.get("properties") or {}
    spreadsheet = store.create(properties.get("title") or "Untitled spreadsheet", first_sheet=None)
    spreadsheet.properties.update({k: v for k, v in properties.items() if v is not None})
    for i, sheet in enumerate(body.get("sheets") or [{}]):
        props = sheet.get("properties") or {}
        grid = props.get("gridProperties") or {}
        added = spreadsheet.add_sheet(
            props.get("title") or f"Sheet{i + 1}",
            grid.get("rowCount") or DEFAULT_ROWS,
            grid.get("columnCount") or DEFAULT_COLS,
            sheet_id=props.get("sheetId", 0 if i == 0 else None),
        )
        added.properties["gridProperties"].update({k: v for k, v in grid.items() if v is not None})
    return spreadsheet_json(spreadsheet, False, [])


def response_mask(fields: str, type_name: str) -> list[tuple[str, ...]]:
    try:
        paths = fieldmask.parse(fields)
    except fieldmask.MaskSyntaxError:
        raise invalid(f"Invalid field selection {fields}") from None
    bad = mask_paths_exist(paths, type_name)
    if bad is not None:
        raise invalid(f"Error expanding 'fields' parameter. Cannot find matching fields for path '{'.'.join(bad)}'.")
    return paths


def _masked_cell_keys(mask: dict) -> set[str] | None:
    """The CellData fields a mask asks for, so only those are computed (None: all of them)."""
    node = mask
    for name in ("sheets", "data", "rowData", "values"):
        if "*" in node or node.get(name) is None:
            return None if ("*" in node or node == {}) else set()
        node = node[name]
        if node == {}:
            return None
    return None if "*" in node else set(node)


def _wants_grid_data(mask: dict) -> bool:
    if "*" in mask:
        return True
    sheets = mask.get("sheets")
    return sheets is not None and (sheets == {} or "*" in sheets or "data" in sheets)


def spreadsheet_json(
    spreadsheet: Spreadsheet,
    include_grid: bool,
    ranges: list[str] | list[tuple[Sheet, Span]],
    cell_keys: set[str] | None = None,
) -> dict:
    if ranges:
        # Ranges narrow the answer to the sheets they touch, with one data block per range.
        blocks: dict[int, list[Span]] = {}
        for item in ranges:
            if isinstance(item, str):
                sheet, span = spreadsheet.resolve(item)
                span = sheet.grid(span, item)
            else:
                sheet, span = item
            blocks.setdefault(sheet.id, []).append(span)
        sheets = [s for s in spreadsheet.sheets if s.id in blocks]
    else:
        sheets = spreadsheet.sheets
        blocks = {s.id: [s.whole()] for s in sheets}
    return {
        "spreadsheetId": spreadsheet.id,
        "properties": copy.deepcopy(spreadsheet.properties),
        "sheets": [
            sheet_json(s, [grid_data(s, span, cell_keys) for span in blocks[s.id]] if include_grid else None)
            for s in sheets
        ],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet.id}/edit",
    }


# Fields Google leaves out of its answers when they hold their default (proto3 JSON): a client
# reading `gridProperties.frozenRowCount` or `hidden` must treat "absent" as 0 / false.
_DEFAULT_SHEET_FIELDS = {"hidden": False, "rightToLeft": False}
_DEFAULT_GRID_FIELDS = {
    "frozenRowCount": 0,
    "frozenColumnCount": 0,
    "hideGridlines": False,
    "rowGroupControlAfter": False,
    "columnGroupControlAfter": False,
}
_DEFAULT_DIMENSION_FIELDS = {"hiddenByUser": False, "hiddenByFilter": False}


def _without(body: dict, defaults: dict) -> dict:
    return {k: v for k, v in body.items() if not (k in defaults and v == defaults[k] and type(v) is type(defaults[k]))}


def properties_json(properties: dict) -> dict:
    """SheetProperties as Google answers them: default values left out."""
    body = _without(copy.deepcopy(properties), _DEFAULT_SHEET_FIELDS)
    if "gridProperties" in body:
        body["gridProperties"] = _without(body["gridProperties"], _DEFAULT_GRID_FIELDS)
    return body


def grid_range_json(grid_range: dict) -> dict:
    """A GridRange as Google answers it: `sheetId` 0 is left out (the indexes are kept, even at 0)."""
    body = copy.deepcopy(grid_range)
    if body.get("sheetId") == 0:
        del body["sheetId"]
    return body


def sheet_json(sheet: Sheet, data: list | None) -> dict:
    body = {"properties": properties_json(sheet.properties)}
    if data is not None:
        body["data"] = data
    if sheet.merges:
        body["merges"] = [grid_range_json(m) for m in sheet.merges]
    if sheet.protected_ranges:
        body["protectedRanges"] = [
            {**_without(copy.deepcopy(p), {"warningOnly": False}), "range": grid_range_json(p.get("range", {}))}
            for p in sheet.protected_ranges
        ]
    return body


def grid_data(sheet: Sheet, span: Span, cell_keys: set[str] | None = None) -> dict:
    """GridData as Google sends it: rowData trimmed of trailing empties (absent if all empty),
    metadata for every row and column of the span, start offsets only when not zero."""
    evaluator = Evaluator(sheet.cells)
    body: dict = {}
    if span.start_row:
        body["startRow"] = span.start_row
    if span.start_col:
        body["startColumn"] = span.start_col
    by_row: dict[int, list[int]] = {}
    for r, c in sheet.keys_in(span):
        by_row.setdefault(r - span.start_row, []).append(c - span.start_col)
    if by_row:
        # Rows and cells run up to the last stored (so non-empty) one. A field mask may empty some
        # CellData, but, as with Google's masks, they keep their place in the lists.
        body["rowData"] = [
            {
                "values": [
                    cell_json(sheet, evaluator, span.start_row + i, span.start_col + j, cell_keys)
                    for j in range(max(by_row[i]) + 1)
                ]
            }
            if i in by_row
            else {}
            for i in range(max(by_row) + 1)
        ]
    body["rowMetadata"] = [
        _without({"pixelSize": ROW_PIXELS, **sheet.row_meta.get(r, {})}, _DEFAULT_DIMENSION_FIELDS)
        for r in range(span.start_row, span.end_row)
    ]
    body["columnMetadata"] = [
        _without({"pixelSize": COLUMN_PIXELS, **sheet.col_meta.get(c, {})}, _DEFAULT_DIMENSION_FIELDS)
        for c in range(span.start_col, span.end_col)
    ]
    return body


def cell_json(sheet: Sheet, evaluator: Evaluator, row: int, col: int, keys: set[str] | None = None) -> dict:
    """CellData for one cell; with `keys`, only those fields (the rest would be masked away anyway)."""
    cell = sheet.cells.get((row, col))
    if not cell:
        return {}
    wanted = (lambda key: True) if keys is None else keys.__contains__
    entered, fmt = cell.get("userEnteredValue"), cell.get("userEnteredFormat")
    body = {}
    if entered and wanted("userEnteredValue"):
        body["userEnteredValue"] = _copy(entered)
    if entered and wanted("effectiveValue"):
        body["effectiveValue"] = evaluator.extended_value(row, col)
    if entered and wanted("formattedValue"):
        body["formattedValue"] = evaluator.render(row, col)
    if fmt and wanted("userEnteredFormat"):
        body["userEnteredFormat"] = _copy(fmt)
    if (entered or fmt) and wanted("effectiveFormat"):
        body["effectiveFormat"] = {**_merged(DEFAULT_FORMAT, fmt or {}), "hyperlinkDisplayType": "PLAIN_TEXT"}
    for key in ("note", "dataValidation", "hyperlink", "textFormatRuns"):
        if key in cell and wanted(key):
            body[key] = _copy(cell[key])
    return body


def _merged(base: dict, override: dict) -> dict:
    out = {key: _copy(value) for key, value in base.items()}
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = _copy(value)
    return out


def _copy(value):
    """A copy of a JSON value; several times faster than copy.deepcopy, which matters for big grids."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
