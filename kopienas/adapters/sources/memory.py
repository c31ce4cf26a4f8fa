"""A spreadsheet held in memory: the whole `Source` interface without a file or a network, for tests
(as httpx's MockTransport is for HTTP). It keeps every plan written, can be marked as open in
another program, and its change feed moves with each write or `edit`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from kopienas.adapters.sources._base import (
    ChangeFeed,
    DocFolder,
    OpenElsewhere,
    SheetSetup,
    SourceBusy,
)
from kopienas.core.models import Snapshot, Table
from kopienas.core.setup_plan import SetupPlan, TabState
from kopienas.core.writeback import WritePlan, WriteResult


@dataclass
class MemorySource:
    tables: dict[str, Table]
    name: str = "memory:sheet"
    busy_by: str | None = None  # a user name: "open in another program" by them
    written: list[WritePlan] = field(default_factory=list)
    reads: int = 0
    version_number: int = 1

    def edit(self, table: Table) -> None:
        """A coordinator's edit: the tab replaced, the version moved."""
        self.tables[table.title] = table
        self.version_number += 1

    def read(self) -> Snapshot:
        self.reads += 1
        return Snapshot(dict(self.tables), source=self.name)

    def write(self, plan: WritePlan) -> WriteResult:
        busy = self.open_elsewhere()
        if busy is not None:
            raise SourceBusy(busy)
        self.written.append(plan)
        self.version_number += 1
        return WriteResult(written=len(plan.updates), target=self.name)

    def identity(self) -> str:
        return self.name

    def open_elsewhere(self) -> OpenElsewhere | None:
        return None if self.busy_by is None else OpenElsewhere(self.name, "(memory)", self.busy_by)

    def change_feed(self) -> ChangeFeed:
        return _Feed(self)

    def setup(self) -> SheetSetup:
        return _Setup(self)

    def docs_folder(self, folder_id: str) -> DocFolder | None:
        return None


@dataclass
class _Feed:
    source: MemorySource

    def version(self, *, settled: bool = True) -> str | None:
        if settled and self.source.busy_by is not None:
            return None
        return str(self.source.version_number)


@dataclass
class _Setup:
    source: MemorySource
    applied: list[SetupPlan] = field(default_factory=list)
    protection: str = "(memory)"

    def read(self, known: Collection[str] = ()) -> list[TabState]:
        return [TabState(title) for title in self.source.tables]

    def apply(self, plan: SetupPlan) -> None:
        self.applied.append(plan)

    def lines(self) -> list[str]:
        return [self.source.name]
