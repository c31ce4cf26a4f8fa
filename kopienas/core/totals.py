"""The programme's figures per community and year — the one place they are computed.

The weekly summary's year-to-date table and the `Kopsavilkums` tab both come from here, so the two
can never disagree. Rules:

* Callers pass valid activities only; how many rows were left out is reported separately.
* An activity belongs to the year (and is counted up to `until`) by its start date, so an activity
  from 28 December to 2 January counts once, in the year it started.
* A row without a status counts as planned: nobody has confirmed that it happened.
* Children, adults and participants add up held activities only: planned ones have not happened
  and cancelled ones did not happen. An empty count cell adds 0.
* Institutions are the distinct full names of institutions involved in held activities, compared
  without regard to case; the first spelling met is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from kopienas.core import contract
from kopienas.core.models import Activity, Community


@dataclass(frozen=True)
class CommunityTotals:
    community_code: str
    community_name: str
    year: int
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    children: int = 0  # of held activities
    adults: int = 0  # of held activities
    institutions: tuple[str, ...] = ()  # distinct full names, held activities, sorted

    @property
    def participants(self) -> int:
        return self.children + self.adults

    @property
    def institution_count(self) -> int:
        return len(self.institutions)


@dataclass(frozen=True)
class ProgrammeTotals:
    """The sum of some CommunityTotals rows; institutions are counted once across communities."""

    communities: int = 0  # distinct community codes among the rows
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    children: int = 0
    adults: int = 0
    institutions: tuple[str, ...] = ()

    @property
    def participants(self) -> int:
        return self.children + self.adults

    @property
    def institution_count(self) -> int:
        return len(self.institutions)


def effective_status(activity: Activity) -> str:
    """The activity's status, with an empty Statuss cell read as planned."""
    return activity.status or contract.STATUS_PLANNED


@dataclass
class _Tally:
    held: int = 0
    planned: int = 0
    cancelled: int = 0
    children: int = 0
    adults: int = 0
    institutions: dict[str, str] = field(default_factory=dict)  # casefolded -> as first written
    # The lists of names added already: rows share their (expanded) list, and a second time adds nothing.
    lists: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, activity: Activity) -> None:
        status = effective_status(activity)
        if status == contract.STATUS_PLANNED:
            self.planned += 1
        elif status == contract.STATUS_CANCELLED:
            self.cancelled += 1
        elif status == contract.STATUS_HELD:
            self.held += 1
            self.children += activity.children or 0
            self.adults += activity.adults or 0
            self.add_institutions(activity.institution_names)

    def add_institutions(self, names: Iterable[str]) -> None:
        if type(names) is tuple:
            if names in self.lists:
                return
            self.lists.add(names)
        for name in names:
            if name.strip():
                self.institutions.setdefault(name.strip().casefold(), name.strip())

    def sorted_institutions(self) -> tuple[str, ...]:
        return tuple(sorted(self.institutions.values(), key=str.casefold))


def community_totals(
    activities: Iterable[Activity],
    *,
    year: int | None = None,
    until: date | None = None,
    communities: Iterable[Community] = (),
) -> list[CommunityTotals]:
    """Figures per (community, year), sorted by year, then community name.

    `year` keeps one year; `until` keeps activities that started on or before that day (year to
    date). With `year`, each of `communities` gets a row even when it has no activities, so a
    reader sees "0" rather than a missing line.
    """
    tallies: dict[tuple[str, int], _Tally] = {}
    names: dict[str, str] = {}
    for activity in activities:
        if activity.start is None:
            continue  # cannot happen for valid rows; never guess a year
        if year is not None and activity.start.year != year:
            continue
        if until is not None and activity.start > until:
            continue
        code = activity.community_code or activity.community
        names.setdefault(code, activity.community_name or activity.community)
        tallies.setdefault((code, activity.start.year), _Tally()).add(activity)
    if year is not None:
        for community in communities:
            names.setdefault(community.code, community.name)
            tallies.setdefault((community.code, year), _Tally())

    rows = [
        CommunityTotals(
            community_code=code,
            community_name=names[code],
            year=row_year,
            held=t.held,
            planned=t.planned,
            cancelled=t.cancelled,
            children=t.children,
            adults=t.adults,
            institutions=t.sorted_institutions(),
        )
        for (code, row_year), t in tallies.items()
    ]
    return sorted(rows, key=lambda r: (r.year, r.community_name.casefold(), r.community_code))


def programme_totals(rows: Iterable[CommunityTotals]) -> ProgrammeTotals:
    """The total line under a table of `community_totals` rows: their sums, with each
    institution counted once even when several communities worked with it."""
    tally = _Tally()
    codes = set()
    for row in rows:
        codes.add(row.community_code)
        tally.held += row.held
        tally.planned += row.planned
        tally.cancelled += row.cancelled
        tally.children += row.children
        tally.adults += row.adults
        tally.add_institutions(row.institutions)
    return ProgrammeTotals(
        communities=len(codes),
        held=tally.held,
        planned=tally.planned,
        cancelled=tally.cancelled,
        children=tally.children,
        adults=tally.adults,
        institutions=tally.sorted_institutions(),
    )
