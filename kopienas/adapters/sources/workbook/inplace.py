"""Carrying out a write plan inside an existing workbook's package, touching only what the tool owns.

What changes: the activities sheet's tool cells (verdicts, draft notes, a missing tool header),
the IDs the tool assigns, the tool's notes and mark fills on coordinator cells, the formats those
need (appended to the styles part) and the tool's own tabs. Every other part of the package, and
every other cell of the sheet, is left as it was: formulas keep their cached values, shared
strings stay, shapes, sparklines, extension lists, custom XML and macros are copied through.

The sheet is never held whole: a first streaming pass learns what the plan needs to know of it
(`survey`), a second one copies it through as bytes, splicing the changed cells into the rows the
plan names (`row_bytes`), so memory stays flat in the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kopienas.adapters.sources.workbook.notes_xml import Notes
from kopienas.adapters.sources.workbook.owned_tab_xml import write_owned_tab
from kopienas.adapters.sources.workbook.package import (
    REL_CALC_CHAIN,
    REL_SHARED_STRINGS,
    Package,
    PackageError,
    Spool,
)
from kopienas.adapters.sources.workbook.refs import MAX_COLUMN, ref
from kopienas.adapters.sources.workbook.row_bytes import RowBytes
from kopienas.adapters.sources.workbook.sheet_xml import Sections, SharedStrings, rows
from kopienas.adapters.sources.workbook.styles_xml import KEEP, Styles
from kopienas.adapters.sources.workbook.survey import Survey, survey
from kopienas.core import cells
from kopienas.core.errors import Signal
from kopienas.core.headers import find_title
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
    part = sheets[title].part
    strings = SharedStrings(package, package.part_of_type(REL_SHARED_STRINGS))
    try:
        found = survey(package, part, plan, strings, rows_as_read=rows_as_read)
    finally:
        strings.close()
    writer = _SheetWriter(package, part, found, Styles(package), plan)
    id_col = writer.column(plan.id_header, create=False)
    if id_col is None and plan.updates:
        raise ColumnGone(plan.id_header)
    title_col = writer.column(plan.title_header, create=False)
    tool_cols = {h: c for h in plan.tool_headers if (c := writer.column(h, create=True, tool=True))}
    marked_cols = {h: c for h in plan.marked_headers if (c := writer.column(h, create=False))}
    for header, note in plan.header_notes.items():  # the tool's marker on its columns
        col = tool_cols.get(header)
        if col is not None and not found.tail.merged_follower(found.header_row, col):  # a merge is kept
            writer.notes.put(ref(found.header_row, col), note, AUTHOR)
    placed, skipped, changed = _placed_rows(plan, found, id_col, title_col, rows_as_read)
    edits = _RowEdits(writer, plan, placed, id_col, tool_cols, marked_cols)
    edits.put_notes()
    writer.notes.close()
    edits.grow_dimension()
    if edits.targets() or found.head.changed or found.tail.changed:
        writer.rewrite(edits)
    for title, rows_of_tab in plan.owned_tabs.items():
        write_owned_tab(
            package,
            writer.styles,
            title,
            rows_of_tab,
            plan.tab_notes.get(title),
            AUTHOR,
            plan.owned_widths.get(title, ()),
        )
    if edits.formula_removed:  # known by now whenever the package has a calculation chain
        _drop_calc_chain(package)
    data = package.to_bytes()  # the sheet's second pass may run only now: what it reports comes after
    return Applied(data, len(placed), tuple(skipped), tuple(changed), edits.kept(), edits.merged())


def _placed_rows(
    plan: WritePlan, found: Survey, id_col: int | None, title_col: int | None, rows_as_read: bool
) -> tuple[list[tuple[int, RowUpdate]], list[RowUpdate], list[RowUpdate]]:
    """Where each update goes now, the updates whose rows are gone, and those whose rows changed."""
    if rows_as_read:
        return [(u.row, u) for u in plan.updates], [], []
    values = found.values
    current: list[tuple[int, Any, Any]] = [
        (row, cells_of.get(id_col) if id_col else None, cells_of.get(title_col) if title_col else None)
        for row, cells_of in sorted(values.items())
    ]

    def value_at(row: int, key: str) -> object:
        col = found.columns.get(key)
        return values.get(row, {}).get(col) if col else None

    return locate_rows(plan, current, value_at)  # cell values of any type, compared as read


class _SheetWriter:
    """The activities sheet as the plan changes it: its columns, notes, formats and rows."""

    def __init__(self, package: Package, part: str, found: Survey, styles: Styles, plan: WritePlan):
        self.package, self.part, self.found, self.styles, self.plan = package, part, found, styles, plan
        self.notes = Notes(package, part, found.tail)
        self.columns = dict(found.columns)
        self.header_cells: list[tuple[int, str, int]] = []  # (column, text, format) of new tool headers

    def column(self, header: str, create: bool, tool: bool = False) -> int | None:
        key = cells.header_key(header)
        if key not in self.columns and create:
            col = self._free_column()
            base = self.header_row().style(col)
            style = self.styles.derive(base, bold=True, fill=TOOL_HEADER_FILL if tool else KEEP)
            self.header_cells.append((col, header, style))
            if tool:
                self.found.head.set_width(col, TOOL_COLUMN_WIDTH)
            self.columns[key] = col
        return self.columns.get(key)

    def header_row(self) -> RowBytes:
        found = self.found
        d, col_style = found.head.sections.dialect, found.head.col_style
        if found.header_raw is None:
            return RowBytes.new(found.header_row, d, col_style)
        return RowBytes(found.header_raw, found.header_row, d, col_style)

    def _free_column(self) -> int:
        """The first column right of the header that is empty in the header and every row below:
        the table's real extent decides, not a stray cell far to the right or below."""
        extent = max([self.found.extent, *self.columns.values()])
        col = extent + 1
        while col in self.found.taken:
            col += 1
        if col > MAX_COLUMN:
            raise NoRoom()
        return col

    def rewrite(self, edits: _RowEdits) -> None:
        """The sheet part made anew in a second pass: the head, every row as it was but those the
        plan changes, the tail. Made as the package is written when every part the pass may change
        (the formats) comes after the sheet in the zip; else made now and kept compressed until then."""
        if self._written_after_sheet():
            self.package.put_stream(self.part, lambda: _joined(self._pieces(edits)))
            return
        spool = Spool()
        for piece in _joined(self._pieces(edits)):
            spool.write(piece)
        spool.close()
        self.package.put_stream(self.part, spool.pieces)

    def _written_after_sheet(self) -> bool:
        """Whether the formats come after the sheet in the zip, and the package has no calculation
        chain (dropped when a formula is overwritten, with its relationship and content type)."""
        order = self.package.order()
        styles = self.package.name(self.styles.part)
        sheet = self.package.name(self.part)
        if self.package.targets(self.package.workbook_part, REL_CALC_CHAIN) or sheet not in order:
            return False
        return styles not in order or order.index(styles) > order.index(sheet)

    def _pieces(self, edits: _RowEdits) -> Iterator[bytes]:
        sections = Sections(self.package.open(self.part))
        chunks = sections.chunks()
        yield self.found.head.to_bytes()
        targets = edits.targets()
        if sections.empty and not targets:
            yield sections.data_tag
        else:
            p = sections.dialect.prefix
            yield b"<" + p + b"sheetData>" if sections.empty else sections.data_tag
            yield from _splice(rows(chunks, sections.dialect), targets, edits.edit)
            yield b"</" + p + b"sheetData>"
        sections.drain(chunks)
        yield self.found.tail.to_bytes()


def _joined(pieces: Iterator[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """The pieces joined into blocks of about `size` bytes (each write to the zip costs a call)."""
    pending: list[bytes] = []
    length = 0
    for piece in pieces:
        pending.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(pending)
            pending, length = [], 0
    yield b"".join(pending)


def _splice(stream, targets: list[int], edit: Callable[[int, bytes | None], bytes]) -> Iterator[bytes]:
    """The rows, each of `targets` edited (a row not in the sheet yet is made, in its place);
    untouched rows go on as the bytes they were, in runs."""
    copied, k = 0, 0
    for number, buf, start, end in stream:
        if number is None:
            yield buf[copied:start]
            copied = 0
            continue
        while k < len(targets) and targets[k] < number:
            yield buf[copied:start]
            copied = start
            yield edit(targets[k], None)
            k += 1
        if k < len(targets) and targets[k] == number:
            yield buf[copied:start]
            yield edit(number, buf[start:end])
            copied = end
            k += 1
    for number in targets[k:]:
        yield edit(number, None)


class _RowEdits:
    """What the plan changes in each row, carried out as the row streams past."""

    def __init__(
        self,
        writer: _SheetWriter,
        plan: WritePlan,
        placed: list[tuple[int, RowUpdate]],
        id_col: int | None,
        tool_cols: dict[str, int],
        marked_cols: dict[str, int],
    ):
        self.writer, self.plan, self.placed = writer, plan, placed
        self.id_col, self.tool_cols, self.marked_cols = id_col, tool_cols, marked_cols
        self.follower = writer.found.tail.merged_follower
        self.by_row: dict[int, list[int]] = {}  # row -> indexes into `placed`, in plan order
        for i, (row, _) in enumerate(placed):
            self.by_row.setdefault(row, []).append(i)
        self._kept: dict[int, list[str]] = {}
        self._merged: dict[int, list[str]] = {}
        self.formula_removed = False

    def targets(self) -> list[int]:
        rows_to_edit = set(self.by_row)
        if self.writer.header_cells:
            rows_to_edit.add(self.writer.found.header_row)
        return sorted(rows_to_edit)

    def put_notes(self) -> None:
        """The notes the marks add or remove, in plan order (they need nothing of the rows' cells)."""
        notes = self.writer.notes
        for row, update in self.placed:
            for header, mark in update.marks.items():
                col = self.marked_cols.get(header)
                if col is None or mark.note is None or self.follower(row, col):
                    continue  # a cell inside a merged range has no note of its own
                if mark.note:
                    notes.put(ref(row, col), mark.note, AUTHOR)
                else:
                    notes.remove(ref(row, col))

    def grow_dimension(self) -> None:
        """The declared extent grown to hold every cell the plan may add."""
        added = [(self.writer.found.header_row, col) for col, _, _ in self.writer.header_cells]
        for row, u in self.placed:
            if u.new_id and self.id_col:
                added.append((row, self.id_col))
            added += [(row, self.tool_cols[h]) for h in u.values]
            added += [(row, col) for h, m in u.marks.items() if m.fill and (col := self.marked_cols.get(h))]
        added = [(r, c) for r, c in added if not self.follower(r, c)]
        if added:
            rows_, cols = [r for r, _ in added], [c for _, c in added]
            self.writer.found.head.grow_dimension(min(rows_), min(cols), max(rows_), max(cols))

    def edit(self, number: int, raw: bytes | None) -> bytes:
        found = self.writer.found
        d, col_style = found.head.sections.dialect, found.head.col_style
        row = RowBytes(raw, number, d, col_style) if raw is not None else RowBytes.new(number, d, col_style)
        if number == found.header_row:
            for col, text, style in self.writer.header_cells:
                row.set_text(col, text, style)
        for i in self.by_row.get(number, ()):
            self._update(row, i, self.placed[i][1])
        self.formula_removed = self.formula_removed or row.formula_removed
        return row.render()

    def _update(self, row: RowBytes, i: int, update: RowUpdate) -> None:
        number, id_col = row.number, self.id_col
        if update.new_id and id_col and not self.follower(number, id_col):
            if row.has_formula(id_col):  # a formula is the coordinator's: never overwritten
                self._kept.setdefault(i, []).append(ref(number, id_col))
            else:
                row.set_text(id_col, update.new_id)
        held = self._write_texts(row, update.values)
        if held:
            self._merged[i] = held
        for header, mark in update.marks.items():
            col = self.marked_cols.get(header)
            if col is None or mark.fill is None or self.follower(number, col):
                continue
            if mark.fill or row.cell(col) is not None:
                row.set_style(col, self.writer.styles.derive(row.style(col), fill=mark.fill))

    def _write_texts(self, row: RowBytes, values: dict[str, str]) -> list[str]:
        """The tool's texts of one row, wrapped in their cells with the row grown to show them. A
        cell a coordinator merged into another one's range is not written (the merge is theirs, and
        kept): returned, to be reported."""
        lines, held = 1, []
        head, styles = self.writer.found.head, self.writer.styles
        for header, text in values.items():
            col = self.tool_cols[header]
            if self.follower(row.number, col):
                held.append(ref(row.number, col))
                continue
            if self.plan.wrap:  # wrapped in its cell, the row grown to show it (never made lower)
                row.set_text(col, text, styles.derive(row.style(col), wrap=True))
                lines = max(lines, text_lines(text, int(head.width(col) or DEFAULT_WIDTH)))
            else:
                row.set_text(col, text)
        if lines > 1:
            row.grow(min(MAX_ROW_POINTS, LINE_POINTS * lines))
        return held

    def kept(self) -> list[str]:
        return [ref_ for i in sorted(self._kept) for ref_ in self._kept[i]]

    def merged(self) -> list[str]:
        return [ref_ for i in sorted(self._merged) for ref_ in self._merged[i]]


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
