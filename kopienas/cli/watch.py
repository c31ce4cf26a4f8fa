"""`kopienas watch`."""

from __future__ import annotations

import click

from kopienas.adapters.logs import narrate
from kopienas.adapters.runlock import RunLock, scheduler_lock_path
from kopienas.app.unattended.scheduler import build_scheduler
from kopienas.cli.output import config_of
from kopienas.core.errors import ExitCode


@click.command()
@click.option(
    "--every",
    type=click.IntRange(1, 3600),
    default=10,
    show_default=True,
    help="Seconds between two looks at whether the spreadsheet changed.",
)
@click.pass_obj
def command(obj: dict, every: int) -> None:
    """Check the sheet seconds after a coordinator edits it, and send partners' summaries and
    coordinators' fix-lists at their times in `[schedule]` (Riga time), until stopped.

    Every few seconds one Drive call asks for the Google Sheet's version (or the workbook's save
    time); only a changed sheet is read, checked and written (its own write never triggers it
    again). SIGTERM or Ctrl-C lets a pass in progress finish, then exits 0."""
    narrate()
    config = config_of(obj)
    scheduler = build_scheduler(config, watch_every=every)
    # One scheduler per ledger: `watch` and `schedule` side by side would run every job twice.
    with RunLock(scheduler_lock_path(config), "watch", zone=config.zone, scheduler=True):
        scheduler.run_forever()
    raise SystemExit(ExitCode.OK)
