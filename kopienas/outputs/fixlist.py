"""Each coordinator's list of rows to fix, and its Latvian mail.

Who gets a row's problems: the address in the row's E-pasts cell when it is a valid address
(whoever filled in the row), else the coordinator's address of the row's community from tab
Kopienas. When neither works — the address and the community are both broken or missing — the
problems are returned as `unaddressed`; `operator_fixlist` makes them one list for the operator
(`mail.operator`), so no row's problems go unheard.

Only activity rows are covered; problems of headers and other tabs are for whoever runs the tool.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kopienas.core import language
from kopienas.core.contacts import email_problem, is_web_link
from kopienas.core.models import Activity, Problem, Programme
from kopienas.core.validation import ValidationReport
from kopienas.core.words import reports as said
from kopienas.outputs.templating import RenderedMail, environment, render_pair


@dataclass(frozen=True)
class FixRow:
    """One row to fix and everything wrong in it."""

    row: int
    activity_id: str
    title: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class FixList:
    email: str
    name: str  # the coordinator's name, as written in the sheet; may be empty
    tab: str
    rows: tuple[FixRow, ...]  # sorted by row number

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for r in self.rows for p in r.problems)

    @property
    def digest(self) -> str:
        """A hash of what the list asks to fix (tab, row, ID, column, message), so an unchanged
        list need not be sent again. Name, address and titles do not enter it."""
        listed = [[self.tab, p.row, p.activity_id, p.column, p.message] for p in self.problems]
        return hashlib.sha256(json.dumps(listed, ensure_ascii=False).encode("utf-8")).hexdigest()


class FixLists(list):
    """The fix-lists, one per coordinator, ordered by address; `unaddressed` holds the problems
    of rows nobody could be found for, sorted by row."""

    def __init__(self, lists: list[FixList], unaddressed: tuple[Problem, ...] = ()):
        super().__init__(lists)
        self.unaddressed = unaddressed


def _valid(address: str) -> bool:
    return bool(address) and email_problem(address) is None


def _recipient(activity: Activity, programme: Programme) -> tuple[str, str] | None:
    """(address, name) of whoever should fix this row, or None."""
    if _valid(activity.email):
        return activity.email, activity.coordinator
    community = programme.community(activity.community) if activity.community else None
    if community and _valid(community.email):
        return community.email, community.coordinator
    return None


def build_fixlists(report: ValidationReport, programme: Programme) -> FixLists:
    activities = {a.row: a for a in report.activities}
    by_address: dict[str, tuple[str, str, list[FixRow]]] = {}
    unaddressed: list[Problem] = []
    for verdict in sorted(report.verdicts, key=lambda v: v.row):
        if verdict.ok:
            continue
        activity = activities[verdict.row]
        recipient = _recipient(activity, programme)
        if recipient is None:
            unaddressed.extend(verdict.problems)
            continue
        address, name = recipient
        key = address.casefold()  # the same mailbox however it is capitalised
        entry = by_address.setdefault(key, (address, name, []))
        if not entry[1] and name:
            by_address[key] = entry = (entry[0], name, entry[2])
        entry[2].append(FixRow(verdict.row, verdict.activity_id, activity.title, verdict.problems))
    lists = [FixList(address, name, report.tab, tuple(rows)) for address, name, rows in by_address.values()]
    return FixLists(sorted(lists, key=lambda f: f.email.casefold()), tuple(unaddressed))


def operator_fixlist(lists: FixLists, report: ValidationReport, operator: str) -> FixList | None:
    """The rows nobody could be found for, as one list for the operator (None when there are none)."""
    if not lists.unaddressed:
        return None
    titles = {a.row: a.title for a in report.activities}
    by_row: dict[int, list[Problem]] = {}
    for p in lists.unaddressed:
        by_row.setdefault(p.row, []).append(p)
    rows = tuple(
        FixRow(row, problems[0].activity_id, titles.get(row, ""), tuple(problems)) for row, problems in by_row.items()
    )
    return FixList(operator, "", report.tab, rows)


def fixlist_subject(fixlist: FixList, *, for_operator: bool = False) -> str:
    rows = language.count_phrase(len(fixlist.rows), "rinda")
    return said.fixlist_subject(rows, fixlist.tab, for_operator=for_operator)


def render_fixlist(
    fixlist: FixList, *, sheet_link: str, templates_dir: Path, for_operator: bool = False
) -> RenderedMail:
    """The Latvian mail asking a coordinator to fix their rows. `sheet_link` ("" for none) is shown
    as a link only when it is a web address."""
    subject = fixlist_subject(fixlist, for_operator=for_operator)
    context = {
        "for_operator": for_operator,
        "lang": "lv",
        "subject": subject,
        "name": fixlist.name,
        "tab": fixlist.tab,
        "rows": fixlist.rows,
        "row_count": len(fixlist.rows),
        "sheet_link": sheet_link if sheet_link and is_web_link(sheet_link) else "",
    }
    text, html = render_pair(environment(templates_dir), "fixlist.lv", context)
    return RenderedMail(subject=subject, text=text, html=html)
