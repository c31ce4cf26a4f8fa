"""`kopienas run`."""

from __future__ import annotations

import click

from kopienas.app.jobs.run import run_all
from kopienas.app.unattended.alerts import alerting
from kopienas.cli.output import SOURCE_HELP, config_of, show


@click.command()
@click.option("--source", help=SOURCE_HELP)
@click.pass_obj
def command(obj: dict, source: str | None) -> None:
    """Validate, make drafts, write both back in one write, then send the coordinators' fix-lists
    and the last full week's partner summaries (each only once).

    Exits 0 when every row is valid, 1 when any row has problems, 3 when mail could not be sent."""
    config = config_of(obj, source)
    show(alerting(config, "run", lambda: run_all(config)))
