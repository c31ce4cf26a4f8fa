"""Errors that end a command with one clear line and an exit code (never a traceback).

Every exception class of kopienas derives from `KopienasError`; the CLI prints `str(error)` as the
one line and exits with `error.exit_code`. The tree (a test keeps every class in it):

    KopienasError                  exit 3 (ExitCode.FAILED) unless a class or the raiser says otherwise
    ├── UsageError                 exit 2: the settings or the sheet ask for what cannot be done
    │   ├── ConfigError            config.files — a key, a value or the file itself
    │   ├── SheetStructureError    core.reading — a tab or a needed column is missing
    │   ├── OwnershipError         core.ownership — a name the tool would write over is the coordinators'
    │   └── ExampleRefused         core.sheet_setup — `init --example` on a sheet with data
    ├── UnsafePath                 core.safepaths — a path that would leave its folder
    ├── SourceError                adapters.sources — the spreadsheet cannot be read or written
    │   ├── SourceBusy             adapters.sources — open in another program (exit 4)
    │   ├── DriveCallError         adapters.sources.gsheet.drive (exit 2 for set-up, 3 otherwise)
    │   └── FolderUnavailable      adapters.sources.gsheet.drive
    ├── MailError                  adapters.mail — the batch cannot go on (login, TLS, server)
    ├── TemplateError              outputs.templating — a mail or draft template, by file and line
    ├── LedgerError                adapters.ledger_file — the ledger cannot be used
    ├── TranslationError           adapters.translation — the service did not translate (a draft keeps its Latvian)
    ├── RunBusy                    adapters.runlock — another kopienas holds the lock (exit 4)
    └── Signal                     raised and caught inside one layer to choose another path
        ├── CellError              core.cells (also a ValueError) — a cell that cannot be read
        ├── UnsafeHeader           adapters.mail.headers (also a ValueError) — a header value refused
        ├── CannotConnect          adapters.mail.transports.smtp_session — try again later
        ├── AmbiguousEnding        adapters.mail.transports.smtp_session — sent, answer lost
        ├── LinkRefused            adapters.files — a symbolic link where the tool writes; refused (also an OSError)
        ├── FileChanged            adapters.files — someone else changed the file; nothing written
        ├── DocGone                adapters.sources — a Google Doc was deleted
        ├── PackageError           adapters.sources.workbook.package — not a workbook the writer knows
        ├── TooLarge               adapters.sources.workbook.bounds — beyond a read limit; nothing read
        ├── TabGone, NoRoom, ColumnGone   adapters.sources.workbook.inplace — the write cannot go on
        └── DeadlinePassed         adapters.calls (also a TimeoutError) — a call outlived its deadline
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit code a command ends with; README's "Exit codes" documents them."""

    OK = 0  # done; every row is valid
    PROBLEMS = 1  # done; some rows have problems (written beside them)
    USAGE = 2  # the setup or the input is wrong: fix it and run again
    FAILED = 3  # a job failed; what the other jobs did stands
    BUSY = 4  # another run, or another program, has the spreadsheet: nothing was done; try again later


class KopienasError(Exception):
    exit_code: int = ExitCode.FAILED

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(KopienasError):
    """The settings or the sheet ask for something the tool cannot do; fix them and run again."""

    exit_code = ExitCode.USAGE


class Signal(KopienasError):
    """Not a failure of the command: raised and caught within one layer, which words what the user sees."""

    def __init__(self, *args: object) -> None:
        Exception.__init__(self, *args)
