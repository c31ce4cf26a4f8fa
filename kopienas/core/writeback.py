"""What the tool writes back into the activities tab, as data (pure).

A plan is keyed by activity ID, not by remembered row number: a source re-reads the ID column just
before writing and `locate_rows` maps every update to where its row is now, so a row inserted or
deleted by a coordinator in the meantime moves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kopienas.core import cells
from kopienas.core.validation import ValidationReport

# Text the tool writes must never be read back by a spreadsheet as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@")


_NO_MARKS: dict[str, str] = {}  # shared by every row without problems (never mutated)
_NO_LINKS: dict[str, Link] = {}


def plain(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


@dataclass(frozen=True, slots=True)
class Linked:
    """Plain text whose first `end` characters are a link to `uri` (a rich-text run, not a formula)."""

    text: str
    uri: str
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    uri: str
    start: int  # character offsets into the written text, end exclusive
    end: int


@dataclass(frozen=True, slots=True)
class RowUpdate:
    row: int  # where the row was when it was read
    original_id: str  # the ID cell as read ('' when the tool assigns one)
    title: str  # helps find a row that had no ID yet
    values: dict[str, str]  # tool-owned header -> text
    new_id: str = ""  # assigned ID to write into the ID column
    marks: dict[str, str] = field(default_factory=dict)  # coordinator header -> note on that cell
    links: dict[str, Link] = field(default_factory=dict)  # tool header -> the link inside its text


@dataclass(frozen=True)
class WritePlan:
    tab: str
    id_header: str
    title_header: str
    tool_headers: tuple[str, ...]  # tool-owned columns, created at the right if missing
    marked_headers: tuple[str, ...]  # coordinator columns whose old marks must be cleared
    updates: tuple[RowUpdate, ...]
    # Tabs the tool owns and rewrites whole (title -> rows of cells), e.g. `Kopsavilkums`.
    owned_tabs: dict[str, list[list[object]]] = field(default_factory=dict)
    # Tool columns whose links the tool owns: written with their link, or with none (clearing an old one).
    linked_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class WriteResult:
    written: int
    skipped: tuple[RowUpdate, ...] = ()  # rows deleted between read and write
    target: str = ""


def plan_from_report(
    report: ValidationReport,
    headers: dict[str, str],
    tool_headers: dict[str, str],
    draft_notes: dict[int, str | Linked] | None = None,
    *,
    write_check: bool = True,
    owned_tabs: dict[str, list[list[object]]] | None = None,
    linked_drafts: bool = False,
) -> WritePlan:
    """Build the write plan: `Pārbaude` per row, marks on offending cells, assigned IDs, and
    (when given) the `Relīzes melnraksts` text per row number — plain, or `Linked` to a document.
    `linked_drafts`: the tool owns the links in that column (a row without one has its old link cleared)."""
    draft_notes = draft_notes or {}
    originals = {a.row: a for a in report.activities}
    updates = []
    for verdict in report.verdicts:
        values = {}
        links: dict[str, Link] = {}
        if write_check:
            values[tool_headers["check"]] = plain(verdict.check_text())
        if verdict.row in draft_notes:
            note = draft_notes[verdict.row]
            if isinstance(note, Linked):
                text = plain(note.text)
                shift = len(text) - len(note.text)  # a neutralising apostrophe moves the link along
                values[tool_headers["draft"]] = text
                links[tool_headers["draft"]] = Link(note.uri, shift, min(len(text), note.end + shift))
            else:
                values[tool_headers["draft"]] = plain(note)
        marks: dict[str, str] = {}
        for p in verdict.problems:
            if p.field and p.field in headers:
                h = headers[p.field]
                marks[h] = (marks[h] + "\n" + p.message) if h in marks else p.message
        activity = originals[verdict.row]
        updates.append(
            RowUpdate(
                row=verdict.row,
                original_id="" if verdict.assigned_id else verdict.activity_id,
                title=activity.title,
                values=values,
                new_id=plain(verdict.activity_id) if verdict.assigned_id else "",
                marks=marks if (marks and write_check) else _NO_MARKS,
                links=links or _NO_LINKS,
            )
        )
    used_tool = [tool_headers["check"]] if write_check else []
    if draft_notes:
        used_tool.append(tool_headers["draft"])
    return WritePlan(
        tab=report.tab,
        id_header=headers["id"],
        title_header=headers["title"],
        tool_headers=tuple(used_tool),
        marked_headers=tuple(headers.values()) if write_check else (),
        updates=tuple(updates),
        owned_tabs={
            t: [[plain(v) if isinstance(v, str) else v for v in row] for row in rows]
            for t, rows in (owned_tabs or {}).items()
        },
        linked_headers=(tool_headers["draft"],) if linked_drafts and draft_notes else (),
    )


def locate_rows(
    plan: WritePlan, current: Sequence[tuple[int, object, object]]
) -> tuple[list[tuple[int, RowUpdate]], list[RowUpdate]]:
    """Map each update to the row where it is now.

    `current` is (row number, ID cell, title cell) for every row as re-read just before writing.
    Rows with an ID are found by ID; rows that had none are found by an empty ID and the same
    title, nearest to where they were. Updates whose row is gone are returned as skipped.
    """
    by_id: dict[str, list[int]] = {}
    no_id: dict[str, list[int]] = {}
    for row, id_cell, title in current:
        id_text = cells.text(id_cell)
        if id_text:
            by_id.setdefault(id_text.casefold(), []).append(row)
        else:
            no_id.setdefault(cells.text(title).casefold(), []).append(row)
    placed, skipped = [], []
    taken: set[int] = set()
    for u in plan.updates:
        candidates = by_id.get(u.original_id.casefold(), []) if u.original_id else no_id.get(u.title.casefold(), [])
        free = [r for r in candidates if r not in taken]
        if not free:
            skipped.append(u)
            continue
        row = min(free, key=lambda r: abs(r - u.row))  # duplicates: the nearest one is this one
        taken.add(row)
        placed.append((row, u))
    return placed, skipped
