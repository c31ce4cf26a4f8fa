"""Typed records of the spreadsheet, and the raw table shape every source produces."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any

from kopienas.core import cells, contract
from kopienas.core.identifiers import highest_issued


@dataclass(frozen=True, slots=True)
class Note:
    """A note (comment) on a cell as read: its text and, where the source keeps one, its author."""

    text: str
    author: str = ""


Cell = tuple[int, int]  # (sheet row, 1-based; column, 0-based)


@dataclass(frozen=True)
class Table:
    """One tab as read: its header row and its data rows with their sheet row numbers (1-based).

    `notes` and `fills` hold what the ownership decisions need (kopienas.core.ownership): every
    cell's note, and every cell's fill as a token ("#RRGGBB" for a solid colour; a source may use
    its own tokens for other fills and must read back what it writes). `decor_rows`: the rows
    whose notes and fills were read, where a source reads only the rows that may carry the tool's
    marks (None: every row's)."""

    title: str
    header: tuple[Any, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    header_row: int = 1
    notes: Mapping[Cell, Note] = field(default_factory=dict, compare=False, repr=False)
    fills: Mapping[Cell, str] = field(default_factory=dict, compare=False, repr=False)
    decor_rows: frozenset[int] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Snapshot:
    """Everything read from one spreadsheet in one go."""

    tables: dict[str, Table]  # by tab title as it is in the spreadsheet
    source: str = ""  # a human-readable name for reports


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one row, as data; `message` is the Latvian sentence for the sheet."""

    kind: str  # machine-readable rule name, e.g. "total_mismatch"
    row: int  # sheet row number
    field: str | None  # contract field, None for problems of the whole row
    column: str  # header text as the coordinator sees it
    message: str
    activity_id: str = ""
    tab: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "tab": self.tab,
            "row": self.row,
            "id": self.activity_id,
            "column": self.column,
            "field": self.field,
            "type": self.kind,
            "message": self.message,
        }


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    resource_centre: str = ""
    coordinator: str = ""
    email: str = ""
    coordinator_gender: str = ""  # as typed in “Koordinatora dzimums”: overrides the guess from the name
    name_en: str = ""  # “Nosaukums angliski”, for English drafts
    resource_centre_en: str = ""  # “Resursu centrs angliski”
    row: int = field(default=0, compare=False)  # sheet row in tab `Kopienas` (0: not from a sheet)


@dataclass(frozen=True)
class Institution:
    abbreviation: str
    full_name: str
    community: str = ""
    name_en: str = ""  # “Nosaukums angliski”, for English drafts


@dataclass(frozen=True)
class Partner:
    row: int
    name: str
    emails: tuple[str, ...]
    communities: tuple[str, ...]  # community codes; empty with follows_all
    follows_all: bool
    language: str
    active: bool
    active_error: str = ""  # `Aktīvs` could not be read (e.g. "Jaa"): not mailed, reported on the row
    name_en: str = ""  # “Nosaukums angliski”


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity row with every cell parsed; unreadable cells are None and reported as problems."""

    row: int
    id: str
    title: str
    community: str  # as typed
    start: date | None
    end: date | None
    place: str = ""
    description: str = ""
    institutions: tuple[str, ...] = ()  # as typed (abbreviations or names)
    children: int | None = None
    adults: int | None = None
    total: int | None = None
    coordinator: str = ""
    phone: str = ""
    email: str = ""
    links: tuple[str, ...] = ()
    status: str | None = None  # contract.STATUS_* or None
    press_release: bool = False
    kind: str = ""  # contract.KIND_*; "" (no `Veids`) is an event report
    # Filled in by validation for valid rows:
    community_code: str = ""
    community_name: str = ""
    institution_names: tuple[str, ...] = ()  # full names
    cell_errors: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def participants(self) -> int:
        return (self.children or 0) + (self.adults or 0)

    @property
    def last_day(self) -> date | None:
        return self.end or self.start


@dataclass(frozen=True)
class Programme:
    """The whole spreadsheet, typed."""

    activities: tuple[Activity, ...]
    communities: tuple[Community, ...]
    institutions: tuple[Institution, ...]
    partners: tuple[Partner, ...]
    problems: tuple[Problem, ...] = ()  # problems found while reading (missing tabs, headers, cells)
    source: str = ""
    activities_tab: str = contract.ACTIVITIES.title
    communities_tab: str = contract.COMMUNITIES.title
    columns: tuple[Any, ...] = ()  # headers.TabColumns per tab read: each contract column found or not

    def community(self, code_or_name: str) -> Community | None:
        return self._communities.get(code_or_name.strip().casefold())

    @cached_property
    def _communities(self) -> dict[str, Community]:
        return community_index(self.communities)

    @cached_property
    def highest_ids(self) -> Mapping[tuple[str, int], int]:
        """The highest number per (community code casefolded, year) of the IDs the sheet holds,
        as `identifiers.highest_issued` finds them: parsed once, for checking and the ledger."""
        return MappingProxyType(highest_issued(a.id for a in self.activities if a.id))


def community_index(communities: tuple[Community, ...]) -> dict[str, Community]:
    """Communities by code and by name, case-insensitively."""
    index: dict[str, Community] = {}
    for c in reversed(communities):  # the first row wins when a name repeats
        index[c.name.casefold()] = c
    for c in reversed(communities):  # and a code beats another community's name
        index[c.code.casefold()] = c
    return index


HEADER_SEARCH_ROWS = 30  # the header row is looked for among this many non-blank rows from the top


def header_index(rows: Sequence[Sequence[Any]], known: Collection[str] = ()) -> int | None:
    """Index of the header row in `rows`, found by content: among the first HEADER_SEARCH_ROWS
    non-blank rows, the one holding the most of the `known` headers (the earliest of equals), so
    title lines and blank rows above it are fine; with none of them anywhere, the first row that
    is not blank. None for a tab with nothing in it."""
    wanted = {cells.header_key(h) for h in known} - {""}
    best, best_score, first, seen = None, 0, None, 0
    for i, row in enumerate(rows):
        if cells.is_blank_row(row):
            continue
        if first is None:
            first = i
        seen += 1
        if seen > HEADER_SEARCH_ROWS:
            break
        if wanted:
            score = len(wanted & {cells.header_key(v) for v in row if isinstance(v, str)})
            if score > best_score:
                best, best_score = i, score
    return best if best is not None else first


def table_from_rows(
    title: str,
    rows: Sequence[Sequence[Any]],
    first_row: int = 1,
    *,
    known: Collection[str] = (),
    notes: Mapping[Cell, Note] | None = None,
    fills: Mapping[Cell, str] | None = None,
) -> Table:
    """A tab's rows (from the top, `first_row` being the first's sheet row) -> Table, the header
    row found by content (see `header_index`)."""
    notes, fills = notes or {}, fills or {}
    index = header_index(rows, known)
    if index is None:
        return Table(title, (), (), notes=notes, fills=fills)
    body = tuple((first_row + i, tuple(r)) for i, r in enumerate(rows) if i > index)
    return Table(title, tuple(rows[index]), body, header_row=first_row + index, notes=notes, fills=fills)
