"""`kopienas status`: last runs, next runs, rows still failing and this week's mails, as a table
and as JSON, with no secrets in either."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.runlock import run_lock
from kopienas.app.status import status_data
from kopienas.config import load_config
from tests.helpers import activity, write_config

RIGA = ZoneInfo("Europe/Riga")


def _after_a_couple_of_runs(cli, sample_copy, tmp_path):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    assert cli("--config", cfg, "run").exit_code == 1
    assert cli("--config", cfg, "validate").exit_code == 1
    return cfg


def test_status_as_json_after_a_couple_of_runs(cli, sample_copy, tmp_path):
    cfg = _after_a_couple_of_runs(cli, sample_copy, tmp_path)
    result = cli("--config", cfg, "status", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)

    runs = {r["command"]: r for r in data["last_runs"]}
    assert set(runs) == {"run", "validate"}
    assert runs["run"]["outcome"] == runs["validate"]["outcome"] == "problems"
    assert runs["run"]["counts"]["mails_sent"] == 8
    assert runs["validate"]["counts"] == {"rows": 16, "rows_with_problems": 5}
    assert runs["validate"]["finished_at"] >= runs["validate"]["started_at"]

    assert [(j["job"], j["rule"]) for j in data["scheduled"]] == [
        ("validation", "every 15 min"),
        ("summary", "Mondays 08:00"),
        ("fixlists", "daily 16:00"),
    ]

    failing = data["failing_rows"]
    assert failing["checked_at"] == runs["validate"]["started_at"]  # from the latest validation
    assert {r["row"] for r in failing["rows"]} == {9, 13, 16, 17, 18}
    total = next(r for r in failing["rows"] if r["column"] == "Kopā")
    assert total["id"] == "DGP-2020-05" and total["message"].startswith("Kopā (18) nesakrīt")

    assert data["mails_this_week"]["sent"] == {"fixlist": 3, "summary": 5}
    assert data["in_progress"] is None


def test_status_as_text_after_a_couple_of_runs(cli, sample_copy, tmp_path):
    cfg = _after_a_couple_of_runs(cli, sample_copy, tmp_path)
    text = cli("--config", cfg, "status").stdout
    for raw in ("rows_with_problems", "fixlist ", "mails_sent", "Europe/Riga"):
        assert raw not in text, (raw, text)  # a person reads words, not the ledger's keys
    for expected in [
        "Pēdējās palaišanas / Last runs",
        "Nākamās plānotās / Next scheduled",
        "Rindas ar kļūdām / Rows still failing: 5",
        "pirmdienās plkst. 8.00 / Mondays 08:00",
        "ik 15 min / every 15 min",
        "katru dienu plkst. 16.00 / daily 16:00",
        "16 rindas, 5 ar kļūdām",
        "ar kļūdām /",
        "viss darbs / run",
        "DGP-2020-05",
        "nesakrīt ar bērnu un pieaugušo summu",
        "Vēstules šonedēļ / Mails this week",
        "sent 8 (labojumu saraksti 3, kopsavilkumi 5 / fix-lists 3,",
    ]:
        assert expected in text, (expected, text)


def test_next_runs_follow_the_ledger_and_the_schedule(workbook_with):
    _, cfg = workbook_with(activity())
    config = load_config(cfg)
    with Ledger(config.ledger) as ledger:
        for command, started in [
            ("run", "2026-11-23T05:01:00+00:00"),
            ("summary", "2026-11-16T06:01:00+00:00"),
            ("fixlists", "2026-11-22T14:00:30+00:00"),
        ]:
            ledger.db.execute(
                "INSERT INTO runs (command, source, started_at, finished_at, outcome) VALUES (?, 'x', ?, ?, 'ok')",
                (command, started, started),
            )

    before = status_data(config, datetime(2026, 11, 23, 7, 5, tzinfo=RIGA))["scheduled"]
    assert [(j["job"], j["next_run"], j["due_now"]) for j in before] == [
        ("validation", "2026-11-23T07:15:00+02:00", False),
        ("summary", "2026-11-23T08:00:00+02:00", False),
        ("fixlists", "2026-11-23T16:00:00+02:00", False),
    ]
    # 09:00 and no summary since 08:00 (the scheduler was not running): it is due now.
    after = {j["job"]: j for j in status_data(config, datetime(2026, 11, 23, 9, 0, tzinfo=RIGA))["scheduled"]}
    assert after["summary"]["due_now"] and after["summary"]["next_run"] == "2026-11-23T09:00:00+02:00"


def test_a_run_in_progress_is_shown_and_a_killed_one_is_called_interrupted(workbook_with):
    _, cfg = workbook_with(activity())
    config = load_config(cfg)
    with Ledger(config.ledger) as ledger:  # a run killed yesterday never finished
        ledger.db.execute(
            "INSERT INTO runs (command, source, started_at) VALUES ('run', 'x', '2026-11-20T08:00:00+00:00')"
        )
    now = datetime.now(RIGA)
    assert status_data(config, now)["last_runs"][0]["outcome"] == "interrupted"
    with run_lock(config, "summary"):
        with Ledger(config.ledger) as ledger:  # another process's run, still going
            ledger.db.execute(
                "INSERT INTO runs (command, source, started_at) VALUES (?, ?, ?)",
                ("summary", config.source, datetime.now(RIGA).isoformat(timespec="seconds")),
            )
        data = status_data(config, now)
    assert {r["command"]: r["outcome"] for r in data["last_runs"]} == {"run": "interrupted", "summary": "running"}
    assert data["in_progress"]["job"] == "summary"


def test_status_never_shows_a_secret(cli, workbook_with, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "pa55-w0rd-xyz")
    _, cfg = workbook_with(activity())
    config = load_config(cfg)
    with Ledger(config.ledger) as ledger:
        run_id = ledger.start_run("summary", config.source)
        ledger.finish_run(
            run_id, "failed", detail="SMTP login pa55-w0rd-xyz refused [/bold]; Authorization: Bearer abc.def.ghi"
        )
    for fmt in ("json", "text"):
        out = cli("--config", cfg, "status", "--format", fmt).stdout
        assert "pa55-w0rd-xyz" not in out and "abc.def.ghi" not in out
        assert "[redacted]" in out and "[/bold]" in out  # shown as it is, not taken for markup


def test_status_answers_while_a_run_holds_the_lock(cli, workbook_with):
    _, cfg = workbook_with(activity())
    config = load_config(cfg)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with run_lock(config, "summary"):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        result = cli("--config", cfg, "status", "--format", "json")
    finally:
        release.set()
        thread.join()
    assert result.exit_code == 0 and json.loads(result.stdout)["in_progress"]["job"] == "summary"
