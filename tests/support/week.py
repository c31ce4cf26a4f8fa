"""A simulated week of `watch` or `schedule`: the production scheduler and jobs, the clock moved by
time-machine (each of the loop's naps shifts it), scripted coordinator edits and faults at their
times, and per simulated hour what the tool did — Sheets and Drive calls, file writes, passes.

Used by tests/unattended/test_week.py and `make bench` (bench/watch.py).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from openpyxl import load_workbook

from kopienas.adapters.logs import current_job
from kopienas.app.unattended.scheduler import build_scheduler
from kopienas.config import load_config

RIGA = ZoneInfo("Europe/Riga")
TAB = "Aktivitātes"
PASS_LINE = "the spreadsheet changed; checking it"


@dataclass(frozen=True)
class Event:
    at: datetime
    label: str
    action: Callable[[], object]
    edit: bool = False  # a coordinator's change to the sheet (a pass is expected after it)


@dataclass
class Hour:
    start: datetime
    sheets: int = 0  # Sheets API calls
    drive: int = 0  # Drive calls (watch's hint)
    writes: int = 0  # the workbook replaced by the tool, or a Sheets batchUpdate
    passes: int = 0
    active: bool = False  # an edit, a fault or a scheduled job's time in it or the hour before


@dataclass
class WeekResult:
    hours: list[Hour]
    log: list[tuple[datetime, str, str, str]]  # (simulated time, job, level, message)
    mails: list[tuple[str, str, str]]  # (kind, recipient, period) of every mail sent
    edits: int
    wall_seconds: float = 0.0
    alerts: list[str] = field(default_factory=list)

    def idle(self) -> list[Hour]:
        return [h for h in self.hours if not h.active]

    def per_edit(self, what: str) -> float:
        return sum(getattr(h, what) for h in self.hours if h.active) / max(1, self.edits)

    def total(self, what: str) -> int:
        return sum(getattr(h, what) for h in self.hours)


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[tuple[datetime, str, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((datetime.now(UTC), current_job.get() or "", record.levelname, record.getMessage()))


class SimulatedWeek:
    """Run the scheduler from `start` to `end` (aware datetimes) with `events` applied at their
    times. `calls()` gives the emulator's call counts so far (Google), `workbook` the file whose
    replacements count as writes (a workbook)."""

    def __init__(
        self,
        config_path: Path,
        start: datetime,
        end: datetime,
        events: list[Event],
        *,
        watch_every: int = 0,
        calls: Callable[[], dict[str, int]] | None = None,
        workbook: Path | None = None,
        slots: list[datetime] = (),  # type: ignore[assignment]
    ):
        self.config_path, self.start, self.end = config_path, start, end
        self.given = sorted(events, key=lambda e: e.at)
        self.events = list(self.given)  # those still to come
        self.watch_every, self.calls, self.workbook = watch_every, calls, workbook
        self.slots = list(slots)
        self.hours: dict[datetime, Hour] = {}
        self._stamp: tuple | None = None
        self._counted: Counter[str] = Counter()
        self._traveller = None
        self._scheduler = None

    # -- the run ---------------------------------------------------------------------------------
    def run(self) -> WeekResult:
        recorder = _Recorder()
        root = logging.getLogger()
        root.addHandler(recorder)
        level = root.level
        root.setLevel(logging.INFO)
        began = time.monotonic()
        try:
            # In UTC, as the scheduler process keeps its clock (an aware Riga time would make
            # time-machine set the process zone to Riga).
            with time_machine.travel(self.start.astimezone(ZoneInfo("UTC")), tick=False) as traveller:
                self._traveller = traveller
                config = load_config(self.config_path)
                self._scheduler = scheduler = build_scheduler(config, sleep=self._sleep, watch_every=self.watch_every)
                if self.watch_every:
                    watcher = scheduler.jobs[0].action.__self__
                    watcher.clock = time.time  # its backoff on the simulated clock
                    # Files carry the real time, the clock is the simulated one: "saved less than
                    # half a second ago" means nothing here.
                    if hasattr(watcher.feed, "settle_seconds"):
                        watcher.feed.settle_seconds = 0.0
                self._stamp = self._file_stamp()
                self._counted = Counter(self.calls() if self.calls else {})
                scheduler.run_forever()
                self._count_until(datetime.now(UTC))
        finally:
            root.removeHandler(recorder)
            root.setLevel(level)
        self._mark_active()
        for moment, _job, _level, message in recorder.records:
            if message == PASS_LINE:
                self._hour(moment).passes += 1
        alerts = [m for _, _, _, m in recorder.records if m.startswith("alert sent to the operator")]
        return WeekResult(
            sorted(self.hours.values(), key=lambda h: h.start),
            recorder.records,
            _sent_mails(config.ledger),
            sum(1 for e in self.given if e.edit),
            time.monotonic() - began,
            alerts,
        )

    def _sleep(self, seconds: float) -> None:
        now = datetime.now(UTC)
        self._count_until(now)  # what the jobs just did, in the hour they did it
        target = now + timedelta(seconds=max(seconds, 0.001))
        while self.events and self.events[0].at <= target:
            event = self.events.pop(0)
            self._move_to(event.at)
            event.action()
            self._stamp = self._file_stamp()  # a coordinator's save is not the tool's write
            self._counted = Counter(self.calls() if self.calls else {})
        self._move_to(target)
        if target >= self.end:
            self._scheduler.request_stop()

    def _move_to(self, moment: datetime) -> None:
        if moment > datetime.now(UTC):
            self._traveller.move_to(moment.astimezone(ZoneInfo("UTC")))  # a Riga time would set the zone

    # -- counting --------------------------------------------------------------------------------
    def _hour(self, moment: datetime) -> Hour:
        start = moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        return self.hours.setdefault(start, Hour(start))

    def _count_until(self, now: datetime) -> None:
        hour = self._hour(now)
        stamp = self._file_stamp()
        if stamp != self._stamp:
            hour.writes += 1
            self._stamp = stamp
        if self.calls is not None:
            counts = Counter(self.calls())
            delta = counts - self._counted
            self._counted = counts
            hour.drive += sum(n for k, n in delta.items() if k.startswith("drive."))
            hour.sheets += sum(n for k, n in delta.items() if not k.startswith("drive."))
            hour.writes += delta.get("spreadsheets.batchUpdate", 0)

    def _file_stamp(self) -> tuple | None:
        if self.workbook is None:
            return None
        stat = self.workbook.stat()
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _mark_active(self) -> None:
        """Hours with an edit, a fault or a job's time in them, or in the hour before, are not idle."""
        moments = [self.start] + [e.at for e in self.given] + self.slots
        for moment in moments:
            for shift in (0, 1):
                self._hour(moment + timedelta(hours=shift)).active = True


def _sent_mails(ledger: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(ledger) as db:
        rows = db.execute("SELECT kind, recipient, period FROM mails WHERE state = 'sent'").fetchall()
    return [tuple(r) for r in rows]


# -- the coordinators' side --------------------------------------------------------------------------
def riga(*args: int) -> datetime:
    return datetime(*args, tzinfo=RIGA)


def edit_workbook(path: Path, row: int, header: str, value: object) -> None:
    """A coordinator's save: one cell changed, the file written in place (same inode)."""
    book = load_workbook(path)
    sheet = book[TAB]
    column = [c.value for c in sheet[1]].index(header) + 1
    sheet.cell(row=row, column=column, value=value)
    book.save(path)


def lock_file(path: Path) -> Path:
    return path.parent / f".~lock.{path.name}#"


def open_in_libreoffice(path: Path, who: str = "Anita Dzērīna") -> None:
    lock_file(path).write_text(f"{who},anita,birojs,01.12.2026 10:00,file:///home/anita/.config/libreoffice/4;")


def close_in_libreoffice(path: Path) -> None:
    lock_file(path).unlink()
