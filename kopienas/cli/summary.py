"""`kopienas summary`."""

from __future__ import annotations

import click

from kopienas.app.jobs.summary import summary
from kopienas.cli.output import SOURCE_HELP, config_of, show


@click.command()
@click.option("--source", help=SOURCE_HELP)
@click.option("--week", metavar="YYYY-Www", help="The week, e.g. 2020-W39 (default: the last full week).")
@click.option(
    "--dry-run", is_flag=True, help="Write the mails as .eml files and show who would get what; send nothing."
)
@click.option("--only", "only", metavar="PARTNER", help="Send to this partner only (a test send).")
@click.option("--resend", is_flag=True, help="Send again even if this week's mail was already sent.")
@click.pass_obj
def command(obj: dict, source: str | None, week: str | None, dry_run: bool, only: str | None, resend: bool) -> None:
    """Send each active partner (tab `Partneri`) the week's summary for the communities it follows."""
    show(summary(config_of(obj, source), week=week, dry_run=dry_run, only=only, resend=resend))
