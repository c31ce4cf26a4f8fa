"""Any history of a problem coming and going on a cell, with the coordinator recolouring it
meanwhile, through real runs on both sources: a coordinator's note is never touched, the cell is
marked while the problem stands, and once fixed it has the coordinator's latest colour back and no
note of the tool's."""

from __future__ import annotations

import gspread
import pytest
from google.auth.credentials import AnonymousCredentials
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from kopienas.adapters.sources.gsheet.decor import color_of, color_token
from kopienas.adapters.sources.gsheet.http import sheets_session
from kopienas.core.ownership import MARK_FILL, TAG
from tests.helpers import (
    COMMUNITIES,
    INSTITUTIONS,
    activity,
    activity_rows,
    gsheet_config,
    make_workbook,
    sheet_tabs,
    write_config,
)

THEIR_NOTE = "Pārbaude: jāpārjautā skolai"
histories = st.fixed_dictionaries(
    {
        "note": st.sampled_from([None, THEIR_NOTE]),
        "fill": st.sampled_from([None, "#FFFF00"]),
        "steps": st.lists(st.tuples(st.booleans(), st.sampled_from([None, "#00B050", "#FFFF00", ""])), max_size=3),
    }
)
# Histories every run tries first: a colour under the mark, recoloured while marked, a note of theirs.
KEY_HISTORIES = [
    {"note": None, "fill": "#FFFF00", "steps": [(True, None)]},
    {"note": None, "fill": None, "steps": [(True, None), (True, "#00B050")]},
    {"note": THEIR_NOTE, "fill": None, "steps": [(True, None)]},
]
SLOW = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}


def _expect_marked(problem: bool, note: str | None, theirs: str | None, fill: str | None, coloured: bool) -> None:
    if theirs is not None:
        assert note == theirs
    elif problem:
        assert note is not None and note.startswith(TAG)
        assert fill == MARK_FILL
    else:
        assert note is None
    if problem and theirs is not None and not coloured:
        assert fill == MARK_FILL


# -- workbook ---------------------------------------------------------------------------------------
def _wb_state(path):
    cell = load_workbook(path)["Aktivitātes"]["K2"]
    fill = "#" + cell.fill.fgColor.rgb[-6:] if cell.fill is not None and cell.fill.fill_type == "solid" else None
    return (cell.comment.text if cell.comment else None), fill


def _wb_edit(path, total: int, fill: str | None = None, note: str | None = None) -> None:
    wb = load_workbook(path)
    cell = wb["Aktivitātes"]["K2"]
    cell.value = total
    if fill is not None:
        cell.fill = PatternFill("solid", fgColor="FF" + fill[1:]) if fill else PatternFill(fill_type=None)
    if note is not None:
        cell.comment = Comment(note, "Arvita")
    wb.save(path)


@pytest.mark.slow
@given(history=histories)
@example(history=KEY_HISTORIES[0])
@example(history=KEY_HISTORIES[1])
@example(history=KEY_HISTORIES[2])
@settings(max_examples=6, **SLOW)
def test_workbook_marks_follow_any_history(cli, tmp_path_factory, history):
    tmp = tmp_path_factory.mktemp("wb")
    tabs = {"Aktivitātes": activity_rows(activity()), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS}
    path = make_workbook(tmp / "wb.xlsx", tabs)
    cfg = write_config(tmp / "cfg", path)
    theirs, latest = history["note"], history["fill"]
    _wb_edit(path, 380, fill=latest or "", note=theirs)
    for problem, recolour in [*history["steps"], (False, None)]:
        _wb_edit(path, 381 if problem else 380, fill=recolour)
        if recolour is not None:
            latest = recolour or None
        cli("--config", cfg, "validate")
        note, fill = _wb_state(path)
        _expect_marked(problem, note, theirs, fill, coloured=latest is not None)
    assert _wb_state(path) == (theirs, latest)


# -- Google Sheet -----------------------------------------------------------------------------------
def _g_state(sheets, key):
    note = sheets.notes(key, "Aktivitātes").get((2, 11))
    return note, color_token(sheets.background(key, "Aktivitātes").get((2, 11))) or None


def _g_recolour(sheets, key, fill: str) -> None:
    """As a coordinator's own edit would: through the API, with gspread."""
    credentials = AnonymousCredentials()
    client = gspread.Client(auth=credentials, session=sheets_session(credentials, sheets.url))
    cell = {"userEnteredFormat": {"backgroundColor": color_of(fill)}} if fill else {}
    client.open_by_key(key).batch_update(
        {
            "requests": [
                {
                    "updateCells": {
                        "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 10},
                        "rows": [{"values": [cell]}],
                        "fields": "userEnteredFormat.backgroundColor",
                    }
                }
            ]
        }
    )


@given(history=histories)
@example(history=KEY_HISTORIES[0])
@example(history=KEY_HISTORIES[1])
@example(history=KEY_HISTORIES[2])
@settings(max_examples=6, **SLOW)
def test_google_marks_follow_any_history(cli, sheets, tmp_path_factory, history):
    tmp = tmp_path_factory.mktemp("g")
    rows = activity_rows(activity())
    theirs, latest = history["note"], history["fill"]
    spec = {"value": 380}
    if theirs:
        spec["note"] = theirs
    if latest:
        spec["background"] = color_of(latest)
    rows[1][10] = spec
    tabs = {"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS}
    key = sheets.create_spreadsheet("Historija", sheet_tabs(tabs), value_input_option="RAW")
    cfg = gsheet_config(tmp, key, sheets.url)
    for problem, recolour in [*history["steps"], (False, None)]:
        sheets.set_values(key, "Aktivitātes", "K2", [[381 if problem else 380]], value_input_option="RAW")
        if recolour is not None:
            _g_recolour(sheets, key, recolour)
            latest = recolour or None
        cli("--config", cfg, "validate")
        note, fill = _g_state(sheets, key)
        _expect_marked(problem, note, theirs, fill, coloured=latest is not None)
    assert _g_state(sheets, key) == (theirs, latest)
