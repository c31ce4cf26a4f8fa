"""An in-memory Google Sheets API v4 (plus the Drive v3 calls gspread makes), served over HTTP.

    from google.auth.credentials import AnonymousCredentials
    from kopienas.sources.sheets_http import sheets_session

    with SheetsEmulator() as emu:
        sid = emu.create_spreadsheet("Kopienas", {"Aktivitātes": [["Datums", "Nosaukums"]]})
        credentials = AnonymousCredentials()
        gc = gspread.Client(auth=credentials, session=sheets_session(credentials, emu.url))
        gc.open_by_key(sid).sheet1.get_all_values()

Test helpers (seeding, inspecting, faults, call counts) are on `SheetsEmulator`, see emulator.py.
tests/emulator/test_sheets_emulator_conformance.py replays recorded Google traffic against it.

Not emulated: formulas beyond arithmetic, comparisons, & and a few functions (SUM, MIN, MAX,
AVERAGE, COUNT, COUNTA, IF, AND, OR, NOT, ROUND, LEN, UPPER, LOWER, CONCATENATE; others read
back as their own text); references to other sheets; named ranges; filters, charts, banding,
conditional formats and the other batchUpdate kinds listed in schema.NOT_EMULATED (answered
with 501); currency input ("$5"); locales other than en_US; permissions, comments and file
uploads in Drive; protection is recorded but not enforced; data validation rules are checked the
way Google checks them (validation_rules.py) but values typed in are not held against them.
"""

from .emulator import Call, SheetsEmulator

__all__ = ["Call", "SheetsEmulator"]
