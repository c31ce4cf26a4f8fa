"""`kopienas watch` as deployed: edit → verdict in real time, and what an idle hour and an edit cost.

Latency: `kopienas watch` (its default interval) runs as a process against a workbook of a few
hundred rows and against the Sheets emulator (with `LATENCY` per call, as over the internet); a
coordinator's edit is a wrong total, and the clock runs from the edit's save (or the emulator's
answer) until the verdict is in the sheet. Edits come at random phases of the interval.

Costs: a simulated stretch (tests/support/week.py, the clock moved by time-machine, watch at its
default interval): the first hour checks the sheet, one edit follows, then idle hours.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from tests.helpers import ROOT, gsheet_config, sheet_tabs, write_config
from tests.sheets_emulator import SheetsEmulator
from tests.support.week import TAB, Event, SimulatedWeek, edit_workbook

from .sheets_calls import LATENCY
from .synthetic import synthetic_sheet, write_xlsx

TOTAL, CHECK = "Kopā", "Pārbaude"


@dataclass(frozen=True)
class Latency:
    backend: str
    rows: int
    seconds: list[float]


@dataclass(frozen=True)
class Costs:
    backend: str
    idle_hours: int
    idle_sheets: float  # per idle hour
    idle_drive: float
    idle_writes: float
    edits: int
    edit_sheets: float  # per edit (the passes and looks it brought)
    edit_writes: float
    edit_passes: float


def _watch(config: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kopienas", "--config", str(config), "watch"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"KOPIENAS_TODAY": "2026-11-21"} | (env or {}),
    )


def _wait(condition, seconds: float, step: float = 0.01) -> float:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("no verdict")
        time.sleep(step)
    return time.perf_counter()


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def _quiet(path: Path, seconds: float = 3.0) -> None:
    """Until the file has not changed for `seconds` (the first pass, and the one after its IDs)."""
    last, since = _stamp(path), time.perf_counter()
    while time.perf_counter() - since < seconds:
        time.sleep(0.1)
        if _stamp(path) != last:
            last, since = _stamp(path), time.perf_counter()


def workbook_latency(rows: int, edits: int, folder: Path) -> Latency:
    folder.mkdir(parents=True)
    book = write_xlsx(synthetic_sheet(rows).tabs, folder / "aktivitates.xlsx")
    process = _watch(write_config(folder / "cfg", book, '[mail]\ntransport = "outbox"\n'))
    rng = random.Random(7)
    seconds = []
    try:
        _wait(lambda: CHECK in [c.value for c in load_workbook(book, read_only=True)[TAB][1]], 60, 0.2)
        _quiet(book)
        for i in range(edits):
            time.sleep(rng.uniform(4.0, 8.0))  # a coordinator typing a cell every few seconds, at any phase
            edit_workbook(book, 2, TOTAL, 9000 + i)
            saved, before = time.perf_counter(), _stamp(book)
            done = _wait(lambda before=before: _stamp(book) != before, 30)  # the tool's write: a new file
            seconds.append(done - saved)
            _quiet(book, 1.5)
        sheet = load_workbook(book, read_only=True)[TAB]
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        verdict = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[header.index(CHECK)]
        assert f"({9000 + edits - 1})" in str(verdict), verdict
    finally:
        process.terminate()
        process.wait(10)
    return Latency("workbook", rows, seconds)


def google_latency(rows: int, edits: int, folder: Path) -> Latency:
    rng = random.Random(7)
    seconds = []
    with SheetsEmulator() as emu:
        key = emu.create_spreadsheet(
            "Darbīgās kopienas", sheet_tabs(synthetic_sheet(rows).tabs), value_input_option="RAW"
        )
        total = chr(ord("A") + emu.values(key, TAB)[0].index(TOTAL))
        process = _watch(gsheet_config(folder / "g", key, emu.url), {"KOPIENAS_SHEETS_API": emu.url})
        try:

            def verdict() -> str:
                values = emu.values(key, TAB)
                i = values[0].index(CHECK) if CHECK in values[0] else None
                return str(values[1][i]) if i is not None and i < len(values[1]) else ""

            _wait(lambda: verdict() != "", 60, 0.2)
            time.sleep(3)
            emu.latency = LATENCY
            for i in range(edits):
                time.sleep(rng.uniform(4.0, 8.0))
                emu.set_values(key, TAB, f"{total}2", [[9000 + i]])
                edited = time.perf_counter()
                done = _wait(lambda i=i: f"({9000 + i})" in verdict(), 30)
                seconds.append(done - edited)
        finally:
            emu.latency = 0.0
            process.terminate()
            process.wait(10)
    return Latency("Google Sheet (emulator)", rows, seconds)


def _simulated(backend: str, config: Path, edit, every: int, *, calls=None, workbook: Path | None = None) -> Costs:
    """Hour 0 checks the sheet (and catches up the mails); one edit at 1:30; hour 3 idle."""
    start = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
    events = [Event(start + timedelta(minutes=90), "an edit", edit, True)]
    result = SimulatedWeek(
        config, start, start + timedelta(hours=4), events, watch_every=every, calls=calls, workbook=workbook
    ).run()
    idle = [h for h in result.hours if start + timedelta(hours=3) <= h.start < start + timedelta(hours=4)]
    edit_hours = [h for h in result.hours if start + timedelta(hours=1) <= h.start < start + timedelta(hours=3)]
    k = max(1, len(idle))
    return Costs(
        backend,
        len(idle),
        sum(h.sheets for h in idle) / k,
        sum(h.drive for h in idle) / k,
        sum(h.writes for h in idle) / k,
        1,
        sum(h.sheets for h in edit_hours),
        sum(h.writes for h in edit_hours),
        sum(h.passes for h in edit_hours),
    )


def costs(rows: int, every: int, folder: Path) -> list[Costs]:
    folder.mkdir(parents=True)
    book = write_xlsx(synthetic_sheet(rows).tabs, folder / "sim.xlsx")
    outbox = '[mail]\ntransport = "outbox"\n'
    edit = lambda: edit_workbook(book, 2, TOTAL, 999)  # noqa: E731
    wb = _simulated("workbook", write_config(folder / "sim", book, outbox), edit, every, workbook=book)
    with SheetsEmulator() as emu:
        key = emu.create_spreadsheet(
            "Darbīgās kopienas", sheet_tabs(synthetic_sheet(rows).tabs), value_input_option="RAW"
        )
        total = chr(ord("A") + emu.values(key, TAB)[0].index(TOTAL))
        config = gsheet_config(folder / "simg", key, emu.url, outbox)
        google = _simulated(
            "Google Sheet (emulator)",
            config,
            lambda: emu.set_values(key, TAB, f"{total}2", [[999]]),
            every,
            calls=emu.call_counts,
        )
    return [wb, google]


def measure(rows: int, edits: int, every: int) -> tuple[list[Latency], list[Costs]]:
    """`every`: the simulated watch's interval (1, the default; the quick run takes 60)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        latencies = [workbook_latency(rows, edits, folder / "wb"), google_latency(rows, edits, folder / "g")]
        return latencies, costs(rows, every, folder / "sim")
