"""`kopienas fixlists`."""

from __future__ import annotations

import click

from kopienas.app.jobs.fixlists import fixlists
from kopienas.cli.output import SOURCE_HELP, config_of, show


@click.command()
@click.option("--source", help=SOURCE_HELP)
@click.pass_obj
def command(obj: dict, source: str | None) -> None:
    """Mail each coordinator the problems in their rows — at most once a day, and only when the
    list changed. Coordinators with no problems get nothing."""
    show(fixlists(config_of(obj, source)))
