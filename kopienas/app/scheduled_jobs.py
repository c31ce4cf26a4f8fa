"""The production jobs the scheduler runs: validation (or `watch`'s tick), summaries, fix-lists."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kopienas.app.outcome import Outcome
from kopienas.app.schedule_plan import LEDGER_COMMANDS, Plan, ScheduledJob, When
from kopienas.config import Config

log = logging.getLogger("kopienas.app.scheduler")


def production_jobs(
    config: Config, plan: Plan, show: Callable[[list[str]], None] | None = None, watch_every: int = 0
) -> list[ScheduledJob]:
    """The three jobs; `show` receives each job's report lines (a one-off run from cron shows them,
    the long-running scheduler only logs the counts). With `watch_every`, validation is `watch`'s
    tick instead: every few seconds a look at the sheet's version, a pass only when it changed."""
    # Imported here: each pulls in the sheet, mail and drafting code.
    from kopienas.app.fixlists import fixlists
    from kopienas.app.run import run_all
    from kopienas.app.summary import summary

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
        from kopienas.app.watch import watcher_for

        watcher = watcher_for(config, locked("watch", lambda: run_all(config, mail=False)))
        jobs[0] = ScheduledJob("watch", When(seconds=watch_every), watcher.tick, quiet=True)
    return jobs
