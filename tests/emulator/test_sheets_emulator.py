"""The Sheets emulator, driven the way production drives Google: through an unmodified gspread."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import gspread
import pytest
import requests
from google.auth.credentials import AnonymousCredentials
from gspread.exceptions import APIError
from hypothesis import given, settings
from hypothesis import strategies as st

from kopienas.adapters.sources.gsheet.http import sheets_session
from tests.sheets_emulator import SheetsEmulator
from tests.sheets_emulator.a1 import Span, format_range, parse_cells, split_sheet

LV = "Aktivitātes"


@pytest.fixture
def emu():
    with SheetsEmulator() as emulator:
        yield emulator
        assert emulator.errors == [], emulator.errors[0]


@pytest.fixture
def gc(emu) -> gspread.Client:
    credentials = AnonymousCredentials()
    return gspread.Client(auth=credentials, session=sheets_session(credentials, emu.url))


@pytest.fixture
def http(emu) -> requests.Session:
    """A raw session for checking the exact JSON of an answer."""
    return sheets_session(AnonymousCredentials(), emu.url)


SHEETS = "https://sheets.googleapis.com/v4/spreadsheets"


# -- opening -------------------------------------------------------------------------------------


def test_open_by_key_lists_worksheets_with_their_grid(emu, gc):
    sid = emu.create_spreadsheet("Kopienas", {LV: [["Datums", "Nosaukums"]], "Dalībnieki": []})
    spreadsheet = gc.open_by_key(sid)
    assert spreadsheet.title == "Kopienas"
    assert spreadsheet.locale == "en_US"
    assert [(w.title, w.index, w.row_count, w.col_count) for w in spreadsheet.worksheets()] == [
        (LV, 0, 1000, 26),
        ("Dalībnieki", 1, 1000, 26),
    ]
    assert spreadsheet.sheet1.id == 0
    assert spreadsheet.worksheet("Dalībnieki").id > 0


def test_missing_spreadsheet_is_googles_404(gc, http):
    with pytest.raises(gspread.SpreadsheetNotFound):
        gc.open_by_key("nope")
    response = http.get(f"{SHEETS}/nope")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }


def test_create_find_by_title_and_delete_through_drive(emu, gc):
    created = gc.create("Pārskats")
    assert emu.sheet_titles(created.id) == ["Sheet1"]
    assert gc.open("Pārskats").id == created.id
    assert [s.id for s in gc.openall("Pārskats")] == [created.id]
    assert created.creationTime.endswith("Z")
    with pytest.raises(gspread.SpreadsheetNotFound):
        gc.open("Nav tāda")
    gc.del_spreadsheet(created.id)
    assert emu.spreadsheet_ids() == []
    with pytest.raises(APIError) as err:
        gc.del_spreadsheet(created.id)
    assert err.value.code == 404
    assert err.value.error["errors"][0]["reason"] == "notFound"  # Drive's older error shape


def test_copy_keeps_the_values(emu, gc):
    sid = emu.create_spreadsheet("Avots", {"Sheet1": [["a", 1]]})
    copied = gc.copy(sid, title="Kopija")
    assert copied.title == "Kopija"
    assert emu.values(copied.id, "Sheet1") == [["a", "1"]]


# -- reading -------------------------------------------------------------------------------------


def test_get_all_values_is_trimmed_like_google(emu, gc):
    rows = [["A1", "B1", "", "D1"], ["", "b2", "", ""], ["", "", "", ""], ["A4", "B4", "", "D4"], ["", "", ""]]
    sid = emu.create_spreadsheet("t", {"Sheet1": rows})
    ws = gc.open_by_key(sid).sheet1
    assert ws.get_values() == [["A1", "B1", "", "D1"], ["", "b2", "", ""], ["", "", "", ""], ["A4", "B4", "", "D4"]]
    raw = gc.http_client.values_get(sid, "Sheet1")
    assert raw == {
        "range": "Sheet1!A1:Z1000",
        "majorDimension": "ROWS",
        "values": [["A1", "B1", "", "D1"], ["", "b2"], [], ["A4", "B4", "", "D4"]],
    }
    assert gc.http_client.values_get(sid, "Sheet1!F1:G2") == {"range": "Sheet1!F1:G2", "majorDimension": "ROWS"}


def test_user_entered_values_are_typed_like_en_us(emu, gc):
    row = ["=4/2", "2020-09-24", "9/24/2020", "24.09.2020", "TRUE", "0042", "'0042", "1,234.5", "13:45", "12%"]
    sid = emu.create_spreadsheet("t", {"Sheet1": [row]})
    ws = gc.open_by_key(sid).sheet1
    assert ws.row_values(1) == [
        "2",
        "2020-09-24",
        "9/24/2020",
        "24.09.2020",
        "TRUE",
        "42",
        "0042",
        "1,234.50",
        "1:45:00 PM",
        "12%",
    ]
    assert ws.row_values(1, value_render_option="UNFORMATTED_VALUE") == [
        2,
        44098,
        44098,
        "24.09.2020",
        True,
        42,
        "0042",
        1234.5,
        0.5729166666666666,
        0.12,
    ]
    assert ws.get("A1:C1", value_render_option="FORMULA", date_time_render_option="FORMATTED_STRING") == [
        ["=4/2", "2020-09-24", "9/24/2020"]
    ]


def test_raw_keeps_text_and_user_entered_evaluates_simple_formulas(emu, gc):
    sid = emu.create_spreadsheet("t")
    ws = gc.open_by_key(sid).sheet1
    ws.update([["2", "3", "=A1*B1"]], "A1", raw=True)
    ws.update([[2, 3, "=A2*B2", '=SUM(A2:B2)&" gab."', "=A2/0", "=VLOOKUP(1,A:B,2)"]], "A2", raw=False)
    assert emu.values(sid, "Sheet1") == [
        ["2", "3", "=A1*B1"],
        ["2", "3", "6", "5 gab.", "#DIV/0!", "=VLOOKUP(1,A:B,2)"],
    ]
    assert ws.acell("C2", value_render_option="FORMULA").value == "=A2*B2"


def test_batch_get_and_ranges_in_a1_notation(emu, gc):
    title = "Kopienu 'dati' 2024"
    sid = emu.create_spreadsheet("t", {title: [["h1", "h2", "h3"], ["a", "b", "c"], ["d", "e", "f"]]})
    spreadsheet = gc.open_by_key(sid)
    reply = spreadsheet.values_batch_get(
        ["'Kopienu ''dati'' 2024'!A:A", "'Kopienu ''dati'' 2024'!2:2", "'Kopienu ''dati'' 2024'!B2:B", "A1"]
    )
    quoted = "'Kopienu ''dati'' 2024'"
    assert [(r["range"], r.get("values")) for r in reply["valueRanges"]] == [
        (f"{quoted}!A1:A1000", [["h1"], ["a"], ["d"]]),
        (f"{quoted}!A2:Z2", [["a", "b", "c"]]),
        (f"{quoted}!B2:B1000", [["b"], ["e"]]),
        (f"{quoted}!A1", [["h1"]]),
    ]
    columns = spreadsheet.values_get(f"{quoted}!A1:B3", params={"majorDimension": "COLUMNS"})
    assert columns["values"] == [["h1", "a", "d"], ["h2", "b", "e"]]


def test_latvian_sheet_names_work_unquoted_and_url_encoded(emu, gc, http):
    sid = emu.create_spreadsheet("t", {LV: [["Datums"], ["2024-05-01"]]})
    assert gc.open_by_key(sid).worksheet(LV).col_values(1) == ["Datums", "2024-05-01"]
    response = http.get(f"{SHEETS}/{sid}/values/{LV}!A:A")
    assert response.json()["range"] == f"'{LV}'!A1:A1000"
    response = http.get(f"{SHEETS}/{sid}/values/%27{LV.lower()}%27%21A2")  # names match without case
    assert response.json()["values"] == [["2024-05-01"]]


# -- writing -------------------------------------------------------------------------------------


def test_update_reports_what_it_wrote(emu, gc):
    sid = emu.create_spreadsheet("t")
    ws = gc.open_by_key(sid).sheet1
    reply = ws.update([["a", "b", "c"], ["d", "", "f"]], "B2")
    assert reply == {
        "spreadsheetId": sid,
        "updatedRange": "Sheet1!B2:D3",
        "updatedRows": 2,
        "updatedColumns": 3,
        "updatedCells": 6,
    }
    assert emu.values(sid, "Sheet1") == [[], ["", "a", "b", "c"], ["", "d", "", "f"]]


def test_batch_update_counts_distinct_rows_and_columns(emu, gc):
    sid = emu.create_spreadsheet("t")
    ws = gc.open_by_key(sid).sheet1
    reply = ws.batch_update(
        [{"range": "A1:D1", "values": [["A1", "B1", "", "D1"]]}, {"range": "A4:D4", "values": [["A4", "B4", "", "D4"]]}]
    )
    assert (
        reply["totalUpdatedRows"],
        reply["totalUpdatedColumns"],
        reply["totalUpdatedCells"],
        reply["totalUpdatedSheets"],
    ) == (2, 4, 8, 1)
    assert ws.get("A1:D4") == [["A1", "B1", "", "D1"], [], [], ["A4", "B4", "", "D4"]]


def test_writing_outside_the_range_or_the_grid_is_refused(emu, gc):
    sid = emu.create_spreadsheet("t", row_count=10, column_count=3)
    ws = gc.open_by_key(sid).sheet1
    with pytest.raises(APIError) as err:
        ws.update([["a", "b", "c"]], "A1:B1")
    assert (
        err.value.error["message"] == "Requested writing within range ['Sheet1'!A1:B1], but tried writing to column [C]"
    )
    with pytest.raises(APIError) as err:
        ws.get("A11")
    assert err.value.error == {
        "code": 400,
        "status": "INVALID_ARGUMENT",
        "message": "Range ('Sheet1'!A11) exceeds grid limits. Max rows: 10, max columns: 3",
    }
    with pytest.raises(APIError) as err:
        ws.update([["x"], ["y"]], "A10")
    assert "exceeds grid limits" in err.value.error["message"]
    with pytest.raises(APIError) as err:
        gc.http_client.values_get(sid, "'Nav lapas'!A1")
    assert err.value.error["message"] == "Unable to parse range: 'Nav lapas'!A1"


def test_append_row_finds_the_table_like_google(emu, gc):
    sid = emu.create_spreadsheet("t", row_count=3, column_count=3)
    ws = gc.open_by_key(sid).sheet1
    first = ws.append_row(["a", "", "c"])
    assert "tableRange" not in first and first["updates"]["updatedRange"] == "Sheet1!A1:C1"
    second = ws.append_row(["a", "", "c"])  # the table is C1 alone (B1 is empty): Google goes right
    assert second["tableRange"] == "Sheet1!C1"
    assert second["updates"]["updatedRange"] == "Sheet1!C2:E2"
    third = ws.append_row(["x", "y"], table_range="A1")
    assert third["updates"]["updatedRange"] == "Sheet1!A2:B2"
    ws.append_rows([["r1"], ["r2"], ["r3"]], insert_data_option="INSERT_ROWS", table_range="A1")
    grid = emu.sheet_properties(sid, "Sheet1")["gridProperties"]
    assert (grid["rowCount"], grid["columnCount"]) == (6, 5)  # grew to hold what was appended
    assert emu.values(sid, "Sheet1") == [["a", "", "c"], ["x", "y", "a", "", "c"], ["r1"], ["r2"], ["r3"]]


def test_clear_keeps_notes_and_formats(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [[{"value": "a", "note": "piezīme", "background": {"red": 1}}, "b"]]})
    ws = gc.open_by_key(sid).sheet1
    assert ws.clear() == {"spreadsheetId": sid, "clearedRange": "Sheet1!A1:Z1000"}
    assert emu.values(sid, "Sheet1") == []
    assert emu.notes(sid, "Sheet1") == {(1, 1): "piezīme"}
    assert emu.background(sid, "Sheet1") == {(1, 1): {"red": 1}}
    ws.update([["x", "y"]], "A1")
    ws.batch_clear(["B1"])
    assert emu.values(sid, "Sheet1") == [["x"]]


# -- notes and formats ---------------------------------------------------------------------------


def test_notes_round_trip(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["a", "b"], ["c", "d"]]})
    ws = gc.open_by_key(sid).sheet1
    assert ws.get_note("A1") == ""
    ws.update_notes({"A1": "pirmā", "B2": "Nav datuma"})
    assert ws.get_note("B2") == "Nav datuma"
    assert ws.get_notes() == [["pirmā", ""], ["", "Nav datuma"]]
    assert emu.notes(sid, "Sheet1") == {(1, 1): "pirmā", (2, 2): "Nav datuma"}
    ws.clear_note("A1")
    assert emu.notes(sid, "Sheet1") == {(2, 2): "Nav datuma"}
    assert emu.values(sid, "Sheet1") == [["a", "b"], ["c", "d"]]  # notes never touch values


def test_format_sets_background_and_reads_back_with_a_field_mask(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["a", "b"]]})
    spreadsheet = gc.open_by_key(sid)
    spreadsheet.sheet1.format("A1:B1", {"backgroundColor": {"red": 1, "green": 0.8}, "textFormat": {"bold": True}})
    assert emu.background(sid, "Sheet1") == {(1, 1): {"red": 1, "green": 0.8}, (1, 2): {"red": 1, "green": 0.8}}
    meta = spreadsheet.fetch_sheet_metadata(
        {"ranges": "Sheet1!A1", "fields": "sheets.data.rowData.values.userEnteredFormat"}
    )
    assert meta == {
        "sheets": [
            {
                "data": [
                    {
                        "rowData": [
                            {
                                "values": [
                                    {
                                        "userEnteredFormat": {
                                            "backgroundColor": {"red": 1, "green": 0.8},
                                            "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 0.8}},
                                            "textFormat": {"bold": True},
                                        }
                                    }
                                ]
                            }
                        ]
                    }
                ]
            }
        ]
    }
    spreadsheet.sheet1.format("A1", {"backgroundColor": None})  # null in a mask clears the field
    assert emu.background(sid, "Sheet1") == {(1, 2): {"red": 1, "green": 0.8}}


def test_colors_come_back_in_single_precision_as_google_keeps_them(emu, gc):
    """Google stores a color's components as 32-bit floats: 66/255 reads back as 0.25882354 (as in
    the recorded spreadsheet theme), 252/255 as 0.9882353 — not the 17 digits that were sent."""
    sid = emu.create_spreadsheet("t", {"Sheet1": [["a"]]})
    gc.open_by_key(sid).sheet1.format("A1", {"backgroundColor": {"red": 252 / 255, "green": 66 / 255, "blue": 1}})
    assert emu.background(sid, "Sheet1") == {(1, 1): {"red": 0.9882353, "green": 0.25882354, "blue": 1}}


def test_grid_data_has_values_formats_and_metadata(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["", "x"], ["2020-01-01"]]}, row_count=3, column_count=2)
    meta = gc.open_by_key(sid).fetch_sheet_metadata({"includeGridData": "true", "ranges": "Sheet1!A1:B2"})
    data = meta["sheets"][0]["data"][0]
    first, second = data["rowData"]
    assert first["values"][0] == {}
    assert first["values"][1]["formattedValue"] == "x"
    assert second["values"][0]["effectiveValue"] == {"numberValue": 43831}
    assert second["values"][0]["userEnteredFormat"]["numberFormat"] == {"type": "DATE", "pattern": "yyyy-mm-dd"}
    assert data["rowMetadata"] == [{"pixelSize": 21}] * 2 and len(data["columnMetadata"]) == 2


def test_get_by_data_filter_answers_one_block_per_grid_range_under_the_fields_mask(emu, http):
    sid = emu.create_spreadsheet("t", {LV: [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]], "Cits": [["x"]]})
    emu.set_note(sid, LV, "B3", "piezīme")
    other = emu.sheet_properties(sid, "Cits")["sheetId"]
    body = {
        "dataFilters": [
            {"gridRange": {"startRowIndex": 2, "endRowIndex": 4}},
            {"gridRange": {"startRowIndex": 0, "endRowIndex": 1}},
            {"gridRange": {"sheetId": other, "startRowIndex": 0, "endRowIndex": 1}},
        ]
    }
    fields = "sheets.properties.title,sheets.data(startRow,startColumn,rowData.values(note))"
    answer = http.post(f"{SHEETS}/{sid}:getByDataFilter", params={"fields": fields}, json=body).json()
    assert answer == {
        "sheets": [
            {
                "properties": {"title": LV},
                "data": [
                    {"startRow": 2, "rowData": [{"values": [{}, {"note": "piezīme"}]}, {"values": [{}, {}]}]},
                    {"rowData": [{"values": [{}, {}]}]},
                ],
            },
            {"properties": {"title": "Cits"}, "data": [{"rowData": [{"values": [{}]}]}]},
        ]
    }
    refused = http.post(f"{SHEETS}/{sid}:getByDataFilter", json={"dataFilters": [{"gridRange": {"sheetId": 77}}]})
    assert refused.status_code == 400 and "No grid with id: 77" in refused.json()["error"]["message"]
    unknown = http.post(f"{SHEETS}/{sid}:getByDataFilter", json={"dataFilters": [{"range": "A1"}]})
    assert unknown.status_code == 400 and 'Unknown name "range"' in unknown.json()["error"]["message"]


# -- worksheets, rows and columns ----------------------------------------------------------------


def test_add_and_delete_worksheets(emu, gc):
    sid = emu.create_spreadsheet("t")
    spreadsheet = gc.open_by_key(sid)
    added = spreadsheet.add_worksheet(LV, rows=5, cols=3)
    assert (added.title, added.index, added.row_count, added.col_count) == (LV, 1, 5, 3)
    with pytest.raises(APIError) as err:
        spreadsheet.add_worksheet(LV.upper(), rows=5, cols=3)
    assert err.value.error["message"] == (
        f'Invalid requests[0].addSheet: A sheet with the name "{LV.upper()}" already exists. Please enter another name.'
    )
    spreadsheet.del_worksheet(spreadsheet.sheet1)
    with pytest.raises(APIError) as err:
        spreadsheet.del_worksheet(added)
    assert (
        err.value.error["message"] == "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document."
    )
    assert emu.sheet_titles(sid) == [LV]


def test_resize_freeze_and_rename(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["a", "b", "c"], ["d", "e", "f"]]})
    ws = gc.open_by_key(sid).sheet1
    ws.resize(rows=1, cols=2)
    assert emu.values(sid, "Sheet1") == [["a", "b"]]  # shrinking drops what falls outside
    ws.add_rows(9)
    ws.freeze(rows=1)
    ws.update_title("Jauns")
    props = emu.sheet_properties(sid, "Jauns")
    assert props["gridProperties"] == {"rowCount": 10, "columnCount": 2, "frozenRowCount": 1}
    with pytest.raises(APIError) as err:
        ws.freeze(rows=10)
    assert "You can't freeze all visible rows" in err.value.error["message"]


def test_insert_and_delete_rows_move_values_and_notes(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["1"], [{"value": "2", "note": "n"}], ["3"]]}, row_count=3)
    ws = gc.open_by_key(sid).sheet1
    ws.insert_rows([["new"]], row=2)
    assert ws.col_values(1) == ["1", "new", "2", "3"]
    assert emu.notes(sid, "Sheet1") == {(3, 1): "n"}
    ws.delete_rows(1, 2)
    assert ws.col_values(1) == ["2", "3"]
    assert emu.sheet_properties(sid, "Sheet1")["gridProperties"]["rowCount"] == 2


def test_validation_and_protected_ranges(emu, gc):
    sid = emu.create_spreadsheet("t")
    spreadsheet = gc.open_by_key(sid)
    ws = spreadsheet.sheet1
    ws.add_validation("C2:C3", gspread.utils.ValidationConditionType.one_of_list, ["Jā", "Nē"], showCustomUi=True)
    assert emu.cell(sid, "Sheet1", "C3")["dataValidation"]["condition"]["values"] == [
        {"userEnteredValue": "Jā"},
        {"userEnteredValue": "Nē"},
    ]
    ws.add_protected_range("A1:B1", editor_users_emails=["koordinators@example.lv"], description="galvene")
    [protected] = spreadsheet.list_protected_ranges(ws.id)
    assert protected["description"] == "galvene"
    assert protected["range"] == {  # sheetId 0 is the default, which Google leaves out
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 0,
        "endColumnIndex": 2,
    }
    ws.delete_protected_range(protected["protectedRangeId"])
    assert spreadsheet.list_protected_ranges(ws.id) == []


# -- request checking ----------------------------------------------------------------------------


def test_typos_in_requests_are_rejected_like_google(emu, gc, http):
    sid = emu.create_spreadsheet("t")
    spreadsheet = gc.open_by_key(sid)
    with pytest.raises(APIError) as err:
        spreadsheet.batch_update({"requests": [{"addSheet": {"properties": {"titel": "x"}}}]})
    assert err.value.code == 400
    assert err.value.error["message"] == (
        "Invalid JSON payload received. Unknown name \"titel\" at 'requests[0].add_sheet.properties': "
        "Cannot find field."
    )
    with pytest.raises(APIError) as err:
        spreadsheet.batch_update({"requests": [{"addSheets": {}}]})
    assert "Unknown name \"addSheets\" at 'requests[0]'" in err.value.error["message"]
    with pytest.raises(APIError) as err:
        spreadsheet.batch_update({"requests": [{"insertDimension": {"range": {"dimension": "ROW"}}}]})
    assert err.value.error["message"] == (
        "Invalid value at 'requests[0].insert_dimension.range.dimension' "
        '(type.googleapis.com/google.apps.sheets.v4.Dimension), "ROW"'
    )
    with pytest.raises(APIError) as err:
        spreadsheet.batch_update(
            {"requests": [{"repeatCell": {"range": {}, "cell": {}, "fields": "userEnteredFormt"}}]}
        )
    assert err.value.code == 400
    with pytest.raises(APIError) as err:
        spreadsheet.batch_update({"requests": [{"sortRange": {}}]})
    assert err.value.code == 501  # a real request kind the emulator doesn't carry out
    response = http.get(f"{SHEETS}/{sid}/values/A1", params={"valueRenderOptions": "FORMULA"})
    assert response.status_code == 400 and "Cannot bind query parameter" in response.json()["error"]["message"]
    response = http.get(f"{SHEETS}/{sid}", params={"fields": "sheets.propertes"})
    assert response.json()["error"]["message"] == (
        "Error expanding 'fields' parameter. Cannot find matching fields for path 'sheets.propertes'."
    )


def test_a_failing_request_leaves_the_whole_batch_unapplied(emu, gc):
    sid = emu.create_spreadsheet("t")
    spreadsheet = gc.open_by_key(sid)
    with pytest.raises(APIError):
        spreadsheet.batch_update(
            {"requests": [{"addSheet": {"properties": {"title": "jauna"}}}, {"deleteSheet": {"sheetId": 12345}}]}
        )
    assert emu.sheet_titles(sid) == ["Sheet1"]


# -- faults, latency and the call log ------------------------------------------------------------


def test_call_counts_by_endpoint(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["a"]]})
    ws = gc.open_by_key(sid).sheet1
    ws.get_all_values()
    ws.batch_get(["A1", "B1"])
    ws.batch_update([{"range": "A1", "values": [["b"]]}])
    ws.update_note("A1", "n")
    assert emu.call_counts() == {
        "spreadsheets.get": 2,
        "values.get": 1,
        "values.batchGet": 1,
        "values.batchUpdate": 1,
        "spreadsheets.batchUpdate": 1,
    }
    assert emu.calls[2] == ("GET", "values.get", f"/v4/spreadsheets/{sid}/values/'Sheet1'")
    emu.reset_calls()
    assert emu.call_counts() == {}


def test_fail_next_answers_with_googles_error_bodies(emu, gc, monkeypatch):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["a"]]})
    ws = gc.open_by_key(sid).sheet1
    emu.fail_next(1, status=429)
    with pytest.raises(APIError) as err:
        ws.get_all_values()
    assert err.value.code == 429 and err.value.error["status"] == "RESOURCE_EXHAUSTED"
    assert "Read requests per minute per user" in err.value.error["message"]
    emu.fail_next(1, status=500, kind="values.update")
    ws.get_all_values()  # a call of another kind is not affected
    with pytest.raises(APIError) as err:
        ws.update_acell("A1", "b")
    assert err.value.error == {"code": 500, "message": "Internal error encountered.", "status": "INTERNAL"}

    monkeypatch.setattr(gspread.http_client.time, "sleep", lambda seconds: None)
    retrying = gspread.Client(
        auth=None, session=sheets_session(AnonymousCredentials(), emu.url), http_client=gspread.BackOffHTTPClient
    )
    emu.fail_next(2, status=503)
    assert retrying.open_by_key(sid).sheet1.acell("A1").value == "a"


def test_dropped_connections_delays_and_latency(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["a"]]})
    ws = gc.open_by_key(sid).sheet1
    emu.drop_next_connection()
    with pytest.raises(requests.ConnectionError):
        ws.get_all_values()
    assert ws.get_all_values() == [["a"]]
    gc.set_timeout(0.2)
    emu.delay_next(1.0)
    with pytest.raises(requests.ReadTimeout):
        ws.get_all_values()
    gc.set_timeout(None)
    emu.latency = 0.1
    started = time.monotonic()
    ws.get_all_values()
    assert time.monotonic() - started >= 0.1


def test_a_coordinator_edit_between_two_calls(emu, gc):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["Nosaukums"], ["Talka"], ["Koncerts"]]})
    ws = gc.open_by_key(sid).sheet1
    assert ws.col_values(1) == ["Nosaukums", "Talka", "Koncerts"]
    emu.on_next_call(lambda: emu.insert_rows(sid, "Sheet1", 2, [["Jauna rinda"]]), kind="values.update")
    ws.update_acell("B3", "OK")  # meant for "Koncerts", which has moved to row 4
    assert emu.values(sid, "Sheet1") == [["Nosaukums"], ["Jauna rinda"], ["Talka", "OK"], ["Koncerts"]]
    emu.delete_row(sid, "Sheet1", 2)
    emu.rename_sheet(sid, "Sheet1", LV)
    with pytest.raises(APIError):
        ws.get_all_values()  # the client still uses the old title
    assert emu.values(sid, LV) == [["Nosaukums"], ["Talka", "OK"], ["Koncerts"]]


def test_concurrent_writers_lose_nothing(emu, gc):
    sid = emu.create_spreadsheet("t")
    ws = gc.open_by_key(sid).sheet1

    def write(n: int):
        for i in range(10):
            ws.update_acell(f"{'ABCD'[n]}{i + 1}", f"{n}-{i}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert emu.values(sid, "Sheet1") == [[f"{n}-{i}" for n in range(4)] for i in range(10)]


# -- the session and the command line ------------------------------------------------------------


class _Recorder(requests.adapters.BaseAdapter):
    def __init__(self):
        super().__init__()
        self.urls = []

    def send(self, request, **kwargs):
        self.urls.append(request.url)
        response = requests.Response()
        response.status_code, response._content, response.url = 200, b"{}", request.url
        return response

    def close(self):
        pass


@pytest.mark.parametrize(
    "base, expected",
    [
        (
            "http://127.0.0.1:9/",
            [
                "http://127.0.0.1:9/v4/spreadsheets/x?a=1",
                "http://127.0.0.1:9/drive/v3/files",
                "https://example.com/v4/spreadsheets",
            ],
        ),
        (
            None,
            [
                "https://sheets.googleapis.com/v4/spreadsheets/x?a=1",
                "https://www.googleapis.com/drive/v3/files",
                "https://example.com/v4/spreadsheets",
            ],
        ),
    ],
)
def test_sheets_session_rewrites_only_google_api_urls(base, expected):
    session = sheets_session(AnonymousCredentials(), base)
    recorder = _Recorder()
    session.mount("https://", recorder)
    session.mount("http://", recorder)
    session.get("https://sheets.googleapis.com/v4/spreadsheets/x", params={"a": 1})
    session.get("https://www.googleapis.com/drive/v3/files")
    session.get("https://example.com/v4/spreadsheets")
    assert recorder.urls == expected


def test_runs_standalone_from_the_command_line():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sheets_emulator", "--port", "0", "--title", "Demo"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url, spreadsheet_id = process.stdout.readline().strip(), process.stdout.readline().strip()
        reply = requests.get(f"{url}/v4/spreadsheets/{spreadsheet_id}", timeout=5).json()
        assert reply["properties"]["title"] == "Demo"
    finally:
        process.terminate()
        process.wait(timeout=5)


# -- A1 notation ---------------------------------------------------------------------------------


@given(st.integers(0, 2000), st.integers(1, 50), st.integers(0, 700), st.integers(1, 30))
def test_a1_ranges_round_trip(row, height, col, width):
    span = Span(row, row + height, col, col + width)
    assert parse_cells(span.a1()) == span


@given(st.text(min_size=1, max_size=20).filter(lambda t: "\x00" not in t))
def test_sheet_titles_round_trip_through_quoting(title):
    text = format_range(title, Span(0, 1, 0, 1))
    assert split_sheet(text) == (title, "A1")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="abcāčē 1=.-'", max_size=5), max_size=4), min_size=1, max_size=4))
def test_raw_values_read_back_as_written(rows):
    with SheetsEmulator() as emulator:
        sid = emulator.create_spreadsheet("t")
        session = sheets_session(AnonymousCredentials(), emulator.url)
        reply = session.put(f"{SHEETS}/{sid}/values/A1", params={"valueInputOption": "RAW"}, json={"values": rows})
        assert reply.status_code == 200
        expected = [list(r) for r in rows]
        for r in expected:
            while r and r[-1] == "":
                r.pop()
        while expected and not expected[-1]:
            expected.pop()
        got = session.get(f"{SHEETS}/{sid}/values/Sheet1").json().get("values", [])
        assert got == expected
