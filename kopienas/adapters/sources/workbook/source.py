"""A local .xlsx/.xlsm workbook as the source.

Reading goes through openpyxl (read-only mode, cached values), bounded by the data: a stray cell
far to the right or below does not make a tab huge. Writing edits the package in place
(`inplace.apply_plan`): only the tool's cells, notes, fills and tabs change, every other part and
cell stays byte for byte. The new file replaces the old one the way editors do
(`adapters.files.atomic_write`): beside the real target, with its mode and owner, and only if
nobody saved the workbook meanwhile — if someone did, the rows are found again by ID in what
they saved, once; if it changes again, the run stops with one line and exit 3.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from kopienas.adapters.files import FileChanged, FileStamp, atomic_write, real_target, remove_stale_temporaries
from kopienas.adapters.sources._base import ChangeFeed, DocFolder, OpenElsewhere, SheetSetup, SourceBusy, SourceError
from kopienas.adapters.sources.workbook.busy import open_elsewhere
from kopienas.adapters.sources.workbook.decor import read_decor
from kopienas.adapters.sources.workbook.formulas import empty_formula_cells
from kopienas.adapters.sources.workbook.inplace import (
    AUTHOR,
    MARK_COLOR,
    TOOL_HEADER_COLOR,
    ColumnGone,
    NoRoom,
    PackageError,
    TabGone,
    apply_plan,
)
from kopienas.core import cells
from kopienas.core.formula_cells import mark_empty_formulas
from kopienas.core.models import Snapshot, Table, header_index
from kopienas.core.safe_text import visible
from kopienas.core.words import sheets as sheet_phrases
from kopienas.core.words import workbook as said
from kopienas.core.writeback import WritePlan, WriteResult

__all__ = ["AUTHOR", "MARK_COLOR", "TOOL_HEADER_COLOR", "WorkbookSource"]


class WorkbookSource:
    def __init__(self, path: str | os.PathLike[str], *, write_to: str | os.PathLike[str] | None = None):
        self.path = Path(path)
        self.target = Path(write_to) if write_to else self.path
        self.name = _display(self.path)
        self.target_name = _display(self.target)  # the file written
        self._read_stamp: FileStamp | None = None

    # -- what the tool knows of a spreadsheet (kopienas.adapters.sources._base.Source) -----------
    def identity(self) -> str:
        return str(self.path.resolve())

    def open_elsewhere(self) -> OpenElsewhere | None:
        busy = open_elsewhere(real_target(self.target))
        return replace(busy, path=str(self.target)) if busy is not None else None

    def change_feed(self) -> ChangeFeed:
        from kopienas.adapters.sources.workbook.feed import WorkbookFile

        return WorkbookFile(self.path)

    def setup(self) -> SheetSetup:
        from kopienas.adapters.sources.workbook.setup import WorkbookSetup

        return WorkbookSetup(self)

    def docs_folder(self, folder_id: str) -> DocFolder | None:
        return None  # a workbook's drafts stay in the output folder

    # -- reading -------------------------------------------------------------------------------
    def _bytes(self) -> tuple[bytes, FileStamp]:
        if not self.path.is_file():
            raise SourceError(said.not_found(visible(str(self.path))))
        try:
            data = self.path.read_bytes()
            stamp = FileStamp.of(self.path, data)
        except OSError as e:
            raise SourceError(said.cannot_read(visible(str(self.path)), e.strerror)) from None
        assert stamp is not None
        return data, stamp

    def _unreadable(self, e: Exception) -> SourceError:
        return SourceError(said.not_a_workbook(visible(str(self.path)), type(e).__name__))

    def _load(self, **kwargs):
        data, _ = self._bytes()
        try:
            return load_workbook(io.BytesIO(data), **kwargs)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
            raise self._unreadable(e) from None

    def read(self) -> Snapshot:
        data, self._read_stamp = self._bytes()
        with warnings.catch_warnings():
            # openpyxl warns that it "will remove" extensions it does not model (x14 dropdowns,
            # sparklines): it only reads here, and the writer keeps them.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            try:
                wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
                raise self._unreadable(e) from None
            try:
                try:
                    decor = read_decor(io.BytesIO(data))  # notes and fills, which read-only mode does not load
                except (KeyError, ValueError, IndexError, SyntaxError, zipfile.BadZipFile) as e:  # ParseError too
                    raise SourceError(said.notes_unreadable(visible(str(self.path)), type(e).__name__)) from None
                tables = {}
                for ws in wb.worksheets:
                    notes, fills = decor.get(ws.title, ({}, {}))
                    try:
                        tables[ws.title] = _table(ws, notes, fills)
                    except Exception as e:
                        raise self._unreadable(e) from None
            finally:
                wb.close()
        return Snapshot(mark_empty_formulas(tables, empty_formula_cells(io.BytesIO(data))), source=self.name)

    # -- writing -------------------------------------------------------------------------------
    def _refuse_if_open_elsewhere(self) -> None:
        busy = open_elsewhere(real_target(self.target))
        if busy is not None:
            raise SourceBusy(replace(busy, path=str(self.target)))

    def write(self, plan: WritePlan) -> WriteResult:
        self._refuse_if_open_elsewhere()
        in_place = real_target(self.target) == real_target(self.path)
        for attempt in range(2):
            data, stamp = self._bytes()
            # Unchanged since it was read: every row is where it was; else find each row by its ID.
            rows_as_read = attempt == 0 and stamp == self._read_stamp
            try:
                applied = apply_plan(data, plan, rows_as_read=rows_as_read)
            except ColumnGone:
                raise SourceError(sheet_phrases.id_column_gone(plan.tab, plan.id_header), usage=False) from None
            except TabGone:
                raise SourceError(said.tab_gone(plan.tab)) from None
            except NoRoom:
                raise SourceError(said.no_room(plan.tab), usage=False) from None
            except (PackageError, zipfile.BadZipFile, KeyError, ValueError) as e:
                raise SourceError(said.cannot_edit(visible(str(self.path)), e), usage=False) from None
            try:
                self._replace(applied.data, stamp if in_place else None)
            except FileChanged:
                continue  # saved by someone while we wrote: read their file and place the rows again
            return WriteResult(
                written=applied.placed,
                skipped=applied.skipped,
                target=_display(self.target),
                changed=applied.changed,
                merged=tuple(applied.merged),
            )
        raise SourceError(said.kept_changing(self.target), usage=False)

    def save(self, wb) -> None:
        """Save a workbook made or changed through openpyxl (`kopienas init`), atomically. A new
        one gets the usual mode (0666 less the umask): it is the coordinators' file to share."""
        try:
            self._replace(wb.save, None, new_mode=None)
        finally:
            wb.close()

    def _replace(self, data, expect: FileStamp | None, new_mode: int | None = 0o600) -> None:
        try:
            remove_stale_temporaries(real_target(self.target).parent)
            # A checked copy made now holds contacts: its owner's only (`new_mode`). An existing
            # file keeps its mode and owner.
            written = atomic_write(self.target, data, mode=new_mode, expect=expect)
        except OSError as e:
            raise SourceError(said.cannot_save(self.target, e.strerror), usage=False) from None
        if written == real_target(self.path):
            self._read_stamp = FileStamp.of(written)  # rows stay where they are: a second write places them as read


def _table(ws, notes, fills) -> Table:
    """A tab as far as its data reaches: its rows with their numbers, each as long as its own last
    cell, a run of blank rows kept as its first one, blank rows at the end left out — whatever
    dimension the sheet declares (a stray cell at XFD1048576 is one row of its own after one blank
    row, not a million rows of 16,384 columns). The header row is found by content later
    (`kopienas.core.headers.reframe`); here it is the first row with anything in it."""
    ws.reset_dimensions()  # else every row is padded to the declared width and height
    numbered: list[tuple[int, tuple]] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if any(not cells.is_blank(v) for v in values):
            numbered.append((number, tuple(values)))
        elif numbered and numbered[-1][1]:
            numbered.append((number, ()))  # where a blank run begins: tables end there
    while numbered and not numbered[-1][1]:
        numbered.pop()
    index = header_index([row for _, row in numbered])
    if index is None:
        return Table(ws.title, (), (), notes=notes, fills=fills)
    number, header = numbered[index]
    return Table(ws.title, header, tuple(numbered[index + 1 :]), header_row=number, notes=notes, fills=fills)


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
