"""`kopienas init`: make a spreadsheet fit the sheet contract, or start a new one."""

from __future__ import annotations

import click

from kopienas.config import Config
from kopienas.core.errors import EXIT_OK
from kopienas.app.pipeline import config_from
from kopienas.core.sheet_setup import describe, plan_setup

NOTHING_TO_DO = "Nekas nav jāmaina: tabula jau atbilst līgumam."


@click.command()
@click.option("--source", help="Workbook path, Google Sheet URL or gsheet:<id> (overrides the config).")
@click.option("--example", is_flag=True, help="Fill an empty spreadsheet with the sample programme's rows.")
@click.pass_obj
def command(obj: dict, source: str | None, example: bool) -> None:
    """Create the contract's tabs and columns, or add the missing ones; add typing help.

    \b
    Adds only what is missing: tabs at the end, columns at the right of the header row.
    Nothing a coordinator made is moved, renamed, restyled or deleted, and no data is
    touched, so running it again changes nothing. A workbook that doesn't exist is created.

    \b
    Typing help (it only warns, so pasting old data still works):
      Statuss           dropdown Plānota / Notikusi / Atcelta
      Kopiena           dropdown of the names in tab Kopienas (new ones appear by themselves)
      Sākums, Beigas    a date
      Bērni un jaunieši, Pieaugušie, Kopā   a whole number ≥ 0
      Relīze, Aktīvs    a checkbox (Jā / Nē); Excel has no checkbox, so there it is a Jā/Nē dropdown
      Valoda            dropdown lv / en
    Every header gets a note explaining the column; the header row is frozen. The tool's columns
    (Pārbaude, Relīzes melnraksts) are grey; in a Google Sheet they are protected with a warning,
    in a workbook their header comment says not to type there.

    With --example an empty spreadsheet gets the sample programme's rows (refused if any tab
    already has rows)."""
    raise SystemExit(init(config_from(obj, source), example=example))


def init(config: Config, *, example: bool = False) -> int:
    """The init job; returns the exit code. Problems (no access, --example refused) raise KopienasError."""
    if config.is_google_sheet:
        from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
        from kopienas.adapters.sources.gsheet.setup import PROTECTION, GoogleSheetSetup

        target = GoogleSheetSetup(GoogleSheetSource.from_config(config))
        click.echo(f"Google tabula {target.name}: tai jābūt kopīgotai (rediģētājs) ar {target.share_with()}")
        tabs = target.read()
        click.echo("Piekļuve ir.")
    else:
        from kopienas.adapters.sources.workbook.source import WorkbookSource
        from kopienas.adapters.sources.workbook.setup import PROTECTION, WorkbookSetup

        target = WorkbookSetup(WorkbookSource(config.source, write_to=config.write_to))
        tabs = target.read()
        click.echo(f"Darbgrāmata {target.name}" + (" (jauna)" if target.created else ""))

    plan = plan_setup(tabs, config, example=example)
    if plan.empty:
        click.echo(NOTHING_TO_DO)
        return EXIT_OK
    target.apply(plan)
    for line in describe(plan, protection=PROTECTION):
        click.echo(f"  {line}")
    return EXIT_OK
