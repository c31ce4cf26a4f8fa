"""`kopienas doctor`."""

from __future__ import annotations

import click

from kopienas.app.setup.doctor import FAIL_MARK, doctor
from kopienas.cli.echo import say
from kopienas.cli.output import SOURCE_HELP, config_of
from kopienas.config import ConfigError


@click.command()
@click.option("--source", help=SOURCE_HELP)
@click.pass_obj
def command(obj: dict, source: str | None) -> None:
    """Check the whole setup without changing anything: config, time zone, Google key and sharing,
    source, tabs and headers, mail addresses, the SMTP server (EHLO and login, no mail sent),
    templates, output folders and ledger, the run lock, the next scheduled times.

    One line per check, ✓ or ✗ with the fix. Exits 0 only when every check passes, else 2."""
    try:
        config = config_of(obj, source)
    except ConfigError as e:  # nothing else can be checked without the settings
        say(f"{FAIL_MARK} config: {e}")
        raise SystemExit(e.exit_code) from None
    raise SystemExit(doctor(config, say))
