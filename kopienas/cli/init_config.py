"""`kopienas init-config`."""

from __future__ import annotations

from pathlib import Path

import click

from kopienas.app.setup.init import write_starter
from kopienas.cli.output import show

DEFAULT_PATH = Path("config/kopienas.toml")


@click.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", help="The workbook path, Google Sheet URL or gsheet:<id> to write into the file.")
@click.option("--state", metavar="FOLDER", help="Folder for output, outbox and ledger (e.g. /var/lib/kopienas).")
@click.option("--group", help="The service user's group, which may read the file (e.g. kopienas).")
def command(path: Path | None, source: str | None, state: str | None, group: str | None) -> None:
    """Write a commented starter config at PATH (default ./config/kopienas.toml); an existing
    file is never overwritten. Relative paths in it are relative to its folder."""
    show(write_starter(path or DEFAULT_PATH, source=source, state=state, group=group))
