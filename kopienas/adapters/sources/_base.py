"""The interface every spreadsheet source implements."""

from __future__ import annotations

from typing import Protocol

from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.models import Snapshot
from kopienas.core.writeback import WritePlan, WriteResult


class SourceError(KopienasError):
    """The spreadsheet cannot be read or written; str() tells the user what to do.

    `usage` marks problems of setup (wrong path, no access, missing tab): exit code 2.
    """

    def __init__(self, message: str, *, usage: bool = True):
        super().__init__(message, ExitCode.USAGE if usage else ExitCode.FAILED)
        self.usage = usage


class Source(Protocol):
    name: str  # shown in reports and the ledger

    def read(self) -> Snapshot:
        """Every tab in one read."""
        ...

    def write(self, plan: WritePlan) -> WriteResult:
        """Apply a write plan in one write; all of it or nothing."""
        ...
