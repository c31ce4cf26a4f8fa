"""The scheduler with time-machine moving the clock: which jobs run when (Riga time, across clock
changes), catch-up, failures, alerts, busy runs and stopping on a signal."""

from __future__ import annotations

import email
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email import policy
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail.transports.password import register_environment
from kopienas.adapters.runlock import Holder, RunBusy
from kopienas.app.unattended.alerts import send_alert
from kopienas.app.unattended.plan import ScheduledJob, plan_from_config
from kopienas.app.unattended.scheduler import Scheduler
from kopienas.config import ConfigError, load_config
from kopienas.core.errors import KopienasError
from tests.helpers import ROOT, activity, write_config
from tests.support.schedule import at_riga, every_minutes, runs_of

RIGA = ZoneInfo("Europe/Riga")
UTC = UTC


def riga(*args: int) -> datetime:
    return datetime(*args, tzinfo=RIGA)


def shown(moment: datetime, zone=RIGA) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


class Clock:
    """The real clock, moved by time-machine: `sleep` shifts it; the process's zone is UTC, as in
    the scheduler process itself."""

    def __init__(self, start: datetime):
        self.start = start.astimezone(ZoneInfo("UTC"))
        self.traveller = None

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        self.traveller.shift(timedelta(seconds=seconds))


class FakeLedger:
    """When each ledger command last succeeded; jobs that succeed write into it, like the real ones."""

    def __init__(self, **last: datetime):
        self.last = dict(last)

    def last_success(self, command: str) -> datetime | None:
        return self.last.get(command)


class Week:
    """Three jobs with the default times; each records (job, time) when it runs."""

    def __init__(
        self,
        start: datetime,
        *,
        ledger: FakeLedger | None = None,
        failing: dict | None = None,
        alert=None,
        alert_after: int = 3,
        rules: dict | None = None,
    ):
        self.clock = Clock(start)
        self.ran: list[tuple[str, datetime]] = []
        # No catch-up unless a test asks for it: everything "just ran".
        self.ledger = ledger or FakeLedger(run=start, summary=start, fixlists=start)
        self.failing = failing or {}
        rules = {
            "validation": ("run", every_minutes(15)),
            "summary": ("summary", at_riga(8, 0, weekday=0)),
            "fixlists": ("fixlists", at_riga(16, 0)),
        } | (rules or {})
        jobs = [
            ScheduledJob(name, rule, self._action(name, command), command) for name, (command, rule) in rules.items()
        ]
        self.scheduler = Scheduler(
            jobs,
            zone=RIGA,
            sleep=self._sleep,
            last_success=self.ledger.last_success,
            alert=alert,
            alert_after=alert_after,
        )
        self.until: datetime | None = None

    def _action(self, name: str, command: str):
        def action() -> int:
            self.ran.append((name, self.clock.now()))
            error = self.failing.get(name)
            if callable(error):
                error = error(self.clock.now())
            if error is not None:
                raise error
            self.ledger.last[command] = self.clock.now()
            return 0

        return action

    def _sleep(self, seconds: float) -> None:
        self.clock.sleep(seconds)
        if self.until is not None and self.clock.now() >= self.until:
            self.scheduler.request_stop()

    def run_until(self, until: datetime) -> Week:
        self.until = until.astimezone(UTC)
        self.scheduler.stop_requested = False
        with time_machine.travel(self.clock.start, tick=False) as traveller:
            self.clock.traveller = traveller
            try:
                self.scheduler.run_forever()
            finally:
                self.clock.start = datetime.now(UTC).astimezone(ZoneInfo("UTC"))
        return self

    def times(self, job: str, zone=RIGA) -> list[str]:
        return [shown(t, zone) for name, t in self.ran if name == job]


# -- across the clock changes -------------------------------------------------------------------
@pytest.mark.parametrize(
    "start, until, summaries_riga, summaries_utc, change_day, change_day_validations, fixlists_utc",
    [
        pytest.param(
            riga(2027, 3, 21, 12, 0),
            riga(2027, 3, 29, 12, 0),
            ["2027-03-22 08:00", "2027-03-29 08:00"],
            ["2027-03-22 06:00", "2027-03-29 05:00"],
            "2027-03-28",
            92,  # 23 hours that Sunday
            ["14:00"] * 7 + ["13:00"],
            id="spring-forward-2027-03-28",
        ),
        pytest.param(
            riga(2026, 10, 18, 12, 0),
            riga(2026, 10, 26, 12, 0),
            ["2026-10-19 08:00", "2026-10-26 08:00"],
            ["2026-10-19 05:00", "2026-10-26 06:00"],
            "2026-10-25",
            100,  # 25 hours that Sunday
            ["13:00"] * 7 + ["14:00"],
            id="fall-back-2026-10-25",
        ),
    ],
)
def test_a_week_across_a_clock_change_keeps_riga_times(
    start, until, summaries_riga, summaries_utc, change_day, change_day_validations, fixlists_utc
):
    week = Week(start).run_until(until)

    # The Monday summary at 08:00 in Riga both times, which is a different hour in UTC.
    assert week.times("summary") == summaries_riga
    assert week.times("summary", UTC) == summaries_utc
    # Fix-lists every day at 16:00 in Riga, the Sunday of the change included.
    fixlists = week.times("fixlists")
    assert [t[11:] for t in fixlists] == ["16:00"] * 8
    assert [t[:10] for t in fixlists] == [(start.date() + timedelta(days=i)).isoformat() for i in range(8)]
    assert [t[11:] for t in week.times("fixlists", UTC)] == fixlists_utc
    # Validation every 15 minutes of real time: no slot lost or doubled when the clocks move.
    validations = [t for name, t in week.ran if name == "validation"]
    assert {b - a for a, b in itertools.pairwise(validations)} == {timedelta(minutes=15)}
    assert sum(1 for t in validations if shown(t).startswith(change_day)) == change_day_validations
    assert (shown(validations[0]), shown(validations[-1])) == (
        shown(start + timedelta(minutes=15)),
        shown(until - timedelta(minutes=15)),
    )


def test_jobs_due_at_the_same_moment_run_in_order_validation_first():
    week = Week(riga(2027, 3, 22, 7, 50)).run_until(riga(2027, 3, 22, 8, 10))
    assert [(name, shown(t)) for name, t in week.ran] == [
        ("validation", "2027-03-22 08:00"),
        ("summary", "2027-03-22 08:00"),
    ]


# -- catch-up -----------------------------------------------------------------------------------
def test_a_missed_monday_summary_goes_out_at_start_once_and_not_again_on_restart():
    # The machine was off from Sunday evening until Monday 10:30.
    monday = riga(2026, 11, 23, 10, 30)
    ledger = FakeLedger(
        run=riga(2026, 11, 22, 20, 0), summary=riga(2026, 11, 16, 8, 0), fixlists=riga(2026, 11, 22, 16, 0)
    )
    first = Week(monday, ledger=ledger).run_until(riga(2026, 11, 23, 11, 0))
    assert first.times("summary") == ["2026-11-23 10:30"]
    assert first.times("fixlists") == []  # yesterday's 16:00 ran; today's is still ahead
    assert first.times("validation")[:2] == ["2026-11-23 10:30", "2026-11-23 10:45"]

    # Restarted ten minutes later: the ledger has this week's summary, so it waits for next Monday.
    again = Week(riga(2026, 11, 23, 11, 10), ledger=ledger).run_until(riga(2026, 11, 30, 8, 30))
    assert again.times("summary") == ["2026-11-30 08:00"]


def test_a_summary_that_failed_at_its_slot_is_caught_up_at_the_next_start():
    ledger = FakeLedger(run=riga(2026, 11, 23, 8, 0), fixlists=riga(2026, 11, 22, 16, 0))  # no summary yet
    week = Week(riga(2026, 11, 23, 9, 0), ledger=ledger).run_until(riga(2026, 11, 23, 9, 5))
    assert week.times("summary") == ["2026-11-23 09:00"]


def test_schedule_once_sends_the_missed_summary_once(cli, sample_copy, tmp_path):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    first = cli("--config", cfg, "schedule", "--once")
    second = cli("--config", cfg, "schedule", "--once")
    assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
    config = load_config(cfg)
    with Ledger(config.ledger) as ledger:
        assert len(ledger.runs("summary")) == 1
        assert [m["state"] for m in ledger.mails("summary")] == ["sent"] * 5  # one per address
    assert len(list(config.outbox.glob("summary_*.eml"))) == 5
    assert "summary (Mondays 08:00): the slot of" in first.stderr and "running now" in first.stderr
    assert "summary (Mondays 08:00): next at" in second.stderr


# -- failures, alerts, busy ---------------------------------------------------------------------
def test_a_failing_job_is_retried_at_its_next_slot_and_the_others_keep_running(caplog):
    def fixlists_error(now: datetime):
        day = now.astimezone(RIGA).day
        return {24: KopienasError("Pasta serveris nav sasniedzams"), 25: ValueError("a bug")}.get(day)

    week = Week(riga(2026, 11, 24, 0, 0), failing={"fixlists": fixlists_error})
    week.run_until(riga(2026, 11, 27, 0, 0))
    # Tried once a day at 16:00, not sooner, failing twice, then fine.
    assert week.times("fixlists") == ["2026-11-24 16:00", "2026-11-25 16:00", "2026-11-26 16:00"]
    validations = [t for name, t in week.ran if name == "validation"]
    assert {b - a for a, b in itertools.pairwise(validations)} == {timedelta(minutes=15)}  # no gap
    assert (shown(validations[0]), shown(validations[-1])) == ("2026-11-24 00:15", "2026-11-26 23:45")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("failed (1 in a row): Pasta serveris nav sasniedzams; next try at 2026-11-25 16:00" in e for e in errors)
    assert any("failed (2 in a row): ValueError: a bug" in e for e in errors)
    assert [j.failures for j in week.scheduler.jobs] == [0, 0, 0]


def _alert_config(workbook_with, operator: str = "it@example.lv"):
    _, cfg = workbook_with(activity(), config_extra=f'\n[mail]\ntransport = "outbox"\noperator = "{operator}"\n')
    return load_config(cfg)


def _alerts(config) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in sorted(config.outbox.glob("alert*.eml"))
    ]


def test_three_failures_in_a_row_send_one_alert_until_the_job_succeeds_again(workbook_with, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "hunter2-secret")
    register_environment()  # as the command does when it starts
    config = _alert_config(workbook_with)
    broken = {"on": True}

    def validation_error(now):
        return KopienasError("Nevar nolasīt lapu (password hunter2-secret)") if broken["on"] else None

    week = Week(
        riga(2026, 11, 24, 9, 1),
        failing={"validation": validation_error},
        alert=lambda job: send_alert(config, job),
        alert_after=3,
    )
    week.run_until(riga(2026, 11, 24, 11, 0))  # eight failures in a row
    [alert] = _alerts(config)
    assert alert["To"] == "it@example.lv"
    assert "“validation”" in alert["Subject"] and "3 reizes" in alert["Subject"]
    body = alert.get_body(("plain",)).get_content()
    assert (
        "Nevar nolasīt lapu" in body
        and "kopš 24.11.2026. plkst. 9.15 (Rīgas laiks) ir neizdevies 3 reizes pēc kārtas" in body
    )  # failing since the first failure
    assert "hunter2-secret" not in alert.as_string()

    broken["on"] = False
    week.run_until(riga(2026, 11, 24, 11, 20))
    broken["on"] = True
    week.run_until(riga(2026, 11, 24, 12, 30))
    assert len(_alerts(config)) == 2  # it had recovered, so the new run of failures alerts again


def test_without_an_operator_the_alert_is_logged(workbook_with, caplog):
    config = _alert_config(workbook_with, operator="")
    week = Week(
        riga(2026, 11, 24, 9, 1),
        failing={"validation": KopienasError("lapa nav pieejama")},
        alert=lambda job: send_alert(config, job),
    )
    week.run_until(riga(2026, 11, 24, 10, 0))
    assert _alerts(config) == []
    logged = [r.getMessage() for r in caplog.records if "mail.operator" in r.getMessage()]
    assert len(logged) == 1 and "lapa nav pieejama" in logged[0]


def test_a_job_that_finds_another_run_in_progress_tries_again_in_a_minute_without_counting_a_failure():
    alerts = []
    busy = RunBusy(Holder(4321, "run", None))
    week = Week(
        riga(2026, 11, 24, 9, 59),
        failing={"summary": busy},
        alert=alerts.append,
        rules={"summary": ("summary", every_minutes(60))},  # summary due at 10:00 for this test
    )
    week.run_until(riga(2026, 11, 24, 10, 4, 30))
    assert week.times("summary") == [
        "2026-11-24 10:00",
        "2026-11-24 10:01",
        "2026-11-24 10:02",
        "2026-11-24 10:03",
        "2026-11-24 10:04",
    ]
    assert alerts == [] and week.scheduler.jobs[1].failures == 0


# -- configuration ------------------------------------------------------------------------------
def test_schedule_times_come_from_the_config(workbook_with):
    _, cfg = workbook_with(
        activity(),
        config_extra=(
            '\n[schedule]\nvalidate_every_minutes = 5\nsummary_day = "friday"\nsummary_time = "17:30"\n'
            'fixlist_time = "7:45"\nalert_after_failures = 2\n'
        ),
    )
    plan = plan_from_config(load_config(cfg))
    after = riga(2026, 11, 24, 12, 1)
    assert [shown(runs_of(w, after, 1)[0]) for w in (plan.validation, plan.summary, plan.fixlists)] == [
        "2026-11-24 12:05",
        "2026-11-27 17:30",
        "2026-11-25 07:45",
    ]
    assert plan.alert_after == 2


@pytest.mark.parametrize(
    "extra, says",
    [
        ('summary_time = "8"', "`schedule.summary_time` must be a time like"),
        ('fixlist_time = "24:00"', "`schedule.fixlist_time` must be a time like"),
        ('summary_day = "pirmdien"', "`schedule.summary_day` must be a weekday"),
        ("validate_every_minutes = 0", "`schedule.validate_every_minutes` must be 1 or more"),
    ],
)
def test_a_bad_schedule_setting_is_one_line_naming_the_key(workbook_with, cli, extra, says):
    _, cfg = workbook_with(activity(), config_extra=f"\n[schedule]\n{extra}\n")
    with pytest.raises(ConfigError, match=says):
        plan_from_config(load_config(cfg))
    result = cli("--config", cfg, "schedule", "--once")
    assert result.exit_code == 2 and says in result.output


# -- stopping -----------------------------------------------------------------------------------
def test_a_signal_during_a_job_lets_it_finish_then_stops_before_the_next():
    finished = []

    def validation() -> int:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler runs here; the job must go on regardless
        finished.append("validation")
        return 0

    week = Week(riga(2027, 3, 22, 7, 59))
    week.scheduler.jobs[0].action = validation
    before = signal.getsignal(signal.SIGINT)
    week.run_until(riga(2027, 3, 22, 9, 0))
    assert finished == ["validation"]
    assert week.times("summary") == []  # due at the same 08:00, but the stop came first
    assert signal.getsignal(signal.SIGINT) is before


def _stderr_lines(process: subprocess.Popen) -> list[str]:
    lines: list[str] = []

    def read() -> None:
        for line in process.stderr:
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


@pytest.mark.slow
def test_sigterm_stops_the_scheduler_process_with_exit_0(workbook_with):
    _, cfg = workbook_with(activity())
    process = subprocess.Popen(
        [sys.executable, "-m", "kopienas", "--config", str(cfg), "--log-format", "json", "schedule"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = _stderr_lines(process)
    try:
        deadline = time.monotonic() + 20
        while not any("idle until" in line for line in lines):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
    time.sleep(0.1)
    records = [json.loads(line) for line in lines]
    assert records[-1]["message"] == "stopped (SIGTERM)"
    assert {r["job"] for r in records if r["message"] == "started"} == {"validation", "summary", "fixlists"}
