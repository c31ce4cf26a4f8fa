"""One run at a time: an exclusive `flock` on a file next to the ledger.

Two runs at once could write the sheet over each other and race to send the same mail, so every
job that changes something holds this lock. The kernel drops a flock when its process ends, however
it ends, so a killed run never leaves a lock behind; the file itself stays (with the last holder's
PID and start time, only for messages) and is simply locked again by the next run.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from kopienas.adapters.files import open_file
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import runs as said


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a lock, as written into the lock file."""

    pid: int | None
    job: str
    started_at: datetime | None

    @classmethod
    def parse(cls, text: str) -> Holder:
        # A lock file from an older version, a crash mid-write or a hand edit must not stop a run.
        try:
            data = json.loads(text)
            started = datetime.fromisoformat(data["started_at"]) if data.get("started_at") else None
            return cls(int(data["pid"]), str(data.get("job", "")), started)
        except (ValueError, KeyError, TypeError):
            return cls(None, "", None)

    def to_json(self) -> str:
        started = self.started_at.isoformat(timespec="seconds") if self.started_at else None
        return json.dumps({"pid": self.pid, "job": self.job, "started_at": started})

    def since_text(self, zone: ZoneInfo | None, lang: str = "lv") -> str:
        if self.started_at is None:
            return "?"
        started = self.started_at.astimezone(zone)
        same_day = started.date() == datetime.now(zone).date()
        from kopienas.core import language  # only for this message: every run takes the lock

        return language.timestamp(started, lang, with_date=not same_day)


class RunBusy(KopienasError):
    """Another kopienas process holds the lock."""

    exit_code = ExitCode.BUSY

    def __init__(self, holder: Holder, zone: ZoneInfo | None = None, *, scheduler: bool = False):
        pid = holder.pid if holder.pid is not None else "?"
        since, since_en = holder.since_text(zone), holder.since_text(zone, "en")
        said_busy = said.scheduler_running if scheduler else said.run_in_progress
        from kopienas.core import language

        super().__init__(said_busy(language.TOOL_NAME, pid, since, since_en))
        self.holder = holder


class RunLock:
    def __init__(self, path: Path, job: str, *, zone: ZoneInfo | None = None, scheduler: bool = False):
        self.path = Path(path)
        self.job = job
        self.zone = zone
        self.scheduler = scheduler
        self._file: TextIO | None = None

    def __enter__(self) -> RunLock:
        try:
            # The door's descriptors are not inherited by child processes, so a helper a job starts
            # cannot keep the lock alive after the job itself has ended.
            fd = open_file(self.path, mode=0o644)
        except OSError as e:
            raise KopienasError(said.lock_unopenable(self.path, e.strerror)) from None
        lock_file = os.fdopen(fd, "r+", encoding="utf-8")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = Holder.parse(lock_file.read())
            lock_file.close()
            raise RunBusy(holder, self.zone, scheduler=self.scheduler) from None
        try:
            lock_file.seek(0)
            lock_file.truncate()
            lock_file.write(Holder(os.getpid(), self.job, datetime.now(UTC)).to_json())
            lock_file.flush()
        except OSError as e:
            lock_file.close()
            raise KopienasError(said.lock_unwritable(self.path, e.strerror)) from None
        self._file = lock_file
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._file is not None
        # Emptied rather than deleted: deleting would let a process that opened the old file and
        # one that creates a new file both "hold" the lock.
        self._file.seek(0)
        self._file.truncate()
        self._file.close()  # closing releases the flock
        self._file = None


def lock_path(config: Config) -> Path:
    return config.ledger.with_name(config.ledger.name + ".lock")


def scheduler_lock_path(config: Config) -> Path:
    return config.ledger.with_name(config.ledger.name + ".scheduler.lock")


def run_lock(config: Config, job: str, *, needed: bool = True) -> AbstractContextManager:
    """The lock every changing job holds; `needed=False` (a read-only variant) takes nothing."""
    return RunLock(lock_path(config), job, zone=config.zone) if needed else nullcontext()


def current_holder(config: Config) -> Holder | None:
    """The process holding the run lock now, if any — read without taking the lock, so asking
    never makes a starting run think it is busy."""
    try:
        holder = Holder.parse(lock_path(config).read_text(encoding="utf-8"))
    except OSError:
        return None
    if holder.pid is None or not _alive(holder.pid):
        return None  # an empty file, or what a killed run left
    return holder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
