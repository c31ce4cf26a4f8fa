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

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from kopienas.config import Config, ConfigError

UTC = UTC

WEEKDAYS = {
    **{
        name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
    },
    **{
        name: i
        for i, name in enumerate(
            ["pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena"]
        )
    },
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
            raise ConfigError(f'{file}: `schedule.{key}` must be a time like "08:00", not {settings[key]!r}')
        return time(int(match[1]), int(match[2]))

    def positive(key: str) -> int:
        if settings[key] < 1:
            raise ConfigError(f"{file}: `schedule.{key}` must be 1 or more, not {settings[key]!r}")
        return settings[key]

    day = str(settings["summary_day"]).strip().casefold()
    if day not in WEEKDAYS:
        raise ConfigError(
            f'{file}: `schedule.summary_day` must be a weekday like "monday", not {settings["summary_day"]!r}'
        )
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
