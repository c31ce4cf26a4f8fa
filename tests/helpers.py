"""Small builders shared by the tests: workbooks, configs and rows from plain values."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from kopienas.core import contract
from kopienas.core.contract import SheetLayout
from kopienas.core.models import Programme, Snapshot, table_from_rows
from kopienas.core.reading import read_programme

# The project folder, and the sample workbook `make run` uses.
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "aktivitates.xlsx"

ACTIVITY_HEADERS = [c.header for c in contract.ACTIVITIES.columns if not c.optional]

COMMUNITIES = [
    ["Kods", "Nosaukums", "Resursu centrs", "Koordinators", "E-pasts"],
    [
        "DGP",
        "Daugavpils",
        "Daugavpils Kopienas resursu centrs, Smilšu iela 92",
        "Arvita Jukša",
        "arvita.juksa@inbox.lv",
    ],
    ["PRE", "Preiļi", "Preiļu novada Kopienas resursu centrs", "Anita Džeriņa", "anita@example.com"],
]
INSTITUTIONS = [
    ["Saīsinājums", "Pilns nosaukums", "Kopiena"],
    ["26.PII", "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde", "DGP"],
    ["11.psk", "Daugavpils 11. pamatskola", "DGP"],
]
PARTNERS = [
    ["Nosaukums", "E-pasts", "Kopienas", "Valoda", "Aktīvs"],
    ["Izglītības pārvalde", "parvalde@example.com", "DGP", "lv", "Jā"],
]


def activity(**overrides: Any) -> dict[str, Any]:
    """A valid activity row by contract field; override any field."""
    row = {
        "id": "DGP-2020-07",
        "title": "Rudens talka",
        "community": "DGP",
        "start": datetime(2020, 9, 24),
        "end": datetime(2020, 9, 27),
        "place": "Gubiščes ezera krasts",
        "description": "Aktīvisti sakopa parkus.",
        "institutions": "26.PII; 11.psk",
        "children": 332,
        "adults": 48,
        "total": 380,
        "coordinator": "Arvita Jukša",
        "phone": "26825598",
        "email": "arvita.juksa@inbox.lv",
        "links": "https://youtu.be/WzLscVGTHj4",
        "status": "Notikusi",
        "press_release": "Jā",
    }
    row.update(overrides)
    return row


def activity_rows(*rows: dict[str, Any], headers: list[str] | None = None) -> list[list[Any]]:
    fields = [c.field for c in contract.ACTIVITIES.columns if not c.optional]
    return [list(headers or ACTIVITY_HEADERS)] + [[r.get(f) for f in fields] for r in rows]


def make_workbook(path: Path, tabs: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def standard_tabs(*rows: dict[str, Any]) -> dict[str, list[list[Any]]]:
    return {
        "Aktivitātes": activity_rows(*rows),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }


def programme_of(tabs: dict[str, list[list[Any]]], sheet: SheetLayout) -> Programme:
    """The programme read from tabs of plain rows, as the pipeline reads a source's snapshot."""
    return read_programme(Snapshot({title: table_from_rows(title, rows) for title, rows in tabs.items()}), sheet)


def write_config(folder: Path, source: Path | str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kopienas.toml"
    path.write_text(
        f'[source]\nlocation = "{source}"\n\n[output]\nfolder = "{folder / "out"}"\n'
        f'\n[ledger]\npath = "{folder / "out" / "ledger.sqlite"}"\n' + extra,
        encoding="utf-8",
    )
    return path


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def sheet_rows_from_workbook(path: Path) -> dict[str, list[list[Any]]]:
    """A workbook's tabs as rows for the Sheets emulator: text stays text (RAW), dates become
    date cells (serial numbers with a date format), as in a Google Sheet coordinators fill in."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    return sheet_tabs({ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets})


def sheet_tabs(tabs: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """Rows with Python dates -> rows for the emulator, with dates as Google date cells."""
    from kopienas.core.cells import date_to_serial

    def cell(v: Any) -> Any:
        if isinstance(v, (datetime, date)):
            day = v.date() if isinstance(v, datetime) else v
            return {"value": date_to_serial(day), "format": {"numberFormat": {"type": "DATE", "pattern": "dd.mm.yyyy"}}}
        return v

    return {title: [[cell(v) for v in row] for row in rows] for title, rows in tabs.items()}


def google_sheet(sheets, rows: list[list[Any]], **extra_tabs: list[list[Any]]) -> str:
    """A spreadsheet in the emulator with `rows` as `Aktivitātes` beside the standard tabs (and
    `extra_tabs`), typed in as they are; its id."""
    tabs = {"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS, **extra_tabs}
    return sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW")


def google_pass(config):
    """One pass on the Google Sheet of `config`: read, checked, and its plan written (a WriteResult)."""
    from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
    from kopienas.app.pipeline import check, writeback_plan

    source = GoogleSheetSource.from_config(config)
    return source.write(writeback_plan(config, check(config, source)))


def with_ledger(config):
    """`config` with its ledger made, as a run opens it before it reads the sheet (a Google Sheet's
    tabs are kept there between passes)."""
    from kopienas.adapters.ledger import Ledger

    config.ledger.parent.mkdir(parents=True, exist_ok=True)
    Ledger(config.ledger).close()
    return config


def gsheet_config(folder: Path, spreadsheet_id: str, api_url: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kopienas.toml"
    path.write_text(
        f'[source]\nlocation = "gsheet:{spreadsheet_id}"\napi_url = "{api_url}"\nretry_seconds = 0\n\n'
        f'[output]\nfolder = "{folder / "out"}"\n' + extra,
        encoding="utf-8",
    )
    return path
