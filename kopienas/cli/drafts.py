"""`kopienas drafts`."""

from __future__ import annotations

import click

from kopienas.app.drafts.programme_release import programme_release
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
@click.option(
    "--programme", is_flag=True, help="The programme's yearly progress release instead (figures of Kopsavilkums)."
)
@click.option("--year", type=click.IntRange(2000, 2100), help="With --programme: the year (default: this year).")
@click.pass_obj
def command(
    obj: dict,
    source: str | None,
    only_id: str | None,
    lang: str,
    force: bool,
    dry_run: bool,
    programme: bool,
    year: int | None,
) -> None:
    """Make drafts (Markdown, HTML, .docx) for valid rows marked `Relīze: Jā`, and note in
    `Relīzes melnraksts` where each one is, or why none was made."""
    if year is not None and not programme:
        raise click.UsageError("--year goes with --programme")
    config = config_of(obj, source)
    show(
        programme_release(config, year=year, lang=lang, dry_run=dry_run)
        if programme
        else drafts(config, only_id=only_id, lang=lang, force=force, dry_run=dry_run)
    )
