"""``spreadsheets.values.*``: reading and writing plain values by A1 range."""

from __future__ import annotations

from .a1 import Span, col_letters, format_range
from .cellvalues import Evaluator, parse_input
from .errors import ApiError, cell_too_long, check_cell_text, invalid
from .request import ApiRequest
from .schema import check
from .store import Sheet, Spreadsheet, Store

# -- reading ---------------------------------------------------------------------------------------


def get(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store)
    return _value_range(spreadsheet, req.path["range"], req)


def batch_get(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store)
    body = {"spreadsheetId": spreadsheet.id}
    ranges = req.query.get("ranges", [])
    if ranges:
        body["valueRanges"] = [_value_range(spreadsheet, text, req) for text in ranges]
    return body


def _value_range(spreadsheet: Spreadsheet, text: str, req: ApiRequest) -> dict:
    major = req.enum("majorDimension", "Dimension", "ROWS")
    value_render = req.enum("valueRenderOption", "ValueRenderOption", "FORMATTED_VALUE")
    datetime_render = req.enum("dateTimeRenderOption", "DateTimeRenderOption", "SERIAL_NUMBER")
    sheet, span = spreadsheet.resolve(text)
    span = sheet.grid(span, text)
    return value_range_json(sheet, span, major, value_render, datetime_render)


def value_range_json(
    sheet: Sheet,
    span: Span,
    major: str = "ROWS",
    value_render: str = "FORMATTED_VALUE",
    datetime_render: str = "SERIAL_NUMBER",
) -> dict:
    body = {"range": format_range(sheet.title, span), "majorDimension": major}
    values = read(sheet, span, value_render, datetime_render, major)
    if values:  # Google leaves the key out for an empty range
        body["values"] = values
    return body


def read(
    sheet: Sheet,
    span: Span,
    value_render: str = "FORMATTED_VALUE",
    datetime_render: str = "SERIAL_NUMBER",
    major: str = "ROWS",
) -> list[list]:
    """The values in `span`, trimmed like Google: no trailing empty cells in a row, no trailing empty rows."""
    evaluator = Evaluator(sheet.cells)
    lines: dict[int, dict[int, object]] = {}
    for r, c in sheet.keys_in(span):
        if sheet.cells[(r, c)].get("userEnteredValue"):
            value = evaluator.render(r, c, value_render, datetime_render)
            if value != "":
                outer, inner = (
                    (r - span.start_row, c - span.start_col)
                    if major != "COLUMNS"
                    else (c - span.start_col, r - span.start_row)
                )
                lines.setdefault(outer, {})[inner] = value
    if not lines:
        return []
    return [
        [line.get(i, "") for i in range(max(line) + 1)] if (line := lines.get(outer)) else []
        for outer in range(max(lines) + 1)
    ]


# -- writing ---------------------------------------------------------------------------------------


def update(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store).snapshot()
    input_option = _input_option(req.one("valueInputOption"))
    body = req.body or {}
    check(body, "ValueRange")
    reply = _write_range(spreadsheet, req.path["range"], body, input_option, req)
    store.commit(spreadsheet)
    return reply


def batch_update(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store).snapshot()
    body = req.body or {}
    check(body, "BatchUpdateValuesRequest")
    input_option = _input_option(body.get("valueInputOption"))
    responses, rows, cols, sheets, cells = [], set(), set(), set(), 0
    for i, value_range in enumerate(body.get("data") or []):
        if not value_range.get("range"):
            raise invalid(f"Invalid data[{i}]: Missing range.")
        try:
            reply, touched = _write_range(
                spreadsheet, value_range["range"], value_range, input_option, body, with_touched=True
            )
        except ApiError as error:
            if error.message == cell_too_long().message:
                raise cell_too_long(f"data[{i}]") from None
            raise
        responses.append(reply)
        sheet_id, touched_rows, touched_cols = touched
        rows |= {(sheet_id, r) for r in touched_rows}
        cols |= {(sheet_id, c) for c in touched_cols}
        sheets.add(sheet_id)
        cells += reply.get("updatedCells", 0)
    store.commit(spreadsheet)
    reply = {"spreadsheetId": spreadsheet.id}
    if responses:
        reply.update(
            totalUpdatedRows=len(rows),
            totalUpdatedColumns=len(cols),
            totalUpdatedCells=cells,
            totalUpdatedSheets=len(sheets),
            responses=responses,
        )
    return reply


def append(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store).snapshot()
    input_option = _input_option(req.one("valueInputOption"))
    insert_option = req.enum("insertDataOption", "InsertDataOption", "OVERWRITE")
    body = req.body or {}
    check(body, "ValueRange")
    text = req.path["range"]
    sheet, span = spreadsheet.resolve(text)
    span = sheet.grid(span, text)
    matrix = _matrix(body)
    table = find_table(sheet, span)
    start_row, start_col = (table.end_row, table.start_col) if table else (span.start_row, span.start_col)
    height, width = len(matrix), max((len(row) for row in matrix), default=0)
    if insert_option == "INSERT_ROWS" and height:
        sheet.insert("ROWS", start_row, height)
    grid = sheet.properties["gridProperties"]
    # Appending past the end of the sheet adds the rows and columns it needs.
    grid["rowCount"] = max(grid["rowCount"], start_row + height)
    grid["columnCount"] = max(grid["columnCount"], start_col + width)
    spreadsheet.check_cell_limit("append")
    updates, _ = _write(spreadsheet, sheet, start_row, start_col, matrix, input_option, req, "response")
    store.commit(spreadsheet)
    reply = {"spreadsheetId": spreadsheet.id}
    if table:
        reply["tableRange"] = format_range(sheet.title, table)
    reply["updates"] = updates
    return reply


def clear(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store).snapshot()
    check(req.body or {}, "ClearValuesRequest")
    cleared = _clear(spreadsheet, req.path["range"])
    store.commit(spreadsheet)
    return {"spreadsheetId": spreadsheet.id, "clearedRange": cleared}


def batch_clear(store: Store, req: ApiRequest) -> dict:
    spreadsheet = req.spreadsheet(store).snapshot()
    body = req.body or {}
    check(body, "BatchClearValuesRequest")
    cleared = [_clear(spreadsheet, text) for text in body.get("ranges") or []]
    store.commit(spreadsheet)
    reply = {"spreadsheetId": spreadsheet.id}
    if cleared:
        reply["clearedRanges"] = cleared
    return reply


def _clear(spreadsheet: Spreadsheet, text: str) -> str:
    """Values go; formats, notes and validation stay, as in Google."""
    sheet, span = spreadsheet.resolve(text)
    span = sheet.grid(span, text)
    for r, c in sheet.keys_in(span):
        if "userEnteredValue" in sheet.cells[(r, c)]:
            sheet.update_cell(r, c, userEnteredValue=None)
    return format_range(sheet.title, span)


def _input_option(value: str | None) -> bool:
    """True for USER_ENTERED, False for RAW."""
    if not value:
        raise invalid("'valueInputOption' is required but not specified")
    if value not in ("RAW", "USER_ENTERED"):
        raise invalid(
            f"Invalid value at 'value_input_option' "
            f'(type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "{value}"'
        )
    return value == "USER_ENTERED"


def _matrix(body: dict) -> list[list]:
    rows = body.get("values") or []
    if body.get("majorDimension") == "COLUMNS":
        height = max((len(col) for col in rows), default=0)
        rows = [[col[i] if i < len(col) else None for col in rows] for i in range(height)]
    return rows


def _write_range(
    spreadsheet: Spreadsheet, text: str, body: dict, user_entered: bool, options, with_touched: bool = False
):
    sheet, span = spreadsheet.resolve(text)
    if body.get("range"):
        other_sheet, other_span = spreadsheet.resolve(body["range"])
        if (other_sheet.id, other_span) != (sheet.id, span):
            raise invalid(f"Requested range [{text}] does not match the range in the request body [{body['range']}].")
    bounded = sheet.grid(span, text)
    matrix = _matrix(body)
    height, width = len(matrix), max((len(row) for row in matrix), default=0)
    if span.is_cell:  # a single cell is where the values start; they may run on from it
        if height and width:
            Span(span.start_row, span.start_row + height, span.start_col, span.start_col + width).within(
                sheet.row_count, sheet.col_count, text
            )
    elif height > bounded.rows:
        raise invalid(
            f"Requested writing within range [{text}], but tried writing to row "
            f"[{bounded.start_row + bounded.rows + 1}]"
        )
    elif width > bounded.cols:
        raise invalid(
            f"Requested writing within range [{text}], but tried writing to column "
            f"[{col_letters(bounded.start_col + bounded.cols)}]"
        )
    reply, touched = _write(
        spreadsheet, sheet, bounded.start_row, bounded.start_col, matrix, user_entered, options, "response"
    )
    return (reply, touched) if with_touched else reply


def _write(
    spreadsheet: Spreadsheet,
    sheet: Sheet,
    row0: int,
    col0: int,
    matrix: list[list],
    user_entered: bool,
    options,
    render_prefix: str,
):
    """Write values from (row0, col0); None leaves a cell alone. Returns the UpdateValuesResponse."""
    rows, cols, count = set(), set(), 0
    for i, line in enumerate(matrix):
        for j, value in enumerate(line):
            if value is None:
                continue
            entered, number_format = parse_input(value, user_entered)
            check_cell_text(entered)
            r, c = row0 + i, col0 + j
            cell = sheet.cells.get((r, c), {})
            fmt = cell.get("userEnteredFormat")
            if number_format and not (fmt or {}).get("numberFormat"):
                fmt = {**(fmt or {}), "numberFormat": number_format}
            sheet.update_cell(r, c, userEnteredValue=entered, userEnteredFormat=fmt)
            rows.add(r)
            cols.add(c)
            count += 1
    height, width = len(matrix), max((len(line) for line in matrix), default=0)
    reply = {"spreadsheetId": spreadsheet.id}
    if height and width:
        written = Span(row0, row0 + height, col0, col0 + width)
        reply["updatedRange"] = format_range(sheet.title, written)
        if count:
            reply.update(updatedRows=len(rows), updatedColumns=len(cols), updatedCells=count)
        if _flag(options, "includeValuesInResponse"):
            render = _option(options, f"{render_prefix}ValueRenderOption") or "FORMATTED_VALUE"
            dt_render = _option(options, f"{render_prefix}DateTimeRenderOption") or "SERIAL_NUMBER"
            reply["updatedData"] = value_range_json(sheet, written, "ROWS", render, dt_render)
    else:
        reply["updatedRange"] = format_range(sheet.title, Span(row0, row0 + 1, col0, col0 + 1))
    return reply, (sheet.id, rows, cols)


def _option(options, name: str):
    """Options come from the query string (update, append) or from the body (batchUpdate)."""
    if isinstance(options, ApiRequest):
        return options.one(name)
    return options.get(name)


def _flag(options, name: str) -> bool:
    if isinstance(options, ApiRequest):
        return options.flag(name)
    return bool(options.get(name))


def find_table(sheet: Sheet, span: Span) -> Span | None:
    """The "table" values.append appends after, as Google finds it.

    Google takes the cells with values that touch (share an edge) as one table. In a range of several
    cells it picks the table holding the last filled cell, reading row by row; that is why a row
    with gaps makes later appends start further right (gspread issue #537). From a single cell it
    takes the table around that cell, however far it reaches.
    """
    filled = {key for key, cell in sheet.cells.items() if cell.get("userEnteredValue")}
    if span.is_cell:
        seed = (span.start_row, span.start_col)
        if seed not in filled:
            return None
        area = sheet.whole()
    else:
        inside = [k for k in filled if span.start_row <= k[0] < span.end_row and span.start_col <= k[1] < span.end_col]
        if not inside:
            return None
        seed, area = max(inside), span
    table, frontier = {seed}, [seed]
    while frontier:
        r, c = frontier.pop()
        for near in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if (
                near in filled
                and near not in table
                and area.start_row <= near[0] < area.end_row
                and area.start_col <= near[1] < area.end_col
            ):
                table.add(near)
                frontier.append(near)
    return Span(
        min(r for r, _ in table), max(r for r, _ in table) + 1, min(c for _, c in table), max(c for _, c in table) + 1
    )
