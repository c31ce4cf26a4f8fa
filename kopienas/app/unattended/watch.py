"""`watch`'s tick: a cheap hint that the spreadsheet may have changed, a look at its values when the
hint moved, and a pass only when what the coordinators wrote differs from what the last pass saw.

The hint is the backend's (`Source.change_feed`): a workbook's stat (free), a Google Sheet's Drive
`version` and `modifiedTime` (one Drive call, Drive's quota, not the Sheets API's). Nothing is
assumed of it but that it moves when the file does: it may move late, by any amount, or for the
tool's own write. So the decision is made from content (`core.fingerprint`: every value but the
tool's own columns and tabs): the tool's own write never triggers a pass, an edit typed while a
pass ran brings one more, and a lagging, jumping or repeating version costs at most a look.

Busy is not broken: while another program has the workbook open the feed gives no hint (said
once, naming who); a pass that finds it open, or another kopienas run in progress, is tried again
a few seconds later — no failure, no alert.

The programme's date is part of both the hint and the content: verdicts such as "planned but
past" change at midnight without anyone typing, so the first tick of a day checks the sheet once
(and writes only if a verdict changed).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kopienas.adapters.sources import ChangeFeed, open_source
from kopienas.app.pipeline import now
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.fingerprint import content_fingerprint
from kopienas.core.models import Snapshot

log = logging.getLogger(__name__)

MAX_BACKOFF = 900.0  # seconds: a failing pass is tried again at most this far apart (sooner after an edit)
BUSY_AGAIN = 5.0  # seconds: a pass that found the sheet busy is tried again this soon


class LookBudget:
    """A token bucket of Sheets reads: `burst` at once, refilled at `per_minute`. A Google Sheet's
    look costs what its feed says (`look_reads`: 1 read, 2 on a big sheet; LOOK when the feed does
    not say) and the pass after it 3 (charged afterwards, so the bucket may run below zero): an
    edit after a quiet spell is looked at at once, a coordinator typing without pause gets a
    verdict every few seconds, and the reads stay under Google's 60 a minute per user.
    Unlimited for a workbook (burst 0)."""

    LOOK, PASS = 2.0, 3.0

    def __init__(self, burst: float = 0.0, per_minute: float = 0.0):
        self.burst, self.rate = burst, per_minute / 60.0
        self.tokens = float(burst)
        self.at: float | None = None

    def take(self, now: float, cost: float = LOOK, *, must: bool = False) -> bool:
        """Spend `cost` reads if there are enough (or anyway, `must`: the pass after a look)."""
        if not self.burst:
            return True
        if self.at is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < cost and not must:
            return False
        self.tokens -= cost
        return True


GOOGLE_LOOKS = (20.0, 45.0)  # reads at once, reads a minute: 3/4 of Google's 60, room for a person's script


class Watcher:
    def __init__(
        self,
        feed: ChangeFeed,
        run_pass: Callable[[], int],
        fingerprint: Callable[[Snapshot], str],
        *,
        clock=time.monotonic,
        budget: LookBudget | None = None,
        day: Callable[[], str] = lambda: "",
    ):
        self.feed, self.run_pass, self.fingerprint, self.clock = feed, run_pass, fingerprint, clock
        self.day = day  # the programme's date: verdicts such as "planned but past" turn with it
        self.budget = budget or LookBudget()
        self.hint: str | None = None  # the feed's stamp at the latest look
        self.seen: str | None = None  # the content the latest successful pass started from
        self.passes = self.looks = 0
        self._pending = False  # a pass is owed (it failed or found the sheet busy)
        self._retry_at = 0.0
        self._failures = 0
        self._busy_said = False
        self._hint_failing = False

    def tick(self) -> int | None:
        """One hint; a look when it moved (or an owed pass is due), a pass when the content differs
        from what the last pass saw. Returns the pass's exit code, or None when there was nothing
        to do; a failing pass's error is raised (the scheduler counts it)."""
        if self._hint_failing and self.clock() < self._retry_at:
            return None  # Drive itself failed: not asked again before the wait is over
        try:
            hint = self.feed.version()
            day = self.day()
        except Exception as e:
            self._hint_failing = True
            return self._not_done(e)
        self._hint_failing = False
        if hint is None:
            return None
        hint = f"{hint}|{day}"  # a new day is looked at too, and checked once
        due = self._pending and self.clock() >= self._retry_at
        if hint == self.hint and not due:
            return None
        if not self.budget.take(self.clock(), self._look_cost()):
            return None  # the hint stays unseen: looked at as soon as the budget allows
        self.hint, self.looks = hint, self.looks + 1  # a failed look is retried like a failed pass
        try:
            content = f"{self.fingerprint(self.feed.content())}|{day}"
        except Exception as e:
            return self._not_done(e)
        if content == self.seen:
            self._pending = False
            log.debug("the spreadsheet's stamp moved (%s), its content did not", hint)
            return self._recovered()
        if not self._busy_said:
            log.info("the spreadsheet changed; checking it")
        self.budget.take(self.clock(), LookBudget.PASS, must=True)
        try:
            code = self.run_pass()
        except Exception as e:
            return self._not_done(e)
        self._pending, self._failures, self._busy_said = False, 0, False
        self.passes += 1
        self.seen = content
        return code

    def _look_cost(self) -> float:
        reads = getattr(self.feed, "look_reads", None)
        return float(reads()) if reads is not None else LookBudget.LOOK

    def _recovered(self) -> int | None:
        """Nothing to check; after failures that is news: the job works again (exit 0)."""
        if not self._failures:
            return None
        self._failures = 0
        return ExitCode.OK

    def _not_done(self, error: Exception) -> int | None:
        """Busy: try again soon, quietly. Failed: again after a growing wait (sooner after an edit), raised."""
        self._pending = True
        if isinstance(error, KopienasError) and error.exit_code == ExitCode.BUSY:
            if not self._busy_said:
                log.info("%s", error)
            self._busy_said = True
            self._retry_at = self.clock() + BUSY_AGAIN
            return None
        self._failures += 1
        self._retry_at = self.clock() + min(MAX_BACKOFF, 30.0 * 2 ** (self._failures - 1))
        raise error


def watcher_for(config: Config, run_pass: Callable[[], int]) -> Watcher:
    owned = [config.tabs["totals"], config.tabs["state"]]
    tool = list(config.tool_headers.values())
    budget = LookBudget(*GOOGLE_LOOKS) if config.is_google_sheet else None
    return Watcher(
        open_source(config).change_feed(),
        run_pass,
        lambda snapshot: content_fingerprint(snapshot, owned, tool),
        budget=budget,
        day=lambda: now(config).date().isoformat(),
    )
