"""`watch`'s tick: a cheap look at whether the spreadsheet changed, and a full pass only when it did.

A Google Sheet: one Drive `files.get?fields=version` per tick (Drive's quota, not the Sheets API's
60 requests a minute); a pass (validation, write-back, drafts: the usual four Sheets calls) only
when the version moved. The pass's own write moves the version too, so the version read right
after the pass is taken as seen: the tool never triggers itself. No document promises that Drive
counts one write as exactly one, nor that a new version is readable at once: whenever the version
after a pass is anything but one above the version before (a coordinator typed while the pass ran,
Drive counted more, none, or showed the old number), one more pass follows — only one, so a
Google that counted writes oddly could not make it loop.

The look itself is the backend's (`Source.change_feed`): for a workbook its size and modification
time, once it is saved and not open in another program.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kopienas.adapters.sources import ChangeFeed, open_source
from kopienas.config import Config

log = logging.getLogger(__name__)

MAX_BACKOFF = 900.0  # seconds: a failing pass is tried again at most this far apart (sooner after an edit)


class Watcher:
    def __init__(
        self, feed: ChangeFeed, run_pass: Callable[[], int], *, clock=time.monotonic, sleep=time.sleep, settle=1.0
    ):
        self.feed, self.run_pass, self.clock = feed, run_pass, clock
        self.sleep, self.settle = sleep, settle  # a version that has not moved is read once more after `settle` s
        self.seen: str | None = None  # the version the latest pass left behind
        self.passes = 0
        self._recheck = False
        self._failures = 0
        self._retry_at = 0.0

    def tick(self) -> int | None:
        """One look; a pass when something changed (or a failed pass is due again). Returns the
        pass's exit code, or None when there was nothing to do; a pass's error is raised."""
        current = self.feed.version()
        if current is None:
            return None
        retry_due = self._failures > 0 and self.clock() >= self._retry_at
        if current == self.seen and not self._recheck and not retry_due:
            return None
        again = self._recheck
        self._recheck = False
        log.info("the spreadsheet changed (version %s → %s); checking it", self.seen or "—", current)
        try:
            code = self.run_pass()
        except Exception:
            self._failures += 1
            self._retry_at = self.clock() + min(MAX_BACKOFF, 30.0 * 2 ** (self._failures - 1))
            self.seen = current  # an edit still brings the next pass at once
            raise
        self._failures = 0
        self.passes += 1
        after = self.feed.version(settled=False)
        if after == current:  # the pass's write not visible yet (Drive may lag), or it wrote nothing
            self.sleep(self.settle)
            after = self.feed.version(settled=False)
        self._recheck = not again and not _moved_by_exactly_one(current, after)
        self.seen = after if after is not None else current
        return code


def _moved_by_exactly_one(before: str, after: str | None) -> bool:
    """Drive's versions count changes: our one write, and nothing else, is one up."""
    try:
        return after is None or int(after) - int(before) == 1
    except ValueError:
        return True  # a workbook's version is a time stamp: the pass saw the file as saved


def watcher_for(config: Config, run_pass: Callable[[], int]) -> Watcher:
    return Watcher(open_source(config).change_feed(), run_pass)
