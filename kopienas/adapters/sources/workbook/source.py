"""A local .xlsx workbook as the source, through openpyxl.

Reads every tab in one pass (read-only mode, cached values), writes verdicts in one save: the
workbook is loaded with formulas and styles, changed only in the tool's cells, saved to a temporary
file next to the target and renamed over it, so a crash never leaves a broken workbook.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from kopienas.adapters.sources._base import SourceError
from kopienas.adapters.sources.workbook.decor import fill_of, read_decor
from kopienas.core import cells
from kopienas.core.headers import column_positions, find_title
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.ownership import Mark
from kopienas.core.writeback import RowUpdate, WritePlan, WriteResult, locate_rows, text_lines

AUTHOR = "kopienas"  # marks the comments the tool owns, so it never removes a coordinator's
MARK_COLOR = "FFFCE4E4"  # light red on cells with a problem
TOOL_HEADER_COLOR = "FFE7E6E6"  # grey header on tool-owned columns


class WorkbookSource:
    def __init__(self, path: str | os.PathLike[str], *, write_to: str | os.PathLike[str] | None = None):
        self.path = Path(path)
        self.target = Path(write_to) if write_to else self.path
        self.name = _display(self.path)
        self.target_name = _display(self.target)  # the file written
        self._read_stamp: tuple[int, int] | None = None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    # -- reading -------------------------------------------------------------------------------
    def _load(self, **kwargs):
        if not self.path.is_file():
            raise SourceError(
                f"Darbgrāmata nav atrasta: {self.path}. Pārbaudiet `source.location` konfigurācijā vai --source. "
                f"/ Workbook not found: {self.path}."
            )
        try:
            return load_workbook(self.path, **kwargs)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
            raise SourceError(
                f"Nevar atvērt darbgrāmatu {self.path}: tā nav derīgs .xlsx fails ({type(e).__name__}). "
                f"/ Cannot open {self.path} as an .xlsx workbook."
            ) from None

    def read(self) -> Snapshot:
        self._read_stamp = self._stamp()
        wb = self._load(read_only=True, data_only=True)
        try:
            try:
                decor = read_decor(self.path)  # notes and fills, which read-only mode does not load
            except (
                KeyError,
                ValueError,
                IndexError,
                SyntaxError,
                zipfile.BadZipFile,
            ) as e:  # ParseError is a SyntaxError
                raise SourceError(
                    f"Nevar nolasīt darbgrāmatas {self.path} piezīmes un krāsas ({type(e).__name__}); nekas netika "
                    "ierakstīts. Saglabājiet to vēlreiz ar Excel vai LibreOffice. / Cannot read the workbook's notes."
                ) from None
            tables = {}
            for ws in wb.worksheets:
                notes, fills = decor.get(ws.title, ({}, {}))
                rows = [tuple(r) for r in ws.iter_rows(min_row=1, values_only=True)]
                tables[ws.title] = table_from_rows(ws.title, rows, notes=notes, fills=fills)
        except Exception as e:
            raise SourceError(
                f"Nevar atvērt darbgrāmatu {self.path}: tā nav derīgs .xlsx fails ({type(e).__name__}). "
                f"/ Cannot open {self.path} as an .xlsx workbook."
            ) from None
        finally:
            wb.close()
        return Snapshot(tables, source=self.name)

    # -- writing -------------------------------------------------------------------------------
    def _refuse_if_open_elsewhere(self) -> None:
        folder, name = self.target.parent, self.target.name
        for lock in (folder / f".~lock.{name}#", folder / f"~${name}"):
            if lock.exists():
                raise SourceError(
                    f"Darbgrāmata {self.target} ir atvērta citā programmā (atrasts {lock.name}); "
                    "aizveriet to un palaidiet vēlreiz. / The workbook is open elsewhere: close it and run again.",
                    usage=False,
                )

    def write(self, plan: WritePlan) -> WriteResult:
        self._refuse_if_open_elsewhere()
        wb = self._load()  # full mode: formulas, styles, comments and widths survive the save
        ws = _sheet(wb, plan.tab)
        if ws is None:
            raise SourceError(f"Darbgrāmatā vairs nav lapas “{plan.tab}”. / The tab “{plan.tab}” is gone.")
        rows = [tuple(c.value for c in r) for r in ws.iter_rows(min_row=1)]
        table = table_from_rows(ws.title, rows, known=plan.known_headers)
        header_row = table.header_row
        columns = {k: i + 1 for k, i in column_positions(table.header)[0].items()}  # as when reading

        def column_of(header: str, create: bool, tool: bool = False) -> int | None:
            key = cells.header_key(header)
            if key not in columns and create:
                col = ws.max_column + 1 if any(c.value is not None for c in ws[header_row]) else 1
                cell = ws.cell(header_row, col, header)
                cell.font = Font(bold=True)
                if tool:
                    cell.fill = PatternFill("solid", fgColor=TOOL_HEADER_COLOR)
                    ws.column_dimensions[cell.column_letter].width = 48
                columns[key] = col
            return columns.get(key)

        id_col = column_of(plan.id_header, create=False)
        if id_col is None and plan.updates:
            raise SourceError(
                f"Lapā “{ws.title}” vairs nav kolonnas “{plan.id_header}”; nekas netika ierakstīts (rīks neveido "
                f"otru ID kolonnu). / The column “{plan.id_header}” is gone: nothing was written.",
                usage=False,
            )
        title_col = column_of(plan.title_header, create=False)
        tool_cols: dict[str, int] = {}
        for header in plan.tool_headers:
            col = column_of(header, create=True, tool=True)
            assert col is not None  # created when missing
            tool_cols[header] = col
        for header, note in plan.header_notes.items():  # the tool's marker on its columns
            _unmerged(ws, header_row, tool_cols[header]).comment = Comment(note, AUTHOR, width=300, height=110)
        marked_cols = {h: c for h in plan.marked_headers if (c := column_of(h, create=False))}

        if self._read_stamp is not None and self._read_stamp == self._stamp():
            # Unchanged since it was read: every row is where it was.
            placed, skipped = [(u.row, u) for u in plan.updates], list[RowUpdate]()
        else:
            # Saved by someone meanwhile: find each row again by its ID.
            current = [
                (
                    row,
                    ws.cell(row, id_col).value if id_col else None,
                    ws.cell(row, title_col).value if title_col else None,
                )
                for row, _ in table.rows
            ]
            placed, skipped = locate_rows(plan, current)
        for row, update in placed:
            if update.new_id and id_col and not isinstance(ws.cell(row, id_col), MergedCell):
                ws.cell(row, id_col).value = update.new_id
            lines = 1
            for header, text in update.values.items():
                cell = _unmerged(ws, row, tool_cols[header])
                cell.value = text
                if plan.wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    width = ws.column_dimensions[cell.column_letter].width or 13
                    lines = max(lines, text_lines(text, int(width)))
            _fit_height(ws, row, lines)
            for header, mark in update.marks.items():
                if (col := marked_cols.get(header)) is not None:
                    _mark(ws.cell(row, col), mark)
        for title, owned in plan.owned_tabs.items():
            _rewrite_tab(wb, title, owned, plan.tab_notes.get(title), plan.owned_widths.get(title, ()))
        self.save(wb)
        return WriteResult(written=len(placed), skipped=tuple(skipped), target=_display(self.target))

    def save(self, wb) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        # Saves run under the run lock, so a temporary file found here was left by a killed run.
        for stale in self.target.parent.glob(".kopienas-*.xlsx"):
            stale.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kopienas-", suffix=".xlsx", dir=self.target.parent)
        os.close(fd)
        try:
            wb.save(tmp)
            if self.target.exists() and not os.access(self.target, os.W_OK):
                raise PermissionError(self.target)
            os.replace(tmp, self.target)
        except OSError as e:
            Path(tmp).unlink(missing_ok=True)
            raise SourceError(
                f"Nevar saglabāt darbgrāmatu {self.target}: {e.strerror or 'nav rakstīšanas tiesību'}. "
                "Pārbaude nav ierakstīta, bet tās rezultāti ir atskaitē. / Cannot save the workbook.",
                usage=False,
            ) from None
        finally:
            wb.close()


def _unmerged(ws, row: int, col: int):
    """A tool-owned cell, split out of any merged range a coordinator made over it."""
    cell = ws.cell(row, col)
    if isinstance(cell, MergedCell):
        for merged in list(ws.merged_cells.ranges):
            if cell.coordinate in merged:
                ws.unmerge_cells(str(merged))
        cell = ws.cell(row, col)
    return cell


def _mark(cell, mark: Mark) -> None:
    """Carry out the plan's change to a cell's note and fill (decided in kopienas.core.ownership).
    A cell inside a merged range has no note of its own: the `Pārbaude` text still says it all."""
    if isinstance(cell, MergedCell):
        return
    if mark.note is not None:
        cell.comment = Comment(mark.note, AUTHOR, width=320, height=120) if mark.note else None
    if mark.fill is not None:
        cell.fill = fill_of(mark.fill)


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _sheet(wb, title: str):
    found = find_title([w.title for w in wb.worksheets], title)
    return wb[found] if found is not None else None


LINE_POINTS, MAX_ROW_POINTS = 15, 409  # a line of 11-point text; Excel's tallest row


def _fit_height(ws, row: int, lines: int) -> None:
    """Make a row tall enough for the tool's wrapped text; a row is never made lower."""
    if lines <= 1:
        return
    dim = ws.row_dimensions[row]
    wanted = min(MAX_ROW_POINTS, LINE_POINTS * lines)
    if dim.height is None or dim.height < wanted:
        dim.height = wanted


def _rewrite_tab(wb, title: str, rows: list[list[object]], note: str | None = None, widths=()) -> None:
    """Replace a tool-owned tab's content (created at the end if missing); other tabs untouched."""
    ws = _sheet(wb, title)
    if ws is None:
        ws = wb.create_sheet(title)
    elif ws.max_row:
        ws.delete_rows(1, ws.max_row)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    if rows:
        ws.cell(1, 1).font = Font(bold=True, size=13)
        header_row = next((i for i, row in enumerate(rows, start=1) if len(row) > 3), None)
        if header_row:
            for c in range(1, len(rows[header_row - 1]) + 1):
                ws.cell(header_row, c).font = Font(bold=True)
    if note:
        ws.cell(1, 1).comment = Comment(note, AUTHOR, width=300, height=80)
