"""`watch`'s look at a workbook: its size and modification time, once it is saved (not touched in
the last second) and not open in another program (`busy.lock_files`)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from kopienas.adapters.sources.workbook.busy import open_elsewhere

log = logging.getLogger(__name__)


class WorkbookFile:
    def __init__(self, path: Path, settle_seconds: float = 1.0):
        self.path, self.settle_seconds = path, settle_seconds
        self._waiting = False

    def open_elsewhere(self) -> bool:
        return open_elsewhere(self.path) is not None

    def version(self, *, settled: bool = True) -> str | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None  # being replaced, or gone: the pass reports a missing file
        busy = open_elsewhere(self.path) if settled else None
        if busy is not None or time.time() - stat.st_mtime < self.settle_seconds:
            if not self._waiting:
                who = f" by {busy.who}" if busy is not None and busy.who else ""
                log.info("%s is open%s or being saved; waiting until it is closed", self.path.name, who)
            self._waiting = True
            return None
        self._waiting = False
        return f"{stat.st_mtime_ns}:{stat.st_size}"
