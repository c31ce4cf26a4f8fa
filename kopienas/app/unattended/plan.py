"""When the unattended jobs run: the `[schedule]` settings, as jobs of the `schedule` package.

Jobs: validation and drafts every N minutes (`schedule`), or `watch`'s tick every few seconds;
partner summaries weekly (Monday 08:00) and coordinators' fix-lists daily (16:00), wall-clock
times in the programme's zone given to `schedule` as `.at("08:00", "Europe/Riga")`, so they stay
at 08:00 in Riga when the clocks change.

The loop runs on a `schedule.Scheduler`. What that package does not tell is the *latest* time at
or before a moment: the ledger's catch-up needs it (a job whose latest time has no successful run
since runs at once), and so do `status` and the week a run's summary is for. `When.latest` gives
it with zoneinfo; a test checks that `When.following` agrees with schedule's own next runs.

Two things schedule 1.2.2 gets wrong, and how they are kept out (README, "Running unattended"):
a time the clock change skips or repeats (03:00–03:59 in Riga) comes back an hour off on the
following days — such times are refused in the config; and its interval jobs keep naive local
times, which stall for an hour when the machine's own zone falls back — the scheduler process
therefore keeps its clock in UTC (`use_utc_process_clock`).
"""

from __future__ import annotations

import math
import os
import re
import time as time_module
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kopienas.config import Config, ConfigError
from kopienas.core.weeks import due_week, latest_weekly_slot

UTC = UTC

_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Input vocabulary, not wording: `schedule.summary_day` may name the day in Latvian as well.
_DAYS_LV = ["pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena"]
WEEKDAYS = {**{n: i for i, n in enumerate(_DAYS)}, **{n: i for i, n in enumerate(_DAYS_LV)}}
_WEEKDAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"]
_CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def utc_now() -> datetime:
    return datetime.now(UTC)


def use_utc_process_clock() -> None:
    """The scheduler process's local zone is UTC: schedule compares naive local times, which a
    zone with clock changes makes repeat or skip an hour. Times in Riga are given explicitly."""
    os.environ["TZ"] = "UTC"
    time_module.tzset()


def next_run_of(job: Any) -> datetime:
    """A schedule.Job's next run (naive, the process's local time) as an aware UTC datetime."""
    return job.next_run.astimezone(UTC)


@dataclass(frozen=True)
class When:
    """A job's times: every `seconds`, or at `at` (in `zone`) daily or on one `weekday` (0 Monday)."""

    seconds: int = 0
    at: time | None = None
    weekday: int | None = None
    zone: str = "Europe/Riga"

    def add_to(self, clock: Any, action: Callable[[], object]) -> Any:
        """Register `action` on a schedule.Scheduler at these times; returns the schedule.Job."""
        if self.at is None:
            job = clock.every(self.seconds).seconds.do(action)
            # The first run on a multiple of the interval (15 min: :00, :15, :30, :45), as cron would.
            job.next_run = datetime.fromtimestamp((math.floor(time_module.time() / self.seconds) + 1) * self.seconds)
            return job
        every = clock.every()
        unit = every.day if self.weekday is None else getattr(every, _DAYS[self.weekday])
        return unit.at(self.at.strftime("%H:%M"), self.zone).do(action)

    def latest(self, moment: datetime) -> datetime:
        """The latest time at or before `moment` (aware); in UTC."""
        if self.at is None:
            return datetime.fromtimestamp(math.floor(moment.timestamp() / self.seconds) * self.seconds, UTC)
        zone = ZoneInfo(self.zone)
        if self.weekday is not None:
            return latest_weekly_slot(moment, self.weekday, self.at, zone)
        today = moment.astimezone(zone).date()
        for days in range(0, 2):
            slot = datetime.combine(today - timedelta(days=days), self.at, tzinfo=zone).astimezone(UTC)
            if slot <= moment:
                return slot
        raise AssertionError("a daily time is always within 2 days")

    def due_week(self, moment: datetime) -> tuple[date, date]:
        """The week whose summary is due at `moment` (this being the summary's weekly time)."""
        assert self.at is not None and self.weekday is not None
        return due_week(moment, self.weekday, self.at, ZoneInfo(self.zone))

    def following(self, moment: datetime) -> datetime:
        """The first time strictly after `moment`; in UTC (what schedule's next run is)."""
        if self.at is None:
            return self.latest(moment + timedelta(seconds=self.seconds))
        local = moment.astimezone(ZoneInfo(self.zone))  # wall-clock arithmetic: a day is a day
        return self.latest(local + timedelta(days=1 if self.weekday is None else 7))

    def describe(self) -> str:
        if self.at is None:
            return f"every {self.seconds // 60} min" if self.seconds % 60 == 0 else f"every {self.seconds} s"
        when = "daily" if self.weekday is None else _WEEKDAY_NAMES[self.weekday]
        return f"{when} {self.at:%H:%M}"


def first_run(when: When, last_success: datetime | None, now: datetime) -> datetime:
    """`now` when the latest time has passed without a successful run since (catch-up), else the
    next time."""
    if last_success is None or last_success < when.latest(now):
        return now
    return when.following(now)


# -- what: the jobs and the plan from the config --------------------------------------------------
@dataclass(frozen=True)
class Plan:
    validation: When
    summary: When
    fixlists: When
    alert_after: int

    def rules(self) -> dict[str, When]:
        return {"validation": self.validation, "summary": self.summary, "fixlists": self.fixlists}


# Job name -> the ledger command whose successful runs mean the job has been done.
LEDGER_COMMANDS = {"validation": "run", "watch": "run", "summary": "summary", "fixlists": "fixlists"}


def _clock_change_hour(at: time, zone: ZoneInfo, year: int) -> date | None:
    """A day of `year` on which `at` does not exist or happens twice in `zone`, if any."""
    day = date(year, 1, 1)
    while day.year == year:
        moment = datetime.combine(day, at, tzinfo=zone)
        if moment.utcoffset() != moment.replace(fold=1).utcoffset():
            return day
        day += timedelta(days=1)
    return None


def plan_from_config(config: Config) -> Plan:
    """The `[schedule]` settings checked; a bad value is one line naming the key and the file."""
    settings = config.schedule
    file = str(config.path) if config.path else "(built-in defaults)"

    def clock_time(key: str) -> time:
        match = _CLOCK_TIME.match(str(settings[key]).strip())
        if not match:
            raise ConfigError(f'{file}: `schedule.{key}` must be a time like "08:00", not {settings[key]!r}')
        at = time(int(match[1]), int(match[2]))
        changed = _clock_change_hour(at, config.zone, date.today().year)
        if changed is not None:
            raise ConfigError(
                f"{file}: `schedule.{key}` = {settings[key]!r} is skipped or repeated when the clocks change in "
                f"{config.timezone} (e.g. {changed:%Y-%m-%d}); choose a time outside that hour"
            )
        return at

    def positive(key: str) -> int:
        if settings[key] < 1:
            raise ConfigError(f"{file}: `schedule.{key}` must be 1 or more, not {settings[key]!r}")
        return int(settings[key])

    day = str(settings["summary_day"]).strip().casefold()
    if day not in WEEKDAYS:
        raise ConfigError(
            f'{file}: `schedule.summary_day` must be a weekday like "monday", not {settings["summary_day"]!r}'
        )
    return Plan(
        validation=When(seconds=positive("validate_every_minutes") * 60),
        summary=When(at=clock_time("summary_time"), weekday=WEEKDAYS[day], zone=config.timezone),
        fixlists=When(at=clock_time("fixlist_time"), zone=config.timezone),
        alert_after=positive("alert_after_failures"),
    )


@dataclass
class ScheduledJob:
    name: str
    when: When
    action: Callable[[], int | None]  # an exit code (None: nothing to do); raises KopienasError when it fails
    ledger_command: str = ""  # its successful runs in the ledger: the catch-up at start
    quiet: bool = False  # logs only what it did (watch's tick runs every few seconds)
    handle: Any = None  # its schedule.Job, once the scheduler has started
    failures: int = 0  # in a row
    failing_since: datetime | None = None
    last_error: str = ""
    alerted: bool = False

    @property
    def next_run(self) -> datetime | None:
        return next_run_of(self.handle) if self.handle is not None else None


Alert = Callable[[ScheduledJob], None]


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
