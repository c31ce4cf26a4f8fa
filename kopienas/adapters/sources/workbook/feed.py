"""`watch`'s look at a workbook: its stamp (inode, size, modification time — a stat, free) as the
hint, and its values (`WorkbookSource.read`) as what `watch` decides from.

No hint while another program has it open (`busy.open_elsewhere`): said once, naming who, and
then nothing until it is closed. A file modified in the last half second may still be being
written: the look waits out the rest of that half second (within the tick, so an edit is still
answered in about a second) and takes the stamp only if it held still meanwhile.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from kopienas.adapters.sources.workbook.busy import open_elsewhere
from kopienas.core.models import Snapshot

log = logging.getLogger(__name__)

SETTLE_SECONDS = 0.5


class WorkbookFile:
    def __init__(
        self,
        path: Path,
        read: Callable[[], Snapshot],
        settle_seconds: float = SETTLE_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.path, self.read, self.settle_seconds, self.sleep = path, read, settle_seconds, sleep
        self._busy_by: str | None = None  # who had it open, when last seen open

    def version(self) -> str | None:
        busy = open_elsewhere(self.path)
        if busy is not None:
            if self._busy_by is None:
                who = busy.who or busy.lock_file
                log.info("%s is open in another program (%s); waiting until it is closed", self.path.name, who)
            self._busy_by = busy.who or busy.lock_file
            return None
        if self._busy_by is not None:
            log.info("%s was closed", self.path.name)
            self._busy_by = None
        return self._settled_stamp()

    def content(self) -> Snapshot:
        return self.read()

    def _settled_stamp(self) -> str | None:
        first = _stamp(self.path)
        if first is None:
            return None  # being replaced, or gone: the pass reports a missing file
        age = time.time() - first[1] / 1e9
        if age >= self.settle_seconds:
            return _text(first)
        self.sleep(self.settle_seconds - max(age, 0.0))
        again = _stamp(self.path)
        return _text(again) if again == first else None  # still being written: the next tick


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _text(stamp: tuple[int, int, int]) -> str:
    return "{}:{}:{}".format(*stamp)
