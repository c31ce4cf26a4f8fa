"""The scheduler's loop: run each job at its slots, so that one failure never stops the rest."""

from __future__ import annotations

import logging
import signal
import threading
import time as time_module
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import schedule

from kopienas.adapters.logs import current_job
from kopienas.app.outcome import Outcome
from kopienas.app.unattended.plan import (
    LEDGER_COMMANDS,
    UTC,
    Alert,
    Plan,
    ScheduledJob,
    When,
    first_run,
    ledger_last_success,
    plan_from_config,
    use_utc_process_clock,
    utc_now,
)
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError

log = logging.getLogger(__name__)

BUSY_RETRY = timedelta(minutes=1)  # another run holds the lock: it is usually done within a minute
LONGEST_NAP = 60.0  # seconds; a suspended machine or a corrected clock is noticed within a minute

OK, FAILED, BUSY, IDLE = "ok", "failed", "busy", "idle"


# -- how: the loop --------------------------------------------------------------------------------
class Scheduler:
    """The jobs on a `schedule.Scheduler`, run in the order they are due; each job's result is known
    in one place, `_finished`."""

    def __init__(
        self,
        jobs: list[ScheduledJob],
        *,
        zone: ZoneInfo | timezone = UTC,
        sleep: Callable[[float], None] | None = None,
        last_success: Callable[[str], datetime | None] = lambda command: None,
        alert: Alert | None = None,
        alert_after: int = 3,
        on_result: Callable[[ScheduledJob, str], None] | None = None,
    ):
        self.jobs = jobs
        self.zone = zone
        self.sleep = sleep or self._nap
        self.last_success = last_success
        self.alert = alert
        self.alert_after = alert_after
        self.on_result = on_result  # (job, "" or the cause of its failure) after each run that counts
        self.clock = schedule.Scheduler()
        self.stop_requested = False
        self._stop_signal = ""

    # The loop --------------------------------------------------------------------------------
    def start(self) -> None:
        """Put each job on the clock; one whose latest time has no successful run since (the
        ledger says) runs now, and so does a job without a ledger command (watch's first look)."""
        self.clock.clear()
        current = utc_now()
        for job in self.jobs:
            job.handle = job.when.add_to(self.clock, lambda: None)
            done = None
            if job.ledger_command:
                try:
                    done = self.last_success(job.ledger_command)
                except Exception as e:
                    log.error("%s: cannot read the ledger (%s); running it now", job.name, e)
            if not job.ledger_command or first_run(job.when, done, current) <= current:
                job.handle.next_run = datetime.now()  # due now (schedule keeps naive local times)
                if job.ledger_command:
                    missed = self.local(job.when.latest(current))
                    log.info(
                        "%s (%s): the slot of %s has no run yet; running now", job.name, job.when.describe(), missed
                    )
            else:
                log.info("%s (%s): next at %s", job.name, job.when.describe(), self.local(job.next_run))

    def run_pending(self) -> list[tuple[str, str]]:
        """Run every job that is due, earliest first (ties in the order the jobs were given);
        returns (job, ok|failed|busy) for each one run."""
        due = sorted((j for j in self.jobs if j.handle.should_run), key=lambda j: j.handle.next_run)
        results = []
        for job in due:
            if self.stop_requested:
                break  # a safe point: between jobs
            results.append((job.name, self._run(job)))
        return results

    def idle_seconds(self) -> float:
        return max(0.0, self.clock.idle_seconds or 0.0)

    def run_forever(self) -> None:
        """Run jobs at their times until SIGTERM or SIGINT (or `request_stop`); a job in progress
        is finished first."""
        with self._stopping_on_signals():
            self.start()
            while not self.stop_requested:
                self.run_pending()
                if self.stop_requested:
                    break
                upcoming = min(self.jobs, key=lambda j: j.handle.next_run)
                if not upcoming.quiet:
                    log.info("idle until %s (%s)", self.local(upcoming.next_run), upcoming.name)
                self.sleep(self.idle_seconds())
        log.info("stopped%s", f" ({self._stop_signal})" if self._stop_signal else "")

    def run_once(self) -> int:
        """Run what is due now, missed times included, and return an exit code: 3 when a job
        failed, 4 when one could not start because another run was in progress, else 0. A signal
        lets the job in progress finish and skips the rest."""
        with self._stopping_on_signals():
            self.start()
            results = [outcome for _, outcome in self.run_pending()]
        if not results:
            log.info("nothing is due")
        return ExitCode.FAILED if FAILED in results else ExitCode.BUSY if BUSY in results else ExitCode.OK

    def request_stop(self) -> None:
        self.stop_requested = True

    # One job ---------------------------------------------------------------------------------
    def _run(self, job: ScheduledJob) -> str:
        token = current_job.set(job.name)
        started = utc_now()
        try:
            if not job.quiet:
                log.info("started")
            code: int | None = 0
            cause = ""
            try:
                code = job.action()
            except KopienasError as e:
                if e.exit_code == ExitCode.BUSY:  # another run, or another program, has the sheet: not a failure
                    return self._busy(job, e, started)
                cause = str(e)
            except Exception as e:
                cause = f"{type(e).__name__}: {e}"
                log.error("unexpected error", exc_info=True)
            else:
                if code is None:  # nothing to do (watch's tick saw no change): neither success nor failure
                    job.handle.run()
                    return self._finished(job, IDLE, code, started)
                if code == ExitCode.FAILED:
                    cause = "exit code 3 (the job's output above says why)"
            job.handle.run()  # the action already ran; this has schedule set the next run
            if self.on_result is not None:
                self.on_result(job, cause)
            if cause:
                self._failed(job, cause, started)
                return self._finished(job, FAILED, code, started)
            self._succeeded(job, code, started)
            return self._finished(job, OK, code, started)
        finally:
            current_job.reset(token)

    def _busy(self, job: ScheduledJob, error: KopienasError, started: datetime) -> str:
        job.handle.run()  # schedule's bookkeeping (last run, next run) ...
        job.handle.next_run = datetime.now() + BUSY_RETRY  # ... then a retry in a minute
        log.warning("%s Next try at %s.", error, self.local(job.next_run))
        return self._finished(job, BUSY, ExitCode.BUSY, started)

    def _finished(self, job: ScheduledJob, result: str, code: int | None, started: datetime) -> str:
        """Where a job's result is known: ok, failed, busy or idle (and its exit code)."""
        return result

    def _succeeded(self, job: ScheduledJob, code: int | None, started: datetime) -> None:
        seconds = (utc_now() - started).total_seconds()
        what = "rows with problems, see the sheet" if code == 1 else "ok"
        log.info("finished in %.1f s (exit %d: %s); next at %s", seconds, code, what, self.local(job.next_run))
        if job.failures:
            log.info("recovered after %d failed run(s)", job.failures)
        job.failures, job.failing_since, job.last_error, job.alerted = 0, None, "", False

    def _failed(self, job: ScheduledJob, cause: str, started: datetime) -> None:
        job.failures += 1
        job.failing_since = job.failing_since or started
        job.last_error = cause
        log.error("failed (%d in a row): %s; next try at %s", job.failures, cause, self.local(job.next_run))
        if job.failures >= self.alert_after and not job.alerted and self.alert is not None:
            try:
                self.alert(job)
            except Exception as e:
                log.error("could not send the alert: %s", e)
            else:
                job.alerted = True

    # Time and signals ------------------------------------------------------------------------
    def local(self, moment: datetime | None) -> str:
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M %Z") if moment else "—"

    def _nap(self, seconds: float) -> None:
        # Short steps, so a stop request is seen within half a second; at most LONGEST_NAP in all,
        # because time.sleep does not count the time a machine spends suspended.
        deadline = time_module.monotonic() + min(seconds, LONGEST_NAP)
        while not self.stop_requested:
            left = deadline - time_module.monotonic()
            if left <= 0:
                return
            time_module.sleep(min(left, 0.5))

    def _on_signal(self, signum: int, frame: object) -> None:
        # Only a flag: the job in progress finishes, the loop stops at the next safe point.
        self._stop_signal = signal.Signals(signum).name
        self.stop_requested = True

    @contextmanager
    def _stopping_on_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread can receive signals
            return
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)


# -- the production jobs --------------------------------------------------------------------------
def build_scheduler(
    config: Config,
    *,
    sleep: Callable[[float], None] | None = None,
    show: Callable[[list[str]], None] | None = None,
    watch_every: int = 0,
) -> Scheduler:
    from kopienas.app.unattended.alerts import record_job_result
    from kopienas.app.unattended.scheduler import production_jobs

    plan = plan_from_config(config)
    use_utc_process_clock()
    return Scheduler(
        production_jobs(config, plan, show, watch_every),
        zone=config.zone,
        sleep=sleep,
        last_success=ledger_last_success(config),
        # The failure streaks (and so the alerts) are kept in the ledger, shared with cron's runs.
        on_result=lambda job, cause: record_job_result(config, job.name, not cause, cause, next_run=job.next_run),
        alert_after=plan.alert_after,
    )


# -- the production jobs -----------------------------------------------------------------------
def production_jobs(
    config: Config, plan: Plan, show: Callable[[list[str]], None] | None = None, watch_every: int = 0
) -> list[ScheduledJob]:
    """The three jobs; `show` receives each job's report lines (a one-off run from cron shows them,
    the long-running scheduler only logs the counts). With `watch_every`, validation is `watch`'s
    tick instead: every few seconds a look at the sheet's version, a pass only when it changed."""
    # Imported here: each pulls in the sheet, mail and drafting code.
    from kopienas.app.jobs.fixlists import fixlists
    from kopienas.app.jobs.run import run_all
    from kopienas.app.jobs.summary import summary

    # Each job takes the run lock itself (`recorded_run`): its one owner.
    def locked(name: str, job: Callable[[], Outcome]) -> Callable[[], int]:
        def action() -> int:
            outcome = job()
            if show is not None:
                show(outcome.lines)
            if outcome.error:
                raise outcome.error
            log.info("counts: %s", ", ".join(f"{k} {v}" for k, v in outcome.counts.items()) or "—")
            return outcome.exit_code

        return action

    actions = {
        "validation": lambda: run_all(config, mail=False),
        "summary": lambda: summary(config),
        "fixlists": lambda: fixlists(config),
    }
    jobs = [
        ScheduledJob(name, rule, locked(name, actions[name]), LEDGER_COMMANDS[name])
        for name, rule in plan.rules().items()
    ]
    if watch_every:
        from kopienas.app.unattended.watch import watcher_for

        watcher = watcher_for(config, locked("watch", lambda: run_all(config, mail=False)))
        jobs[0] = ScheduledJob("watch", When(seconds=watch_every), watcher.tick, quiet=True)
    return jobs
