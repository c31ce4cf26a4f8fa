"""Judge a library's "edit in place" against the write-back's byte-level test.

Each library needs its own virtual environment (paper-xlsx replaces the `openpyxl` package):

    python -m venv /tmp/v-wolfxl && /tmp/v-wolfxl/bin/pip install wolfxl lxml
    python -m venv /tmp/v-paper && /tmp/v-paper/bin/pip install paper-xlsx lxml
    /tmp/v-wolfxl/bin/python scripts/judge_xlsx_libraries.py wolfxl tests/fixtures/libreoffice.xlsm
    /tmp/v-paper/bin/python scripts/judge_xlsx_libraries.py paper-xlsx tests/fixtures/libreoffice.xlsx

The edit is the tool's: a verdict column, an assigned ID, a mark fill and a note on `K3` of the
activities tab of a fixture saved by LibreOffice. The result is diffed with `tests/xlsx_diff.py`
(every zip part, every coordinator cell) and the problems are printed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.xlsx_diff import cells, m, only_tool_changes, parts, sheet_part


def edit(library: str, path: str) -> None:
    macros = path.endswith(".xlsm")
    if library == "wolfxl":
        from wolfxl import load_workbook
        from wolfxl.comments import Comment
        from wolfxl.styles import PatternFill

        wb = load_workbook(path, modify=True, keep_vba=macros)
    else:  # paper-xlsx keeps openpyxl's import name; preserve mode is its default for existing files
        from openpyxl import load_workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        wb = load_workbook(path, keep_vba=macros)
    ws = wb["Aktivitātes"]
    ws["T1"], ws["T2"], ws["T3"], ws["A4"] = "Pārbaude", "Labi", "Kopā (381) nesakrīt", "PRE-2020-01"
    ws["K3"].fill = PatternFill("solid", fgColor="FFFCE4E4")
    ws["K3"].comment = Comment("Kopā (381) nesakrīt", "kopienas")
    wb.save(path)


def main() -> None:
    library, fixture = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / Path(fixture).name)
        shutil.copy(fixture, out)
        try:
            edit(library, out)
        except Exception as e:  # the library's refusal is a result too
            print(f"{library}: refused: {type(e).__name__}: {e}")
            return
        before, after = parts(Path(fixture)), parts(Path(out))
    report = only_tool_changes(before, after, "Aktivitātes", {"T"})
    sheet = cells(after[sheet_part(after, "Aktivitātes")])
    print(f"{library}: {len(report.problems)} problems; C2 cached value {sheet['C2'].findtext(m('v'))!r}")
    for problem in report.problems[:15]:
        print("  ", problem[:200])


if __name__ == "__main__":
    main()
