"""The whole job against a Google Sheet — a local Sheets API emulator standing in for Google.

Starts the emulator on 127.0.0.1, loads the sample workbook into it as a spreadsheet, runs
`kopienas run --source gsheet:<id>` with KOPIENAS_SHEETS_API pointing at it, then prints the API
calls made and the verdict column as coordinators would see it. No credentials, no network.
Run: python scripts/demo_gsheets.py  (or `make demo-gsheets`)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner

from kopienas.cli import main
from tests.helpers import sheet_rows_from_workbook
from tests.sheets_emulator import SheetsEmulator


def demo() -> int:
    with SheetsEmulator() as emu, tempfile.TemporaryDirectory() as tmp:
        key = emu.create_spreadsheet(
            "Darbīgās kopienas — aktivitātes",
            sheet_rows_from_workbook(ROOT / "examples" / "aktivitates.xlsx"),
            value_input_option="RAW",
        )
        print(f"Sheets API emulator: {emu.url}   spreadsheet: gsheet:{key}\n")
        config = Path(tmp) / "kopienas.toml"
        config.write_text(
            f'[source]\nlocation = "gsheet:{key}"\n\n[output]\nfolder = "{ROOT / "out" / "gsheets"}"\n',
            encoding="utf-8",
        )
        env = {"KOPIENAS_SHEETS_API": emu.url}
        result = CliRunner().invoke(main, ["--config", str(config), "run"], env=env)
        print(result.output)
        print("API calls:", ", ".join(f"{k} × {v}" for k, v in sorted(emu.call_counts().items())))
        values = emu.values(key, "Aktivitātes")
        header = values[0]
        id_col, check_col = header.index("ID"), header.index("Pārbaude")
        print("\nThe sheet now (ID → Pārbaude):")
        for row in values[1:]:
            if len(row) > check_col and row[check_col]:
                first_line = row[check_col].splitlines()[0]
                print(f"  {row[id_col] or '—':12} {first_line[:100]}")
        print("\nTab Kopsavilkums:")
        for row in emu.values(key, "Kopsavilkums"):
            print("  " + " | ".join(str(v) for v in row))
        return 0 if result.exit_code in (0, 1) else result.exit_code


if __name__ == "__main__":
    raise SystemExit(demo())
