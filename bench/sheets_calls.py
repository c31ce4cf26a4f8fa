"""API calls per run against the local Sheets emulator: `kopienas validate` vs the usual gspread script.

Calls are what Google counts against the quota (60 read and 60 write requests per minute per
user) and what a coordinator waits for: each one is a round trip to Google. With the emulator's
`latency` set, every call costs that much extra, as it does over the internet.

The per-cell script is only measured up to a few hundred or thousand rows; beyond that its calls
grow by exactly one per row, so larger counts are extrapolated and its wall time is estimated as
calls x latency + its measured local time. Such figures are marked.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import gsheet_config, sheet_tabs
from tests.sheets_emulator import SheetsEmulator

from . import naive_gspread
from .synthetic import pinned_today, synthetic_sheet
from .timing import median

LATENCY = 0.1  # seconds added to every call: about a round trip to Google's API and its work


@dataclass(frozen=True)
class Figure:
    value: float
    kind: str = "measured"  # "measured", "extrapolated" or "estimated"


@dataclass(frozen=True)
class CallsRow:
    rows: int
    kopienas_calls: int
    kopienas_kinds: dict[str, int]
    naive_calls: Figure
    kopienas_seconds: float  # with LATENCY per call, median
    kopienas_server_seconds: float  # of which the emulator's own work (Google's, in real life)
    naive_seconds: Figure


class TimedEmulator(SheetsEmulator):
    """The emulator, also adding up the time it spends answering (its latency sleep left out)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy_seconds = 0.0

    def _app(self, method, target, raw_body):
        start = time.perf_counter()
        latency = self.latency
        try:
            return super()._app(method, target, raw_body)
        finally:
            self.busy_seconds += time.perf_counter() - start - latency


@contextlib.contextmanager
def _fresh_copy(emu: TimedEmulator, tabs: dict):
    """A new spreadsheet holding `tabs`, removed afterwards: every run is a first run (IDs to
    assign, marks to set), and old copies don't sit in memory slowing the garbage collector."""
    key = emu.create_spreadsheet("Darbīgās kopienas", tabs, value_input_option="RAW")
    try:
        yield key
    finally:
        emu.delete_spreadsheet(key)


@contextlib.contextmanager
def _latency(emu: TimedEmulator, seconds: float):
    emu.latency = seconds
    try:
        yield
    finally:
        emu.latency = 0.0


def _kopienas_once(emu: TimedEmulator, tabs: dict, folder: Path) -> tuple[int, dict[str, int], float, float]:
    """`kopienas validate` in-process (the whole job: read, check, write back, ledger); returns
    calls, calls by kind, wall seconds, and the emulator's share of them."""
    from kopienas.app.jobs.validate import validate
    from kopienas.config import load_config

    with _fresh_copy(emu, tabs) as key:
        config = load_config(gsheet_config(folder, key, emu.url))
        emu.reset_calls()
        emu.busy_seconds = 0.0
        start = time.perf_counter()
        with pinned_today(), contextlib.redirect_stdout(io.StringIO()):
            validate(config)
        seconds = time.perf_counter() - start
    assert not emu.errors, emu.errors[-1]  # a 500 from the emulator would make the figures meaningless
    counts = emu.call_counts()
    return sum(counts.values()), counts, seconds, emu.busy_seconds


def _naive_once(emu: TimedEmulator, tabs: dict) -> tuple[int, float]:
    with _fresh_copy(emu, tabs) as key:
        emu.reset_calls()
        start = time.perf_counter()
        naive_gspread.run(key, emu.url)
        seconds = time.perf_counter() - start
    return sum(emu.call_counts().values()), seconds


def measure(
    sizes: tuple[int, ...] = (10, 1_000, 10_000), naive_max: int = 1_000, repeats: int = 3, latency: float = LATENCY
) -> list[CallsRow]:
    """One row per size. `naive_max`: the largest size the per-cell script is really run at; it
    is run with latency only at the smallest size (at 1,000 rows that would be 100 s of waiting)."""
    out: list[CallsRow] = []
    naive_points: list[tuple[int, int, float]] = []  # (rows, calls, local seconds) really measured
    with TimedEmulator() as emu, tempfile.TemporaryDirectory(prefix="kopienas-bench-") as tmp:
        for n in sizes:
            tabs = sheet_tabs(synthetic_sheet(n).tabs)
            folder = Path(tmp) / str(n)

            calls, kinds, _, _ = _kopienas_once(emu, tabs, folder)
            with _latency(emu, latency):
                runs = [_kopienas_once(emu, tabs, folder) for _ in range(repeats)]
            k_seconds, k_server = median(r[2] for r in runs), median(r[3] for r in runs)

            if n > naive_max:
                naive_calls, naive_seconds = _extrapolate(naive_points, n, latency)
            else:
                n_calls, local = _naive_once(emu, tabs)
                naive_points.append((n, n_calls, local))
                naive_calls = Figure(n_calls)
                if n == min(sizes):
                    with _latency(emu, latency):
                        naive_seconds = Figure(median(_naive_once(emu, tabs)[1] for _ in range(repeats)))
                else:
                    naive_seconds = Figure(n_calls * latency + local, "estimated")
            out.append(CallsRow(n, calls, kinds, naive_calls, k_seconds, k_server, naive_seconds))
    return out


def _extrapolate(points: list[tuple[int, int, float]], n: int, latency: float) -> tuple[Figure, Figure]:
    """Calls grow by one `update_cell` per row; local time per call from the largest real run."""
    (n0, c0, _), (n1, c1, t1) = points[0], points[-1]
    per_row = (c1 - c0) / (n1 - n0) if n1 != n0 else 1.0
    calls = round(c1 + per_row * (n - n1))
    local = t1 / c1 * calls
    return Figure(calls, "extrapolated"), Figure(calls * latency + local, "estimated")
