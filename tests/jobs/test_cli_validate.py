"""`kopienas validate` as a user runs it: report, exit codes, config errors, ledger."""

import json
import sqlite3

import pytest

from tests.helpers import activity, write_config


def test_all_valid_exits_0_with_a_readable_report(cli, workbook_with):
    _path, cfg = workbook_with(activity())
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 0
    assert "Pārbaudīta 1 rinda; kļūdu nav." in result.output
    assert "Visas rindas ir kārtībā." in result.output


def test_problems_exit_1_and_name_row_id_and_column(cli, workbook_with):
    _path, cfg = workbook_with(activity(), activity(id="DGP-2020-08", total=5))
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 1
    assert "3. rinda (ID DGP-2020-08): Kopā (5) nesakrīt ar bērnu un pieaugušo summu (332 + 48 = 380)" in result.output


def test_json_report(cli, workbook_with):
    _path, cfg = workbook_with(activity(total=5))
    result = cli("--config", cfg, "validate", "--format", "json", "--no-write-back")
    data = json.loads(result.output)
    assert data["rows_checked"] == 1 and data["rows_with_problems"] == 1
    assert data["problems"][0] == {
        "tab": "Aktivitātes",
        "row": 2,
        "id": "DGP-2020-07",
        "column": "Kopā",
        "field": "total",
        "type": "total_mismatch",
        "message": "Kopā (5) nesakrīt ar bērnu un pieaugušo summu (332 + 48 = 380); izlabojiet kādu no skaitļiem "
        "vai atstājiet “Kopā” tukšu.",
    }


def test_source_option_overrides_the_config(cli, workbook_with, tmp_path):
    _path, cfg = workbook_with(activity())
    result = cli("--config", cfg, "validate", "--source", tmp_path / "nav.xlsx")
    assert result.exit_code == 2 and "Darbgrāmata nav atrasta" in result.output


def test_config_from_the_environment(cli, workbook_with, monkeypatch):
    _path, cfg = workbook_with(activity())
    monkeypatch.setenv("KOPIENAS_CONFIG", str(cfg))
    assert cli("validate").exit_code == 0


@pytest.mark.parametrize(
    "toml, says",
    [
        ('[source]\nlocaton = "x.xlsx"\n', "unknown key `source.locaton`"),
        ('timezone = "Europe/Rīga"\n', "`timezone`: unknown time zone"),
        ('[mail]\ntransport = "pigeon"\n', "`mail.transport` must be"),
        ('[mail.smtp]\nport = "587"\n', "`mail.smtp.port` must be an integer"),
        ('[mail.smtp]\npassword = "slepens"\n', "KOPIENAS_SMTP_PASSWORD"),
        ('[translation]\nkey = "slepens"\n', "KOPIENAS_DEEPL_KEY"),
        ("[source\n", "not valid TOML"),
    ],
)
def test_a_wrong_config_is_one_line_naming_key_and_file_exit_2(cli, tmp_path, toml, says):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(toml, encoding="utf-8")
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(cfg) in lines[0] and says in lines[0]
    assert "slepens" not in result.output


def test_a_missing_config_file(cli, tmp_path):
    result = cli("--config", tmp_path / "nav.toml", "validate")
    assert result.exit_code == 2 and "config file not found" in result.output


def test_a_file_that_is_not_a_workbook(cli, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip")
    result = cli("--config", write_config(tmp_path / "cfg", bad), "validate")
    assert result.exit_code == 2 and "nav derīgs .xlsx fails" in result.output


def test_a_missing_tab_exits_2(cli, tmp_path):
    from tests.helpers import activity_rows, make_workbook

    path = make_workbook(tmp_path / "wb.xlsx", {"Aktivitātes": activity_rows(activity())})
    result = cli("--config", write_config(tmp_path / "cfg", path), "validate")
    assert result.exit_code == 2 and "Nav lapas “Kopienas”" in result.output


def test_each_run_is_recorded_in_the_ledger(cli, workbook_with, tmp_path):
    _path, cfg = workbook_with(activity(), activity(id="X-1", total=2))
    cli("--config", cfg, "validate")
    cli("--config", cfg, "validate", "--source", tmp_path / "nav.xlsx")
    db = sqlite3.connect(tmp_path / "cfg" / "out" / "ledger.sqlite")
    rows = db.execute("SELECT command, outcome, counts, finished_at IS NOT NULL FROM runs ORDER BY id").fetchall()
    assert rows[0][:2] == ("validate", "problems")
    assert json.loads(rows[0][2]) == {"rows": 2, "rows_with_problems": 1}
    assert rows[1][:2] == ("validate", "failed") and rows[1][3] == 1


def test_help_lists_the_commands_and_exit_codes(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert "validate" in result.output and "Exit codes" in result.output
