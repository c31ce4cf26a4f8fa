"""Writing to a Google Sheet within Google's limits, and onto the right rows whatever happens meanwhile."""

from __future__ import annotations

from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
from kopienas.app.pipeline import check, writeback_plan
from kopienas.config import load_config
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, gsheet_config, sheet_tabs

MIB = 1024 * 1024


def new_sheet(sheets, rows, **kwargs):
    tabs = {
        "Aktivitātes": activity_rows(*rows),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    return sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW", **kwargs)


def column(sheets, key, header):
    values = sheets.values(key, "Aktivitātes")
    i = values[0].index(header)
    return [row[i] if i < len(row) else "" for row in values[1:]]


def test_the_write_reads_no_further_than_the_table(sheets, tmp_path):
    """A stray cell at the far corner of a large sheet: the write reads and writes the table only."""
    key = new_sheet(sheets, [activity(id=f"A-{i}", total=1 if i == 3 else 380) for i in range(20)], row_count=90_000)
    config = load_config(gsheet_config(tmp_path, key, sheets.url))
    source = GoogleSheetSource.from_config(config)
    checked = check(config, source)
    sheets.set_values(key, "Aktivitātes", "Z90000", [["pamests"]], value_input_option="RAW")  # meanwhile
    sheets.reset_calls()
    result = source.write(writeback_plan(config, checked))
    assert result.written == 20 and not result.skipped
    [grid_read] = [c.path for c in sheets.calls if c.kind == "spreadsheets.get"]
    span = grid_read.split("!", 1)[1].split("&", 1)[0]
    assert span == "A1:Z221", span  # the table's 21 rows and room for rows inserted meanwhile
    assert column(sheets, key, "Pārbaude")[3].startswith("Kopā (1)")
    assert sheets.values(key, "Aktivitātes")[-1][25] == "pamests"
