"""`kopienas doctor`."""

from __future__ import annotations

import click

from kopienas.app.doctor import doctor
from kopienas.cli.output import SOURCE_HELP, config_of


@click.command()
@click.option("--source", help=SOURCE_HELP)
@click.pass_obj
def command(obj: dict, source: str | None) -> None:
    """Check the whole setup without changing anything: config, time zone, Google key and sharing,
    source, tabs and headers, mail addresses, the SMTP server (EHLO and login, no mail sent),
    templates, output folders and ledger, the run lock, the next scheduled times.

    One line per check, ✓ or ✗ with the fix. Exits 0 only when every check passes, else 2."""
    raise SystemExit(doctor(config_of(obj, source), click.echo))
