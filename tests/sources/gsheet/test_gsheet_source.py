"""The Google Sheet source through gspread, against the local Sheets API emulator."""

import json

import pytest

from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
from kopienas.app.pipeline import check
from kopienas.config import load_config
from kopienas.core.ownership import TAG
from kopienas.core.writeback import plan_from_report
from tests.helpers import (
    COMMUNITIES,
    INSTITUTIONS,
    PARTNERS,
    SAMPLE,
    activity,
    activity_rows,
    gsheet_config,
    sheet_rows_from_workbook,
    sheet_tabs,
    write_config,
)


def new_sheet(sheets, *rows, tabs=None):
    tabs = tabs or {
        "Aktivitātes": activity_rows(*rows),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    return sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW")


def column(sheets, key, header, tab="Aktivitātes"):
    values = sheets.values(key, tab)
    i = values[0].index(header)
    return [row[i] if i < len(row) else "" for row in values[1:]]


@pytest.mark.slow
def test_the_whole_job_gives_the_same_verdicts_as_the_workbook(cli, sheets, sample_copy, tmp_path):
    key = sheets.create_spreadsheet("Sample", sheet_rows_from_workbook(SAMPLE), value_input_option="RAW")
    gcfg = gsheet_config(tmp_path / "g", key, sheets.url)
    wcfg = write_config(tmp_path / "w", sample_copy)
    g = cli("--config", gcfg, "run")
    w = cli("--config", wcfg, "run")
    assert g.exit_code == w.exit_code == 1

    from openpyxl import load_workbook

    ws = load_workbook(sample_copy)["Aktivitātes"]
    header = [c.value for c in ws[1]]
    in_workbook = [[c.value or "" for c in row] for row in ws.iter_rows(min_row=2)]
    for name in ("ID", "Pārbaude"):
        i = header.index(name)
        expected = [r[i] for r in in_workbook]
        got = column(sheets, key, name)
        assert got + [""] * (len(expected) - len(got)) == expected, name
    drafts_g = column(sheets, key, "Relīzes melnraksts")
    assert sum("(sagatavots" in d for d in drafts_g) == 5 and sum(d.startswith("Nav sagatavots") for d in drafts_g) == 2
    assert sheets.notes(key, "Aktivitātes")  # problem cells carry notes
    assert sheets.errors == []


@pytest.mark.slow
def test_one_run_is_four_calls_whatever_the_number_of_rows(cli, sheets, tmp_path):
    counts = {}
    for n in (10, 5000):
        rows = [activity(id=f"DGP-2020-{i:04d}", total=(1 if i % 7 == 0 else 380)) for i in range(n)]
        key = new_sheet(sheets, *rows)
        cfg = gsheet_config(tmp_path / str(n), key, sheets.url)
        sheets.reset_calls()
        result = cli("--config", cfg, "validate")
        assert result.exit_code == 1
        counts[n] = sheets.call_counts()
        assert column(sheets, key, "Pārbaude")[7].startswith("Kopā (1)")
    assert counts[10] == counts[5000]
    assert sum(counts[10].values()) <= 4, counts[10]
    assert counts[10] == {"spreadsheets.get": 2, "values.batchGet": 1, "spreadsheets.batchUpdate": 1}


def test_verdicts_land_next_to_their_ids_after_rows_move(sheets, tmp_path):
    key = new_sheet(
        sheets, activity(id="A-1"), activity(id="A-2", total=1), activity(id="A-3", phone="1"), activity(id="A-4")
    )
    config = load_config(gsheet_config(tmp_path, key, sheets.url))
    source = GoogleSheetSource.from_config(config)
    checked = check(config, source)
    # between the read and the write, a coordinator inserts a row above and deletes A-1
    sheets.insert_rows(key, "Aktivitātes", 2, [["NEW-1", "Jauna rinda"]])
    sheets.delete_row(key, "Aktivitātes", 3)  # A-1, now on row 3
    plan = plan_from_report(checked.report, config.headers["activities"], config.tool_headers)
    result = source.write(plan)
    assert [u.original_id for u in result.skipped] == ["A-1"]
    ids = column(sheets, key, "ID")
    checks = column(sheets, key, "Pārbaude")
    by_id = dict(zip(ids, checks + [""] * (len(ids) - len(checks)), strict=False))
    assert by_id["NEW-1"] == ""
    assert by_id["A-2"].startswith("Kopā (1)") and by_id["A-3"].startswith("Tālrunis") and by_id["A-4"] == "Labi"
    notes = sheets.notes(key, "Aktivitātes")
    header = sheets.values(key, "Aktivitātes")[0]
    row_of = {id_: i + 2 for i, id_ in enumerate(ids)}
    assert notes[(row_of["A-2"], header.index("Kopā") + 1)].startswith(TAG + " Kopā (1)")


def test_only_tool_columns_and_the_tools_own_notes_change(cli, sheets, tmp_path):
    rows = activity_rows(activity(id="A-1", total=1), activity(id="", title="Bez ID"))
    rows[0].append("Piezīmes")
    rows[1].append("koordinatora teksts")
    key = new_sheet(sheets, tabs={"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})
    sheets.set_note(key, "Aktivitātes", "F2", "Koordinatora piezīme")
    before = sheets.values(key, "Aktivitātes")
    cfg = gsheet_config(tmp_path, key, sheets.url)
    cli("--config", cfg, "validate")
    after = sheets.values(key, "Aktivitātes")
    width = len(before[0])
    assert after[0][width:] == ["Pārbaude"]
    assert [r[:width] for r in after][1] == before[1]  # the coordinator's row as it was
    assert after[2][0] == "DGP-2020-01"  # the assigned ID, written back
    notes = sheets.notes(key, "Aktivitātes")
    assert notes[(2, 6)] == "Koordinatora piezīme"
    total_cell = (2, before[0].index("Kopā") + 1)
    assert total_cell in notes and sheets.background(key, "Aktivitātes").get(total_cell)

    sheets.set_values(key, "Aktivitātes", "K2", [[380]], value_input_option="RAW")
    cli("--config", cfg, "validate")
    notes = sheets.notes(key, "Aktivitātes")
    assert total_cell not in notes and notes[(2, 6)] == "Koordinatora piezīme"
    assert not sheets.background(key, "Aktivitātes").get(total_cell)


def test_written_text_is_never_a_formula(cli, sheets, tmp_path):
    key = new_sheet(sheets, activity(id="A-1", phone='=IMPORTXML("http://x","//a")'))
    cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")
    cell = sheets.cell(key, "Aktivitātes", "R2")
    assert "formulaValue" not in cell.get("userEnteredValue", {})
    assert cell["userEnteredValue"]["stringValue"].startswith("Tālrunis")


def test_dates_typed_as_date_cells_are_read_by_serial_number(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet(
        "Datumi",
        {
            "Aktivitātes": activity_rows(activity(start="2020-09-24", end="9/27/2020")),
            "Kopienas": COMMUNITIES,
            "Iestādes": INSTITUTIONS,
        },
    )  # typed in as a person would: Google turns both into dates
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate", "--format", "json")
    assert json.loads(result.output)["rows_with_problems"] == 0


@pytest.mark.parametrize(
    "status, says",
    [(404, "nav atrasta"), (403, "kopīgojiet to ar")],
)
def test_access_problems_are_one_line_exit_2(cli, sheets, tmp_path, status, says):
    key = new_sheet(sheets, activity())
    sheets.fail_next(1, status=status)
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")
    assert result.exit_code == 2 and says in result.output and len(result.output.strip().splitlines()) == 1


def test_a_wrong_id_is_exit_2(cli, sheets, tmp_path):
    result = cli("--config", gsheet_config(tmp_path, "nav-tadas-tabulas", sheets.url), "validate")
    assert result.exit_code == 2 and "nav atrasta" in result.output


def test_a_missing_tab_is_exit_2(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet("Bez lapām", sheet_tabs({"Aktivitātes": activity_rows(activity())}))
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")
    assert result.exit_code == 2 and "Nav lapas “Kopienas”" in result.output


def test_no_credentials_is_a_clear_line(cli, tmp_path):
    cfg = tmp_path / "k.toml"
    cfg.write_text('[source]\nlocation = "https://docs.google.com/spreadsheets/d/abc123/edit#gid=0"\n')
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2 and "GOOGLE_APPLICATION_CREDENTIALS" in result.output


def test_the_service_account_named_in_the_share_hint(sheets):
    from gspread.exceptions import APIError

    class Response:
        status_code = 403

        def json(self):
            return {
                "error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}
            }

    source = GoogleSheetSource("abc", client=None, account="kopienas@projekts.iam.gserviceaccount.com")
    message = str(source._explain(APIError(Response())))
    assert "kopīgojiet to ar kopienas@projekts.iam.gserviceaccount.com" in message


def test_quota_errors_are_retried_with_backoff(sheets, tmp_path):
    key = new_sheet(sheets, activity())
    config = load_config(gsheet_config(tmp_path, key, sheets.url, ""))
    config = config.__class__(**{**config.__dict__, "retry_seconds": 60.0})
    waits = []
    source = GoogleSheetSource.from_config(config, sleep=waits.append)
    sheets.fail_next(3, status=429)
    sheets.fail_next(1, status=503, kind="values.batchGet")
    snapshot = source.read()
    assert "Aktivitātes" in snapshot.tables
    assert len(waits) == 4 and waits == sorted(waits[:3]) + waits[3:] and sum(waits) < 60


def test_a_429_storm_stops_with_nothing_written(cli, sheets, tmp_path):
    key = new_sheet(sheets, activity(total=1))
    before = sheets.values(key, "Aktivitātes")
    sheets.fail_next(50, status=429, kind="spreadsheets.batchUpdate")
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")
    assert result.exit_code == 3 and "nekas netika ierakstīts" in result.output
    assert "Kopā (1) nesakrīt" in result.output  # the verdicts are still shown
    assert sheets.values(key, "Aktivitātes") == before


def test_a_spreadsheet_deleted_mid_run_writes_nothing(cli, sheets, tmp_path):
    key = new_sheet(sheets, activity(total=1))
    sheets.on_next_call(lambda: sheets.delete_spreadsheet(key), kind="values.batchGet")
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")
    assert result.exit_code in (2, 3) and "nav atrasta" in result.output


def test_a_tab_renamed_before_the_write_writes_nothing(sheets, tmp_path):
    key = new_sheet(sheets, activity(total=1))
    config = load_config(gsheet_config(tmp_path, key, sheets.url))
    source = GoogleSheetSource.from_config(config)
    checked = check(config, source)
    sheets.rename_sheet(key, "Aktivitātes", "Vecās aktivitātes")
    from kopienas.adapters.sources import SourceError

    with pytest.raises(SourceError, match="vairs nav lapas"):
        source.write(plan_from_report(checked.report, config.headers["activities"], config.tool_headers))
    assert "Pārbaude" not in sheets.values(key, "Vecās aktivitātes")[0]


def test_a_users_token_from_kopienas_auth_is_used(cli, sheets, tmp_path, monkeypatch):
    import stat

    from kopienas.app.setup import auth

    class SignedIn:
        def to_json(self):
            return json.dumps(
                {
                    "token": "ya29.user-token",
                    "refresh_token": "1//refresh",
                    "client_id": "id.apps",
                    "client_secret": "s",
                    "token_uri": "https://oauth2.googleapis.com/token",
                    "expiry": "2999-01-01T00:00:00Z",
                    "scopes": ["https://www.googleapis.com/auth/spreadsheets"],
                }
            )

    # the browser consent step is the one thing a test cannot do
    monkeypatch.setattr(auth, "sign_in", lambda secrets, open_browser: SignedIn())
    key = new_sheet(sheets, activity())
    token = tmp_path / "home" / "token.json"
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[source]\nlocation = "gsheet:{key}"\ntoken = "{token}"\n[output]\nfolder = "{tmp_path / "out"}"\n')
    secrets = tmp_path / "client.json"
    secrets.write_text("{}")
    result = cli("--config", cfg, "auth", "--client-secrets", secrets, "--no-browser")
    assert result.exit_code == 0 and "ya29" not in result.output
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    monkeypatch.setenv("KOPIENAS_SHEETS_API", sheets.url)
    assert cli("--config", cfg, "validate").exit_code == 0
