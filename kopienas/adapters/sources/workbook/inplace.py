"""Carrying out a write plan inside an existing workbook's package, touching only what the tool owns.

What changes: the activities sheet's tool cells (verdicts, draft notes, a missing tool header),
the IDs the tool assigns, the tool's notes and mark fills on coordinator cells, the formats those
need (appended to the styles part) and the tool's own tabs. Every other part of the package, and
every other cell of the sheet, is left as it was: formulas keep their cached values, shared
strings stay, shapes, sparklines, extension lists, custom XML and macros are copied through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kopienas.adapters.sources.workbook.notes_xml import Notes
from kopienas.adapters.sources.workbook.owned_tab_xml import write_owned_tab
from kopienas.adapters.sources.workbook.package import (
    REL_CALC_CHAIN,
    REL_SHARED_STRINGS,
    Package,
    PackageError,
    q,
)
from kopienas.adapters.sources.workbook.refs import MAX_COLUMN, ref, string_text
from kopienas.adapters.sources.workbook.sheet_xml import SheetXml
from kopienas.adapters.sources.workbook.styles_xml import KEEP, Styles
from kopienas.core import cells
from kopienas.core.errors import Signal
from kopienas.core.headers import column_positions, find_title
from kopienas.core.models import HEADER_SEARCH_ROWS, header_index
from kopienas.core.ownership import Mark
from kopienas.core.writeback import RowUpdate, WritePlan, locate_rows, text_lines

AUTHOR = "kopienas"  # marks the notes the tool owns, so it never removes a coordinator's
MARK_COLOR = "FFFCE4E4"  # light red on cells with a problem
TOOL_HEADER_COLOR = "FFE7E6E6"  # grey header on tool-owned columns
TOOL_HEADER_FILL = "#" + TOOL_HEADER_COLOR[2:]
TOOL_COLUMN_WIDTH = 48


class TabGone(Signal):
    """The plan's tab is not in the workbook any more."""


class NoRoom(Signal):
    """A tool column would land beyond the last column a sheet has (XFD)."""


class ColumnGone(Signal):
    """The ID column is not in the tab any more (the tool never makes a second one)."""


LINE_POINTS, MAX_ROW_POINTS = 15, 409  # a line of 11-point text; Excel's tallest row
DEFAULT_WIDTH = 13  # characters, a column without a width of its own


@dataclass
class Applied:
    data: bytes
    placed: int
    skipped: tuple[RowUpdate, ...] = ()
    changed: tuple[RowUpdate, ...] = ()  # rows whose cells changed since they were read: not written
    kept_formulas: list[str] = field(default_factory=list)  # ID cells holding a formula, left as they are
    merged: list[str] = field(default_factory=list)  # tool cells inside a coordinator's merge: not written


def apply_plan(data: bytes, plan: WritePlan, *, rows_as_read: bool) -> Applied:
    """The package `data` with the plan carried out. With `rows_as_read`, every row is where it was
    when read; otherwise each row is found again by its ID (the file was saved meanwhile)."""
    package = Package(data)
    sheets = {s.name: s for s in package.sheets()}
    title = find_title(sheets, plan.tab)
    if title is None:
        raise TabGone(plan.tab)
    found = sheets[title]
    sheet = SheetXml(package.xml(found.part), _shared_strings(package))
    styles = Styles(package)
    writer = _SheetWriter(package, found.part, sheet, styles, plan.known_headers)

    id_col = writer.column(plan.id_header, create=False)
    if id_col is None and plan.updates:
        raise ColumnGone(plan.id_header)
    title_col = writer.column(plan.title_header, create=False)
    tool_cols = {h: c for h in plan.tool_headers if (c := writer.column(h, create=True, tool=True))}
    marked_cols = {h: c for h in plan.marked_headers if (c := writer.column(h, create=False))}
    for header, note in plan.header_notes.items():  # the tool's marker on its columns
        col = tool_cols.get(header)
        if col is not None and not sheet.merged_follower(writer.header_row, col):  # a merge is kept
            writer.notes.put(ref(writer.header_row, col), note, AUTHOR)

    placed, skipped, changed = _placed_rows(plan, writer, id_col, title_col, rows_as_read)
    kept: list[str] = []
    merged: list[str] = []
    for row, update in placed:
        if update.new_id and id_col and not sheet.merged_follower(row, id_col):
            kept += _write_id(sheet, row, id_col, update.new_id)
        merged += _write_texts(writer, plan, row, update.values, tool_cols)
        for header, mark in update.marks.items():
            if (col := marked_cols.get(header)) is not None:
                writer.mark(row, col, mark)
    for title, rows in plan.owned_tabs.items():
        write_owned_tab(
            package, styles, title, rows, plan.tab_notes.get(title), AUTHOR, plan.owned_widths.get(title, ())
        )
    if sheet.formula_removed:
        _drop_calc_chain(package)
    return Applied(package.to_bytes(), len(placed), tuple(skipped), tuple(changed), kept, merged)


def _placed_rows(
    plan: WritePlan, writer: _SheetWriter, id_col: int | None, title_col: int | None, rows_as_read: bool
) -> tuple[list[tuple[int, RowUpdate]], list[RowUpdate], list[RowUpdate]]:
    """Where each update goes now, the updates whose rows are gone, and those whose rows changed."""
    if rows_as_read:
        return [(u.row, u) for u in plan.updates], [], []
    sheet = writer.sheet
    current: list[tuple[int, Any, Any]] = [
        (
            row,
            sheet.value(row, id_col) if id_col else None,
            sheet.value(row, title_col) if title_col else None,
        )
        for row in sheet.row_numbers()
        if row > writer.header_row
    ]

    def value_at(row: int, key: str) -> object:
        col = writer.columns.get(key)
        return sheet.value(row, col) if col else None

    return locate_rows(plan, current, value_at)  # cell values of any type, compared as read


def _write_id(sheet: SheetXml, row: int, id_col: int, new_id: str) -> list[str]:
    """The assigned ID written into its cell; a cell holding a formula is returned, left as it is."""
    if sheet.has_formula(row, id_col):
        return [ref(row, id_col)]  # a formula is the coordinator's: never overwritten
    sheet.set_text(row, id_col, new_id)
    return []


def _write_texts(
    writer: _SheetWriter, plan: WritePlan, row: int, values: dict[str, str], tool_cols: dict[str, int]
) -> list[str]:
    """The tool's texts of one row, wrapped in their cells with the row grown to show them. A cell
    a coordinator merged into another one's range is not written (the merge is theirs, and kept):
    returned, to be reported."""
    sheet, lines = writer.sheet, 1
    held: list[str] = []
    for header, text in values.items():
        col = tool_cols[header]
        if sheet.merged_follower(row, col):
            held.append(ref(row, col))
            continue
        if plan.wrap:  # wrapped in its cell, the row grown to show it (never made lower)
            sheet.set_text(row, col, text, writer.styles.derive(sheet.style(row, col), wrap=True))
            lines = max(lines, text_lines(text, int(sheet.width(col) or DEFAULT_WIDTH)))
        else:
            sheet.set_text(row, col, text)
    if lines > 1:
        sheet.grow_row(row, min(MAX_ROW_POINTS, LINE_POINTS * lines))
    return held


class _SheetWriter:
    def __init__(self, package: Package, part: str, sheet: SheetXml, styles: Styles, known: tuple[str, ...]):
        self.sheet = sheet
        self.styles = styles
        self.notes = Notes(package, part, sheet)
        # The header row found by content among the first non-blank rows, as when reading.
        candidates: list[tuple[int, tuple[Any, ...]]] = []
        for r in sheet.row_numbers():
            values = {c: sheet.value(r, c) for c in sheet.cells_of(r)}
            if any(_filled(v) for v in values.values()):
                candidates.append((r, tuple(values.get(c) for c in range(1, max(values) + 1))))
                if len(candidates) >= HEADER_SEARCH_ROWS:
                    break
        index = header_index([v for _, v in candidates], known)
        self.header_row, header = candidates[index] if index is not None else (1, ())
        self.columns = {k: i + 1 for k, i in column_positions(header)[0].items()}  # first of duplicates wins

    def column(self, header: str, create: bool, tool: bool = False) -> int | None:
        key = cells.header_key(header)
        if key not in self.columns and create:
            col = self._free_column()
            hr = self.header_row
            base = self.sheet.style(hr, col)
            style = self.styles.derive(base, bold=True, fill=TOOL_HEADER_FILL if tool else KEEP)
            self.sheet.set_text(hr, col, header, style)
            if tool:
                self.sheet.set_width(col, TOOL_COLUMN_WIDTH)
            self.columns[key] = col
        return self.columns.get(key)

    def _free_column(self) -> int:
        """The first column right of the header that is empty in the header and every row below:
        the table's real extent decides, not a stray cell far to the right or below."""
        sheet = self.sheet
        extent = max(
            (c for c in sheet.cells_of(self.header_row) if _filled(sheet.value(self.header_row, c))), default=0
        )
        extent = max([extent, *self.columns.values()])
        taken: set[int] = set()
        for row in sheet.row_numbers():
            if row < self.header_row:
                continue
            row_cells = sheet.cells_of(row)
            taken.update(c for c in row_cells if c > extent and _filled(sheet.value(row, c)))
        col = extent + 1
        while col in taken:
            col += 1
        if col > MAX_COLUMN:
            raise NoRoom()
        return col

    def mark(self, row: int, col: int, mark: Mark) -> None:
        """Carry out the plan's change to a cell's note and fill (decided in kopienas.core.ownership).
        A cell inside a merged range has no note of its own: the `Pārbaude` text still says it all."""
        sheet = self.sheet
        if sheet.merged_follower(row, col):
            return
        if mark.note is not None:
            if mark.note:
                self.notes.put(ref(row, col), mark.note, AUTHOR)
            else:
                self.notes.remove(ref(row, col))
        if mark.fill is not None and (mark.fill or sheet.cell(row, col) is not None):
            sheet.set_style(row, col, self.styles.derive(sheet.style(row, col), fill=mark.fill))


def _filled(value: object) -> bool:
    return not cells.is_blank(value)


def _shared_strings(package: Package):
    strings: list[str] | None = None

    def load() -> list[str]:
        nonlocal strings
        if strings is None:
            part = package.part_of_type(REL_SHARED_STRINGS)
            strings = []
            if part and package.has(part):
                strings = [string_text(si) for si in package.parse_only(part).iter(q("si"))]
        return strings

    return load


def _drop_calc_chain(package: Package) -> None:
    """A formula the tool overwrote is still listed in the calculation chain; Excel rebuilds the
    chain when it is missing, but reports a damaged file when it names a cell without a formula."""
    for _, part in package.targets(package.workbook_part, REL_CALC_CHAIN):
        package.remove(part)
        package.remove_override(part)
    package.remove_rels(package.workbook_part, REL_CALC_CHAIN)


__all__ = [
    "AUTHOR",
    "MARK_COLOR",
    "TOOL_HEADER_COLOR",
    "Applied",
    "ColumnGone",
    "NoRoom",
    "PackageError",
    "TabGone",
    "apply_plan",
]
