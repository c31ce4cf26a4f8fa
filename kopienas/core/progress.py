"""The programme's progress in figures, for its yearly release (the seed-003 kind of article):
years running, centres, activities, people, institutions, where, and the centres still planned.

Pure, and from the same figures as `Kopsavilkums` (`totals.community_totals`): held activities
only, each counted in the year it started, up to `today`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kopienas.core.models import Activity, Community
from kopienas.core.totals import community_totals, programme_totals


@dataclass(frozen=True)
class ProgressFacts:
    year: int  # the year the release is about
    first_year: int  # the programme's first activity
    centres: tuple[str, ...]  # communities with a resource centre and held activities (names)
    planned_centres: tuple[str, ...]  # communities in the tab without held activities yet (names)
    activities: int  # held
    participants: int
    institutions: int  # distinct, of held activities
    places: tuple[str, ...]  # communities with held activities (names)

    @property
    def year_number(self) -> int:
        """Which year the programme is in: 4 for "jau ceturto gadu"."""
        return self.year - self.first_year + 1

    @property
    def years_behind(self) -> int:
        """The years already completed ("aizvadīto trīs gadu laikā")."""
        return self.year - self.first_year


def progress_facts(
    activities: Iterable[Activity], communities: Iterable[Community], *, year: int, today: date
) -> ProgressFacts:
    """The figures of valid `activities` up to `today` (and to the end of `year`)."""
    until = min(today, date(year, 12, 31))
    rows = community_totals(list(activities), until=until)
    total = programme_totals(rows)
    communities = tuple(communities)
    held = {r.community_code for r in rows if r.held}
    names = {c.code: c.name for c in communities}
    places = tuple(sorted({names.get(r.community_code, r.community_name) for r in rows if r.held}, key=str.casefold))
    return ProgressFacts(
        year=year,
        first_year=min((r.year for r in rows if r.held), default=year),
        centres=tuple(c.name for c in communities if c.code in held and c.resource_centre),
        planned_centres=tuple(c.name for c in communities if c.code not in held),
        activities=total.held,
        participants=total.participants,
        institutions=total.institution_count,
        places=places,
    )
