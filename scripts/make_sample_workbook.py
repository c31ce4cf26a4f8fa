"""Builds examples/aktivitates.xlsx, the sample coordinators' workbook, from `kopienas.sample_data`
(the same rows `kopienas init --example` puts into an empty spreadsheet).

Run: python scripts/make_sample_workbook.py [PATH]
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kopienas.core import contract, sample_data


def _sheet(wb: Workbook, spec: contract.TabSpec, rows: list, widths: dict[str, int] | None = None):
    ws = wb.create_sheet(spec.title)
    # The columns `kopienas init` makes: optional ones are left for a sheet that needs them.
    ws.append([c.header for c in spec.columns if not c.optional])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append(list(row) if row else [])
    for i, col in enumerate([c for c in spec.columns if not c.optional], start=1):
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(col.field, 16)
    return ws


def build(path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    ws = _sheet(
        wb,
        contract.ACTIVITIES,
        sample_data.activity_rows(),
        {
            "id": 13,
            "title": 40,
            "place": 30,
            "description": 50,
            "institutions": 24,
            "coordinator": 18,
            "email": 24,
            "links": 30,
            "start": 12,
            "end": 12,
        },
    )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD.MM.YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _sheet(wb, contract.COMMUNITIES, sample_data.COMMUNITIES, {"resource_centre": 60, "coordinator": 18, "email": 28})
    _sheet(wb, contract.INSTITUTIONS, sample_data.INSTITUTIONS, {"abbreviation": 18, "full_name": 70})
    _sheet(wb, contract.PARTNERS, sample_data.PARTNERS, {"name": 44, "emails": 48, "communities": 16})
    # Fixed metadata so rebuilding gives the same file content.
    wb.properties.creator = "Darbīgās kopienas"
    wb.properties.created = wb.properties.modified = datetime(2026, 1, 1)
    wb.properties.language = "lv-LV"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "aktivitates.xlsx"
    build(target)
    print(f"wrote {target}")
