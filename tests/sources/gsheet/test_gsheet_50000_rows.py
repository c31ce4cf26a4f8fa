"""A 50,000-row Google Sheet: every verdict in at most fourteen calls, each request about 2 MB at most.

The heaviest test of the suite (a minute on a busy machine): 50,000 rows go through the emulator
twice (read and write), so it has a file of its own.
"""

from __future__ import annotations

import pytest

from kopienas.adapters.sources.gsheet.decor import color_token
from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
from kopienas.app.pipeline import check, writeback_plan
from kopienas.config import load_config
from kopienas.core.ownership import MARK_FILL, TAG
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, gsheet_config, sheet_tabs

MIB = 1024 * 1024


@pytest.mark.slow
def test_50000_rows_a_fifth_broken_get_every_verdict_in_few_calls_each_about_2_mb_at_most(sheets, tmp_path):
    n = 50_000
    broken = {"total": 1, "phone": "1", "email": "nav adrese"}  # three problems: a long verdict, three marks
    rows = [
        activity(id="" if i % 2 else f"DGP-2020-{i:05d}", title=f"Talka {i}", **(broken if i % 5 == 0 else {}))
        for i in range(n)
    ]
    tabs = {
        "Aktivitātes": activity_rows(*rows),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    key = sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW", row_count=n + 1)
    config = load_config(gsheet_config(tmp_path, key, sheets.url))
    source = GoogleSheetSource.from_config(config)
    source.client.http_client.set_timeout(600)  # the emulator is slower than Google with big grids
    sheets.reset_calls()

    checked = check(config, source)
    result = source.write(writeback_plan(config, checked))

    assert result.written == n and not result.skipped
    kinds = [c.kind for c in sheets.calls]
    assert len(kinds) <= 14, sheets.call_counts()
    assert kinds.count("spreadsheets.batchUpdate") >= 4  # one request would be over Google's limit
    # Google recommends payloads of about 2 MB ("Sheets API usage limits"); its hard limit is 10 MiB.
    assert max(sheets.request_bytes) <= 2_000_000, [round(b / MIB, 2) for b in sheets.request_bytes]
    values = sheets.values(key, "Aktivitātes")
    header = values[0]
    checks = [row[header.index("Pārbaude")] for row in values[1:]]
    assert len(checks) == n
    assert all(c.startswith("Kopā (1) nesakrīt") for c in checks[::5])
    assert sum(c == "Labi" for c in checks) == n - n // 5
    ids = [row[header.index("ID")] for row in values[1:]]
    assert all(ids) and len(set(ids)) == n  # every row without an ID got its own
    total_col = header.index("Kopā") + 1
    notes = sheets.notes(key, "Aktivitātes")
    marked = {r for (r, c), note in notes.items() if c == total_col and note.startswith(TAG + " Kopā (1)")}
    assert marked == {i + 2 for i in range(0, n, 5)}
    assert sum(note.startswith(TAG) for note in notes.values()) == 3 * (n // 5) + 1  # and the column's marker
    fills = sheets.background(key, "Aktivitātes")
    assert {r for (r, c), f in fills.items() if color_token(f) == MARK_FILL} == {i + 2 for i in range(0, n, 5)}
    assert sum(color_token(f) == MARK_FILL for f in fills.values()) == 3 * (n // 5)
