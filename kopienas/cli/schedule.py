"""`kopienas schedule`."""

from __future__ import annotations

import click

from kopienas.adapters.logs import narrate
from kopienas.adapters.runlock import RunLock, scheduler_lock_path
from kopienas.app.unattended.scheduler import build_scheduler
from kopienas.cli.echo import say
from kopienas.cli.output import config_of
from kopienas.core.errors import ExitCode


@click.command()
@click.option(
    "--once", is_flag=True, help="Run what is due now (missed slots included) and exit: 0 done, 3 a job failed, 4 busy."
)
@click.pass_obj
def command(obj: dict, once: bool) -> None:
    """Validate and make drafts every few minutes, send partners' summaries weekly and
    coordinators' fix-lists daily, at the times in the config's `[schedule]` (Riga time).

    A job missed while the machine was off runs when the scheduler starts. A failing job is
    retried at its next time; after several failures in a row the operator gets one e-mail.
    SIGTERM or Ctrl-C lets the job in progress finish, then exits 0."""
    narrate()
    config = config_of(obj)
    if once:  # from cron or a timer: each job's report goes to stdout, as `run` would print it
        raise SystemExit(build_scheduler(config, show=lambda lines: say("\n".join(lines))).run_once())
    scheduler = build_scheduler(config)
    # One scheduler per ledger: a second would run every job twice.
    with RunLock(scheduler_lock_path(config), "schedule", zone=config.zone, scheduler=True):
        scheduler.run_forever()
    raise SystemExit(ExitCode.OK)
