"""`kopienas init`: the pure planner with plain values, then both sources end to end."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from kopienas.config import load_config
from kopienas.core import contract
from kopienas.core.sheet_setup import ExampleRefused, TabState, plan_setup
from tests.helpers import SAMPLE, gsheet_config, make_workbook, sheet_rows_from_workbook, write_config

ACT = [c.header for c in contract.ACTIVITIES.columns if not c.optional]
# Optional, yet offered by `init` with its dropdown, at the right: “Veids” (the article kind).
OFFERED = [c.header for c in contract.ACTIVITIES.columns if c.offered]
TOOLS = [c.header for c in contract.TOOL_COLUMNS]
COMMUNITIES = [c.header for c in contract.COMMUNITIES.columns]
INSTITUTIONS = [c.header for c in contract.INSTITUTIONS.columns]
PARTNERS = [c.header for c in contract.PARTNERS.columns]
GREY = {"red": 0.906, "green": 0.902, "blue": 0.902}


@pytest.fixture
def config(tmp_path):
    return load_config(write_config(tmp_path / "cfg", tmp_path / "wb.xlsx"))


def complete(title, headers, **kw):
    """A tab that already has every column and all the help."""
    n = len(headers)
    everything = frozenset(range(n))
    return TabState(
        title,
        tuple(headers),
        width=n,
        row_count=1000,
        frozen_rows=1,
        noted=everything,
        validated=everything,
        protected=everything,
        **kw,
    )


# -- the planner, with plain values -------------------------------------------------------------


def test_an_empty_spreadsheet_gets_every_tab_with_help(config):
    plan = plan_setup([TabState("Sheet1")], config.sheet)
    assert [(t.title, t.create) for t in plan.tabs] == [
        ("Aktivitātes", True),
        ("Kopienas", True),
        ("Iestādes", True),
        ("Partneri", True),
    ]
    act = plan.tabs[0]
    assert [h for _, h in act.added] == ACT + TOOLS + OFFERED
    assert act.freeze and len(act.notes) == 20 and act.protect == (17, 18)
    rules = {act.headers[c]: r for c, r in act.rules}
    assert rules["Statuss"].values == ("Plānota", "Notikusi", "Atcelta")
    assert rules["Relīze"].kind == "checkbox" and rules["Sākums"].kind == "date" and rules["Kopā"].kind == "count"
    assert rules["Kopiena"].source.a1() == "'Kopienas'!$B$2:$B$500"
    assert {plan.tabs[3].headers[c]: r.kind for c, r in plan.tabs[3].rules} == {"Valoda": "list", "Aktīvs": "checkbox"}
    assert dict(act.widths)[1] == 40  # Nosaukums


def test_only_what_is_missing_is_planned(config):
    # Coordinators' order, an extra column and a column of unheaded notes at K; Kopienas has its
    # names in column A; some help is already there (theirs or ours).
    header = ["Statuss", "Nosaukums", "Piezīmes", *[h for h in ACT if h not in ("Statuss", "Nosaukums", "Relīze")]]
    activities = TabState(
        "aktivitātes",
        tuple(header),
        width=len(header) + 1,
        row_count=40,
        data_rows=12,
        frozen_rows=1,
        noted=frozenset({1}),
        validated=frozenset({0}),
    )
    communities = complete("Kopienas", ["Nosaukums", "Kods", "Resursu centrs", "Koordinators", "E-pasts"])
    plan = plan_setup([activities, communities], config.sheet)
    act, kop = plan.tabs[0], plan.tabs[1]
    assert act.title == "aktivitātes" and not act.create and not act.freeze
    width = len(header) + 1
    assert act.added == (
        (width, "Relīze"),
        (width + 1, "Pārbaude"),
        (width + 2, "Relīzes melnraksts"),
        (width + 3, "Veids"),
    )
    assert {c for c, _ in act.notes} == set(range(len(header) + 5)) - {1, 2, len(header)}  # not Nosaukums, extras
    ruled = {act.headers[c] for c, _ in act.rules}
    assert "Statuss" not in ruled and {"Relīze", "Kopiena", "Sākums"} <= ruled
    assert dict((act.headers[c], r) for c, r in act.rules)["Kopiena"].source.a1() == "'Kopienas'!$A$2:$A$500"
    assert act.protect == (width + 1, width + 2) and act.last_row == 1000
    assert not kop.changes and plan.tabs[2].create


def test_a_complete_spreadsheet_plans_nothing(config):
    tabs = [
        complete("Aktivitātes", ACT + TOOLS + OFFERED, data_rows=3),
        complete("Kopienas", COMMUNITIES),
        complete("Iestādes", INSTITUTIONS),
        complete("Partneri", PARTNERS),
        TabState("Kopsavilkums"),
    ]
    assert plan_setup(tabs, config.sheet).empty


def test_configured_headers_and_a_title_line_above_them(tmp_path):
    cfg = load_config(
        write_config(
            tmp_path / "cfg",
            tmp_path / "wb.xlsx",
            '[tabs]\nactivities = "Activities"\n[headers.activities]\nstatus = "Status"\n',
        )
    )
    header = [h for h in ACT if h != "Statuss"]
    state = TabState("Activities", tuple(header), header_row=3, width=len(header), row_count=50, frozen_rows=0)
    act = plan_setup([state], cfg.sheet).tabs[0]
    assert act.header_row == 3 and act.freeze and act.added[0] == (len(header), "Status")


def test_the_example_goes_only_into_an_empty_spreadsheet(config):
    header = ["Statuss", *[h for h in ACT if h != "Statuss"]]
    plan = plan_setup([TabState("Aktivitātes", tuple(header), width=len(header))], config.sheet, example=True)
    first = plan.tabs[0].example[0]
    assert first[0] == "Notikusi" and first[1] == "DGP-2020-01"  # placed by the tab's own columns
    assert None in plan.tabs[0].example  # the blank row the sample leaves between entries
    with pytest.raises(ExampleRefused, match="jau ir dati"):
        plan_setup([TabState("Kopienas", tuple(COMMUNITIES), width=5, data_rows=1)], config.sheet, example=True)


# -- the workbook -------------------------------------------------------------------------------


def cells_of(path):
    """Every cell with a value: its value and look, by tab and coordinate."""
    wb = load_workbook(path)
    return {
        (ws.title, c.coordinate): (c.value, c.font.b, c.fill.fgColor.rgb, c.number_format)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def validations(ws):
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_init_on_an_empty_workbook(cli, tmp_path):
    path = tmp_path / "tukša.xlsx"
    Workbook().save(path)
    result = cli("--config", write_config(tmp_path / "cfg", path), "init")
    assert result.exit_code == 0, result.output
    assert "Izveidota lapa “Aktivitātes”" in result.output
    wb = load_workbook(path)
    assert wb.sheetnames == ["Sheet", "Aktivitātes", "Kopienas", "Iestādes", "Partneri"]  # nothing removed
    ws = wb["Aktivitātes"]
    assert [c.value for c in ws[1]] == ACT + TOOLS + OFFERED and all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    dvs = validations(ws)
    assert dvs["P2:P1000"].formula1 == '"Plānota,Notikusi,Atcelta"'
    assert dvs["Q2:Q1000"].formula1 == '"Jā,Nē"'  # Relīze: no checkbox in xlsx
    assert dvs["C2:C1000"].formula1 == "Kopienu_nosaukumi"
    assert wb.defined_names["Kopienu_nosaukumi"].attr_text == "'Kopienas'!$B$2:$B$500"
    assert (dvs["D2:D1000"].type, dvs["I2:I1000"].type, dvs["I2:I1000"].formula1) == ("date", "whole", "0")
    assert {dv.errorStyle for dv in dvs.values()} == {"warning"}
    assert ws["A1"].comment.author == "kopienas" and "DGP-2020-07" in ws["A1"].comment.text
    assert "Nerakstiet" in ws["R1"].comment.text and ws["R1"].fill.fgColor.rgb == "FFE7E6E6"
    assert ws.column_dimensions["B"].width == 40 and ws.column_dimensions["R"].width == 48
    assert str(validations(wb["Partneri"])["E2:E1000"].formula1) == '"Jā,Nē"'


def test_init_then_validate_on_a_new_workbook(cli, tmp_path):
    cfg = write_config(tmp_path / "cfg", tmp_path / "jauna" / "aktivitates.xlsx")
    first = cli("--config", cfg, "init")
    assert first.exit_code == 0 and "(jauna)" in first.output
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 0, result.output
    assert "Visas rindas ir kārtībā" in result.output
    ws = load_workbook(tmp_path / "jauna" / "aktivitates.xlsx")["Aktivitātes"]
    assert len(ws.data_validations.dataValidation) == 9  # a save by validate keeps the typing help


def coordinators_workbook(path):
    """The sample, as a coordinator may have changed it: other column order, an extra column, their
    own dropdown on Kopiena and their own note on Nosaukums."""
    sample = load_workbook(SAMPLE, data_only=True)
    tabs = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in sample.worksheets}
    rows = tabs["Aktivitātes"]
    order = [ACT.index(h) for h in ["Statuss", "Nosaukums", "ID"]] + [
        i for i, h in enumerate(ACT) if h not in ("Statuss", "Nosaukums", "ID")
    ]
    tabs["Aktivitātes"] = [
        [r[i] if i < len(r) else None for i in order] + [x]
        for r, x in zip(rows, ["Piezīmes", "zvanīt Arvitai"] + [None] * (len(rows) - 2), strict=False)
    ]
    make_workbook(path, tabs)
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    ws["B1"].comment = Comment("Koordinatores piezīme", "Anna")
    own = DataValidation(type="list", formula1='"DGP,PRE"')
    own.add("D2:D50")  # Kopiena, now in column D
    ws.add_data_validation(own)
    wb.save(path)
    return path


def test_init_on_a_coordinators_workbook_changes_only_what_is_missing(cli, tmp_path):
    path = coordinators_workbook(tmp_path / "wb.xlsx")
    before = cells_of(path)
    cfg = write_config(tmp_path / "cfg", path)
    result = cli("--config", cfg, "init")
    assert result.exit_code == 0, result.output
    after = cells_of(path)
    assert {k: after[k] for k in before} == before  # every existing cell as it was
    assert sorted(set(after) - set(before)) == [("Aktivitātes", "S1"), ("Aktivitātes", "T1"), ("Aktivitātes", "U1")]
    ws = load_workbook(path)["Aktivitātes"]
    assert [ws["R1"].value, ws["S1"].value, ws["T1"].value] == ["Piezīmes", "Pārbaude", "Relīzes melnraksts"]
    assert ws["B1"].comment.text == "Koordinatores piezīme"  # theirs kept
    assert ws["R1"].comment is None  # their extra column is none of the tool's business
    dvs = validations(ws)
    assert [dv.formula1 for dv in dvs.values() if "D2" in dv.sqref] == ['"DGP,PRE"']  # theirs, not doubled
    assert dvs["A2:A1000"].formula1 == '"Plānota,Notikusi,Atcelta"'  # Statuss where it now is
    assert "Nekas nav jāmaina" in cli("--config", cfg, "init").output
    assert cli("--config", cfg, "validate").exit_code == 1  # the sample's mistakes, found as before


def test_a_second_run_changes_nothing(cli, sample_copy, tmp_path):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    assert (
        "pievienotas kolonnas labajā pusē: Pārbaude, Relīzes melnraksts, Veids" in cli("--config", cfg, "init").output
    )
    saved = sample_copy.read_bytes()
    result = cli("--config", cfg, "init")
    assert result.exit_code == 0 and "Nekas nav jāmaina" in result.output
    assert sample_copy.read_bytes() == saved  # not even saved again


def report(cli, cfg) -> dict:
    result = cli("--config", cfg, "validate", "--format", "json")
    data = json.loads(result.output)
    del data["source"], data["written_to"]
    # The sample workbook predates the optional “Veids” column that `init` offers.
    for tab in data.get("columns", []):
        tab["columns"] = [c for c in tab["columns"] if c["field"] != "kind"]
    return data


def test_the_example_in_an_empty_workbook_validates_like_the_sample(cli, sample_copy, tmp_path):
    cfg = write_config(tmp_path / "cfg", tmp_path / "piemērs.xlsx")
    result = cli("--config", cfg, "init", "--example")
    assert result.exit_code == 0 and "Aktivitātes” ierakstīts piemērs: 16 rindas" in result.output
    ws = load_workbook(tmp_path / "piemērs.xlsx")["Aktivitātes"]
    assert ws["D5"].value == datetime(2020, 9, 24) and ws["D5"].number_format == "DD.MM.YYYY"
    assert report(cli, cfg) == report(cli, write_config(tmp_path / "sample", sample_copy))


def test_the_example_is_refused_where_there_are_rows(cli, sample_copy, tmp_path):
    before = cells_of(sample_copy)
    result = cli("--config", write_config(tmp_path / "cfg", sample_copy), "init", "--example")
    assert result.exit_code == 2 and "jau ir dati (16 rindas)" in result.output
    assert cells_of(sample_copy) == before


# -- the Google Sheet ---------------------------------------------------------------------------


def test_init_on_an_empty_google_sheet(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet("Tukša")
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "init")
    assert result.exit_code == 0, result.output
    assert "kopīgotai (rediģētājs) ar (no service account: local API)" in result.output
    assert sheets.call_counts() == {"spreadsheets.get": 1, "spreadsheets.batchUpdate": 1}
    assert sheets.sheet_titles(key) == ["Sheet1", "Aktivitātes", "Kopienas", "Iestādes", "Partneri"]
    assert sheets.values(key, "Aktivitātes") == [ACT + TOOLS + OFFERED]
    for tab in ("Aktivitātes", "Kopienas", "Iestādes", "Partneri"):
        assert sheets.sheet_properties(key, tab)["gridProperties"]["frozenRowCount"] == 1
    assert sheets.cell(key, "Aktivitātes", "A1")["userEnteredFormat"]["textFormat"]["bold"] is True

    def rule(a1, tab="Aktivitātes"):
        return sheets.cell(key, tab, a1)["dataValidation"]

    assert rule("C2")["condition"] == {
        "type": "ONE_OF_RANGE",
        "values": [{"userEnteredValue": "='Kopienas'!$B$2:$B$500"}],
    }
    assert rule("P1000")["condition"]["values"] == [{"userEnteredValue": v} for v in ("Plānota", "Notikusi", "Atcelta")]
    assert rule("Q2")["condition"] == {
        "type": "BOOLEAN",
        "values": [{"userEnteredValue": "Jā"}, {"userEnteredValue": "Nē"}],
    }
    assert rule("E2")["condition"] == {"type": "DATE_IS_VALID"}
    assert rule("K2")["condition"] == {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]}
    assert rule("E2", "Partneri")["condition"]["type"] == "BOOLEAN"
    assert all(rule(a1)["strict"] is False for a1 in ("C2", "D2", "I2", "P2", "Q2"))
    assert rule("C2")["showCustomUi"] is True and "dataValidation" not in sheets.cell(key, "Aktivitātes", "A2")

    notes = sheets.notes(key, "Aktivitātes")
    assert len(notes) == 20 and notes[(1, 3)].startswith("Kopiena no lapas") and "Nerakstiet" in notes[(1, 18)]
    protected = sheets.protected_ranges(key, "Aktivitātes")
    assert [(p["range"]["startColumnIndex"], p["warningOnly"]) for p in protected] == [(17, True), (18, True)]
    assert "nerakstiet" in protected[0]["description"] and "endRowIndex" not in protected[0]["range"]
    grey = sheets.background(key, "Aktivitātes")
    assert grey[(1, 18)] == grey[(1000, 19)] == GREY and (1, 17) not in grey
    assert sheets.column_pixels(key, "Aktivitātes")[2] == 280  # Nosaukums, 40 characters


def test_a_second_init_on_google_makes_no_write(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet("Tukša")
    cfg = gsheet_config(tmp_path, key, sheets.url)
    cli("--config", cfg, "init")
    sheets.reset_calls()
    result = cli("--config", cfg, "init")
    assert result.exit_code == 0 and "Nekas nav jāmaina" in result.output
    assert sheets.call_counts() == {"spreadsheets.get": 1}


def test_init_on_a_google_sheet_in_use_changes_only_what_is_missing(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet(
        "Sample", sheet_rows_from_workbook(SAMPLE), value_input_option="RAW", row_count=30, column_count=len(ACT)
    )  # a grid the new columns don't fit
    sheets.set_note(key, "Aktivitātes", "B1", "Koordinatores piezīme")
    before = {t: sheets.values(key, t) for t in sheets.sheet_titles(key)}
    cfg = gsheet_config(tmp_path, key, sheets.url)
    result = cli("--config", cfg, "init")
    assert result.exit_code == 0, result.output
    after = {t: sheets.values(key, t) for t in sheets.sheet_titles(key)}
    width = len(ACT)
    assert after["Aktivitātes"][0] == ACT + TOOLS + OFFERED
    assert [r[:width] for r in after["Aktivitātes"]] == before["Aktivitātes"]
    assert all(len(r) <= width for r in after["Aktivitātes"][1:])
    assert {t: v for t, v in after.items() if t != "Aktivitātes"} == {
        t: v for t, v in before.items() if t != "Aktivitātes"
    }
    assert sheets.notes(key, "Aktivitātes")[(1, 2)] == "Koordinatores piezīme"
    grid = sheets.sheet_properties(key, "Aktivitātes")["gridProperties"]
    assert (grid["rowCount"], grid["columnCount"]) == (1000, len(ACT) + 3)
    sheets.reset_calls()
    assert "Nekas nav jāmaina" in cli("--config", cfg, "init").output
    assert sheets.call_counts() == {"spreadsheets.get": 1}
    assert cli("--config", cfg, "validate").exit_code == 1


def test_init_after_validate_keeps_the_verdicts_and_settles(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet("Sample", sheet_rows_from_workbook(SAMPLE), value_input_option="RAW")
    cfg = gsheet_config(tmp_path, key, sheets.url)
    cli("--config", cfg, "validate")  # makes its column itself, with a grey header only
    before = sheets.values(key, "Aktivitātes")
    assert before[0][-1] == "Pārbaude" and before[1][-1] == "Labi"
    result = cli("--config", cfg, "init")
    assert "pievienotas kolonnas labajā pusē: Relīzes melnraksts, Veids." in result.output
    assert "Pārbaude, Relīzes melnraksts: pelēkas un aizsargātas ar brīdinājumu" in result.output
    after = sheets.values(key, "Aktivitātes")
    assert after[0] == before[0] + ["Relīzes melnraksts", "Veids"] and after[1:] == before[1:]
    assert len(sheets.protected_ranges(key, "Aktivitātes")) == 2
    sheets.reset_calls()
    assert "Nekas nav jāmaina" in cli("--config", cfg, "init").output
    assert sheets.call_counts() == {"spreadsheets.get": 1}


def test_the_example_in_an_empty_google_sheet_validates_like_the_sample(cli, sheets, sample_copy, tmp_path):
    key = sheets.create_spreadsheet("Tukša")
    cfg = gsheet_config(tmp_path / "g", key, sheets.url)
    result = cli("--config", cfg, "init", "--example")
    assert result.exit_code == 0, result.output
    assert sheets.call_counts() == {"spreadsheets.get": 1, "spreadsheets.batchUpdate": 1}
    assert sheets.cell(key, "Aktivitātes", "D5")["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    assert report(cli, cfg) == report(cli, write_config(tmp_path / "w", sample_copy))
    refused = cli("--config", cfg, "init", "--example")
    assert refused.exit_code == 2 and "jau ir dati" in refused.output


def test_no_access_to_the_google_sheet_says_whom_to_share_with(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet("Svešā")
    sheets.fail_next(1, status=403)
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "init")
    assert result.exit_code == 2 and "kopīgojiet to ar" in result.output
    assert sheets.sheet_titles(key) == ["Sheet1"]


def test_init_points_the_header_notes_at_the_coordinators_guide(cli, tmp_path):
    guide = "https://example.org/kopienas/docs/koordinatoriem.md"
    workbook = tmp_path / "aktivitates.xlsx"
    cfg = write_config(tmp_path / "cfg", workbook)
    cfg.write_text(f'coordinators_guide = "{guide}"\n' + cfg.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("--config", cfg, "init").exit_code == 0
    ws = load_workbook(workbook)["Aktivitātes"]
    assert ws["B1"].comment.text.endswith(f"Kā aizpildīt: {guide}")  # Nosaukums: the coordinators' column
    tool_notes = [c.comment.text for c in ws[1] if c.value in ("Pārbaude", "Relīzes melnraksts")]
    assert tool_notes and not any(guide in note for note in tool_notes)
