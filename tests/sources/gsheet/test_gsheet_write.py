"""Writing to a Google Sheet within Google's limits, and onto the right rows whatever happens meanwhile."""

from __future__ import annotations

import pytest

from kopienas.adapters.sources import SourceError
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


def test_a_write_that_stops_between_batches_leaves_every_row_whole_and_says_how_many(sheets, tmp_path):
    rows = [activity(id=f"A-{i}", total=1 if i % 2 else 380) for i in range(6)]
    key = new_sheet(sheets, rows)
    config = load_config(gsheet_config(tmp_path, key, sheets.url))  # retry_seconds = 0: no second try
    source = GoogleSheetSource.from_config(config)
    source.batch_bytes = 1  # a batch per row
    checked = check(config, source)
    sheets.fail_next(50, 503, kind="spreadsheets.batchUpdate", after=2)
    with pytest.raises(SourceError, match="ierakstītas 2 no 6 rindu") as stopped:
        source.write(writeback_plan(config, checked))
    assert stopped.value.exit_code == 3
    checks = column(sheets, key, "Pārbaude")
    assert checks[:2] == ["Labi", checked.report.verdicts[1].check_text()] and not any(checks[2:])
    header = sheets.values(key, "Aktivitātes")[0]
    notes = sheets.notes(key, "Aktivitātes")
    assert [r for (r, c) in notes if r > 1] == [3]  # the second row's mark came with its verdict; no other
    assert (3, header.index("Kopā") + 1) in notes
