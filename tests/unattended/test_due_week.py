"""One rule for the week that is due: whichever command sends the weekly summary, at whatever time,
each partner address gets each week's summary exactly once, and it is the same week.

At 05:18 on a Monday `run` once sent 23–29 November while `schedule --once` a minute later sent
30 November–6 December to the same partners; the property below interleaves `run`, `summary`,
the scheduler's summary job (`schedule`, `schedule --once`) and `watch`'s, at any minute across
both clock changes in Riga, with the outbox transport and the real ledger.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kopienas.app.jobs.run import run_all
from kopienas.app.jobs.summary import summary
from kopienas.app.unattended.plan import plan_from_config
from kopienas.app.unattended.scheduler import production_jobs
from kopienas.config import Config, load_config
from kopienas.core.weeks import due_week, iso_week_label
from tests.helpers import PARTNERS, activity, make_workbook, standard_tabs, write_config

RIGA = ZoneInfo("Europe/Riga")
SUMMARY_FILE = re.compile(r"^summary_(?P<to>.+)_(?P<week>\d{4}-W\d\d)(-[0-9a-f]{12})?\.eml$")
TWO_PARTNERS = [*PARTNERS, ["Preiļu novada pašvaldība", "preili@example.com; dome@example.com", "Visas", "lv", "Jā"]]


def expected_week(local: datetime) -> str:
    """The oracle, said plainly: before Monday 08:00 the previous slot's week, else the week just ended."""
    day = local.date()
    last_sunday = day - timedelta(days=day.isoweekday())
    if day.isoweekday() == 1 and local.time() < time(8, 0):
        last_sunday -= timedelta(days=7)
    return iso_week_label(last_sunday - timedelta(days=6))


def _scheduled(config: Config, watch: bool) -> Callable[[], object]:
    jobs = production_jobs(config, plan_from_config(config), watch_every=10 if watch else 0)
    return next(j for j in jobs if j.name == "summary").action


COMMANDS: dict[str, Callable[[Config], object]] = {
    "run": lambda config: run_all(config),
    "summary": lambda config: summary(config),
    "schedule --once": lambda config: _scheduled(config, watch=False)(),
    "watch": lambda config: _scheduled(config, watch=True)(),
}

# Minutes from the start of a fortnight that holds a clock change: 29 March and 25 October 2020.
STARTS = [datetime(2020, 3, 20), datetime(2020, 10, 16)]
moments = st.tuples(st.sampled_from(STARTS), st.integers(0, 3 * 7 * 24 * 60))
steps = st.lists(st.tuples(st.sampled_from(sorted(COMMANDS)), moments), min_size=2, max_size=6)


def _sent(outbox: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """(address, week) -> (inode, mtime) of each summary the outbox holds."""
    found = {}
    for path in outbox.glob("summary_*.eml") if outbox.exists() else []:
        match = SUMMARY_FILE.match(path.name)
        assert match, path.name
        stat = path.stat()
        found[(match["to"], match["week"])] = (stat.st_ino, stat.st_mtime_ns)
    return found


@pytest.mark.slow  # a dozen interleavings of real runs: half a minute
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
@example(  # Monday 23 March 2020: `run` at 05:18, `schedule --once` a minute later, `summary` after 08:00
    steps=[("run", (STARTS[0], 4638)), ("schedule --once", (STARTS[0], 4639)), ("summary", (STARTS[0], 4839))]
)
def test_each_address_gets_each_weeks_summary_once_whichever_command_sends_it(steps):
    pinned = os.environ.get("KOPIENAS_TODAY")
    timeline = sorted((start + timedelta(minutes=m), name) for name, (start, m) in steps)
    with tempfile.TemporaryDirectory() as folder:
        tabs = standard_tabs(activity()) | {"Partneri": TWO_PARTNERS}
        book = make_workbook(Path(folder) / "wb.xlsx", tabs)
        config = load_config(write_config(Path(folder) / "cfg", book))
        outbox = config.outbox
        weeks_by_address: dict[str, list[str]] = {}
        try:
            for moment, name in timeline:
                os.environ["KOPIENAS_TODAY"] = moment.strftime("%Y-%m-%dT%H:%M")
                before = _sent(outbox)
                COMMANDS[name](config)
                after = _sent(outbox)
                assert all(after[k] == v for k, v in before.items()), f"{name} at {moment} sent a summary again"
                new = sorted(set(after) - set(before))
                due = expected_week(moment.replace(tzinfo=RIGA))
                assert {week for _, week in new} <= {due}, f"{name} at {moment} sent {new}, due {due}"
                for address, week in new:
                    weeks_by_address.setdefault(address, []).append(week)
        finally:
            if pinned is None:
                os.environ.pop("KOPIENAS_TODAY", None)
            else:
                os.environ["KOPIENAS_TODAY"] = pinned
    last_due = expected_week(timeline[-1][0].replace(tzinfo=RIGA))
    assert len(weeks_by_address) == 3  # every address of both partners
    assert len({tuple(weeks) for weeks in weeks_by_address.values()}) == 1  # the same weeks for all
    for address, weeks in weeks_by_address.items():
        assert weeks == sorted(set(weeks)), f"{address}: {weeks}"  # one per week, in order
        assert weeks[-1] == last_due  # the latest command left nothing due unsent


@given(st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2031, 1, 1)))
def test_the_due_week_rule_agrees_with_the_plain_oracle(moment):
    local = moment.replace(tzinfo=RIGA)
    monday, sunday = due_week(local, 0, time(8, 0), RIGA)
    assert iso_week_label(monday) == expected_week(local)
    assert monday.isoweekday() == 1 and sunday - monday == timedelta(days=6) and sunday < local.date()


def test_before_the_slot_on_a_monday_every_command_names_the_previous_slots_week():
    at_0518 = datetime(2026, 12, 7, 5, 18, tzinfo=RIGA)
    assert due_week(at_0518, 0, time(8, 0), RIGA) == (date(2026, 11, 23), date(2026, 11, 29))
    assert due_week(at_0518 + timedelta(hours=3), 0, time(8, 0), RIGA) == (date(2026, 11, 30), date(2026, 12, 6))
