"""Errors that end a command with one clear line and an exit code (never a traceback)."""

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
