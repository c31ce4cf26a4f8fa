"""When the unattended jobs run, and running them so that one failure never stops the rest.

Three jobs: validation and drafts every N minutes, partner summaries weekly (Monday 08:00) and
coordinators' fix-lists daily (16:00), the times being wall-clock times in the programme's zone
(Europe/Riga), so they stay at 08:00 in Riga when the clocks change.

The `schedule` package reads the system clock itself and needs pytz for time zones, so it can be
neither driven by a test clock nor trusted to keep Riga's 08:00 without another dependency. The
slots are therefore computed here with `zoneinfo`, from an injected clock (`now`) and an injected
`sleep`; that is all a test needs to walk through a week with a daylight-saving change in
milliseconds.

Catch-up: when the scheduler starts, a job whose most recent slot has no successful run in the
ledger since it (the machine was off on Monday morning) runs at once — once, because that run is
then in the ledger.
"""

from __future__ import annotations

import logging
import math
import re
import signal
import threading
import time as time_module
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo

from kopienas.config import Config, ConfigError
from kopienas.core.errors import EXIT_FAILED, EXIT_OK, KopienasError
from kopienas.adapters.logs import current_job
from kopienas.adapters.runlock import EXIT_BUSY, RunBusy

log = logging.getLogger(__name__)

UTC = timezone.utc
BUSY_RETRY = timedelta(minutes=1)  # another run holds the lock: it is usually done within a minute
LONGEST_NAP = 60.0  # seconds; a suspended machine or a corrected clock is noticed within a minute

OK, FAILED, BUSY = "ok", "failed", "busy"

WEEKDAYS = {
    **{name: i for i, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])},
    **{name: i for i, name in enumerate(
        ["pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena"])},
}
_WEEKDAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"]
_CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def utc_now() -> datetime:
    return datetime.now(UTC)


# -- when: rules that give the slots of a job ----------------------------------------------------
class Rule(Protocol):
    def next_after(self, moment: datetime) -> datetime:
        """The first slot strictly after `moment` (an aware datetime); returned in UTC."""

    def last_at_or_before(self, moment: datetime) -> datetime:
        """The most recent slot at or before `moment`; returned in UTC."""

    def describe(self) -> str: ...


@dataclass(frozen=True)
class EveryMinutes:
    """Slots every `minutes`, on multiples of it since the epoch, i.e. for 15 on :00, :15, :30 and
    :45 — real elapsed time, so a day with a clock change has 92 or 100 quarter-hours."""

    minutes: int

    def _step(self) -> float:
        return self.minutes * 60.0

    def next_after(self, moment: datetime) -> datetime:
        return datetime.fromtimestamp((math.floor(moment.timestamp() / self._step()) + 1) * self._step(), UTC)

    def last_at_or_before(self, moment: datetime) -> datetime:
        return datetime.fromtimestamp(math.floor(moment.timestamp() / self._step()) * self._step(), UTC)

    def describe(self) -> str:
        return f"every {self.minutes} min"


@dataclass(frozen=True)
class AtLocalTime:
    """A wall-clock time in `zone`, every day or on one weekday (0 Monday … 6 Sunday)."""

    at: time
    zone: ZoneInfo
    weekday: int | None = None

    def slot_on(self, day: date) -> datetime | None:
        if self.weekday is not None and day.weekday() != self.weekday:
            return None
        # fold=0: a time the spring change skips (03:30 in Riga) is read with the offset before the
        # change, i.e. it runs an hour later on the new clock (04:30); a time the autumn change
        # repeats runs once, at its first occurrence.
        return datetime.combine(day, self.at, tzinfo=self.zone).astimezone(UTC)

    def next_after(self, moment: datetime) -> datetime:
        today = moment.astimezone(self.zone).date()
        for days in range(0, 9):
            slot = self.slot_on(today + timedelta(days=days))
            if slot is not None and slot > moment:
                return slot
        raise AssertionError("a weekly slot is always within 8 days")

    def last_at_or_before(self, moment: datetime) -> datetime:
        today = moment.astimezone(self.zone).date()
        for days in range(0, 9):
            slot = self.slot_on(today - timedelta(days=days))
            if slot is not None and slot <= moment:
                return slot
        raise AssertionError("a weekly slot is always within 8 days")

    def describe(self) -> str:
        when = "daily" if self.weekday is None else _WEEKDAY_NAMES[self.weekday]
        return f"{when} {self.at:%H:%M}"


def first_run(rule: Rule, last_success: datetime | None, now: datetime) -> datetime:
    """`now` when the latest slot has passed without a successful run since (catch-up), else the
    next slot."""
    if last_success is None or last_success < rule.last_at_or_before(now):
        return now
    return rule.next_after(now)


# -- what: the jobs and the plan from the config --------------------------------------------------
@dataclass(frozen=True)
class Plan:
    validation: EveryMinutes
    summary: AtLocalTime
    fixlists: AtLocalTime
    alert_after: int

    def rules(self) -> dict[str, Rule]:
        return {"validation": self.validation, "summary": self.summary, "fixlists": self.fixlists}


# Job name -> the ledger command whose successful runs mean the job has been done.
LEDGER_COMMANDS = {"validation": "run", "summary": "summary", "fixlists": "fixlists"}


def plan_from_config(config: Config) -> Plan:
    """The `[schedule]` settings checked; a bad value is one line naming the key and the file."""
    settings = config.schedule
    file = str(config.path) if config.path else "(built-in defaults)"

    def clock_time(key: str) -> time:
        match = _CLOCK_TIME.match(str(settings[key]).strip())
        if not match:
            raise ConfigError(f"{file}: `schedule.{key}` must be a time like \"08:00\", not {settings[key]!r}")
        return time(int(match[1]), int(match[2]))

    def positive(key: str) -> int:
        if settings[key] < 1:
            raise ConfigError(f"{file}: `schedule.{key}` must be 1 or more, not {settings[key]!r}")
        return settings[key]

    day = str(settings["summary_day"]).strip().casefold()
    if day not in WEEKDAYS:
        raise ConfigError(f"{file}: `schedule.summary_day` must be a weekday like \"monday\", "
                          f"not {settings['summary_day']!r}")
    return Plan(
        validation=EveryMinutes(positive("validate_every_minutes")),
        summary=AtLocalTime(clock_time("summary_time"), config.zone, WEEKDAYS[day]),
        fixlists=AtLocalTime(clock_time("fixlist_time"), config.zone),
        alert_after=positive("alert_after_failures"),
    )


@dataclass
class ScheduledJob:
    name: str
    rule: Rule
    action: Callable[[], int]  # returns an exit code; raises KopienasError when it fails
    ledger_command: str = ""
    next_run: datetime | None = None
    failures: int = 0  # in a row
    failing_since: datetime | None = None
    last_error: str = ""
    alerted: bool = False


Alert = Callable[[ScheduledJob], None]


# -- how: the loop --------------------------------------------------------------------------------
class Scheduler:
    def __init__(
        self,
        jobs: list[ScheduledJob],
        *,
        zone: ZoneInfo | timezone = UTC,
        now: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] | None = None,
        last_success: Callable[[str], datetime | None] = lambda command: None,
        alert: Alert | None = None,
        alert_after: int = 3,
    ):
        self.jobs = jobs
        self.zone = zone
        self.now = now
        self.sleep = sleep or self._nap
        self.last_success = last_success
        self.alert = alert
        self.alert_after = alert_after
        self.stop_requested = False
        self._stop_signal = ""

    # The loop --------------------------------------------------------------------------------
    def start(self) -> None:
        """Plan each job's first run; a job whose latest slot was missed runs now."""
        current = self.now()
        for job in self.jobs:
            try:
                done = self.last_success(job.ledger_command or job.name)
            except Exception as e:  # noqa: BLE001 - an unreadable ledger is the job's problem to report
                log.error("%s: cannot read the ledger (%s); running it now", job.name, e)
                done = None
            job.next_run = first_run(job.rule, done, current)
            if job.next_run <= current:
                missed = job.rule.last_at_or_before(current)
                log.info("%s (%s): the slot of %s has no run yet; running now", job.name, job.rule.describe(),
                         self.local(missed))
            else:
                log.info("%s (%s): next at %s", job.name, job.rule.describe(), self.local(job.next_run))

    def run_pending(self) -> list[tuple[str, str]]:
        """Run every job that is due, in slot order (ties in the order the jobs were given);
        returns (job, ok|failed|busy) for each one run."""
        current = self.now()
        due = sorted((j for j in self.jobs if j.next_run is not None and j.next_run <= current),
                     key=lambda j: j.next_run)
        results = []
        for job in due:
            if self.stop_requested:
                break  # a safe point: between jobs
            results.append((job.name, self._run(job)))
        return results

    def idle_seconds(self) -> float:
        upcoming = min(j.next_run for j in self.jobs if j.next_run is not None)
        return max(0.0, (upcoming - self.now()).total_seconds())

    def run_forever(self) -> None:
        """Run jobs at their slots until SIGTERM or SIGINT (or `request_stop`); a job in progress
        is finished first."""
        with self._stopping_on_signals():
            self.start()
            while not self.stop_requested:
                self.run_pending()
                if self.stop_requested:
                    break
                upcoming = min((j for j in self.jobs if j.next_run is not None), key=lambda j: j.next_run)
                log.info("idle until %s (%s)", self.local(upcoming.next_run), upcoming.name)
                self.sleep(self.idle_seconds())
        log.info("stopped%s", f" ({self._stop_signal})" if self._stop_signal else "")

    def run_once(self) -> int:
        """Run what is due now, missed slots included, and return an exit code: 3 when a job
        failed, 4 when one could not start because another run was in progress, else 0. A signal
        lets the job in progress finish and skips the rest."""
        with self._stopping_on_signals():
            self.start()
            results = [outcome for _, outcome in self.run_pending()]
        if not results:
            log.info("nothing is due")
        return EXIT_FAILED if FAILED in results else EXIT_BUSY if BUSY in results else EXIT_OK

    def request_stop(self) -> None:
        self.stop_requested = True

    # One job ---------------------------------------------------------------------------------
    def _run(self, job: ScheduledJob) -> str:
        token = current_job.set(job.name)
        started = self.now()
        try:
            log.info("started")
            cause = ""
            try:
                code = job.action()
            except RunBusy as e:
                job.next_run = started + BUSY_RETRY
                log.warning("%s Next try at %s.", e, self.local(job.next_run))
                return BUSY
            except KopienasError as e:
                cause = str(e)
            except Exception as e:  # noqa: BLE001 - any bug in one job must not stop the others
                cause = f"{type(e).__name__}: {e}"
                log.error("unexpected error", exc_info=True)
            else:
                if code == EXIT_FAILED:
                    cause = "exit code 3 (the job's output above says why)"
            job.next_run = job.rule.next_after(self.now())
            if cause:
                self._failed(job, cause, started)
                return FAILED
            self._succeeded(job, code, started)
            return OK
        finally:
            current_job.reset(token)

    def _succeeded(self, job: ScheduledJob, code: int, started: datetime) -> None:
        seconds = (self.now() - started).total_seconds()
        what = "rows with problems, see the sheet" if code == 1 else "ok"
        log.info("finished in %.1f s (exit %d: %s); next at %s", seconds, code, what, self.local(job.next_run))
        if job.failures:
            log.info("recovered after %d failed run(s)", job.failures)
        job.failures, job.failing_since, job.last_error, job.alerted = 0, None, "", False

    def _failed(self, job: ScheduledJob, cause: str, started: datetime) -> None:
        job.failures += 1
        job.failing_since = job.failing_since or started
        job.last_error = cause
        log.error("failed (%d in a row): %s; next try at %s", job.failures, cause, self.local(job.next_run))
        if job.failures >= self.alert_after and not job.alerted and self.alert is not None:
            try:
                self.alert(job)
            except Exception as e:  # noqa: BLE001 - the alert is best effort; the loop goes on
                log.error("could not send the alert: %s", e)
            else:
                job.alerted = True

    # Time and signals ------------------------------------------------------------------------
    def local(self, moment: datetime | None) -> str:
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M %Z") if moment else "—"

    def _nap(self, seconds: float) -> None:
        # Short steps, so a stop request is seen within half a second; at most LONGEST_NAP in all,
        # because time.sleep does not count the time a machine spends suspended.
        deadline = time_module.monotonic() + min(seconds, LONGEST_NAP)
        while not self.stop_requested:
            left = deadline - time_module.monotonic()
            if left <= 0:
                return
            time_module.sleep(min(left, 0.5))

    def _on_signal(self, signum: int, frame: object) -> None:
        # Only a flag: the job in progress finishes, the loop stops at the next safe point.
        self._stop_signal = signal.Signals(signum).name
        self.stop_requested = True

    @contextmanager
    def _stopping_on_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread can receive signals
            return
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)


# -- the production jobs --------------------------------------------------------------------------
def ledger_last_success(config: Config) -> Callable[[str], datetime | None]:
    """When the latest successful (or rows-with-problems) run of a ledger command started; dry
    runs do not count."""
    from kopienas.adapters.ledger import Ledger

    def last_success(command: str) -> datetime | None:
        with Ledger(config.ledger) as ledger:
            for run in ledger.runs(command, limit=50):
                if run.outcome in ("ok", "problems") and not run.counts.get("dry_run"):
                    return datetime.fromisoformat(run.started_at)
        return None

    return last_success


def production_jobs(config: Config, plan: Plan) -> list[ScheduledJob]:
    # Imported here: each pulls in the sheet, mail and drafting code.
    from kopienas.app.fixlists import fixlists
    from kopienas.app.run import run_all
    from kopienas.app.summary import summary
    from kopienas.adapters.runlock import run_lock

    def locked(name: str, job: Callable[[], int]) -> Callable[[], int]:
        def action() -> int:
            with run_lock(config, name):
                return job()

        return action

    actions = {
        "validation": lambda: run_all(config, mail=False),
        "summary": lambda: summary(config),
        "fixlists": lambda: fixlists(config),
    }
    return [ScheduledJob(name, rule, locked(name, actions[name]), LEDGER_COMMANDS[name])
            for name, rule in plan.rules().items()]


def build_scheduler(config: Config, *, now: Callable[[], datetime] = utc_now,
                    sleep: Callable[[float], None] | None = None) -> Scheduler:
    from kopienas.app.alerts import send_alert

    plan = plan_from_config(config)
    return Scheduler(
        production_jobs(config, plan),
        zone=config.zone,
        now=now,
        sleep=sleep,
        last_success=ledger_last_success(config),
        alert=lambda job: send_alert(config, job),
        alert_after=plan.alert_after,
    )
