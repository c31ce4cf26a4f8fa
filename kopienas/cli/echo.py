"""The one way the command writes a line: through the redactor, to stdout or stderr."""

from __future__ import annotations

import click

from kopienas.adapters.secrets import redact


def say(text: str, *, err: bool = False) -> None:
    """Print `text` (stdout, or stderr with `err`) with every registered secret taken out."""
    click.echo(redact(text), err=err)
