"""How the write back to a Google Sheet splits under Google's 10 MiB request limit, by sheet size.

The synthetic sheet is checked and planned as in a first run (verdicts for every row, marks on a
fifth of them), then turned into `batchUpdate` bodies exactly as `GoogleSheetSource.write` sends
them, against a grid built from the same rows (no emulator needed: the sizes are the point).
"""

from __future__ import annotations

from dataclasses import dataclass

from kopienas.adapters.sources.gsheet.batches import REQUEST_BYTES, batches, read_tab
from kopienas.core.reading import read_programme
from kopienas.core.validation import validate
from kopienas.core.writeback import locate_rows, plan_from_report

from .synthetic import TODAY, batch_get_payload, bench_config, snapshot_from_payload, synthetic_sheet

MIB = 1024 * 1024


@dataclass(frozen=True)
class WriteSize:
    rows: int
    request_bytes: tuple[int, ...]  # one per batchUpdate, in order

    @property
    def largest(self) -> int:
        return max(self.request_bytes)


def _cell(value) -> dict:
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"effectiveValue": {"boolValue": value}}
    if isinstance(value, (int, float)):
        return {"effectiveValue": {"numberValue": value}}
    return {"effectiveValue": {"stringValue": str(value)}}


def measure(n: int) -> WriteSize:
    import json

    config = bench_config()
    sheet = synthetic_sheet(n)
    titles = list(sheet.tabs)
    data = json.loads(batch_get_payload(sheet.tabs))
    programme = read_programme(snapshot_from_payload(data, titles), config.sheet)
    report = validate(programme, config.headers["activities"], TODAY, partner_headers=config.headers["partners"])
    plan = plan_from_report(report, config.headers["activities"], config.tool_headers, draft_notes={})
    rows = sheet.tabs[config.tabs["activities"]]
    grid = {
        "properties": {"sheetId": 0, "title": config.tabs["activities"], "gridProperties": {"columnCount": 26}},
        "data": [{"rowData": [{"values": [_cell(v) for v in row]} for row in rows]}],
    }
    tab = read_tab(grid, plan)
    placed, _, _ = locate_rows(plan, tab.rows())
    return WriteSize(n, tuple(len(b.body) for b in batches(tab, placed)))


def limit_mib() -> float:
    return REQUEST_BYTES / MIB
