"""A local .xlsx/.xlsm workbook as the source.

Reading streams each sheet once (`reader`: cached values, fills, formulas without a result and
notes, within the limits of
`bounds`), bounded by the data: a stray cell far to the right or below does not make a tab huge. Writing edits the package in place
(`inplace.apply_plan`): only the tool's cells, notes, fills and tabs change, every other part and
cell stays byte for byte. The new file replaces the old one the way editors do
(`adapters.files.write_file`): beside the real target, with its mode and owner, and only if
nobody saved the workbook meanwhile — if someone did, the rows are found again by ID in what
they saved, once; if it changes again, the run stops with one line and exit 3.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

from kopienas.adapters.files import FileChanged, FileStamp, real_target, remove_stale_temporaries, write_file
from kopienas.adapters.sources._base import ChangeFeed, DocFolder, OpenElsewhere, SheetSetup, SourceBusy, SourceError
from kopienas.adapters.sources.workbook import bounds
from kopienas.adapters.sources.workbook.busy import open_elsewhere
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
from kopienas.adapters.sources.workbook.reader import read_tables
from kopienas.core.models import Snapshot, Table
from kopienas.core.pending import empty, pending
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
        self._tables: dict[str, Table] = {}  # as last read: what a write need not repeat

    # -- what the tool knows of a spreadsheet (kopienas.adapters.sources._base.Source) -----------
    def identity(self) -> str:
        return str(self.path.resolve())

    def open_elsewhere(self) -> OpenElsewhere | None:
        busy = open_elsewhere(real_target(self.target))
        return replace(busy, path=str(self.target)) if busy is not None else None

    def change_feed(self) -> ChangeFeed:
        from kopienas.adapters.sources.workbook.feed import WorkbookFile

        return WorkbookFile(self.path, self.read)

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
        try:
            bounds.check_sizes(io.BytesIO(data))  # rows, columns and strings: counted as they are read
        except bounds.TooLarge as e:
            raise self._too_large(e) from None
        return data, stamp

    def _too_large(self, e: bounds.TooLarge) -> SourceError:
        return SourceError(said.too_large(visible(str(self.path)), e.what))

    def _unreadable(self, e: Exception) -> SourceError:
        return SourceError(said.not_a_workbook(visible(str(self.path)), type(e).__name__))

    def _load(self, **kwargs):
        from openpyxl import load_workbook  # for `kopienas init` only: a pass reads without openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        data, _ = self._bytes()
        try:
            bounds.check(io.BytesIO(data))  # openpyxl's full load counts nothing itself
        except bounds.TooLarge as e:
            raise self._too_large(e) from None
        try:
            return load_workbook(io.BytesIO(data), **kwargs)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
            raise self._unreadable(e) from None

    def read(self) -> Snapshot:
        data, self._read_stamp = self._bytes()
        try:
            tables = read_tables(data)
        except bounds.TooLarge as e:
            raise self._too_large(e) from None
        except (PackageError, zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, SyntaxError) as e:
            raise self._unreadable(e) from None  # lxml's XMLSyntaxError is a SyntaxError
        self._tables = tables
        return Snapshot(tables, source=self.name)

    # -- writing -------------------------------------------------------------------------------
    def _refuse_if_open_elsewhere(self) -> None:
        busy = open_elsewhere(real_target(self.target))
        if busy is not None:
            raise SourceBusy(replace(busy, path=str(self.target)))

    def write(self, plan: WritePlan) -> WriteResult:
        plan = pending(plan, self._tables)
        if empty(plan) and self.target == self.path:
            return WriteResult(written=0, target=_display(self.target))  # the file is left as it is, unopened
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
            self._tables = {}  # no longer what the file holds: a later write is compared with nothing
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
            # file keeps its mode and owner. The workbook the settings name may be a link (its
            # target gets the content); in the target's folder nothing is followed.
            real = real_target(self.target)
            written = write_file(real, data, mode=new_mode, keep_mode=True, expect=expect, root=real.parent)
        except OSError as e:
            raise SourceError(said.cannot_save(self.target, e.strerror), usage=False) from None
        if written == real_target(self.path):
            self._read_stamp = FileStamp.of(written)  # rows stay where they are: a second write places them as read


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
