"""What one partner's weekly summary says, as data (no wording here).

Scope rules, all decided on the Monday–Sunday week given:

* Held: valid activities with status held whose days [start, end or start] overlap the week. An
  activity that spans two weeks appears in both summaries.
* Cancelled: the same, with status cancelled — listed separately, so a partner who expected an
  event learns it did not happen.
* Upcoming: planned activities (or with no status) overlapping the seven days after the Sunday.
* Year to date: per community, for the calendar year of the Sunday, activities started by the
  Sunday (see `kopienas.totals`).
* Left out: rows that failed validation and would otherwise be in scope — the partner's
  communities (a row whose community is unknown or missing counts for partners following all),
  and days touching the year-to-date period or next week, or no readable date at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kopienas.core import contract
from kopienas.core.models import Activity, Community, Partner, Programme
from kopienas.core.totals import CommunityTotals, ProgrammeTotals, community_totals, effective_status, programme_totals
from kopienas.core.validation import ValidationReport
from kopienas.core.weeks import check_week, iso_week_label, week_after


@dataclass(frozen=True)
class WeekTotals:
    """The held activities of the week and their people."""

    activities: int
    children: int
    adults: int

    @property
    def participants(self) -> int:
        return self.children + self.adults


@dataclass(frozen=True)
class PartnerSummary:
    partner: Partner
    monday: date
    sunday: date
    week: str  # ISO week, "2020-W39"
    communities: tuple[Community, ...]  # followed, as listed in tab Kopienas
    held: tuple[Activity, ...]
    cancelled: tuple[Activity, ...]
    upcoming: tuple[Activity, ...]  # planned for the week after `sunday`
    week_totals: WeekTotals
    year_to_date: tuple[CommunityTotals, ...]
    year_to_date_total: ProgrammeTotals
    left_out: int  # rows with errors that would otherwise be in scope
    activities_tab: str
    generated_at: datetime

    @property
    def lang(self) -> str:
        return self.partner.language

    @property
    def next_week(self) -> tuple[date, date]:
        return week_after(self.sunday)

    @property
    def quiet(self) -> bool:
        """Nothing held, cancelled or planned: the mail says so in a friendly line."""
        return not (self.held or self.cancelled or self.upcoming)

    @property
    def has_chart(self) -> bool:
        """Whether a participants chart would show anything."""
        return any(row.participants for row in self.year_to_date)


def follows(partner: Partner, community_code: str) -> bool:
    """Whether `partner` gets news of this community. An unknown community ("") only reaches
    partners following all, so a row with a mistyped community is not lost."""
    if partner.follows_all:
        return True
    return bool(community_code) and community_code.casefold() in {c.casefold() for c in partner.communities}


def _days(activity: Activity) -> tuple[date, date] | None:
    if activity.start is None:
        return None
    last = activity.end or activity.start
    return min(activity.start, last), max(activity.start, last)  # broken rows may end before they start


def overlaps(activity: Activity, first: date, last: date) -> bool:
    days = _days(activity)
    return days is not None and days[0] <= last and days[1] >= first


def _in_order(activities) -> tuple[Activity, ...]:
    return tuple(sorted(activities, key=lambda a: (a.start, a.community_name.casefold(), a.title.casefold(), a.row)))


def build_partner_summary(
    report: ValidationReport,
    programme: Programme,
    partner: Partner,
    monday: date,
    sunday: date,
    *,
    now: datetime,
) -> PartnerSummary:
    check_week(monday, sunday)
    next_monday, next_sunday = week_after(sunday)
    mine = [a for a in report.valid_activities() if follows(partner, a.community_code)]

    def in_week(status: str, first: date, last: date) -> tuple[Activity, ...]:
        return _in_order(a for a in mine if effective_status(a) == status and overlaps(a, first, last))

    held = in_week(contract.STATUS_HELD, monday, sunday)
    communities = tuple(c for c in programme.communities if follows(partner, c.code))
    year_to_date = community_totals(mine, year=sunday.year, until=sunday, communities=communities)

    return PartnerSummary(
        partner=partner,
        monday=monday,
        sunday=sunday,
        week=iso_week_label(monday),
        communities=communities,
        held=held,
        cancelled=in_week(contract.STATUS_CANCELLED, monday, sunday),
        upcoming=in_week(contract.STATUS_PLANNED, next_monday, next_sunday),
        week_totals=WeekTotals(
            activities=len(held),
            children=sum(a.children or 0 for a in held),
            adults=sum(a.adults or 0 for a in held),
        ),
        year_to_date=tuple(year_to_date),
        year_to_date_total=programme_totals(year_to_date),
        left_out=count_left_out(report, partner, date(sunday.year, 1, 1), next_sunday),
        activities_tab=report.tab,
        generated_at=now,
    )


def count_left_out(report: ValidationReport, partner: Partner, first: date, last: date) -> int:
    """Rows with problems that belong to this partner's summary for the days first..last."""
    broken = {v.row for v in report.verdicts if not v.ok}
    return sum(
        1
        for a in report.activities
        if a.row in broken and follows(partner, a.community_code) and (a.start is None or overlaps(a, first, last))
    )
