"""What every job shares: one pass over the spreadsheet, and the steps that end it.

A pass holds the run lock (its one owner: the job itself), the ledger and the spreadsheet read
once and checked. Each job is a step over it that returns its own typed result; a single command
is its step plus `finish`, and `run` folds all the steps into one pass — still one read and one
write of the spreadsheet. A step's failure is recorded under its name (`Pass.attempt`) and stops
nothing else.

One status ends every job: its exit code (`ExitCode`), from which the ledger's verdict follows
(`verdict`). Busy — another run, or another program, has the spreadsheet — is exit 4 and the
verdict "busy": no failure, nothing done, the next run tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.runlock import run_lock
from kopienas.adapters.sources import SourceBusy, open_source
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import Checked, check, now, writeback_plan
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.models import Problem
from kopienas.core.words import jobs as words
from kopienas.core.writeback import Linked, WriteResult

if TYPE_CHECKING:  # a pass that sends no mail (`validate`) loads none of the mail machinery
    from kopienas.adapters.mail import Transport
    from kopienas.app.mail.delivery import Delivery, Mail

log = logging.getLogger(__name__)
T = TypeVar("T")

_VERDICTS: dict[int, str] = {ExitCode.OK: "ok", ExitCode.PROBLEMS: "problems", ExitCode.BUSY: "busy"}


def verdict(code: int) -> str:
    """The ledger's word for a job that ends with exit `code` (a setup error, 2, is "failed" too):
    the exit code is the one status."""
    return _VERDICTS.get(code, "failed")


@dataclass
class RecordedRun:
    ledger: Ledger
    id: int | None  # None: a dry run, which the ledger does not record

    def finish(self, outcome: Outcome, detail: str = "") -> None:
        """Record the job's end: its verdict follows from the outcome's exit code."""
        self.record(verdict(outcome.exit_code), outcome.counts, detail)

    def record(self, result: str, counts: dict[str, Any] | None = None, detail: str = "") -> None:
        if self.id is not None:
            self.ledger.finish_run(self.id, result, counts or {}, detail=detail)
            self.id = None

    def record_failing_rows(self, problems: Iterable[Problem]) -> None:
        if self.id is not None:
            self.ledger.record_failing_rows(self.id, problems)

    def fail(self, error: KopienasError, outcome: Outcome | None = None) -> Outcome:
        """End with `error` (its exit code, its verdict); returns `outcome` (or a new one) carrying it."""
        outcome = (outcome or Outcome()).failed(error)
        self.finish(outcome, str(error))
        return outcome


@contextmanager
def recorded_run(config: Config, command: str, *, needed: bool = True, record: bool = True) -> Iterator[RecordedRun]:
    """Hold the run lock (when `needed`) and the ledger; a KopienasError raised inside is recorded
    with its verdict and raised again; any other exception leaves the run marked failed by the
    ledger itself."""
    with run_lock(config, command, needed=needed), Ledger(config.ledger) as ledger:
        run = RecordedRun(ledger, ledger.start_run(command, config.source) if record else None)
        try:
            yield run
        except KopienasError as e:
            run.record(verdict(e.exit_code), detail=str(e))
            raise


@dataclass
class Pass:
    """One pass over the spreadsheet: read once and checked, with the ledger; the steps add to it."""

    config: Config
    run: RecordedRun
    checked: Checked
    now: datetime
    failures: list[str] = field(default_factory=list)  # "job: why", one per failed step

    @property
    def ledger(self) -> Ledger:
        return self.run.ledger

    def attempt(self, name: str, step: Callable[[], T], default: T) -> T:
        """Run `step`; its failure is recorded under `name` and stops nothing else."""
        try:
            return step()
        except KopienasError as e:
            self.failures.append(f"{name}: {e}")
        except Exception as e:
            log.debug("step %s failed", name, exc_info=True)
            self.failures.append(f"{name}: {type(e).__name__}: {e}")
        return default

    def write(self, notes: dict[int, str | Linked] | None = None, *, summary_week: str | None = None) -> WriteResult:
        """The pass's one write: verdicts, marks, IDs, draft notes and the tool's tabs."""
        plan = writeback_plan(self.config, self.checked, notes, self.ledger, summary_week=summary_week)
        return self.checked.source.write(plan)

    def deliver(self, mails: list[Mail], transport: Transport, *, resend: bool = False) -> Delivery:
        """Send what is owed of `mails`, each exactly once (the ledger remembers)."""
        from kopienas.app.mail.delivery import deliver

        retries = self.config.mail.uncertain_retries
        return deliver(mails, transport, self.ledger, resend=resend, uncertain_retries=retries)


@contextmanager
def open_pass(
    config: Config, command: str, *, needed: bool = True, record: bool = True, writes: bool = False
) -> Iterator[Pass]:
    """The run lock, the ledger, and the spreadsheet read once and checked. A pass that `writes`
    the spreadsheet does nothing at all while another program has it open (SourceBusy, exit 4)."""
    with recorded_run(config, command, needed=needed, record=record) as run:
        source = open_source(config)
        busy = source.open_elsewhere() if writes else None
        if busy is not None:
            raise SourceBusy(busy)
        checked = check(config, source, ledger=run.ledger)
        yield Pass(config, run, checked, now(config))


def finish(step: Pass, outcome: Outcome, *, detail: str = "") -> Outcome:
    """Each failed step on its own line; exit 3 when any failed (the other steps' work stands);
    the ledger's verdict follows from the exit code."""
    if step.failures:
        outcome.say("", *(words.job_failed(f) for f in step.failures))
        outcome.exit_code = ExitCode.FAILED
    step.run.finish(outcome, detail or "; ".join(step.failures))
    return outcome
