"""ISO weeks, Monday to Sunday, as the weekly summary uses them.

A week is always a pair of dates (monday, sunday). Times only matter to decide which week is
"last week": the caller passes `now` in the programme's time zone (Europe/Riga), and the date is
taken as it is there, so a run at 00:30 on Monday in Riga is already Monday.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from kopienas.core.words import values as said

_ISO_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def parse_iso_week(text: str) -> tuple[date, date]:
    """ "2020-W39" -> (2020-09-21, 2020-09-27). "2020W39" and "2020-w39" work too."""
    match = _ISO_WEEK.match(text or "")
    if match:
        year, week = int(match[1]), int(match[2])
        if not 1900 < year < 9999:
            raise ValueError(said.year_out_of_range(year))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            # Week 53 exists only in some years; 0 and 54+ never do.
            raise ValueError(said.no_such_week(year, week)) from None
        return monday, monday + timedelta(days=6)
    raise ValueError(said.not_an_iso_week(text))


def last_full_week(now: datetime) -> tuple[date, date]:
    """The Monday–Sunday that ended on the Sunday before `now`.

    On a Monday that is the week just ended; on a Sunday it is the week before, because the
    current week is not over until Sunday night.
    """
    today = now.date()
    sunday = today - timedelta(days=today.isoweekday())  # isoweekday: Monday 1 … Sunday 7
    return sunday - timedelta(days=6), sunday


def latest_weekly_slot(now: datetime, weekday: int, at: time, zone: tzinfo) -> datetime:
    """The latest `weekday` (0 Monday) at `at` wall-clock time in `zone` at or before `now` (aware);
    in UTC. Compared as instants, so the hour the clocks change is no exception."""
    today = now.astimezone(zone).date()
    for days in range(8):
        day = today - timedelta(days=days)
        if day.weekday() == weekday:
            slot = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
            if slot <= now:
                return slot
    raise AssertionError("a weekly time is always within 8 days")


def due_week(now: datetime, weekday: int, at: time, zone: tzinfo) -> tuple[date, date]:
    """The week whose summary is due at `now`: the last full week before the latest summary slot
    (`weekday` at `at` in `zone`, e.g. Monday 08:00 in Riga). Every command that sends summaries
    asks this one rule, so at 05:18 on a Monday, before the 08:00 slot, each of them names the
    week the previous slot was for — and after 08:00 each names the week just ended."""
    slot = latest_weekly_slot(now, weekday, at, zone)
    return last_full_week(slot.astimezone(zone))


def iso_week_label(monday: date) -> str:
    """ "2020-W39". The ISO year can differ from the calendar year near New Year."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_after(sunday: date) -> tuple[date, date]:
    """The seven days after `sunday`: the week whose plans a summary announces."""
    return sunday + timedelta(days=1), sunday + timedelta(days=7)


def check_week(monday: date, sunday: date) -> None:
    """Refuse anything that is not a Monday and the Sunday six days later."""
    if monday.isoweekday() != 1 or sunday - monday != timedelta(days=6):
        raise ValueError(said.not_a_week(monday, sunday))
