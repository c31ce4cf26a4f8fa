"""`kopienas drafts`."""

from __future__ import annotations

import click

from kopienas.app.jobs.drafts import drafts
from kopienas.cli.output import SOURCE_HELP, config_of, show


@click.command()
@click.option("--source", help=SOURCE_HELP)
@click.option("--id", "only_id", metavar="ID", help="Only the row with this ID.")
@click.option(
    "--lang",
    type=click.Choice(["lv", "en"]),
    default="lv",
    show_default=True,
    help="Language of the drafts (en: for the British Council).",
)
@click.option("--force", is_flag=True, help="Rebuild drafts even when their rows did not change.")
@click.option("--dry-run", is_flag=True, help="Only print what would be made; write nothing.")
@click.pass_obj
def command(obj: dict, source: str | None, only_id: str | None, lang: str, force: bool, dry_run: bool) -> None:
    """Make drafts (Markdown, HTML, .docx) for valid rows marked `Relīze: Jā`, and note in
    `Relīzes melnraksts` where each one is, or why none was made."""
    show(drafts(config_of(obj, source), only_id=only_id, lang=lang, force=force, dry_run=dry_run))
