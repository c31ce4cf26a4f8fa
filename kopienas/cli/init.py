"""`kopienas init`."""

from __future__ import annotations

import click

from kopienas.app.setup.init import init
from kopienas.cli.output import SOURCE_HELP, config_of, show


@click.command()
@click.option("--source", help=SOURCE_HELP)
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
    show(init(config_of(obj, source), example=example))
