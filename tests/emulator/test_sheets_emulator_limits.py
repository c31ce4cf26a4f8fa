"""Google's hard limits, as the emulator enforces them: what Google refuses, the emulator refuses."""

from __future__ import annotations

import json

import gspread
import pytest
from google.auth.credentials import AnonymousCredentials
from gspread.exceptions import APIError

from kopienas.adapters.sources.gsheet.http import sheets_session
from tests.sheets_emulator import SheetsEmulator

SHEETS = "https://sheets.googleapis.com/v4/spreadsheets"
CELL_MESSAGE = "Your input contains more than the maximum of 50000 characters in a single cell."


@pytest.fixture(scope="module")
def emu():
    with SheetsEmulator() as emulator:
        yield emulator
        assert emulator.errors == [], emulator.errors[0]


@pytest.fixture
def http(emu):
    return sheets_session(AnonymousCredentials(), emu.url)


@pytest.fixture
def gc(emu) -> gspread.Client:
    credentials = AnonymousCredentials()
    return gspread.Client(auth=credentials, session=sheets_session(credentials, emu.url))


def batch(http, sid, *requests):
    return http.post(f"{SHEETS}/{sid}:batchUpdate", json={"requests": list(requests)})


def error(response) -> tuple[int, str]:
    body = response.json()["error"]
    return body["code"], body["message"]


def text_cell(text: str) -> dict:
    return {"userEnteredValue": {"stringValue": text}}


# -- 50,000 characters per cell ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["updateCells", "repeatCell", "appendCells"])
def test_a_cell_over_50000_characters_fails_the_whole_batch(emu, http, kind):
    sid = emu.create_spreadsheet("t", {"Sheet1": [["vecais"]]})
    long = "ā" * 50_001
    request = {
        "updateCells": {
            "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 0},
            "rows": [{"values": [text_cell(long)]}],
            "fields": "userEnteredValue",
        },
        "repeatCell": {
            "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 1},
            "cell": text_cell(long),
            "fields": "userEnteredValue",
        },
        "appendCells": {"sheetId": 0, "rows": [{"values": [text_cell(long)]}], "fields": "userEnteredValue"},
    }[kind]
    before = {"updateCells": {"start": {"sheetId": 0}, "rows": [{"values": [text_cell("jauns")]}], "fields": "*"}}
    response = batch(http, sid, before, {kind: request})
    assert error(response) == (400, f"Invalid requests[1].{kind}: {CELL_MESSAGE}")
    assert emu.values(sid, "Sheet1") == [["vecais"]]  # the first request did not happen either


def test_50000_characters_fit_in_a_cell(emu, http):
    sid = emu.create_spreadsheet("t")
    cell = {"start": {"sheetId": 0}, "rows": [{"values": [text_cell("x" * 50_000)]}], "fields": "userEnteredValue"}
    assert batch(http, sid, {"updateCells": cell}).status_code == 200
    assert len(emu.values(sid, "Sheet1")[0][0]) == 50_000


def test_the_values_api_refuses_a_long_cell_too(emu, gc, http):
    sid = emu.create_spreadsheet("t")
    with pytest.raises(APIError) as raised:
        gc.open_by_key(sid).sheet1.update([["x" * 50_001]], "A1")
    assert raised.value.response.json()["error"]["message"] == CELL_MESSAGE
    response = http.post(
        f"{SHEETS}/{sid}/values:batchUpdate",
        json={
            "valueInputOption": "RAW",
            "data": [{"range": "A1", "values": [["īss"]]}, {"range": "B1", "values": [["=" + "1" * 50_000]]}],
        },
    )
    assert error(response) == (400, f"Invalid data[1]: {CELL_MESSAGE}")
    assert emu.values(sid, "Sheet1") == []


# -- 10 MiB per request --------------------------------------------------------------------------


def test_a_request_over_10_mib_is_refused_before_anything_happens(emu, http):
    sid = emu.create_spreadsheet("t", row_count=2000)
    rows = [{"values": [text_cell("y" * 49_000)]} for _ in range(1000)]
    big = {"updateCells": {"start": {"sheetId": 0}, "rows": rows, "fields": "userEnteredValue"}}
    body = json.dumps({"requests": [big]}).encode()
    assert len(body) > 10 * 1024 * 1024
    response = http.post(f"{SHEETS}/{sid}:batchUpdate", data=body, headers={"Content-Type": "application/json"})
    assert response.json() == {
        "error": {
            "code": 400,
            "message": "Request payload size exceeds the limit: 10485760 bytes.",
            "status": "INVALID_ARGUMENT",
        }
    }
    assert emu.values(sid, "Sheet1") == []
    half = {"updateCells": {"start": {"sheetId": 0}, "rows": rows[:200], "fields": "userEnteredValue"}}
    assert batch(http, sid, half).status_code == 200  # ~9.4 MiB: accepted


# -- defaults are left out of answers (proto3 JSON) ----------------------------------------------


def test_default_values_are_left_out_of_answers(emu, http):
    sid = emu.create_spreadsheet("t", {"Sheet1": [], "Otra": []})
    props = {"sheetId": 0, "hidden": False, "rightToLeft": False, "gridProperties": {"frozenRowCount": 0}}
    fields = "hidden,rightToLeft,gridProperties.frozenRowCount"
    assert batch(http, sid, {"updateSheetProperties": {"properties": props, "fields": fields}}).status_code == 200
    merge = {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2}
    assert batch(http, sid, {"mergeCells": {"range": merge, "mergeType": "MERGE_ALL"}}).status_code == 200
    body = http.get(f"{SHEETS}/{sid}", params={"ranges": "Sheet1!A1:B2", "includeGridData": "true"}).json()
    sheet = body["sheets"][0]
    assert sheet["properties"] == {
        "sheetId": 0,
        "title": "Sheet1",
        "index": 0,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26},
    }
    # A merge on sheet 0 as recorded from Google: no `sheetId`, the indexes kept even when 0.
    assert sheet["merges"] == [{"startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2}]
    assert sheet["data"][0]["rowMetadata"] == [{"pixelSize": 21}, {"pixelSize": 21}]
    frozen = {"sheetId": 0, "gridProperties": {"frozenRowCount": 1}}
    batch(http, sid, {"updateSheetProperties": {"properties": frozen, "fields": "gridProperties.frozenRowCount"}})
    assert emu.sheet_properties(sid, "Sheet1")["gridProperties"]["frozenRowCount"] == 1
    answered = http.get(f"{SHEETS}/{sid}").json()["sheets"][0]["properties"]["gridProperties"]
    assert answered == {"rowCount": 1000, "columnCount": 26, "frozenRowCount": 1}


# -- the last visible sheet ----------------------------------------------------------------------


def test_the_last_visible_sheet_cannot_be_hidden(emu, http):
    sid = emu.create_spreadsheet("t", {"Sheet1": [], "Otra": []})
    other = emu.sheet_properties(sid, "Otra")["sheetId"]

    def hide(sheet_id):
        props = {"sheetId": sheet_id, "hidden": True}
        return batch(http, sid, {"updateSheetProperties": {"properties": props, "fields": "hidden"}})

    assert hide(other).status_code == 200
    assert error(hide(0)) == (
        400,
        "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document.",
    )
    assert not emu.sheet_properties(sid, "Sheet1").get("hidden")
    assert http.get(f"{SHEETS}/{sid}").json()["sheets"][1]["properties"]["hidden"] is True


# -- merging over a merge ------------------------------------------------------------------------


def grid(r0, r1, c0, c1):
    return {"sheetId": 0, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def merges(http, sid):
    return http.get(f"{SHEETS}/{sid}").json()["sheets"][0].get("merges", [])


def test_a_merge_over_merges_inside_it_replaces_them_as_google_does(emu, http):
    # The sequence of gspread's recorded CellTest.test_merge_cells against Google: MERGE_ROWS over
    # A1:B2 makes two merges; MERGE_ALL over A1:B2 then succeeds and leaves the one merge A1:B2.
    sid = emu.create_spreadsheet("t", {"Sheet1": [[42, 43], [43, 44]]})
    assert batch(http, sid, {"mergeCells": {"mergeType": "MERGE_ROWS", "range": grid(0, 2, 0, 2)}}).status_code == 200
    assert merges(http, sid) == [
        {"startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2},
        {"startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2},
    ]
    response = batch(http, sid, {"mergeCells": {"mergeType": "MERGE_ALL", "range": grid(0, 2, 0, 2)}})
    assert response.json() == {"spreadsheetId": sid, "replies": [{}]}
    assert merges(http, sid) == [{"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 2}]
    assert emu.values(sid, "Sheet1") == [["42"]]  # only the top-left value survives a merge


def test_a_merge_or_unmerge_cutting_through_a_merge_is_refused(emu, http):
    sid = emu.create_spreadsheet("t")
    batch(http, sid, {"mergeCells": {"mergeType": "MERGE_ALL", "range": grid(0, 2, 0, 2)}})
    message = "You must select all cells in a merged range to merge or unmerge them."
    response = batch(http, sid, {"mergeCells": {"mergeType": "MERGE_ALL", "range": grid(1, 3, 1, 3)}})
    assert error(response) == (400, f"Invalid requests[0].mergeCells: {message}")
    response = batch(http, sid, {"unmergeCells": {"range": grid(0, 1, 0, 2)}})
    assert error(response) == (400, f"Invalid requests[0].unmergeCells: {message}")
    assert len(merges(http, sid)) == 1
    assert batch(http, sid, {"unmergeCells": {"range": grid(0, 5, 0, 5)}}).status_code == 200
    assert merges(http, sid) == []
