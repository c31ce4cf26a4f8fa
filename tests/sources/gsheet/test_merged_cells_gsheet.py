"""A coordinator's merge over a tool cell on a Google Sheet, through gspread over HTTP to the local
emulator: kept, as in a workbook (`tests/config/test_settings_door.py`) — the hidden cell gets no
verdict, note or colour, and the run says which cell and how to see its result."""

from __future__ import annotations

from kopienas.core.cells import column_letter
from tests.helpers import (
    ACTIVITY_HEADERS,
    activity,
    activity_rows,
    google_sheet,
    gsheet_config,
)

CHECK_COL = len(ACTIVITY_HEADERS) + 1  # `Pārbaude`, right of the coordinator's columns
HELD = f"{column_letter(CHECK_COL)}3"


def _merged_sheet(sheets) -> str:
    """Row 2 valid, row 3 with a problem, and the coordinator's last cell of row 3 merged over the
    tool's `Pārbaude` cell beside it."""
    rows = activity_rows(activity(), activity(id="DGP-2020-08", total=1))
    rows[0] = [*ACTIVITY_HEADERS, "Pārbaude"]
    key = google_sheet(sheets, rows)
    sheets.merge(key, "Aktivitātes", f"{column_letter(CHECK_COL - 1)}3:{HELD}")
    return key


def test_a_coordinators_merge_over_a_tool_cell_is_kept(cli, sheets, tmp_path):
    key = _merged_sheet(sheets)
    before = sheets.merges(key, "Aktivitātes")

    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")

    assert result.exit_code == 1, result.output
    assert sheets.merges(key, "Aktivitātes") == before
    values = sheets.values(key, "Aktivitātes")
    assert values[1][CHECK_COL - 1] == "Labi"
    assert len(values[2]) < CHECK_COL or values[2][CHECK_COL - 1] == ""  # nothing written under the merge
    assert (3, CHECK_COL) not in sheets.notes(key, "Aktivitātes")
    assert f"Šūna {HELD} ir apvienota ar citām; rīks tajā neko neraksta" in result.output


def test_a_pass_after_it_sends_nothing_for_the_hidden_cell(cli, sheets, tmp_path):
    cfg = gsheet_config(tmp_path, _merged_sheet(sheets), sheets.url)
    assert cli("--config", cfg, "validate").exit_code == 1
    sheets.reset_calls()

    again = cli("--config", cfg, "validate")

    assert again.exit_code == 1, again.output
    assert "spreadsheets.batchUpdate" not in sheets.call_counts()
    assert f"Šūna {HELD} ir apvienota ar citām" in again.output
