"""What the writer learns about a worksheet before it changes anything, in one streaming pass.

The header row is found by content among the first non-blank rows, as when reading; only those
rows are parsed. The rest of the rows stream past unparsed unless the writer needs them: to find
a free column for a new tool column (a row whose last cell lies left of the table's edge is
passed by without parsing it), or to find each row again by its ID when the file was saved since
it was read. Then the tail: merged ranges and the notes drawing's link.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kopienas.adapters.sources.workbook.package import Package
from kopienas.adapters.sources.workbook.row_bytes import last_cell
from kopienas.adapters.sources.workbook.sheet_xml import Children, Head, Sections, SharedStrings, row_values, rows
from kopienas.core import cells
from kopienas.core.headers import column_positions
from kopienas.core.models import HEADER_SEARCH_ROWS, header_index
from kopienas.core.writeback import WritePlan

Rows = Iterator[tuple[int | None, bytes, int, int]]
Values = dict[int, object]  # column -> value


@dataclass
class Survey:
    head: Head
    tail: Children
    header_row: int
    header_raw: bytes | None  # the header row's bytes (None when the sheet has no such row)
    columns: dict[str, int]  # header key -> column, the first of duplicates
    extent: int  # the last column the header fills
    taken: set[int]  # filled columns right of `extent`, from the header down (when a tool column is new)
    values: dict[int, Values]  # row below the header -> its values (only when rows are found again)


@dataclass
class _Scan:
    header_row: int
    extent: int
    wanted: set[int]  # the columns whose values are kept
    free: bool  # whether columns right of the table are looked for
    taken: set[int] = field(default_factory=set)
    values: dict[int, Values] = field(default_factory=dict)

    def note(self, number: int, values: Values) -> None:
        if self.free and number >= self.header_row:
            self.taken.update(c for c, v in values.items() if c > self.extent and _filled(v))
        if self.wanted and number > self.header_row:
            self.values[number] = {c: v for c, v in values.items() if c in self.wanted}


def survey(package: Package, part: str, plan: WritePlan, strings: SharedStrings, *, rows_as_read: bool) -> Survey:
    sections = Sections(package.open(part))
    head = Head(sections)
    chunks = sections.chunks()
    stream = rows(chunks, sections.dialect)
    seen, candidates = _top(sections, stream, strings)
    index = header_index([values for _, values, _ in candidates], plan.known_headers)
    header_row, header, header_raw = candidates[index] if index is not None else (1, (), None)
    columns = {k: i + 1 for k, i in column_positions(header)[0].items()}
    extent = max((c for c, v in enumerate(header, start=1) if _filled(v)), default=0)
    free = any(cells.header_key(h) not in columns for h in plan.tool_headers)
    # Rows are found again by the values of every column with a header (see `locate_rows`).
    scan = _Scan(header_row, extent, set() if rows_as_read else set(columns.values()), free)
    if scan.free or scan.wanted:
        for number, values in seen:
            scan.note(number, values)
        _rest(scan, sections, stream, strings)
    tail = Children.tail_of(sections, sections.drain(chunks))
    return Survey(head, tail, header_row, header_raw, columns, extent, scan.taken, scan.values)


def _top(
    sections: Sections, stream: Rows, strings: SharedStrings
) -> tuple[list[tuple[int, Values]], list[tuple[int, tuple[object, ...], bytes]]]:
    """The rows from the top up to the last candidate for the header (each parsed), and the
    candidates: (row, values up to its last cell, its bytes) of the first non-blank rows."""
    seen: list[tuple[int, Values]] = []
    candidates: list[tuple[int, tuple[object, ...], bytes]] = []
    for number, buf, start, end in stream:
        if number is None:
            continue
        raw = buf[start:end]
        values = row_values(sections.row_element(raw), strings)
        seen.append((number, values))
        if any(_filled(v) for v in values.values()):
            candidates.append((number, tuple(values.get(c) for c in range(1, max(values) + 1)), raw))
            if len(candidates) >= HEADER_SEARCH_ROWS:
                break
    return seen, candidates


def _rest(scan: _Scan, sections: Sections, stream: Rows, strings: SharedStrings) -> None:
    """The rows below those read for the header: parsed when their values are wanted, or when
    their last cell lies right of the table's edge (it may fill a column a tool column would take)."""
    for number, buf, start, end in stream:
        if number is None:
            continue
        if not scan.wanted:
            last = last_cell(buf, start, end, sections.dialect)
            if last is None or (last.explicit and last.col <= scan.extent):
                continue
        scan.note(number, row_values(sections.row_element(buf[start:end]), strings))


def _filled(value: object) -> bool:
    return not cells.is_blank(value)
