"""The contract's rules, applied to a typed Programme. Pure: `today` is passed in.

Every problem is a `Problem` (type, row, field, message), the message a Latvian sentence for a
teacher: what is wrong in which column and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from kopienas.core import cells, contract
from kopienas.core.contacts import email_problem, is_web_link, phone_problem
from kopienas.core.identifiers import IdAssigner, combined, is_identifier, is_issuing_code
from kopienas.core.institutions import InstitutionIndex
from kopienas.core.models import Activity, Community, Problem, Programme
from kopienas.core.partners import validate_partners
from kopienas.core.tab_checks import validate_community_codes
from kopienas.core.words import problems as kinds
from kopienas.core.words import sheets as sheet_phrases
from kopienas.core.words.problems import ProblemKind

__all__ = ["ValidationReport", "Verdict", "validate"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one activity row: its ID (possibly newly assigned) and its problems."""

    row: int
    activity_id: str
    assigned_id: bool
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def check_text(self) -> str:
        """What goes into the `Pārbaude` cell: `Labi`, or the problems one per line — within
        `contract.CELL_TEXT_LIMIT`, the first ones in full, then “… un vēl N problēmas”."""
        if self.ok:
            return contract.OK_WORD
        return sheet_phrases.capped_lines([p.message for p in self.problems], contract.CELL_TEXT_LIMIT)


@dataclass(frozen=True)
class ValidationReport:
    verdicts: tuple[Verdict, ...]
    activities: tuple[Activity, ...]  # every row, IDs assigned, names resolved where possible
    sheet_problems: tuple[Problem, ...]  # header-level and other tabs' problems
    tab: str
    # The highest number this run issued per (community code casefolded, year), for the ledger.
    issued: dict[tuple[str, int], int] = field(default_factory=dict)
    columns: tuple[Any, ...] = ()  # headers.TabColumns per tab: each contract column found or not

    @property
    def problems(self) -> list[Problem]:
        return [p for v in self.verdicts for p in v.problems]

    @property
    def rows_with_problems(self) -> int:
        return sum(1 for v in self.verdicts if not v.ok)

    @property
    def overdue_planned(self) -> int:
        """Rows still planned (or without a status) whose start is more than OVERDUE_DAYS past."""
        return sum(1 for v in self.verdicts for p in v.problems if p.kind == "overdue_planned")

    def valid_activities(self) -> list[Activity]:
        ok_rows = {v.row for v in self.verdicts if v.ok}
        return [a for a in self.activities if a.row in ok_rows]

    def verdict_for(self, row: int) -> Verdict:
        return self._by_row[row]

    @cached_property
    def _by_row(self) -> dict[int, Verdict]:
        return {v.row: v for v in self.verdicts}


class _RowCheck:
    """Collects the problems of one row, worded with the configured column headers."""

    def __init__(self, activity: Activity, activity_id: str, headers: Mapping[str, str], tab: str):
        self.activity, self.activity_id, self.headers, self.tab = activity, activity_id, headers, tab
        self.problems: list[Problem] = []

    def add(self, kind: ProblemKind, field: str, **values: Any) -> None:
        """A problem of `kind` on `field`'s cell; the sentence gets the column's header as `col`."""
        column = self.headers.get(field, "")
        message = kind.say(col=column, **values)
        self.problems.append(Problem(kind.type, self.activity.row, field, column, message, self.activity_id, self.tab))


def validate(
    programme: Programme,
    headers: Mapping[str, str],
    today: date,
    partner_headers: Mapping[str, str] | None = None,
    *,
    issued: Mapping[tuple[str, int], int] | None = None,
    community_headers: Mapping[str, str] | None = None,
) -> ValidationReport:
    """Check every activity row; assign missing IDs (above every number in the sheet and in
    `issued`, the ledger's highest per community and year); resolve communities and institutions."""
    tab = programme.activities_tab
    first_row_of_id: dict[str, int] = {}
    for a in programme.activities:
        if a.id:
            first_row_of_id.setdefault(a.id.casefold(), a.row)
    present = [a.id for a in programme.activities if a.id]
    ids = IdAssigner({i.casefold() for i in present}, combined(programme.highest_ids, issued))
    community_tab = programme.communities_tab
    institutions = InstitutionIndex.of(programme.institutions)
    verdicts: list[Verdict] = []
    resolved_rows: list[Activity] = []

    for activity in programme.activities:
        community = programme.community(activity.community_code) if activity.community_code else None
        usable_code = community is not None and is_issuing_code(community.code)
        wants_id = not activity.id and usable_code and activity.start is not None and "id" not in activity.cell_errors
        activity_id = activity.id
        if wants_id and community is not None and activity.start is not None:
            activity_id = ids.next(community.code, activity.start.year) or ""
        assigned = bool(wants_id and activity_id)
        check = _RowCheck(activity, activity_id, headers, tab)
        if wants_id and not assigned and community is not None and activity.start is not None:
            check.add(kinds.NO_ID_LEFT, "id", code=community.code, year=activity.start.year)
        for fld, message in activity.cell_errors.items():
            check.add(kinds.CELL_FORMAT, fld, why=message)
        if activity.id and not is_identifier(activity.id):
            check.add(kinds.INVALID_ID, "id", value=cells.shorten(activity.id))
        if community is not None and not usable_code:
            check.add(kinds.INVALID_COMMUNITY_CODE, "community", community=community.name, tab=community_tab)
        _check_required_and_community(check, programme, community)
        _check_dates(check, today)
        _check_counts(check)
        _check_institutions(check, institutions)
        _check_contacts(check)
        _check_links(check)
        _check_press(check, today)
        first = first_row_of_id.get(activity.id.casefold()) if activity.id else None
        if first is not None and first != activity.row:
            # The first row keeps its ID; later copies are the ones to change.
            check.add(kinds.DUPLICATE_ID, "id", value=cells.shorten(activity.id), first=first)
        resolved_rows.append(replace(activity, id=activity_id) if assigned else activity)
        verdicts.append(Verdict(activity.row, activity_id, assigned, tuple(check.problems)))

    sheet_problems = (
        programme.problems
        + tuple(validate_community_codes(programme, community_headers))
        + tuple(validate_partners(programme, partner_headers))
    )
    return ValidationReport(
        tuple(verdicts), tuple(resolved_rows), sheet_problems, tab, dict(ids.issued), programme.columns
    )


def _check_required_and_community(check: _RowCheck, programme: Programme, community: Community | None) -> None:
    a = check.activity
    if not a.title:
        check.add(kinds.REQUIRED_TITLE, "title")
    if a.start is None and "start" not in a.cell_errors:
        check.add(kinds.REQUIRED_START, "start")
    if not a.community:
        check.add(kinds.REQUIRED_COMMUNITY, "community")
        return
    if community is None:
        known = ", ".join(c.name for c in programme.communities) or kinds.NO_COMMUNITIES
        check.add(kinds.UNKNOWN_COMMUNITY, "community", value=cells.shorten(a.community), known=known)


# A planned activity may be a few days late in being marked held or cancelled; after that it
# would drop out of every summary unnoticed, so it is a problem on its Statuss.
OVERDUE_DAYS = 3


def _check_dates(check: _RowCheck, today: date) -> None:
    a = check.activity
    if a.start and a.end and a.end < a.start:
        check.add(kinds.END_BEFORE_START, "end", end=a.end, start=a.start)
    if a.status == contract.STATUS_HELD and a.start and a.start > today:
        check.add(kinds.HELD_IN_FUTURE, "status", start=a.start)
    planned = a.status in (None, contract.STATUS_PLANNED) and "status" not in a.cell_errors
    if planned and a.start and (today - a.start).days > OVERDUE_DAYS:
        typed = contract.STATUS_LABELS[a.status] if a.status else ""
        check.add(kinds.OVERDUE_PLANNED, "status", typed=typed, start=a.start)


def _check_press(check: _RowCheck, today: date) -> None:
    """A row held before its end, and a press row with nothing to say: a draft would be wrong or a
    skeleton, so the row says what to fix instead."""
    a = check.activity
    if a.status == contract.STATUS_HELD and a.start and a.start <= today and a.end and a.end > today:
        check.add(kinds.HELD_BEFORE_END, "status", end=a.end, end_col=check.headers.get("end", ""))
    if a.press_release and not a.description.strip() and a.status != contract.STATUS_CANCELLED:
        check.add(kinds.PRESS_WITHOUT_DESCRIPTION, "description", release_col=check.headers.get("press_release", ""))


def _check_counts(check: _RowCheck) -> None:
    a = check.activity
    if a.total is None or (a.children is None and a.adults is None):
        return
    expected = (a.children or 0) + (a.adults or 0)
    if a.total != expected:
        check.add(
            kinds.TOTAL_MISMATCH,
            "total",
            total=a.total,
            children=a.children or 0,
            adults=a.adults or 0,
            expected=expected,
        )


def _check_institutions(check: _RowCheck, index: InstitutionIndex) -> None:
    for entry in index.expand(check.activity.institutions)[1]:
        check.add(kinds.UNKNOWN_INSTITUTION, "institutions", value=cells.shorten(entry))


def _check_contacts(check: _RowCheck) -> None:
    a = check.activity
    if a.phone and (why := phone_problem(a.phone)):
        check.add(kinds.INVALID_PHONE, "phone", value=cells.shorten(a.phone), why=why)
    if a.email and (why := email_problem(a.email)):
        check.add(kinds.INVALID_EMAIL, "email", value=cells.shorten(a.email), why=why)


def _check_links(check: _RowCheck) -> None:
    for url in check.activity.links:
        if is_web_link(url):
            continue
        www = url if url.lower().startswith("www.") else ""
        check.add(kinds.INVALID_LINK, "links", value=cells.shorten(url), www=www)
