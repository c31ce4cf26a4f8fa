"""`kopienas status`."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime

import click

from kopienas.app.status import status_data
from kopienas.cli.echo import say
from kopienas.cli.output import config_of
from kopienas.outputs.status_view import status_text


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def command(obj: dict, fmt: str) -> None:
    """The last run of every job, the next scheduled runs, the rows still failing validation and
    this week's mails — a table in a terminal, or JSON for scripts."""
    config = config_of(obj)
    data = status_data(config, datetime.now(config.zone))
    if fmt == "json":
        say(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        # A terminal gets its own width; a pipe or a log gets lines long enough for the messages.
        say(status_text(data, width=shutil.get_terminal_size().columns if sys.stdout.isatty() else 120))
