"""The bookkeeping every job shares: the run lock, the ledger, and a run recorded as it ended."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.runlock import run_lock
from kopienas.app.outcome import Outcome
from kopienas.config import Config
from kopienas.core.errors import KopienasError
from kopienas.core.models import Problem


@dataclass
class RecordedRun:
    ledger: Ledger
    id: int | None  # None: a dry run, which the ledger does not record

    def finish(self, outcome: str, counts: dict[str, Any] | None = None, detail: str = "") -> None:
        if self.id is not None:
            self.ledger.finish_run(self.id, outcome, counts or {}, detail=detail)
            self.id = None

    def record_failing_rows(self, problems: Iterable[Problem]) -> None:
        if self.id is not None:
            self.ledger.record_failing_rows(self.id, problems)

    def fail(self, error: KopienasError, outcome: Outcome | None = None) -> Outcome:
        """Record the run as failed; returns `outcome` (or a new one) carrying the error."""
        self.finish("failed", detail=str(error))
        return (outcome or Outcome()).failed(error)


@contextmanager
def recorded_run(config: Config, command: str, *, needed: bool = True, record: bool = True) -> Iterator[RecordedRun]:
    """Hold the run lock (when `needed`) and the ledger; a KopienasError raised inside is recorded
    as the run's failure and raised again; any other exception leaves the run marked failed by the
    ledger itself."""
    with run_lock(config, command, needed=needed), Ledger(config.ledger) as ledger:
        run = RecordedRun(ledger, ledger.start_run(command, config.source) if record else None)
        try:
            yield run
        except KopienasError as e:
            run.finish("failed", detail=str(e))
            raise
