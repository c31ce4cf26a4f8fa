"""Schedules in Riga time and the times the `schedule` package runs them, the clock moved by time-machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import schedule
import time_machine

from kopienas.app.unattended.plan import When


def every_minutes(n: int) -> When:
    return When(seconds=n * 60)


def at_riga(hour: int, minute: int, weekday: int | None = None) -> When:
    return When(at=clock_time(hour, minute), weekday=weekday, zone="Europe/Riga")


def runs_of(when: When, start: datetime, count: int, system_zone: str = "UTC") -> list[datetime]:
    """The first `count` times schedule runs a job registered at `start`, the clock moved by
    time-machine, the machine's own zone `system_zone`."""
    ran: list[datetime] = []
    with time_machine.travel(start.astimezone(ZoneInfo(system_zone)), tick=False) as traveller:
        clock = schedule.Scheduler()
        job = when.add_to(clock, lambda: ran.append(datetime.now(UTC)))
        while len(ran) < count:
            traveller.shift(timedelta(seconds=max(0.0, clock.idle_seconds or 0.0)))
            for due in [j for j in clock.jobs if j.should_run]:
                due.run()
        assert job in clock.jobs
    return ran
