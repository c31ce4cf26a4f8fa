"""`kopienas schedule`: the jobs at their times, until stopped."""

from __future__ import annotations

import click

from kopienas.core.errors import EXIT_OK
from kopienas.app.mailing import PASSWORD_ENV
from kopienas.adapters.logs import add_secret, narrate
from kopienas.app.pipeline import config_from
from kopienas.adapters.runlock import RunLock, scheduler_lock_path
from kopienas.app.scheduling import build_scheduler


@click.command()
@click.option("--once", is_flag=True,
              help="Run what is due now (missed slots included) and exit: 0 done, 3 a job failed, 4 busy.")
@click.pass_obj
def command(obj: dict, once: bool) -> None:
    """Validate and make drafts every few minutes, send partners' summaries weekly and
    coordinators' fix-lists daily, at the times in the config's `[schedule]` (Riga time).

    A job missed while the machine was off runs when the scheduler starts. A failing job is
    retried at its next time; after several failures in a row the operator gets one e-mail.
    SIGTERM or Ctrl-C lets the job in progress finish, then exits 0."""
    narrate()
    config = config_from(obj)
    _register_password_file(config)
    scheduler = build_scheduler(config)
    if once:
        raise SystemExit(scheduler.run_once())
    # One scheduler per ledger: a second would run every job twice.
    with RunLock(scheduler_lock_path(config), "schedule", zone=config.zone, scheduler=True):
        scheduler.run_forever()
    raise SystemExit(EXIT_OK)


def _register_password_file(config) -> None:
    """A password read from `mail.smtp.password_file` is kept out of the logs like the one in
    KOPIENAS_SMTP_PASSWORD."""
    smtp = config.mail.smtp
    if config.mail.transport != "smtp" or not smtp.user or not smtp.password_file:
        return
    from kopienas.adapters.mail import MailError, load_password

    try:
        add_secret(load_password(PASSWORD_ENV, smtp.password_file))
    except MailError:
        pass  # the mail job reports a missing password itself
