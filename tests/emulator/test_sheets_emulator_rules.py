"""The emulator refuses data validation rules Google refuses (see sheets_emulator/validation_rules.py)."""

from __future__ import annotations

import gspread
import pytest
from google.auth.credentials import AnonymousCredentials
from gspread.exceptions import APIError

from kopienas.adapters.sources.gsheet.http import sheets_session


@pytest.fixture
def spreadsheet(sheets):
    key = sheets.create_spreadsheet("t", {"Aktivitātes": [["Kopiena"]], "Kopienas": [["Kods", "Nosaukums"]]})
    credentials = AnonymousCredentials()
    return gspread.Client(auth=credentials, session=sheets_session(credentials, sheets.url)).open_by_key(key)


def set_rule(spreadsheet, condition, **rule):
    spreadsheet.batch_update(
        {
            "requests": [
                {
                    "setDataValidation": {
                        "range": {
                            "sheetId": 0,
                            "startRowIndex": 1,
                            "endRowIndex": 10,
                            "startColumnIndex": 0,
                            "endColumnIndex": 1,
                        },
                        "rule": {"condition": condition, **rule},
                    }
                }
            ]
        }
    )


@pytest.mark.parametrize(
    "condition",
    [
        {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "='Kopienas'!$B$2:$B$500"}]},
        {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "Plānota"}, {"userEnteredValue": "Atcelta"}]},
        {"type": "BOOLEAN"},
        {"type": "BOOLEAN", "values": [{"userEnteredValue": "Jā"}, {"userEnteredValue": "Nē"}]},
        {"type": "DATE_IS_VALID"},
        {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]},
        {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "=A2>0"}]},
    ],
)
def test_documented_rules_are_taken(sheets, spreadsheet, condition):
    set_rule(spreadsheet, condition, strict=False, showCustomUi=True)
    assert sheets.cell(spreadsheet.id, "Aktivitātes", "A10")["dataValidation"]["condition"] == condition


@pytest.mark.parametrize(
    "condition, says",
    [
        ({"type": "DATE_IS_VALID", "values": [{"userEnteredValue": "1"}]}, "exactly 0"),
        ({"type": "NUMBER_GREATER_THAN_EQ"}, "exactly 1"),
        ({"type": "NUMBER_BETWEEN", "values": [{"userEnteredValue": "1"}]}, "exactly 2"),
        ({"type": "ONE_OF_LIST", "values": []}, "at least 1"),
        ({"type": "BOOLEAN", "values": [{"userEnteredValue": v} for v in "abc"]}, "between 0 and 2"),
        ({"type": "BLANK"}, "Invalid ConditionType"),
        ({"type": "DATE_AFTER", "values": [{"relativeDate": "TODAY"}]}, "relativeDate"),
        ({"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "=Kopienas!A2:A"}]}, "Formulas are not supported"),
        ({"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "='Nav tādas'!A2:A"}]}, "not a valid range"),
        ({"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "A2>0"}]}, "must be a formula"),
    ],
)
def test_rules_google_refuses_are_400(sheets, spreadsheet, condition, says):
    with pytest.raises(APIError) as err:
        set_rule(spreadsheet, condition)
    assert err.value.code == 400 and says in err.value.error["message"]
    assert "dataValidation" not in sheets.cell(spreadsheet.id, "Aktivitātes", "A2")


def test_a_range_may_name_a_tab_added_earlier_in_the_same_batch(sheets, spreadsheet):
    spreadsheet.batch_update(
        {
            "requests": [
                {"addSheet": {"properties": {"sheetId": 7, "title": "Jaunā"}}},
                {
                    "setDataValidation": {
                        "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2},
                        "rule": {
                            "condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=Jaunā!A2:A"}]}
                        },
                    }
                },
            ]
        }
    )
    assert sheets.cell(spreadsheet.id, "Aktivitātes", "A2")["dataValidation"]["condition"]["type"] == "ONE_OF_RANGE"
