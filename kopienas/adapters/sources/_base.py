"""The interface every spreadsheet backend implements, and what the rest of the tool may know of one.

The application talks to a spreadsheet only through `Source` (made by `open_source(config)`): it
never imports a backend. A backend is one spreadsheet: it reads every tab in one call and applies
a write plan in one, names the spreadsheet's stable identity (the key the issued IDs are kept
under), says whether another program has it open (and who), gives a cheap change feed for
`watch`, the set-up `init` applies, and — where the backend has them — a folder of documents for
the press drafts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from kopienas.core.errors import ExitCode, KopienasError, Signal
from kopienas.core.models import Snapshot
from kopienas.core.words import backends as backend_words
from kopienas.core.writeback import WritePlan, WriteResult

if TYPE_CHECKING:  # the setup plan is `init`'s, and is not loaded for a pass
    from kopienas.core.setup_plan import SetupPlan, TabState


class SourceError(KopienasError):
    """The spreadsheet cannot be read or written; str() tells the user what to do.

    `usage` marks problems of setup (wrong path, no access, missing tab): exit code 2.
    """

    def __init__(self, message: str, *, usage: bool = True):
        super().__init__(message, ExitCode.USAGE if usage else ExitCode.FAILED)
        self.usage = usage


@dataclass(frozen=True)
class OpenElsewhere:
    """Another program has the spreadsheet open: the owner file found, and the user it names."""

    path: str  # the spreadsheet
    lock_file: str  # its name, e.g. ".~lock.aktivitates.xlsx#"
    who: str  # the user name inside it ("" when it names none)


class SourceBusy(SourceError):
    """Busy is not broken: the spreadsheet is open in another program. Nothing was written; the
    next run tries again (exit 4, and no failure towards the operator's alert)."""

    def __init__(self, busy: OpenElsewhere):
        super().__init__(backend_words.open_elsewhere_line(busy.path, busy.lock_file, busy.who), usage=False)
        self.exit_code = ExitCode.BUSY
        self.busy = busy


class ChangeFeed(Protocol):
    """`watch`'s two looks: a free or nearly free hint that something may have changed, and the
    values as they are, from which it decides (`core.fingerprint`)."""

    def version(self) -> str | None:
        """A stamp that moves whenever the spreadsheet may have changed (it may also move when
        nothing did, late, or by any amount); None while it is open elsewhere or being saved."""
        ...

    def content(self) -> Snapshot:
        """The values of every tab as they are now, read as cheaply as the backend can."""
        ...


class SheetSetup(Protocol):
    """What `init` does to one spreadsheet: read the tabs as they are, apply a set-up plan."""

    protection: str  # how the tool's columns are marked, as `init` describes it

    def read(self, known: Collection[str] = ()) -> list[TabState]:
        """The tabs as they are; `known`: the headers the tabs should have, to find header rows by."""
        ...

    def apply(self, plan: SetupPlan) -> None: ...

    def lines(self) -> list[str]:
        """What a person is told about the spreadsheet after `read` (which file, who must have access)."""
        ...


@dataclass(frozen=True)
class Doc:
    id: str
    link: str  # the address a person opens


class DocGone(Signal):
    """The document was deleted or is in the trash."""


class DocFolder(Protocol):
    def live_docs(self) -> set[str]:
        """Ids of the documents in the folder that are not in the trash."""
        ...

    def create(self, name: str, docx: bytes) -> Doc: ...

    def update(self, file_id: str, name: str, docx: bytes) -> Doc:
        """New content for the same document (same id, same link); DocGone if it is deleted or trashed."""
        ...


@dataclass(frozen=True)
class AccessCheck:
    """One of `doctor`'s verdicts on the backend's access (sign-in, APIs, drafts folder): ok, what was
    found, and the fix when not ok."""

    ok: bool
    detail: str
    fix: str = ""
    name: str = "Google credentials"


class Source(Protocol):
    name: str  # shown in reports and the ledger

    def read(self) -> Snapshot:
        """Every tab in one read."""
        ...

    def write(self, plan: WritePlan) -> WriteResult:
        """Apply a write plan in one write; all of it or nothing. SourceBusy when another
        program has the spreadsheet open."""
        ...

    def identity(self) -> str:
        """The spreadsheet's stable key, however its address is written: the issued IDs are kept under it."""
        ...

    def open_elsewhere(self) -> OpenElsewhere | None:
        """Who has the spreadsheet open in another program, if anyone (never for a shared Google Sheet)."""
        ...

    def change_feed(self) -> ChangeFeed:
        """A cheap look at whether the spreadsheet changed, for `watch`."""
        ...

    def setup(self) -> SheetSetup:
        """What `init` applies; the spreadsheet may not exist yet (a new workbook)."""
        ...

    def docs_folder(self, folder_id: str) -> DocFolder | None:
        """The folder of documents the drafts go to, where the backend has one (None: it has not)."""
        ...
