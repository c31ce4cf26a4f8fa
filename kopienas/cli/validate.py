"""`kopienas validate`."""

from __future__ import annotations

import click

from kopienas.app.jobs.validate import validate
from kopienas.cli.output import SOURCE_HELP, config_of, show


@click.command()
@click.option("--source", help=SOURCE_HELP)
@click.option("--no-write-back", is_flag=True, help="Only report; change nothing in the spreadsheet.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def command(obj: dict, source: str | None, no_write_back: bool, fmt: str) -> None:
    """Check every activity row; write `Labi` or the problems into `Pārbaude`.

    Exits 0 when every row is valid, 1 when any row has problems."""
    show(validate(config_of(obj, source), write_back=not no_write_back, fmt=fmt))
