"""Throughput of the core (reading records, the rules, the write plan; drafts apart) against the
floor of merely parsing the same values.

The core starts from the decoded batchGet answer, exactly what GoogleSheetSource.read has in hand
after its HTTP call, so no network or emulator time is in these figures. Two floors:
  * JSON: `json.loads` of that answer (what any Google client pays before doing anything);
  * xlsx: openpyxl in read-only mode over a workbook of the same rows (what the workbook source
    pays before doing anything).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kopienas.config import Config
from kopienas.core import contract
from kopienas.core.models import Programme
from kopienas.core.reading import read_programme
from kopienas.core.validation import ValidationReport, validate
from kopienas.core.writeback import plan_from_report
from kopienas.outputs.drafts import render_draft
from kopienas.outputs.totals_tab import totals_rows

from .synthetic import (
    MADE_AT,
    TODAY,
    batch_get_payload,
    bench_config,
    snapshot_from_payload,
    synthetic_sheet,
    write_xlsx,
)
from .timing import median, median_time, timed

STAGES = ("reading", "validation", "write plan")


@dataclass(frozen=True)
class CoreResult:
    rows: int
    json_seconds: float  # floor: json.loads of the batchGet answer
    stage_seconds: dict[str, float]  # median per core stage
    drafts: int
    draft_seconds: float
    xlsx_seconds: float | None  # floor: openpyxl read-only over the same rows; None when skipped

    @property
    def core_seconds(self) -> float:
        return sum(self.stage_seconds.values())

    @property
    def slowest_stage(self) -> str:
        return max(self.stage_seconds, key=self.stage_seconds.__getitem__)


def _run_core(data: dict, titles: list[str], config: Config) -> tuple[dict[str, float], Programme, ValidationReport]:
    seconds = {}
    seconds["reading"], programme = timed(lambda: read_programme(snapshot_from_payload(data, titles), config.sheet))
    seconds["validation"], report = timed(
        lambda: validate(programme, config.headers["activities"], TODAY, partner_headers=config.headers["partners"])
    )
    made_at = MADE_AT.replace(tzinfo=config.zone)

    def plan():
        owned = {config.tabs["totals"]: totals_rows(report, programme.communities, made_at)}
        return plan_from_report(report, config.headers["activities"], config.tool_headers, owned_tabs=owned)

    seconds["write plan"], _ = timed(plan)
    return seconds, programme, report


def _draft_rows(report: ValidationReport):
    """The rows the drafts job makes drafts for: valid, marked for the press, not cancelled."""
    ok_rows = {v.row for v in report.verdicts if v.ok}
    return [
        a for a in report.activities if a.press_release and a.row in ok_rows and a.status != contract.STATUS_CANCELLED
    ]


def _render_all(activities, programme: Programme, made_at: datetime) -> None:
    for a in activities:
        render_draft(a, programme, made_at=made_at)


def _xlsx_read(path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
    finally:
        wb.close()


def measure(n: int, repeats: int = 3, *, xlsx: bool = True) -> CoreResult:
    config = bench_config()
    sheet = synthetic_sheet(n)
    payload = batch_get_payload(sheet.tabs)
    titles = list(sheet.tabs)

    json_seconds = median_time(lambda: json.loads(payload), repeats)
    data = json.loads(payload)
    timings = []
    for _ in range(repeats):
        # Only the last run's records are kept: three copies of 100,000 rows would make the
        # garbage collector (and so every later run) slower than the job ever is.
        seconds, programme, report = _run_core(data, titles, config)
        timings.append(seconds)
    stage_seconds = {s: median(t[s] for t in timings) for s in STAGES}

    made_at = MADE_AT.replace(tzinfo=config.zone)
    marked = _draft_rows(report)
    draft_seconds = median_time(lambda: _render_all(marked, programme, made_at), repeats)

    xlsx_seconds = None
    if xlsx:
        with tempfile.TemporaryDirectory(prefix="kopienas-bench-") as tmp:
            path = write_xlsx(sheet.tabs, Path(tmp) / "aktivitates.xlsx")
            xlsx_seconds = median_time(lambda: _xlsx_read(path), repeats, warmup=False)
    return CoreResult(n, json_seconds, stage_seconds, len(marked), draft_seconds, xlsx_seconds)


def warm_up() -> None:
    """Compile templates and fill caches once, as any run of the job does on its first rows."""
    measure(200, repeats=1, xlsx=False)
