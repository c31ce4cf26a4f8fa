"""Showing a job's outcome: its lines on stdout, then its error as the one line on stderr."""

from __future__ import annotations

from typing import NoReturn

from kopienas.adapters.logs import announce
from kopienas.app.mail.secrets import register_secrets
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import config_from
from kopienas.cli.echo import say
from kopienas.config import Config

SOURCE_HELP = "Workbook path, Google Sheet URL or gsheet:<id> (overrides the config)."


def config_of(obj: dict | None, source: str | None = None) -> Config:
    """The settings; the command's first log line names the file and how it was found."""
    config = config_from(obj, source)
    register_secrets(config)
    announce("config %s (from %s)", config.path.resolve() if config.path else "-", config.found_by)
    return config


def show(outcome: Outcome) -> NoReturn:
    """Print the outcome and exit with its code (the error, if any, is reported by the group)."""
    for line in outcome.lines:
        say(line)
    if outcome.error:
        raise outcome.error
    raise SystemExit(outcome.exit_code)
