"""Google as a fresh project meets it, through `kopienas run`, `doctor` and `watch` against the
emulator: each refusal gets its one line with the fix (and no retry), each passing trouble is
waited out, and nothing is lost or written twice."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest

from kopienas.app.jobs.run import run_all
from kopienas.app.unattended.watch import watcher_for
from kopienas.config import load_config
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, sheet_tabs
from tests.support.google_key import ACCOUNT, key_file

TAB = "Aktivitātes"
USER = "user:ilze@example.org"  # the emulator's refresh tokens name the user they sign in


def new_sheet(sheets):
    rows = (
        activity(),
        activity(id="DGP-2020-08", title="Ziemas svētki", start=datetime(2020, 12, 20), end=None, total=None),
    )
    tabs = {TAB: activity_rows(*rows), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS}
    return sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW")


def service_account_key(folder: Path, token_uri: str) -> Path:
    return key_file(folder / "sa.json", token_uri)


def user_token(folder: Path, token_uri: str) -> Path:
    info = {
        "type": "authorized_user",
        "client_id": "1234567890-abc.apps.googleusercontent.com",
        "client_secret": "GOCSPX-not-a-secret",
        "refresh_token": USER,
        "token_uri": token_uri,
    }
    path = folder / "google-token.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    path.chmod(0o600)
    return path


def config(
    tmp_path: Path, sheets, key: str, *, who: str = "anyone", folder: str = "", retry: float = 0, call: float = 60
) -> Path:
    etc = tmp_path / "etc"
    etc.mkdir(exist_ok=True)
    lines = [
        "[source]",
        f'location = "gsheet:{key}"',
        f'api_url = "{sheets.url}"',
        f"retry_seconds = {retry}",
        f"call_seconds = {call}",
    ]
    if who == "service_account":
        lines.append(f'credentials = "{service_account_key(etc, sheets.url + "/token")}"')
    elif who == "user":
        lines.append(f'token = "{user_token(etc, sheets.url + "/token")}"')
    lines += ["", "[output]", f'folder = "{tmp_path / "out"}"']
    if folder:
        lines += ["", "[drafts]", f'drive_folder = "{folder}"']
    path = etc / "kopienas.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def the_line(result) -> str:
    lines = [x for x in result.stderr.splitlines() if x.startswith("kopienas:")]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    print(lines[0])  # the line a person reads (pasted into the report)
    return lines[0]


def checks(sheets, key) -> list[str]:
    values = sheets.values(key, TAB)
    col = values[0].index("Pārbaude") if "Pārbaude" in values[0] else None
    return [row[col] if col is not None and col < len(row) else "" for row in values[1:]]


def docs(sheets, folder) -> list[str]:
    return sorted(d.name for d in sheets.docs_in(folder))


# -- an API not enabled ----------------------------------------------------------------------------
def test_sheets_api_not_enabled_is_one_line_with_the_activation_link_and_no_retry(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    sheets.disable_api("sheets")
    cfg = config(tmp_path, sheets, key, who="service_account", retry=30)
    started = time.monotonic()
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2 and time.monotonic() - started < 10  # not waited out: a person must act
    line = the_line(result)
    assert "Google Sheets API" in line and "enable it at" in line
    assert "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=" in line
    assert "share" not in line  # the wrong fix, said before
    assert sheets.call_counts().get("spreadsheets.get") == 1
    assert checks(sheets, key) == ["", ""]  # nothing written
    sheets.enable_api("sheets")
    assert cli("--config", cfg, "run").exit_code == 0 and checks(sheets, key) == ["Labi", "Labi"]


def test_drive_api_not_enabled_names_drive_and_its_link_the_verdicts_are_written(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    folder = sheets.create_folder(shared_drive="0AKopienasDrive")
    sheets.disable_api("drive")
    cfg = config(tmp_path, sheets, key, who="service_account", folder=folder, retry=30)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    line = the_line(result)
    assert "Google Drive API" in line and "drive.googleapis.com/overview?project=" in line
    assert checks(sheets, key) == ["Labi", "Labi"] and docs(sheets, folder) == []
    sheets.enable_api("drive")
    assert cli("--config", cfg, "run").exit_code == 0
    assert cli("--config", cfg, "run").exit_code == 0
    assert len(docs(sheets, folder)) == 2  # each made once


# -- a service account owns no files ---------------------------------------------------------------
@pytest.mark.parametrize("older", [False, True], ids=["storageQuotaExceeded", "quotaExceeded"])
def test_a_service_account_outside_a_shared_drive_is_told_to_use_one_or_sign_in(cli, sheets, tmp_path, older):
    key = new_sheet(sheets)
    my_drive = sheets.create_folder()  # an ordinary folder, shared with the service account as editor
    sheets.store.older_storage_refusal = older
    cfg = config(tmp_path, sheets, key, who="service_account", folder=my_drive, retry=30)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    line = the_line(result)
    assert "owns no files" in line and "shared drive" in line and "`kopienas auth`" in line and ACCOUNT in line
    assert "missing or not shared" not in line
    assert docs(sheets, my_drive) == [] and sheets.call_counts().get("drive.files.create.upload") == 1  # no retry
    # The fix: a folder in a shared drive. Then each draft is made once.
    shared = sheets.create_folder(shared_drive="0AKopienasDrive")
    cfg = config(tmp_path, sheets, key, who="service_account", folder=shared)
    assert cli("--config", cfg, "run").exit_code == 0 and cli("--config", cfg, "run").exit_code == 0
    assert len(docs(sheets, shared)) == 2
    assert all(sheets.drive_file(d.id).drive_id == "0AKopienasDrive" for d in sheets.docs_in(shared))


def test_a_signed_in_user_may_create_docs_in_my_drive(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    folder = sheets.create_folder()
    cfg = config(tmp_path, sheets, key, who="user", folder=folder)
    assert cli("--config", cfg, "run").exit_code == 0 and len(docs(sheets, folder)) == 2


# -- the weekly sign-in loss ----------------------------------------------------------------------
def test_an_expired_sign_in_says_sign_in_again_or_publish_the_app(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    sheets.expire_sign_in(USER)
    cfg = config(tmp_path, sheets, key, who="user", retry=30)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    line = the_line(result)
    assert "invalid_grant" in line and "`kopienas auth`" in line and "7 days" in line and "Publish app" in line
    assert sheets.call_counts().get("oauth2.token") == 1 and checks(sheets, key) == ["", ""]
    doctor = cli("--config", cfg, "doctor")
    [row] = [x for x in doctor.output.splitlines() if "Google credentials" in x]
    print(row)
    assert row.startswith("✗") and "invalid_grant" in doctor.output and "Publish app" in doctor.output


# -- passing trouble is waited out ---------------------------------------------------------------
@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500, "html": True, "kind": "values.batchGet"},
        {"status": 502, "html": True, "kind": "spreadsheets.batchUpdate"},
        {"status": 429, "kind": "spreadsheets.get"},
    ],
    ids=["500-html-read", "502-html-write", "429"],
)
def test_5xx_whatever_the_body_and_429_are_waited_out(cli, sheets, tmp_path, fault):
    key = new_sheet(sheets)
    sheets.fail_next(1, **fault)
    result = cli("--config", config(tmp_path, sheets, key, retry=20), "run")
    assert result.exit_code == 0, result.output
    assert checks(sheets, key) == ["Labi", "Labi"]
    assert sheets.call_counts()["spreadsheets.batchUpdate"] == 1 + (fault["kind"] == "spreadsheets.batchUpdate")


@pytest.mark.parametrize("reason", ["userRateLimitExceeded", "rateLimitExceeded"])
def test_drives_rate_limit_403s_are_waited_out_and_each_doc_made_once(cli, sheets, tmp_path, reason):
    key = new_sheet(sheets)
    folder = sheets.create_folder(shared_drive="0AKopienasDrive")
    sheets.fail_next(2, status=403, reason=reason, kind="drive.files.create.upload")
    cfg = config(tmp_path, sheets, key, who="service_account", folder=folder, retry=30)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 0, result.output
    assert len(docs(sheets, folder)) == 2 and sheets.call_counts()["drive.files.create.upload"] == 4


def test_a_trickling_server_cannot_hold_the_run(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    sheets.trickle_next(0.5, n=100, kind="values.batchGet")  # every read answered a byte per half second
    cfg = config(tmp_path, sheets, key, retry=3, call=1)
    started = time.monotonic()
    result = cli("--config", cfg, "run")
    seconds = time.monotonic() - started
    print(f"trickle: gave up after {seconds:.1f} s")
    assert result.exit_code == 3 and seconds < 10
    assert "Google Sheets" in the_line(result) and checks(sheets, key) == ["", ""]
    sheets.clear_faults()
    sheets.trickle_next(0.5, n=1, kind="values.batchGet")  # once: the next try answers at once
    assert cli("--config", config(tmp_path, sheets, key, retry=10, call=1), "run").exit_code == 0
    assert checks(sheets, key) == ["Labi", "Labi"]


def test_a_reset_connection_is_tried_again(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    sheets.drop_next_connection(1, kind="spreadsheets.batchUpdate")
    assert cli("--config", config(tmp_path, sheets, key, retry=10), "run").exit_code == 0
    assert checks(sheets, key) == ["Labi", "Labi"]


def test_a_write_applied_but_unanswered_is_read_back_not_written_twice(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    sheets.set_values(key, TAB, "A3", [[""]])  # a row without an ID: the tool assigns one
    sheets.answer_late_next(2.5, kind="spreadsheets.batchUpdate")  # applied, answered after the deadline
    result = cli("--config", config(tmp_path, sheets, key, retry=20, call=1), "run")
    assert result.exit_code == 0, result.output
    assert checks(sheets, key) == ["Labi", "Labi"]
    ids = [row[0] for row in sheets.values(key, TAB)[1:]]
    assert ids[0] == "DGP-2020-07" and ids[1] and ids[1] != ids[0]
    # After the timeout the tab was read again, the batch found applied: no second write.
    assert sheets.call_counts()["spreadsheets.batchUpdate"] == 1, sheets.call_counts()


# -- watch and Drive's version -------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["exact", "lag", "jump", "repeat"])
def test_watch_loses_no_edit_typed_during_a_pass_however_the_version_moves(sheets, tmp_path, mode):
    key = new_sheet(sheets)
    cfg = load_config(config(tmp_path, sheets, key))
    sheets.set_version_mode(mode)
    passes: list[int] = []

    def run_pass() -> int:
        passes.append(run_all(cfg, mail=False).exit_code)
        return passes[-1]

    watcher = watcher_for(cfg, run_pass)
    total = chr(ord("A") + sheets.values(key, TAB)[0].index("Kopā"))
    sheets.on_next_call(lambda: sheets.set_values(key, TAB, f"{total}2", [[999]]), kind="spreadsheets.batchUpdate")
    for _ in range(6):
        watcher.tick()
    assert "Kopā (999)" in checks(sheets, key)[0], (mode, passes)
    settled = len(passes)
    assert [watcher.tick() for _ in range(3)] == [None, None, None] and len(passes) == settled <= 4


# -- doctor -----------------------------------------------------------------------------------------
def doctor_lines(cli, cfg) -> dict[str, str]:
    result = cli("--config", cfg, "doctor")
    lines = {}
    for line in result.output.splitlines():
        if line[:1] in "✓✗" and ":" in line:
            lines[line[2:].split(":", 1)[0]] = line
    return lines


def test_doctor_tells_a_service_account_its_folder_must_be_in_a_shared_drive(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    my_drive = sheets.create_folder()
    line = doctor_lines(cli, config(tmp_path, sheets, key, who="service_account", folder=my_drive))["drafts folder"]
    print(line)
    assert line.startswith("✗") and "owns no files" in line and "shared drive" in line and "`kopienas auth`" in line
    shared = sheets.create_folder(shared_drive="0AKopienasDrive")
    line = doctor_lines(cli, config(tmp_path, sheets, key, who="service_account", folder=shared))["drafts folder"]
    assert line.startswith("✓") and "shared drive 0AKopienasDrive" in line
    assert docs(sheets, shared) == [] and checks(sheets, key) == ["", ""]  # doctor changes nothing


@pytest.mark.parametrize("api", ["sheets", "drive"])
def test_doctor_names_an_api_not_enabled_with_its_link(cli, sheets, tmp_path, api):
    key = new_sheet(sheets)
    sheets.disable_api(api)
    line = doctor_lines(cli, config(tmp_path, sheets, key, who="service_account"))["Google APIs"]
    print(line)
    assert line.startswith("✗") and f"https://console.developers.google.com/apis/api/{api}.googleapis.com/" in line
    sheets.enable_api(api)
    assert doctor_lines(cli, config(tmp_path, sheets, key, who="service_account"))["Google APIs"].startswith("✓")


def test_doctor_shows_the_sign_ins_age_and_a_testing_apps_end(cli, sheets, tmp_path):
    from datetime import UTC, timedelta

    key = new_sheet(sheets)
    cfg = config(tmp_path, sheets, key, who="user")
    token = tmp_path / "etc" / "google-token.json"
    data = json.loads(token.read_text(encoding="utf-8"))
    now = datetime.now(UTC)
    data["signed_in_at"] = (now - timedelta(days=6, hours=1)).isoformat(timespec="seconds")
    data["refresh_token_expires_at"] = (now + timedelta(hours=23)).isoformat(timespec="seconds")
    token.write_text(json.dumps(data), encoding="utf-8")
    line = doctor_lines(cli, cfg)["Google credentials"]
    print(line)
    assert line.startswith("✓") and "6 day(s) ago" in line and "Testing status" in line and "ends in 0 day(s)" in line


# -- init and the write's layout ---------------------------------------------------------------------
def test_init_on_google_covers_whole_columns_not_the_first_thousand_rows(cli, sheets, tmp_path):
    key = sheets.create_spreadsheet("Tukša", {"Aktivitātes": []}, row_count=5000)
    result = cli("--config", config(tmp_path, sheets, key), "init")
    assert result.exit_code == 0, result.output
    assert sheets.cell(key, "Aktivitātes", "P5000")["dataValidation"]["condition"]["values"][0] == {
        "userEnteredValue": "Plānota"
    }
    assert sheets.cell(key, "Aktivitātes", "Q4999")["dataValidation"]["condition"]["type"] == "BOOLEAN"


def test_a_run_on_google_wraps_the_tools_texts_and_sizes_the_totals_tab(cli, sheets, tmp_path):
    key = new_sheet(sheets)
    assert cli("--config", config(tmp_path, sheets, key), "run").exit_code == 0
    header = sheets.values(key, TAB)[0]
    col = chr(ord("A") + header.index("Pārbaude"))
    assert sheets.cell(key, TAB, f"{col}2")["userEnteredFormat"]["wrapStrategy"] == "WRAP"
    widths = sheets.column_pixels(key, "Kopsavilkums")
    assert widths and all(w >= 7 * 8 for w in widths.values()), widths
