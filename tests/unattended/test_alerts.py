"""Alerts in every mode: `run` and `schedule --once` from cron or a timer, and the long-running
scheduler, count the same failure streak in the ledger and mail the operator after
`alert_after_failures` failures in a row — once — and once more when the job works again."""

from __future__ import annotations

import email
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from email import policy

import pytest
import time_machine

from kopienas.app.unattended.scheduler import build_scheduler
from kopienas.config import load_config
from tests.helpers import write_config


def _setup(tmp_path, sample_copy, operator: str = "it@example.lv"):
    moved = tmp_path / "elsewhere.xlsx"  # the workbook is "unreachable" until moved back
    cfg = write_config(
        tmp_path / "etc", sample_copy, f'\n[mail]\noperator = "{operator}"\n\n[schedule]\nalert_after_failures = 3\n'
    )
    return cfg, load_config(cfg), moved


def _operator_mails(config) -> list[email.message.EmailMessage]:
    paths = sorted(config.outbox.glob("alert*.eml")) + sorted(config.outbox.glob("recovered*.eml"))
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in paths]


def _streak(config, job: str) -> tuple[int, int]:
    row = sqlite3.connect(config.ledger).execute("SELECT failures, alerted FROM job_streaks WHERE job = ?", (job,))
    return row.fetchone() or (0, 0)


@pytest.mark.slow
def test_run_from_cron_alerts_once_after_three_failures_and_once_on_recovery(cli, tmp_path, sample_copy):
    cfg, config, moved = _setup(tmp_path, sample_copy)
    shutil.move(sample_copy, moved)
    codes = [cli("--config", cfg, "run").exit_code for _ in range(5)]  # five cron ticks, all failing
    assert codes == [2] * 5
    [alert] = _operator_mails(config)
    assert alert["To"] == "it@example.lv" and "“run”" in alert["Subject"] and "3 reizes" in alert["Subject"]
    body = alert.get_body(("plain",)).get_content()
    assert "Darbgrāmata nav atrasta" in body or "nav atrasta" in body
    assert _streak(config, "run") == (5, 1)

    shutil.move(moved, sample_copy)
    assert cli("--config", cfg, "run").exit_code == 1  # works again (the sample has rows with problems)
    alert_again, recovered = _operator_mails(config)
    assert alert_again["Subject"] == alert["Subject"]
    assert "atkal izdodas" in recovered["Subject"] and "works again" in recovered["Subject"]
    assert "5" in recovered.get_body(("plain",)).get_content()
    assert _streak(config, "run") == (0, 0)
    assert cli("--config", cfg, "run").exit_code == 1
    assert len(_operator_mails(config)) == 2  # nothing more while it works


def test_schedule_once_from_a_timer_counts_across_invocations(cli, tmp_path, sample_copy):
    cfg, config, moved = _setup(tmp_path, sample_copy)
    shutil.move(sample_copy, moved)
    for _ in range(2):
        assert cli("--config", cfg, "schedule", "--once").exit_code == 3
    assert _operator_mails(config) == []  # two in a row: not yet
    assert cli("--config", cfg, "schedule", "--once").exit_code == 3
    subjects = sorted(m["Subject"] for m in _operator_mails(config))
    assert len(subjects) == 3 and all("3 reizes" in s for s in subjects)
    assert {s.split("“")[1].split("”")[0] for s in subjects} == {"validation", "summary", "fixlists"}
    assert cli("--config", cfg, "schedule", "--once").exit_code == 3
    assert len(_operator_mails(config)) == 3  # once per streak


def test_the_long_running_scheduler_continues_the_streak_cron_started(cli, tmp_path, sample_copy):
    cfg, config, moved = _setup(tmp_path, sample_copy)
    shutil.move(sample_copy, moved)
    for _ in range(2):
        cli("--config", cfg, "schedule", "--once")
    with time_machine.travel(datetime(2026, 11, 21, 10, 0, tzinfo=UTC), tick=False) as traveller:
        scheduler = build_scheduler(config, sleep=lambda seconds: None)
        scheduler.start()
        scheduler.run_pending()  # the third failure of each job, now in the scheduler
        assert len(_operator_mails(config)) == 3

        shutil.move(moved, sample_copy)
        traveller.shift(timedelta(minutes=16))
        assert ("validation", "ok") in scheduler.run_pending()
    recovered = [m for m in _operator_mails(config) if "works again" in m["Subject"]]
    assert [m["Subject"].split("“")[1].split("”")[0] for m in recovered] == ["validation"]


def test_without_an_operator_the_streak_is_logged_and_nothing_is_mailed(cli, tmp_path, sample_copy):
    cfg, config, moved = _setup(tmp_path, sample_copy, operator="")
    shutil.move(sample_copy, moved)
    results = [cli("--config", cfg, "run") for _ in range(3)]
    assert _operator_mails(config) == []
    assert "no `mail.operator` is configured" in results[-1].stderr
    assert _streak(config, "run") == (3, 1)
