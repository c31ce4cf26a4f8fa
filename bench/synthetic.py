"""Synthetic activity sheets shaped like the sample workbook, at any size.

Every valid row of `examples/aktivitates.xlsx` is a template: it is repeated with its own ID
(`<code>-<year>-<nn>`, numbered per community and year as coordinators do), a random date and
random head counts. About a fifth of the rows get one of the mistakes the sample itself shows
(wrong total, unknown community, impossible date, ...), and about 5 % are marked for the press.
The other tabs (communities, institutions, partners) are the sample's own.

A seeded random generator makes every size the same sheet on every run.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from kopienas.config import Config, load_config
from kopienas.core import contract
from kopienas.core.cells import date_to_serial, parse_date
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.reading import read_programme
from kopienas.core.validation import validate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "aktivitates.xlsx"
CONFIG = ROOT / "config" / "kopienas.toml"
# "Today" is pinned so that the same rows give the same verdicts whenever the bench runs.
TODAY = date(2026, 6, 1)
MADE_AT = datetime(2026, 6, 1, 9, 30)

FIELDS = [c.field for c in contract.ACTIVITIES.columns if not c.optional]
MISTAKE_SHARE = 0.20
PRESS_SHARE = 0.05

Rows = list[list[Any]]


@contextlib.contextmanager
def pinned_today(day: date = TODAY):
    """`KOPIENAS_TODAY` set for the jobs run in-process, restored afterwards."""
    old = os.environ.get("KOPIENAS_TODAY")
    os.environ["KOPIENAS_TODAY"] = day.isoformat()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KOPIENAS_TODAY", None)
        else:
            os.environ["KOPIENAS_TODAY"] = old


def bench_config() -> Config:
    """The project's own settings (tab and header names), whatever the current folder."""
    return load_config(CONFIG)


@lru_cache(maxsize=1)
def sample_tabs() -> dict[str, Rows]:
    from openpyxl import load_workbook

    wb = load_workbook(SAMPLE, read_only=True, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


@lru_cache(maxsize=1)
def templates() -> tuple[dict[str, Any], ...]:
    """The sample's activity rows that pass every rule, by contract field."""
    config = bench_config()
    tabs = sample_tabs()
    snapshot = Snapshot({t: table_from_rows(t, rows) for t, rows in tabs.items()})
    programme = read_programme(snapshot, config.sheet)
    report = validate(programme, config.headers["activities"], TODAY, partner_headers=config.headers["partners"])
    ok_rows = {v.row for v in report.verdicts if v.ok}
    header = tabs[config.tabs["activities"]][0]
    by_header = {h: i for i, h in enumerate(header)}
    out = []
    for number, row in enumerate(tabs[config.tabs["activities"]][1:], start=2):
        if number in ok_rows:
            out.append({f: row[by_header[config.headers["activities"][f]]] for f in FIELDS})
    return tuple(out)


def _community_codes() -> dict[str, str]:
    """Community code by code or name, as typed in the `Kopiena` column ("DGP", "Daugavpils")."""
    codes = {}
    for code, name, *_ in sample_tabs()["Kopienas"][1:]:
        if code:
            codes[str(code).casefold()] = codes[str(name or code).casefold()] = str(code)
    return codes


# --- mistakes as coordinators make them (each one is in the sample) ----------------------------
# Each changes a row (a dict by contract field) in place; `prev_id` is the ID of the row above.


def _total_off(r, prev_id):
    r["total"] = (r["children"] or 0) + (r["adults"] or 0) + 1


def _unknown_institution(r, prev_id):
    r["institutions"] = f"{r['institutions'] or ''}; 27.PII".lstrip("; ")


def _short_phone(r, prev_id):
    r["phone"] = "2682559"


def _misspelt_community(r, prev_id):
    r["community"] = "Aglna"


def _end_before_start(r, prev_id):
    r["end"] = datetime.combine(parse_date(r["start"]), datetime.min.time()) - timedelta(days=2)


def _no_domain_email(r, prev_id):
    r["email"] = "inga.kalnina@example"


def _www_link(r, prev_id):
    r["links"] = "www.facebook.com/kopienas"


def _impossible_date(r, prev_id):
    r["start"], r["end"] = "31.02.2021", None


def _count_in_words(r, prev_id):
    r["children"] = "divdesmit"


def _unclear_press_flag(r, prev_id):
    r["press_release"] = "Varbūt"


def _copied_id(r, prev_id):
    if prev_id:
        r["id"] = prev_id


def _held_in_future(r, prev_id):
    r["start"], r["end"], r["status"] = datetime(TODAY.year + 1, 5, 15), None, "Notikusi"


def _no_id(r, prev_id):
    r["id"] = None  # the tool assigns one and writes it back


MISTAKES = (
    _total_off,
    _unknown_institution,
    _short_phone,
    _misspelt_community,
    _end_before_start,
    _no_domain_email,
    _www_link,
    _impossible_date,
    _count_in_words,
    _unclear_press_flag,
    _copied_id,
    _held_in_future,
    _no_id,
)


def _varied(template: dict[str, Any], rng: random.Random) -> tuple[dict[str, Any], int]:
    """A copy of a template row with its own date and head counts; also the start year, for the ID."""
    r = dict(template)
    start = datetime(2020, 1, 1) + timedelta(days=rng.randrange(0, 6 * 365))
    span = None
    if isinstance(template["end"], (datetime, str)) and template["end"]:
        span = rng.randrange(0, 20)
    end = start + timedelta(days=span) if span is not None else None
    # Dates keep the template's form: a date cell, or text typed as 24.09.2020 / 2020-09-24.
    if isinstance(template["start"], str):
        fmt = "%Y-%m-%d" if "-" in template["start"] else "%d.%m.%Y"
        r["start"], r["end"] = start.strftime(fmt), end.strftime(fmt) if end else None
    else:
        r["start"], r["end"] = start, end
    if template["children"] is not None or template["adults"] is not None:
        r["children"] = max(0, int((template["children"] or 0) * rng.uniform(0.5, 1.5)))
        r["adults"] = max(0, int((template["adults"] or 0) * rng.uniform(0.5, 1.5)))
        r["total"] = r["children"] + r["adults"] if template["total"] is not None else None
    r["status"] = "Notikusi" if start.date() <= TODAY else "Plānota"
    if rng.random() < 0.02:
        r["status"] = "Atcelta"
    r["press_release"] = rng.choice(("Jā", True)) if rng.random() < PRESS_SHARE else "Nē"
    return r, start.year


@dataclass(frozen=True)
class SyntheticSheet:
    tabs: dict[str, Rows]  # tab title -> rows, headers first; Python values as a workbook holds them
    rows: int
    with_mistakes: int
    marked_for_press: int


def synthetic_sheet(n: int, seed: int = 2020) -> SyntheticSheet:
    rng = random.Random(seed)
    config = bench_config()
    codes = _community_codes()
    pool = templates()
    numbers: dict[tuple[str, int], int] = {}
    rows: Rows = []
    mistakes = press = 0
    prev_id = ""
    for i in range(n):
        r, year = _varied(pool[i % len(pool)], rng)
        code = codes.get(str(r["community"]).casefold(), "X")
        numbers[(code, year)] = numbers.get((code, year), 0) + 1
        r["id"] = f"{code}-{year}-{numbers[(code, year)]:02d}"
        if rng.random() < MISTAKE_SHARE:
            rng.choice(MISTAKES)(r, prev_id)
            mistakes += 1
        press += r["press_release"] in ("Jā", True)
        prev_id = r["id"] or prev_id
        rows.append([r[f] for f in FIELDS])
    headers = [config.headers["activities"][f] for f in FIELDS]
    tabs = {title: rows_ for title, rows_ in sample_tabs().items()}
    tabs[config.tabs["activities"]] = [headers, *rows]
    return SyntheticSheet(tabs, n, mistakes, press)


# --- the same sheet as each source sees it -----------------------------------------------------


def _api_value(v: Any) -> Any:
    """A cell as values:batchGet returns it (UNFORMATTED_VALUE, dates as SERIAL_NUMBER)."""
    if v is None:
        return ""
    if isinstance(v, datetime):
        return date_to_serial(v.date())
    if isinstance(v, date):
        return date_to_serial(v)
    return v


def _api_row(row: list[Any]) -> list[Any]:
    out = [_api_value(v) for v in row]
    while out and out[-1] == "":
        out.pop()  # the API leaves out trailing empty cells
    return out


def batch_get_payload(tabs: dict[str, Rows]) -> bytes:
    """The body of a values:batchGet answer for every tab."""
    body = {
        "spreadsheetId": "bench",
        "valueRanges": [
            {"range": f"'{t}'!A1:Z{len(rows)}", "majorDimension": "ROWS", "values": [_api_row(r) for r in rows]}
            for t, rows in tabs.items()
        ],
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def snapshot_from_payload(data: dict[str, Any], titles: list[str]) -> Snapshot:
    """What GoogleSheetSource.read builds from the decoded answer (the same function)."""
    from kopienas.adapters.sources.gsheet.source import snapshot_from_batch_get

    return snapshot_from_batch_get(titles, data, "gsheet:bench")


def write_xlsx(tabs: dict[str, Rows], path: Path) -> Path:
    """The sheet as a workbook (write-only mode: streaming, so 100,000 rows fit in little memory)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path
