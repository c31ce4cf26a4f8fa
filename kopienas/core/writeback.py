"""What the tool writes back into the activities tab, as data (pure).

A plan is keyed by activity ID, not by remembered row number: a source re-reads the ID column just
before writing and `locate_rows` maps every update to where its row is now, so a row inserted or
deleted by a coordinator in the meantime moves nothing.

Which columns and tabs the tool may write, and what happens to each note and colour, is decided
here from what was read (kopienas.core.ownership); the sources carry the plan out as it says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kopienas.core import cells, contract, ownership
from kopienas.core.headers import find_title
from kopienas.core.models import Table
from kopienas.core.ownership import Mark
from kopienas.core.validation import ValidationReport, Verdict
from kopienas.core.words import sheets as sheet_phrases

# Text the tool writes must never be read back by a spreadsheet as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@")


# A note carries the tool's marker before the problems (see kopienas.core.ownership): room for it.
NOTE_LIMIT = contract.CELL_TEXT_LIMIT - 100
_NO_MARKS: dict[str, Mark] = {}  # shared by every row without changes to marks (never mutated)
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
    # coordinator header -> the change to that cell's note and colour (only cells that change)
    marks: dict[str, Mark] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)  # tool header -> the link inside its text
    # What the verdict was made from: the row's cells as read (the reader's own tuple, shared, not
    # copied); the verdict lands only on a row whose every coordinator column but the ID (the
    # plan's `content_columns`) still compares equal to it. None: nothing to compare.
    content: tuple[object, ...] | None = None


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
    # The ownership markers to write: tool header -> note on its header cell (a column created or
    # adopted now), owned tab -> note on its A1 (written with every rewrite).
    header_notes: dict[str, str] = field(default_factory=dict)
    tab_notes: dict[str, str] = field(default_factory=dict)
    # Every header of the tab as configured: the sources find the header row by them.
    known_headers: tuple[str, ...] = ()
    # The tool's texts wrap in their cells, and rows grow to show them (see `text_lines`).
    wrap: bool = True
    # Column widths (characters) of the owned tabs, wide enough for their labels.
    owned_widths: dict[str, list[int]] = field(default_factory=dict)
    # (header key, 0-based column as read) of every coordinator column but the ID: where each
    # update's `content` holds what its verdict was made from.
    content_columns: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class WriteResult:
    written: int
    skipped: tuple[RowUpdate, ...] = ()  # rows deleted between read and write
    target: str = ""
    changed: tuple[RowUpdate, ...] = ()  # rows whose cells changed between read and write: next run
    merged: tuple[str, ...] = ()  # tool cells inside a coordinator's merged range: left, the merge kept


def plan_from_report(
    report: ValidationReport,
    headers: Mapping[str, str],
    tool_headers: Mapping[str, str],
    draft_notes: dict[int, str | Linked] | None = None,
    *,
    write_check: bool = True,
    owned_tabs: dict[str, list[list[object]]] | None = None,
    linked_drafts: bool = False,
    table: Table | None = None,
    tables: Mapping[str, Table] | None = None,
    tab_settings: Mapping[str, str] | None = None,
) -> WritePlan:
    """Build the write plan: `Pārbaude` per row, marks on offending cells, assigned IDs, and
    (when given) the `Relīzes melnraksts` text per row number — plain, or `Linked` to a document.
    `linked_drafts`: the tool owns the links in that column (a row without one has its old link cleared).

    `table` is the activities tab as read (its notes and fills decide every mark, and its tool
    columns must be the tool's); `tables` every tab as read (an owned tab must be the tool's).
    Raises OwnershipError, before anything is written, for a column or tab the tool does not own."""
    draft_notes = draft_notes or {}
    originals = {a.row: a for a in report.activities}
    table = table or Table(report.tab, (), ())
    used = {"check": tool_headers["check"]} if write_check else {}
    if draft_notes:
        used["draft"] = tool_headers["draft"]
    header_notes, tab_notes = claims(headers, used, owned_tabs or {}, table, tables or {}, tab_settings)
    decorated = {r for r, _ in table.notes} | {r for r, _ in table.fills}
    # Compared only when a row has to be found again (see `locate_rows`): kept as read, not copied.
    contents = dict(table.rows)
    positions = {cells.header_key(h): i for i, h in reversed(list(enumerate(table.header))) if not cells.is_blank(h)}
    marked = {h: positions.get(cells.header_key(h)) for h in headers.values()} if write_check else {}
    updates = [
        RowUpdate(
            row=verdict.row,
            original_id="" if verdict.assigned_id else verdict.activity_id,
            title=originals[verdict.row].title,
            values=values,
            new_id=plain(verdict.activity_id) if verdict.assigned_id else "",
            marks=_marks(verdict, headers, marked, decorated, table) or _NO_MARKS,
            links=links or _NO_LINKS,
            content=contents.get(verdict.row),
        )
        for verdict in report.verdicts
        for values, links in [_row_texts(verdict, tool_headers, draft_notes, write_check)]
    ]
    used_tool = list(used.values())
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
        header_notes=header_notes,
        tab_notes=tab_notes,
        known_headers=(*headers.values(), *tool_headers.values()),
        owned_widths={t: column_widths(rows) for t, rows in (owned_tabs or {}).items()},
        content_columns=tuple(content_keys(table.header, headers["id"], tool_headers.values()).items()),
    )


def _row_texts(
    verdict: Verdict, tool_headers: Mapping[str, str], draft_notes: dict[int, str | Linked], write_check: bool
) -> tuple[dict[str, str], dict[str, Link]]:
    """The row's texts in the tool's columns (the verdict, the draft note) and the link inside a note."""
    values: dict[str, str] = {}
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
    return values, links


def _marks(
    verdict: Verdict,
    headers: Mapping[str, str],
    marked: dict[str, int | None],
    decorated: set[int],
    table: Table,
) -> dict[str, Mark]:
    """The changes to the notes and colours of the row's coordinator cells (only those that change)."""
    if not verdict.problems and verdict.row not in decorated:
        return {}  # nothing to mark, nothing marked before: most rows
    by_header: dict[str, list[str]] = {}
    for p in verdict.problems:
        if p.field and p.field in headers:
            by_header.setdefault(headers[p.field], []).append(p.message)
    # Each note within the cell limit, as the verdict is: the first problems, then how many more.
    messages = {h: sheet_phrases.capped_lines(m, NOTE_LIMIT) for h, m in by_header.items()}
    if not messages and verdict.row not in decorated:
        return {}
    marks: dict[str, Mark] = {}
    for h, col in marked.items():
        at = (verdict.row, col) if col is not None else None
        cell_note, fill = (table.notes.get(at), table.fills.get(at)) if at else (None, None)
        if h in messages or cell_note is not None or fill:
            change = ownership.decide_mark(messages.get(h), cell_note, fill)
            if change is not None:
                marks[h] = change
    return marks


def claims(
    headers: Mapping[str, str],
    used: Mapping[str, str],
    owned_tabs: Mapping[str, list[list[object]]],
    table: Table,
    tables: Mapping[str, Table],
    tab_settings: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """The markers to write on the tool columns in `used` (field -> header) and on the owned tabs;
    raises OwnershipError for a column or tab that is not the tool's (see kopienas.core.ownership),
    naming the setting of that tab (`tab_settings`: title -> setting, e.g. `tabs.state`)."""
    header_notes = ownership.claim_columns(table, used, headers)
    settings = tab_settings or {}
    tab_notes = {
        t: ownership.claim_tab(_find(tables, t), rows, settings.get(t, "tabs.totals")) for t, rows in owned_tabs.items()
    }
    return header_notes, tab_notes


def _find(tables: Mapping[str, Table], title: str) -> Table | None:
    found = find_title(tables, title)
    return tables[found] if found is not None else None


MIN_WIDTH, MAX_WIDTH = 8, 60  # characters, for the columns of an owned tab


def column_widths(rows: list[list[object]]) -> list[int]:
    """Characters per column for an owned tab: its longest cell, within MIN_WIDTH..MAX_WIDTH.
    A row with a single cell (a title line) spills over its neighbours and does not count."""
    widths: list[int] = []
    for row in rows:
        if len(row) < 2:
            continue
        for i, value in enumerate(row):
            n = len(cells.text(value)) + 2
            if i == len(widths):
                widths.append(MIN_WIDTH)
            widths[i] = max(widths[i], min(n, MAX_WIDTH))
    return widths


def text_lines(text: str, width: int) -> int:
    """How many lines `text` takes, wrapped in a column `width` characters wide."""
    width = max(width, 1)
    return sum(max(1, -(-len(line) // width)) for line in text.split("\n"))


def content_keys(header: Sequence[object], id_header: str, tool_headers: Iterable[str]) -> dict[str, int]:
    """Header key -> 0-based column of every coordinator column but the ID (the first of duplicates)."""
    own = {cells.header_key(h) for h in (id_header, *tool_headers)}
    keys: dict[str, int] = {}
    for i, h in enumerate(header):
        if not cells.is_blank(h) and cells.header_key(h) not in own:
            keys.setdefault(cells.header_key(h), i)
    return keys


ValueAt = Callable[[int, str], object]  # (row number, header key) -> the cell's value now


def _holds(columns: tuple[tuple[str, int], ...], u: RowUpdate, row: int, value_at: ValueAt | None) -> bool:
    """Whether `row` still holds what `u`'s verdict was made from: each of `columns` compared as
    `cells.comparable` sees it, whichever reader read it then and now."""
    read = u.content
    if value_at is None or read is None:
        return True
    return all(
        cells.comparable(value_at(row, k)) == cells.comparable(read[i] if i < len(read) else None) for k, i in columns
    )


def locate_rows(
    plan: WritePlan, current: Sequence[tuple[int, object, object]], value_at: ValueAt | None = None
) -> tuple[list[tuple[int, RowUpdate]], list[RowUpdate], list[RowUpdate]]:
    """Map each update to the row where it is now: (placed, gone, changed).

    `current` is (row number, ID cell, title cell) for every row as re-read just before writing;
    `value_at` reads any other cell of it. Rows with an ID are found by ID; rows that had none by
    an empty ID and the same title, nearest to where they were; either only where the row still
    holds what its verdict was made from (every coordinator column as read). Updates whose row is
    gone, or changed, are returned apart: the next run checks those rows as they are then.
    """
    by_id: dict[str, list[int]] = {}
    no_id: dict[str, list[int]] = {}
    for row, id_cell, title in current:
        id_text = cells.text(id_cell)
        if id_text:
            by_id.setdefault(id_text.casefold(), []).append(row)
        else:
            no_id.setdefault(cells.text(title).casefold(), []).append(row)
    titles = {row: cells.text(title).casefold() for row, _, title in current}
    placed: list[tuple[int, RowUpdate]] = []
    gone: list[RowUpdate] = []
    changed: list[RowUpdate] = []
    taken: set[int] = set()
    for u in plan.updates:
        candidates = by_id.get(u.original_id.casefold(), []) if u.original_id else no_id.get(u.title.casefold(), [])
        if not u.original_id and u.new_id:  # an earlier, interrupted write may have given it its ID already
            candidates = candidates + [r for r in by_id.get(u.new_id.casefold(), []) if titles[r] == u.title.casefold()]
        left = [r for r in candidates if r not in taken]
        free = [r for r in left if _holds(plan.content_columns, u, r, value_at)]
        if not free:
            (changed if left else gone).append(u)
            continue
        # duplicates: the one with the same title, then the nearest one, is this one
        row = min(free, key=lambda r: (titles[r] != u.title.casefold(), abs(r - u.row)))
        taken.add(row)
        placed.append((row, u))
    return placed, gone, changed
