"""The usual gspread script, as tutorials write it: the comparison for `kopienas validate`.

Open the spreadsheet, read every tab with `get_all_records()`, check each row, and write each
verdict with `update_cell` — one HTTP call per row. Only the client is pointed at the local
emulator; everything else is what such a script looks like.
"""

from __future__ import annotations

import gspread
from google.auth.credentials import AnonymousCredentials

from kopienas.adapters.sources.gsheet.http import sheets_session

CHECK_HEADER = "Pārbaude"


def verdict(record: dict) -> str:
    problems = []
    for column in ("Nosaukums", "Kopiena", "Sākums"):
        if record.get(column) in ("", None):
            problems.append(f"{column}: tukšs")
    counts = [record.get(c) for c in ("Bērni un jaunieši", "Pieaugušie", "Kopā")]
    if all(isinstance(c, (int, float)) for c in counts) and counts[0] + counts[1] != counts[2]:
        problems.append("Kopā nesakrīt ar summu")
    return "\n".join(problems) or "Labi"


def run(spreadsheet_key: str, api_url: str, activities_tab: str = "Aktivitātes") -> int:
    """Check and mark every activity row; returns how many rows were written."""
    credentials = AnonymousCredentials()
    gc = gspread.Client(auth=credentials, session=sheets_session(credentials, api_url))
    spreadsheet = gc.open_by_key(spreadsheet_key)
    worksheets = {ws.title: ws for ws in spreadsheet.worksheets()}
    records = {title: ws.get_all_records() for title, ws in worksheets.items()}

    ws = worksheets[activities_tab]
    header = list(records[activities_tab][0]) if records[activities_tab] else []
    if CHECK_HEADER in header:
        check_col = header.index(CHECK_HEADER) + 1
    else:
        check_col = len(header) + 1
        ws.update_cell(1, check_col, CHECK_HEADER)
    for row, record in enumerate(records[activities_tab], start=2):
        ws.update_cell(row, check_col, verdict(record))
    return len(records[activities_tab])
