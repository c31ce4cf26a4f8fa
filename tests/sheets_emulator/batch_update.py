"""``spreadsheets.batchUpdate``: the structural and formatting requests.

Each request kind is one function ``(spreadsheet, payload, where) -> reply``; `where` is the
"requests[3].updateCells" prefix Google puts on its error messages. The whole batch runs on a
snapshot, so a failing request leaves the spreadsheet as it was.
"""

from __future__ import annotations

import copy
import random
import struct

from . import fieldmask
from .a1 import Span, span_from_grid_range
from .errors import ApiError, check_cell_text, invalid
from .request import ApiRequest
from .schema import NOT_EMULATED, check, mask_paths_exist
from .spreadsheets_api import properties_json, spreadsheet_json
from .store import Sheet, Spreadsheet, Store
from .validation_rules import check_rule

# Where Google keeps both a plain color and a ColorStyle, setting one sets the other.
_COLOR_TWINS = {
    "backgroundColor": "backgroundColorStyle",
    "foregroundColor": "foregroundColorStyle",
    "color": "colorStyle",
    "tabColor": "tabColorStyle",
}
_COLOR_KEYS = {*_COLOR_TWINS, "rgbColor"}
_STORED_CELL_KEYS = ("userEnteredValue", "userEnteredFormat", "note", "dataValidation", "hyperlink", "textFormatRuns")


def batch_update(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store).snapshot()
    body = req.body or {}
    check(body, "BatchUpdateSpreadsheetRequest")
    if not body.get("requests"):
        raise invalid("Must specify at least one request.")
    replies = []
    for i, request in enumerate(body["requests"]):
        kind = next(k for k, v in request.items() if v is not None)
        where = f"requests[{i}].{kind}"
        if kind in NOT_EMULATED:
            raise ApiError(501, f"Invalid {where}: the emulator does not carry out '{kind}' requests.")
        replies.append(HANDLERS[kind](spreadsheet, _without_nulls(request[kind]), where))
    store.commit(spreadsheet)
    reply = {"spreadsheetId": spreadsheet.id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        reply["updatedSpreadsheet"] = spreadsheet_json(
            spreadsheet, bool(body.get("responseIncludeGridData")), body.get("responseRanges") or []
        )
    return reply


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _mask(payload: dict, type_name: str, where: str) -> list[tuple[str, ...]]:
    fields = payload.get("fields")
    if not fields:
        raise invalid(f"Invalid {where}: At least one field must be specified in 'fields'.")
    try:
        paths = fieldmask.parse(fields)
    except fieldmask.MaskSyntaxError:
        raise invalid(f"Invalid {where}: Invalid field mask: '{fields}'") from None
    bad = mask_paths_exist(paths, type_name)
    if bad is not None:
        raise invalid(f"Invalid {where}: Invalid field mask: '{fields}'. Cannot find field '{'.'.join(bad)}'.")
    # A masked color brings its twin along, so the two never disagree.
    return paths + [(*p[:-1], _twin(p[-1])) for p in paths if _twin(p[-1])]


def _twin(name: str) -> str | None:
    for plain, style in _COLOR_TWINS.items():
        if name == plain:
            return style
        if name == style:
            return plain
    return None


def link_colors(value):
    """A copy where every color has its ColorStyle twin and every rgb ColorStyle its color, its
    components kept as Google keeps them: single-precision floats."""
    if isinstance(value, list):
        return [link_colors(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _components(v) if k in _COLOR_KEYS else link_colors(v) for k, v in value.items()}
    for plain, style in _COLOR_TWINS.items():
        if plain in out and style not in out:
            out[style] = {"rgbColor": copy.deepcopy(out[plain])}
        elif style in out and plain not in out and "rgbColor" in out[style]:
            out[plain] = copy.deepcopy(out[style]["rgbColor"])
    return out


def _components(color):
    """A Color with each float component as Google answers it: 0.9882353 for 252/255, not
    0.9882352941176471 (the shortest text of the nearest single-precision float)."""
    if not isinstance(color, dict):
        return color
    return {k: _single(v) if k in ("red", "green", "blue", "alpha") else link_colors(v) for k, v in color.items()}


def _single(x):
    if not isinstance(x, float):
        return x
    packed = struct.pack("<f", x)
    single = struct.unpack("<f", packed)[0]
    for digits in range(1, 10):
        shorter = float(f"{single:.{digits}g}")
        if struct.pack("<f", shorter) == packed:
            return shorter
    return x


def merge_cell(old: dict | None, incoming: dict, paths) -> dict | None:
    """A stored cell after a masked write of CellData `incoming` (already through link_colors)."""
    cell = fieldmask.apply_update(old or {}, incoming, paths)
    stored = {}
    for key in _STORED_CELL_KEYS:
        value = cell.get(key)
        if key in ("userEnteredFormat", "dataValidation"):
            value = _pruned(value)
        if value not in (None, "", {}, {"stringValue": ""}):  # an empty note or value is no note or value
            stored[key] = value
    return stored or None


def _pruned(value):
    """Without the empty dicts clearing nested fields leaves behind.

    An empty color is kept: it is black (all components zero), not "unset".
    """
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if isinstance(item, dict) and key not in _COLOR_KEYS:
            item = _pruned(item)
            if not item:
                continue
        out[key] = item
    return out


def _sheet(spreadsheet: Spreadsheet, sheet_id, where: str) -> Sheet:
    sheet = spreadsheet.sheet_by_id(sheet_id or 0)
    if sheet is None:
        raise invalid(f"Invalid {where}: No grid with id: {sheet_id or 0}")
    return sheet


def _dimension_range(spreadsheet: Spreadsheet, payload: dict, where: str) -> tuple[Sheet, str, int, int]:
    dim_range = payload.get("range") or payload.get("dimensions") or {}
    sheet = _sheet(spreadsheet, dim_range.get("sheetId"), where)
    dimension = dim_range.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise invalid(f"Invalid {where}: range.dimension must be ROWS or COLUMNS.")
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    start = dim_range.get("startIndex") or 0
    end = size if dim_range.get("endIndex") is None else dim_range["endIndex"]
    if start < 0 or end <= start:
        raise invalid(f"Invalid {where}: range.startIndex must be less than range.endIndex.")
    return sheet, dimension, start, end


# -- sheets ----------------------------------------------------------------------------------------


def add_sheet(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    props = copy.deepcopy(payload.get("properties") or {})
    title = props.pop("title", None)
    if title is None:
        n = len(spreadsheet.sheets) + 1
        while spreadsheet.sheet_by_title(f"Sheet{n}"):
            n += 1
        title = f"Sheet{n}"
    _check_title(spreadsheet, title, where)
    sheet_id = props.pop("sheetId", None)
    if sheet_id is not None and spreadsheet.sheet_by_id(sheet_id):
        raise invalid(f"Invalid {where}: A sheet with id {sheet_id} already exists.")
    grid = props.pop("gridProperties", {})
    index = props.pop("index", None)
    sheet = spreadsheet.add_sheet(
        title,
        grid.pop("rowCount", 1000),
        grid.pop("columnCount", 26),
        sheet_id,
        None if index is None else max(0, min(index, len(spreadsheet.sheets))),
    )
    sheet.properties["gridProperties"].update(grid)
    sheet.properties.update(link_colors(props))
    spreadsheet.check_cell_limit(where)
    return {"addSheet": {"properties": properties_json(sheet.properties)}}


def _check_title(spreadsheet: Spreadsheet, title: str, where: str, ignore: Sheet | None = None) -> None:
    if not title.strip():
        raise invalid(f"Invalid {where}: Sheet names cannot be empty.")
    other = spreadsheet.sheet_by_title(title)
    if other is not None and other is not ignore:
        raise invalid(f'Invalid {where}: A sheet with the name "{title}" already exists. Please enter another name.')


def delete_sheet(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet = _sheet(spreadsheet, payload.get("sheetId"), where)
    if len(spreadsheet.sheets) == 1:
        raise invalid(f"Invalid {where}: You can't remove all the sheets in a document.")
    spreadsheet.sheets.remove(sheet)
    spreadsheet.reindex()
    return {}


def duplicate_sheet(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    source = _sheet(spreadsheet, payload.get("sourceSheetId"), where)
    title = payload.get("newSheetName") or f"Copy of {source.title}"
    _check_title(spreadsheet, title, where)
    copied = source.copy()
    new_id = payload.get("newSheetId")
    if new_id is not None and spreadsheet.sheet_by_id(new_id):
        raise invalid(f"Invalid {where}: A sheet with id {new_id} already exists.")
    copied.properties.update(sheetId=spreadsheet.new_sheet_id() if new_id is None else new_id, title=title)
    index = payload.get("insertSheetIndex", spreadsheet.sheets.index(source) + 1)
    spreadsheet.sheets.insert(max(0, min(index, len(spreadsheet.sheets))), copied)
    spreadsheet.reindex()
    spreadsheet.check_cell_limit(where)
    return {"duplicateSheet": {"properties": properties_json(copied.properties)}}


def update_sheet_properties(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    props = payload.get("properties") or {}
    sheet = _sheet(spreadsheet, props.get("sheetId"), where)
    paths = _mask(payload, "SheetProperties", where)
    old = sheet.properties
    new = fieldmask.apply_update(old, link_colors(props), paths)
    new.update(sheetId=old["sheetId"], sheetType=old["sheetType"], index=new.get("index", old["index"]))
    new.setdefault("title", "")
    if new["title"] != old["title"]:
        _check_title(spreadsheet, new["title"], where, ignore=sheet)
    grid = new.setdefault("gridProperties", {})
    rows, cols = grid.get("rowCount", 0), grid.get("columnCount", 0)
    if rows < 1 or cols < 1:
        raise invalid(f"Invalid {where}: A sheet needs at least one row and one column.")
    if grid.get("frozenRowCount", 0) >= rows:
        raise invalid(f"Invalid {where}: You can't freeze all visible rows on the sheet.")
    if grid.get("frozenColumnCount", 0) >= cols:
        raise invalid(f"Invalid {where}: You can't freeze all visible columns on the sheet.")
    if new.get("hidden") and not any(not s.properties.get("hidden") for s in spreadsheet.sheets if s is not sheet):
        raise invalid(f"Invalid {where}: You can't hide all the sheets in a document.")
    sheet.properties = new
    sheet.resize(rows, cols)
    if new["index"] != old["index"]:
        spreadsheet.sheets.remove(sheet)
        spreadsheet.sheets.insert(max(0, min(new["index"], len(spreadsheet.sheets))), sheet)
        spreadsheet.reindex()
    spreadsheet.check_cell_limit(where)
    return {}


def update_spreadsheet_properties(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    paths = _mask(payload, "SpreadsheetProperties", where)
    spreadsheet.properties = fieldmask.apply_update(spreadsheet.properties, payload.get("properties") or {}, paths)
    return {}


# -- cells -----------------------------------------------------------------------------------------


def update_cells(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    paths = _mask(payload, "CellData", where)
    rows = payload.get("rows") or []
    if "range" in payload:
        sheet, span = spreadsheet.resolve_grid_range(payload["range"], where)
    else:
        start = payload.get("start") or {}
        sheet = _sheet(spreadsheet, start.get("sheetId"), where)
        row0, col0 = start.get("rowIndex") or 0, start.get("columnIndex") or 0
        span = Span(row0, sheet.row_count, col0, sheet.col_count)
    written = set()
    for i, row in enumerate(rows):
        for j, data in enumerate(row.get("values") or []):
            r, c = span.start_row + i, span.start_col + j
            if r >= span.end_row:
                raise invalid(
                    f"Invalid {where}: Attempting to write row: {r}, beyond the last requested row of: "
                    f"{span.end_row - 1}"
                )
            if c >= span.end_col:
                raise invalid(
                    f"Invalid {where}: Attempting to write column: {c}, beyond the last requested "
                    f"column of: {span.end_col - 1}"
                )
            check_cell_text(data.get("userEnteredValue"), where)
            sheet.set_cell(r, c, merge_cell(sheet.cells.get((r, c)), link_colors(data), paths))
            written.add((r, c))
    if "range" in payload:  # the rest of a given range has the masked fields cleared
        for key in sheet.keys_in(span):
            if key not in written:
                sheet.set_cell(*key, merge_cell(sheet.cells[key], {}, paths))
    return {}


def repeat_cell(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    paths = _mask(payload, "CellData", where)
    sheet, span = spreadsheet.resolve_grid_range(payload.get("range") or {}, where)
    data = link_colors(payload.get("cell") or {})
    check_cell_text(data.get("userEnteredValue"), where)
    for r, c in span.cells():
        sheet.set_cell(r, c, merge_cell(sheet.cells.get((r, c)), data, paths))
    return {}


def append_cells(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    paths = _mask(payload, "CellData", where)
    sheet = _sheet(spreadsheet, payload.get("sheetId"), where)
    rows = payload.get("rows") or []
    used = sheet.used()
    start = used.end_row if used else 0
    grid = sheet.properties["gridProperties"]
    grid["rowCount"] = max(grid["rowCount"], start + len(rows))
    grid["columnCount"] = max([grid["columnCount"], *(len(row.get("values") or []) for row in rows)])
    for i, row in enumerate(rows):
        for j, data in enumerate(row.get("values") or []):
            check_cell_text(data.get("userEnteredValue"), where)
            sheet.set_cell(start + i, j, merge_cell(sheet.cells.get((start + i, j)), link_colors(data), paths))
    spreadsheet.check_cell_limit(where)
    return {}


def set_data_validation(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, span = spreadsheet.resolve_grid_range(payload.get("range") or {}, where)
    rule = payload.get("rule")
    if rule:  # an empty rule clears validation
        check_rule(rule, spreadsheet, where)
    for r, c in span.cells():
        sheet.update_cell(r, c, dataValidation=copy.deepcopy(rule) if rule else None)
    return {}


def update_borders(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, span = spreadsheet.resolve_grid_range(payload.get("range") or {}, where)
    for r, c in span.cells():
        sides = {}
        if r == span.start_row:
            sides["top"] = payload.get("top")
        if r == span.end_row - 1:
            sides["bottom"] = payload.get("bottom")
        if c == span.start_col:
            sides["left"] = payload.get("left")
        if c == span.end_col - 1:
            sides["right"] = payload.get("right")
        inner_h, inner_v = payload.get("innerHorizontal"), payload.get("innerVertical")
        if inner_h and r > span.start_row:
            sides["top"] = inner_h
        if inner_h and r < span.end_row - 1:
            sides["bottom"] = inner_h
        if inner_v and c > span.start_col:
            sides["left"] = inner_v
        if inner_v and c < span.end_col - 1:
            sides["right"] = inner_v
        sides = {side: border for side, border in sides.items() if border is not None}
        if sides:
            old = sheet.cells.get((r, c)) or {}
            borders = dict((old.get("userEnteredFormat") or {}).get("borders") or {})
            for side, border in sides.items():
                if border.get("style") == "NONE":
                    borders.pop(side, None)
                else:
                    borders[side] = link_colors(border)
            incoming = {"userEnteredFormat": {"borders": borders}}
            sheet.set_cell(r, c, merge_cell(old, incoming, [("userEnteredFormat", "borders")]))
    return {}


def merge_cells(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, span = spreadsheet.resolve_grid_range(payload.get("range") or {}, where)
    merge_type = payload.get("mergeType", "MERGE_ALL")
    if merge_type == "MERGE_ROWS":
        parts = [Span(r, r + 1, span.start_col, span.end_col) for r in range(span.start_row, span.end_row)]
    elif merge_type == "MERGE_COLUMNS":
        parts = [Span(span.start_row, span.end_row, c, c + 1) for c in range(span.start_col, span.end_col)]
    else:
        parts = [span]
    # As Google does: merges wholly inside the new one give way to it; one that sticks out is a 400.
    sheet.merges = _merges_outside(sheet, span, where)
    for part in parts:
        sheet.merges.append(
            {
                "sheetId": sheet.id,
                "startRowIndex": part.start_row,
                "endRowIndex": part.end_row,
                "startColumnIndex": part.start_col,
                "endColumnIndex": part.end_col,
            }
        )
        for r, c in part.cells():  # merging keeps only the top-left value
            if (r, c) != (part.start_row, part.start_col) and (r, c) in sheet.cells:
                sheet.update_cell(r, c, userEnteredValue=None)
    return {}


def unmerge_cells(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, span = spreadsheet.resolve_grid_range(payload.get("range") or {}, where)
    sheet.merges = _merges_outside(sheet, span, where)
    return {}


def _merges_outside(sheet: Sheet, span: Span, where: str) -> list:
    """The sheet's merges that don't touch `span`; Google's 400 if one is only partly inside it."""
    kept = []
    for merge in sheet.merges:
        other = span_from_grid_range(merge)
        if not _overlaps(other, span):
            kept.append(merge)
        elif not _inside(other, span):
            raise invalid(f"Invalid {where}: You must select all cells in a merged range to merge or unmerge them.")
    return kept


def _inside(a: Span, b: Span) -> bool:
    return (
        b.start_row <= a.start_row and a.end_row <= b.end_row and b.start_col <= a.start_col and a.end_col <= b.end_col
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a.start_row < b.end_row and b.start_row < a.end_row and a.start_col < b.end_col and b.start_col < a.end_col


# -- rows and columns ------------------------------------------------------------------------------


def append_dimension(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet = _sheet(spreadsheet, payload.get("sheetId"), where)
    length = payload.get("length") or 0
    if length < 1:
        raise invalid(f"Invalid {where}: length must be at least 1.")
    key = "rowCount" if payload.get("dimension") == "ROWS" else "columnCount"
    if payload.get("dimension") not in ("ROWS", "COLUMNS"):
        raise invalid(f"Invalid {where}: dimension must be ROWS or COLUMNS.")
    sheet.properties["gridProperties"][key] += length
    spreadsheet.check_cell_limit(where)
    return {}


def insert_dimension(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, dimension, start, end = _dimension_range(spreadsheet, payload, where)
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    inherit = bool(payload.get("inheritFromBefore"))
    if start > size:
        raise invalid(f"Invalid {where}: range.startIndex ({start}) is after the end of the sheet ({size}).")
    if start == size and not inherit:
        raise invalid(f"Invalid {where}: inheritFromBefore must be true when inserting at the end of the sheet.")
    if start == 0 and inherit:
        raise invalid(f"Invalid {where}: inheritFromBefore cannot be true when inserting at the start of the sheet.")
    sheet.insert(dimension, start, end - start)
    spreadsheet.check_cell_limit(where)
    return {}


def delete_dimension(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, dimension, start, end = _dimension_range(spreadsheet, payload, where)
    size = sheet.row_count if dimension == "ROWS" else sheet.col_count
    if end > size:
        raise invalid(f"Invalid {where}: range.endIndex ({end}) is after the end of the sheet ({size}).")
    if start == 0 and end == size:
        raise invalid(f"Invalid {where}: You can't delete all the {dimension.lower()} on the sheet.")
    sheet.delete(dimension, start, end)
    return {}


def update_dimension_properties(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, dimension, start, end = _dimension_range(spreadsheet, payload, where)
    paths = _mask(payload, "DimensionProperties", where)
    meta = sheet.row_meta if dimension == "ROWS" else sheet.col_meta
    for i in range(start, end):
        meta[i] = fieldmask.apply_update(meta.get(i, {}), payload.get("properties") or {}, paths)
    return {}


def auto_resize_dimensions(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    _dimension_range(spreadsheet, payload, where)  # checked, but pixel sizes are not emulated
    return {}


# -- protection ------------------------------------------------------------------------------------


def add_protected_range(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    protected = copy.deepcopy(payload.get("protectedRange") or {})
    grid_range = protected.setdefault("range", {})
    sheet, _ = spreadsheet.resolve_grid_range(grid_range, where)
    grid_range["sheetId"] = sheet.id
    protected["protectedRangeId"] = random.randint(1, 2**31 - 1)
    protected["requestingUserCanEdit"] = True  # the owner can always edit
    if not protected.get("warningOnly"):
        protected.setdefault("editors", {})
    sheet.protected_ranges.append(protected)
    return {"addProtectedRange": {"protectedRange": copy.deepcopy(protected)}}


def _find_protected(spreadsheet: Spreadsheet, range_id, where: str) -> tuple[Sheet, dict]:
    for sheet in spreadsheet.sheets:
        for protected in sheet.protected_ranges:
            if protected["protectedRangeId"] == range_id:
                return sheet, protected
    raise invalid(f"Invalid {where}: No protected range with id: {range_id}")


def update_protected_range(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    given = payload.get("protectedRange") or {}
    sheet, protected = _find_protected(spreadsheet, given.get("protectedRangeId"), where)
    paths = _mask(payload, "ProtectedRange", where)
    updated = fieldmask.apply_update(protected, given, paths)
    updated["protectedRangeId"] = protected["protectedRangeId"]
    sheet.protected_ranges[sheet.protected_ranges.index(protected)] = updated
    return {}


def delete_protected_range(spreadsheet: Spreadsheet, payload: dict, where: str) -> dict:
    sheet, protected = _find_protected(spreadsheet, payload.get("protectedRangeId"), where)
    sheet.protected_ranges.remove(protected)
    return {}


HANDLERS = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "duplicateSheet": duplicate_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "updateCells": update_cells,
    "repeatCell": repeat_cell,
    "appendCells": append_cells,
    "setDataValidation": set_data_validation,
    "updateBorders": update_borders,
    "mergeCells": merge_cells,
    "unmergeCells": unmerge_cells,
    "appendDimension": append_dimension,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "updateDimensionProperties": update_dimension_properties,
    "autoResizeDimensions": auto_resize_dimensions,
    "addProtectedRange": add_protected_range,
    "updateProtectedRange": update_protected_range,
    "deleteProtectedRange": delete_protected_range,
}
