"""Finding tabs, header rows and columns by name — the one place reading, both sources and
`init` do it. Pure: no I/O.

- A tab is found by its title compared as a header (`cells.header_key`).
- The header row is found by content (`models.header_index`): among the first rows, the one
  holding the most of the headers the tab should have; title lines and blank rows above it are fine.
- A column is found by its header; when two columns carry the same header the first one wins,
  everywhere alike. A contract column that is not there is reported with the sheet's header most
  like it (“vai domājāt “Kopa”?”), so a renamed or mistyped header is never taken for a missing
  column and never silently ignored.
"""

from __future__ import annotations

import difflib
import operator
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kopienas.core import cells, contract
from kopienas.core.contract import SheetLayout
from kopienas.core.models import HEADER_SEARCH_ROWS, Community, Table, header_index

SIMILAR = 0.75  # how alike (0..1, after folding case and diacritics) a header must be to be "meant"

# Columns the rules cannot do without: missing, they would give false verdicts, new IDs or wrong
# figures, so the tab stops. The others are optional: a missing one is reported once.
NEEDED: dict[str, frozenset[str]] = {
    "activities": frozenset({"id", "title", "community", "start", "children", "adults", "status"}),
    "communities": frozenset({"code", "name"}),
    "institutions": frozenset({"abbreviation", "full_name"}),
    "partners": frozenset({"name", "emails", "communities"}),
}


def same_name(a: Any, b: Any) -> bool:
    return cells.header_key(a) == cells.header_key(b)


def find_title(titles: Iterable[str], wanted: str) -> str | None:
    """The first of `titles` that names the tab `wanted` (case, spaces, a trailing colon aside)."""
    key = cells.header_key(wanted)
    return next((t for t in titles if cells.header_key(t) == key), None)


def column_positions(header: Sequence[Any]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Header key -> 0-based column, the first column winning; and the repeated headers."""
    keys: dict[str, int] = {}
    duplicates: list[str] = []
    for i, h in enumerate(header):
        k = cells.header_key(h)
        if not k:
            continue
        if k in keys:
            duplicates.append(cells.shorten(h))
            continue
        keys[k] = i
    return keys, tuple(duplicates)


def reframe(table: Table, known: Collection[str]) -> Table:
    """The same tab with its header row found again by content, now that the headers it should
    have are known. Rows above the first non-blank one are blank, so nothing is lost."""
    rows = [table.header, *(r for _, r in table.rows[: HEADER_SEARCH_ROWS * 4])]
    index = header_index(rows, known)
    if not index:
        return table
    number, header = table.rows[index - 1]
    return replace(table, header=header, rows=table.rows[index:], header_row=number)


# --- the columns a tab should have -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnCheck:
    """One contract column in one tab: where it is, or why it is not and what is most like it."""

    field: str
    header: str  # as configured
    position: int | None  # 0-based; None when the tab has no such header
    needed: bool
    closest: str = ""  # the tab's unclaimed header most like it, when not found
    setting: str = ""  # `headers.<tab>.<field>`, when the header comes from the settings

    @property
    def found(self) -> bool:
        return self.position is not None

    @property
    def stops(self) -> bool:
        """A needed column missing, or any column whose header looks renamed or mistyped."""
        return not self.found and (self.needed or bool(self.closest))


@dataclass(frozen=True)
class TabColumns:
    """Every contract column of one tab, found or not, as data."""

    key: str  # contract tab key
    title: str
    header_row: int
    checks: tuple[ColumnCheck, ...]
    duplicates: tuple[str, ...] = ()
    positions: dict[str, int] = field(default_factory=dict)  # field -> 0-based column, found ones

    def get(self, row: tuple[Any, ...], name: str) -> Any:
        """The cell of field `name` in `row`, None when the tab has no such column."""
        i = self.positions.get(name)
        return row[i] if i is not None and i < len(row) else None

    def picker(self, names: Sequence[str]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        """For a row, what `get` gives for each of `names` (two or more), in one call: a table of
        thousands of rows reads its cells without a lookup per cell."""
        width = max(self.positions.values(), default=-1) + 1
        pad = (None,) * (width + 1)  # a short row's missing cells, and (last) a missing column's
        take = operator.itemgetter(*(self.positions.get(n, -1) for n in names))
        return lambda row: take(row + pad if type(row) is tuple else (*row, *pad))

    @property
    def stopping(self) -> tuple[ColumnCheck, ...]:
        return tuple(c for c in self.checks if c.stops)

    @property
    def optional_missing(self) -> tuple[ColumnCheck, ...]:
        return tuple(c for c in self.checks if not c.found and not c.stops)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tab": self.title,
            "header_row": self.header_row,
            "columns": [
                {
                    "field": c.field,
                    "header": c.header,
                    "found": c.found,
                    "column": cells.column_letter(c.position + 1) if c.position is not None else None,
                    "needed": c.needed,
                    "closest": c.closest or None,
                }
                for c in self.checks
            ],
        }


def fold(text: Any) -> str:
    """A header as compared for likeness: no case, no diacritics, words only."""
    decomposed = unicodedata.normalize("NFKD", cells.header_key(text))
    plain = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def likeness(a: Any, b: Any) -> float:
    """0..1: how alike two headers are. Equal once folded, one's words all in the other's
    ("Bērni" and "Bērni un jaunieši") or the same letters swapped count as alike as can be;
    else difflib's ratio of the folded texts."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 1.0
    wa, wb = set(fa.split()), set(fb.split())
    if wa <= wb or wb <= wa:
        return 0.95
    if sorted(fa) == sorted(fb):
        return 0.9  # the same letters, two swapped ("DI" for "ID")
    return difflib.SequenceMatcher(None, fa, fb).ratio()


def closest_header(header: str, candidates: Iterable[str]) -> str:
    """The candidate most like `header`, if any is alike enough (SIMILAR); else ''."""
    best, best_score = "", SIMILAR
    for c in candidates:
        score = likeness(header, c)
        if score >= best_score and not (score == best_score and best):
            best, best_score = c, score
    return best


def check_columns(
    key: str,
    table: Table,
    wanted: Mapping[str, str],
    *,
    needed: Collection[str] = (),
    defaults: Mapping[str, str] | None = None,
    also: Collection[str] = (),
) -> TabColumns:
    """Where each of `wanted` (field -> header) is in `table`. `also`: other headers the tool
    knows in this tab (its own columns), never offered as what a missing column was meant to be.
    `defaults`: the contract's headers, to tell a header that came from the settings."""
    positions, duplicates = column_positions(table.header)
    claimed = {cells.header_key(h) for h in (*wanted.values(), *also)}
    unclaimed = [cells.text(h) for h in table.header if cells.header_key(h) and cells.header_key(h) not in claimed]
    checks = []
    for name, header in wanted.items():
        position = positions.get(cells.header_key(header))
        configured = defaults is not None and not same_name(defaults.get(name, header), header)
        checks.append(
            ColumnCheck(
                field=name,
                header=header,
                position=position,
                needed=name in needed,
                closest="" if position is not None else closest_header(header, unclaimed),
                setting=f"headers.{key}.{name}" if configured else "",
            )
        )
    found = {c.field: c.position for c in checks if c.position is not None}
    return TabColumns(key, table.title, table.header_row, tuple(checks), duplicates, found)


# --- with the sheet's names (SheetLayout): a tab's columns as named, and where the activities table ends


def all_known_headers(sheet: SheetLayout) -> list[str]:
    """Every header of every tab as configured, the tool's own too: to find header rows by."""
    return [h for t in contract.TABS for h in known_headers(sheet, t.key)]


def known_headers(sheet: SheetLayout, key: str) -> list[str]:
    """Every header a tab should have (the tool's own too, for the activities), as configured."""
    extra = list(sheet.tool_headers.values()) if key == "activities" else []
    return [*sheet.headers[key].values(), *extra]


def tab_columns(table: Table, sheet: SheetLayout, key: str) -> tuple[Table, TabColumns]:
    """The tab with its header row found by content, and where each contract column is in it."""
    table = reframe(table, known_headers(sheet, key))
    spec = next(t for t in contract.TABS if t.key == key)
    also = sheet.tool_headers.values() if key == "activities" else ()
    columns = check_columns(
        key, table, sheet.headers[key], needed=NEEDED.get(key, ()), defaults=spec.headers(), also=also
    )
    # A column the contract marks optional (read when there, never added) is not reported missing.
    quiet = {c.field for c in spec.columns if c.optional}
    return table, replace(columns, checks=tuple(c for c in columns.checks if c.found or c.field not in quiet))


def tool_columns(table: Table, sheet: SheetLayout) -> TabColumns:
    """The tool's own columns in the activities tab; missing ones are created when writing, but
    one that looks renamed (“Parbaude”) stops the tab rather than get a second copy."""
    defaults = {c.field: c.header for c in contract.TOOL_COLUMNS}
    return check_columns(
        "tool", table, sheet.tool_headers, defaults=defaults, also=sheet.headers["activities"].values()
    )


def table_rows(
    table: Table, cols: TabColumns, communities: dict[str, Community], headers: Collection[str]
) -> tuple[list[tuple[int, tuple]], tuple[int, int, int, int] | None]:
    """The rows of the activities table, and what lies below it: (blank row, first, last, count)
    or None. A blank row between activities is fine; the table ends at a fully blank row whose
    next row is not an activity — a header row again, or a community that tab Kopienas lacks (a
    second table, notes). Everything from there down is left alone."""
    header_keys = {cells.header_key(h) for h in headers}
    out: list[tuple[int, tuple]] = []
    blank_row = 0
    for i, (number, row) in enumerate(table.rows):
        if cells.is_blank_row(row):
            blank_row = blank_row or number
            continue
        if blank_row and not _looks_like_activity(row, cols, communities, header_keys):
            rest = [n for n, r in table.rows[i:] if not cells.is_blank_row(r)]
            return out, (blank_row, rest[0], rest[-1], len(rest))
        blank_row = 0
        out.append((number, row))
    return out, None


def _looks_like_activity(
    row: tuple, cols: TabColumns, communities: dict[str, Community], header_keys: set[str]
) -> bool:
    if any(isinstance(v, str) and cells.header_key(v) in header_keys for v in row):
        return False  # a header row: another table starts here
    community = cells.text(cols.get(row, "community")).casefold()
    return not communities or community in communities
