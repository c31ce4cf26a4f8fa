"""What the `schedule` package does with Riga times, the clock moved by time-machine: the cases it
gets right, the two it gets wrong (and how kopienas keeps them out), and that the catch-up's own
arithmetic agrees with it."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kopienas.app.unattended.plan import plan_from_config
from kopienas.config import ConfigError, load_config
from tests.helpers import activity
from tests.support.schedule import at_riga, every_minutes, runs_of

RIGA = ZoneInfo("Europe/Riga")


def riga(*args: int) -> datetime:
    return datetime(*args, tzinfo=RIGA)


def shown(moment: datetime) -> str:
    return moment.astimezone(RIGA).strftime("%Y-%m-%d %H:%M")


@pytest.mark.xfail(
    strict=True, reason="schedule 1.2.2: after a time the spring change skips, the next day runs an hour early"
)
def test_a_time_the_spring_change_skips_runs_an_hour_later_and_a_repeated_time_runs_once():
    # What schedule does with 03:30, an hour that 2027-03-28 skips in Riga: 04:30 that day, as asked,
    # but 02:30 the next day. The config refuses such times (next test), so this cannot happen.
    at_0330 = at_riga(3, 30)
    spring = runs_of(at_0330, riga(2027, 3, 27, 12, 0), 2)
    assert [shown(t) for t in spring] == ["2027-03-28 04:30", "2027-03-29 03:30"]
    autumn = runs_of(at_0330, riga(2026, 10, 24, 12, 0), 2)
    assert [shown(t) for t in autumn] == ["2026-10-25 03:30", "2026-10-26 03:30"]
    assert autumn[1] - autumn[0] == timedelta(hours=25)


@pytest.mark.parametrize("key", ["summary_time", "fixlist_time"])
def test_a_time_in_the_hour_the_clocks_change_is_refused(workbook_with, key):
    _, cfg = workbook_with(activity(), config_extra=f'\n[schedule]\n{key} = "03:30"\n')
    with pytest.raises(ConfigError, match=f"`schedule.{key}` = '03:30' is skipped or repeated when the clocks change"):
        plan_from_config(load_config(cfg))


def test_schedule_interval_jobs_lose_an_hour_when_the_machine_zone_falls_back_so_the_process_keeps_utc():
    # schedule keeps naive local times: on a machine in Riga time, every-15-minutes stalls for the
    # repeated hour of 2026-10-25. In UTC (what the scheduler process uses) nothing is lost.
    start = riga(2026, 10, 25, 3, 0)
    in_riga = runs_of(every_minutes(15), start, 8, system_zone="Europe/Riga")
    in_utc = runs_of(every_minutes(15), start, 8, system_zone="UTC")
    assert {b - a for a, b in itertools.pairwise(in_utc)} == {timedelta(minutes=15)}
    assert max(b - a for a, b in itertools.pairwise(in_riga)) == timedelta(hours=1, minutes=15)


@settings(max_examples=40, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)),
    hour=st.sampled_from([0, 1, 2, 4, 7, 8, 12, 16, 23]),
    minute=st.sampled_from([0, 15, 59]),
    weekday=st.sampled_from([None, 0, 3, 6]),
)
def test_the_catch_up_arithmetic_agrees_with_schedule(moment, hour, minute, weekday):
    # `When.following` (status, catch-up) gives the very time schedule itself runs the job next.
    when = at_riga(hour, minute, weekday)
    start = moment.replace(tzinfo=UTC)
    [first] = runs_of(when, start, 1)
    assert first == when.following(start)
    assert when.latest(first) == first and when.latest(first - timedelta(seconds=1)) < first
