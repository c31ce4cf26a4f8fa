"""`kopienas doctor`: green on the sample, and each check failing on a broken setup with its own
line and fix — against real files, aiosmtpd with AUTH on loopback, the local Sheets emulator and a
Google token endpoint on loopback. Doctor itself changes nothing."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from kopienas.adapters.runlock import run_lock
from kopienas.config import PACKAGED_TEMPLATES, load_config
from tests.helpers import (
    COMMUNITIES,
    INSTITUTIONS,
    activity,
    activity_rows,
    gsheet_config,
    sheet_tabs,
    standard_tabs,
    write_config,
)
from tests.smtp_server import PASSWORD, USER, write_ca_file
from tests.support.google_key import ACCOUNT, key_file
from tests.support.google_key import token_endpoint as token_endpoint


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _lines(result) -> dict[str, str]:
    """check name -> its line."""
    out = {}
    for line in result.stdout.splitlines():
        if line[:2] in ("✓ ", "✗ "):
            out[line[2:].split(":", 1)[0]] = line
    return out


@pytest.fixture
def sample_setup(tmp_path, sample_copy):
    def build(extra: str = "") -> Path:
        return write_config(tmp_path / "etc", sample_copy, extra)

    return build


def test_green_on_the_sample_and_nothing_changes(cli, tmp_path, sample_setup):
    cfg = sample_setup('[mail]\noperator = "it@example.com"\n')
    before = _snapshot(tmp_path)
    result = cli("--config", cfg, "doctor")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"✓ config: {cfg}") and lines[-1] == "All checks passed."
    assert set(_lines(result)) == {
        "config",
        "time zone",
        "source",
        "tabs and headers",
        "mail addresses",
        "mail transport",
        "templates",
        "output and ledger",
        "files this user needs",
        "run lock",
        "next scheduled times",
    }
    assert all(line.startswith("✓") for line in lines[:-1])
    assert "summaries Mondays 08:00 (next 23.11.2026 08:00)" in _lines(result)["next scheduled times"]
    assert _snapshot(tmp_path) == before  # no ledger, no out/, the workbook's bytes as they were


def _fails(result, name: str, *says: str) -> str:
    assert result.exit_code == 2, result.output
    line = _lines(result)[name]
    assert line.startswith("✗") and " — fix: " in line, line
    for text in says:
        assert text in line, line
    assert result.stdout.splitlines()[-1] in ("One check failed.", "Two checks failed.", "Three checks failed.")
    return line


def test_a_broken_config_is_the_one_failed_check(cli, tmp_path):
    cfg = tmp_path / "kopienas.toml"
    cfg.write_text('[source]\nlocaton = "x.xlsx"\n', encoding="utf-8")
    result = cli("--config", cfg, "doctor")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"✗ config: {cfg}: unknown key `source.locaton`; did you mean `location`?"
    ]


def test_a_missing_workbook(cli, tmp_path):
    cfg = write_config(tmp_path / "etc", tmp_path / "nav.xlsx")
    result = cli("--config", cfg, "doctor")
    _fails(result, "source", "nav.xlsx", "`source.location`")
    _fails(result, "tabs and headers", "not checked")


def test_missing_tabs_and_headers_are_named(cli, tmp_path):
    from tests.helpers import make_workbook

    rows = activity_rows(activity())
    rows[0] = [h if h != "Kopā" else "Summa" for h in rows[0]]
    wb = make_workbook(tmp_path / "wb.xlsx", {"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})
    result = cli("--config", write_config(tmp_path / "etc", wb), "doctor")
    _fails(result, "tabs and headers", "missing tabs “Partneri”", "“Aktivitātes”.“Kopā”", "kopienas init")


def test_a_wrong_sender_address(cli, sample_setup):
    result = cli("--config", sample_setup('[mail]\nsender = "Kopienas <nav adrese>"\n'), "doctor")
    _fails(result, "mail addresses", "`mail.sender`")


def test_broken_templates(cli, tmp_path, sample_setup):
    templates = tmp_path / "templates"
    shutil.copytree(PACKAGED_TEMPLATES, templates)
    (templates / "drafts" / "lv" / "text.j2").write_text("{% if %}", encoding="utf-8")
    cfg = sample_setup()
    cfg.write_text(f'templates = "{templates}"\n' + cfg.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("--config", cfg, "doctor")
    _fails(result, "templates", str(templates), "remove `templates`")


def test_an_output_folder_that_cannot_be_made_and_a_ledger_readable_by_others(cli, tmp_path, sample_copy):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cfg = tmp_path / "etc" / "kopienas.toml"
    cfg.parent.mkdir()
    cfg.write_text(f'[source]\nlocation = "{sample_copy}"\n[output]\nfolder = "{blocker / "out"}"\n', encoding="utf-8")
    _fails(cli("--config", cfg, "doctor"), "output and ledger", f"{blocker} is not a folder")

    ledger = tmp_path / "ledger.sqlite"
    ledger.write_bytes(b"SQLite format 3\0" + bytes(100))
    ledger.chmod(0o644)
    cfg.write_text(f'[source]\nlocation = "{sample_copy}"\n[ledger]\npath = "{ledger}"\n', encoding="utf-8")
    _fails(cli("--config", cfg, "doctor"), "output and ledger", "readable by others", f"chmod 600 {ledger}")


def test_a_held_lock(cli, sample_setup):
    cfg = sample_setup()
    with run_lock(load_config(cfg), "run"):
        result = cli("--config", cfg, "doctor")
    _fails(result, "run lock", "held by PID", "(run)")


def test_a_wrong_schedule(cli, sample_setup):
    result = cli("--config", sample_setup('[schedule]\nsummary_time = "astoņos"\n'), "doctor")
    _fails(result, "next scheduled times", "`schedule.summary_time`")


# -- SMTP: EHLO, STARTTLS and AUTH, never a mail ---------------------------------------------------
def _smtp(tmp_path, server, *, port: int | None = None, user: str = USER) -> str:
    ca = write_ca_file(tmp_path / "ca.pem")
    return (
        f'[mail]\ntransport = "smtp"\n[mail.smtp]\nhost = "{server.host}"\nport = {port or server.port}\n'
        f'security = "starttls"\nuser = "{user}"\nca_file = "{ca}"\ntimeout = 5\n'
    )


def test_smtp_login_accepted_and_no_mail_sent(cli, tmp_path, sample_setup, smtp_server, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", PASSWORD)
    result = cli("--config", sample_setup(_smtp(tmp_path, smtp_server)), "doctor")
    line = _lines(result)["SMTP"]
    assert line.startswith("✓") and f"login as {USER} accepted (no mail sent)" in line, line
    assert smtp_server.logins == [(USER, True)] and smtp_server.received == []


def test_a_wrong_smtp_password(cli, tmp_path, sample_setup, smtp_server, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "nepareiza-parole")
    result = cli("--config", sample_setup(_smtp(tmp_path, smtp_server)), "doctor")
    _fails(result, "SMTP", "was refused", "KOPIENAS_SMTP_PASSWORD")
    assert "nepareiza-parole" not in result.output and smtp_server.received == []


def test_an_unreachable_smtp_host(cli, tmp_path, sample_setup, smtp_server, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", PASSWORD)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    result = cli("--config", sample_setup(_smtp(tmp_path, smtp_server, port=closed)), "doctor")
    _fails(result, "SMTP", f"127.0.0.1:{closed}", "`mail.smtp.host`")


def test_run_checks_mail_settings_before_the_sheet_is_touched(cli, tmp_path, sample_copy, smtp_server, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "nepareiza-parole")
    before = sample_copy.read_bytes()
    cfg = write_config(tmp_path / "etc", sample_copy, _smtp(tmp_path, smtp_server))
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert str(cfg) in line and "[mail.smtp]" in line and "nepareiza-parole" not in line
    assert sample_copy.read_bytes() == before and not (tmp_path / "etc" / "out" / "drafts").exists()


# -- Google: the key, and the sheet shared with its account ---------------------------------------


def _google(sheets, tmp_path, key: Path | None = None) -> Path:
    spreadsheet = sheets.create_spreadsheet("Aktivitātes 2020", sheet_tabs(standard_tabs(activity())))
    extra = f'credentials = "{key}"\n' if key else ""
    cfg = gsheet_config(tmp_path / "etc", spreadsheet, sheets.url)
    text = cfg.read_text(encoding="utf-8").replace("retry_seconds = 0\n", "retry_seconds = 0\n" + extra)
    cfg.write_text(text, encoding="utf-8")
    return cfg


def test_a_google_sheet_shared_with_the_service_account(cli, sheets, tmp_path, token_endpoint):
    key = key_file(tmp_path / "sa.json", f"http://127.0.0.1:{token_endpoint.server_port}/token")
    result = cli("--config", _google(sheets, tmp_path, key), "doctor")
    lines = _lines(result)
    assert lines["Google credentials"].startswith("✓") and ACCOUNT in lines["Google credentials"]
    assert lines["source"].startswith("✓") and lines["tabs and headers"].startswith("✓")


def test_a_revoked_google_key(cli, sheets, tmp_path, token_endpoint):
    token_endpoint.revoked = True
    key = key_file(tmp_path / "sa.json", f"http://127.0.0.1:{token_endpoint.server_port}/token")
    cfg = _google(sheets, tmp_path, key)
    result = cli("--config", cfg, "doctor")
    _fails(result, "Google credentials", ACCOUNT, "invalid_grant", "create a new key")
    assert "PRIVATE KEY" not in result.output
    job = cli("--config", cfg, "validate")  # and the job itself: one line, exit 2
    assert job.exit_code == 2
    [line] = job.output.strip().splitlines()
    assert "invalid_grant" in line and "`source.credentials`" in line


def test_an_unreadable_google_key(cli, sheets, tmp_path):
    folder = tmp_path / "sa.json"
    folder.mkdir()  # a folder where the key should be: unreadable as a file, even for root
    cfg = _google(sheets, tmp_path, folder)
    _fails(cli("--config", cfg, "doctor"), "Google credentials", str(folder))
    job = cli("--config", cfg, "validate")
    assert job.exit_code == 2 and len(job.output.strip().splitlines()) == 1 and str(folder) in job.output


def test_a_sheet_not_shared_with_the_account(cli, sheets, tmp_path):
    cfg = _google(sheets, tmp_path)
    sheets.fail_next(1, status=403)
    _fails(cli("--config", cfg, "doctor"), "source", "kopīgojiet")


def test_the_smtp_check_does_not_depend_on_the_sender(cli, tmp_path, sample_setup, smtp_server, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", PASSWORD)
    extra = _smtp(tmp_path, smtp_server).replace('transport = "smtp"', 'transport = "smtp"\nsender = "nav@@adrese"')
    result = cli("--config", sample_setup(extra), "doctor")
    _fails(result, "mail addresses", "`mail.sender`")
    assert _lines(result)["SMTP"].startswith("✓")
