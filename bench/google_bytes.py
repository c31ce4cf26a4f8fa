"""Bytes up and down for one steady-state `kopienas validate` on a Google Sheet (the emulator): the
sheet already carries every verdict, note and colour from an earlier pass, so nothing is to change.
Compared with the size of the values themselves (the `values:batchGet` answer)."""

from __future__ import annotations

import contextlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import gsheet_config, sheet_tabs
from tests.sheets_emulator import SheetsEmulator

from .synthetic import pinned_today, synthetic_sheet

UP_TARGET_KB, DOWN_TARGET_RATIO = 100, 1.2
# The first pass at 50,000 rows reads and writes the whole grid: an in-process emulator on a busy
# machine answers those calls in minutes, not the seconds Google takes (and the default deadline allows).
CALL_SECONDS = 900


_WRITES = ("batchUpdate", ".update", ".append", ".clear", ".batchClear")


@dataclass(frozen=True)
class BytesRun:
    up: int  # every request body: the writes' and the reads' (a getByDataFilter's ranges)
    down: int
    values: int  # the values:batchGet answer alone
    calls: dict[str, int]
    written: int = 0  # the writes' request bodies alone


@dataclass(frozen=True)
class GoogleBytes:
    rows: int
    runs: list[BytesRun]


def _validate(emu: SheetsEmulator, config) -> None:
    from kopienas.app.jobs.validate import validate

    with pinned_today(), contextlib.redirect_stdout(io.StringIO()):
        validate(config)
    assert not emu.errors, emu.errors[-1]


def _patient(path: Path) -> Path:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[source]\n", f"[source]\ncall_seconds = {CALL_SECONDS}\n", 1), encoding="utf-8")
    return path


def measure(n: int, repeats: int) -> GoogleBytes:
    from kopienas.config import load_config

    runs = []
    with SheetsEmulator() as emu, tempfile.TemporaryDirectory(prefix="kopienas-bench-") as tmp:
        key = emu.create_spreadsheet("Darbīgās kopienas", sheet_tabs(synthetic_sheet(n).tabs), value_input_option="RAW")
        config = load_config(_patient(gsheet_config(Path(tmp), key, emu.url)))
        _validate(emu, config)  # the first pass: verdicts, IDs, notes and colours
        _validate(emu, config)  # settles what the first pass changed (IDs it assigned, rows it re-checked)
        for _ in range(repeats):
            emu.reset_calls()
            _validate(emu, config)
            values = sum(b for c, b in zip(emu.calls, emu.response_bytes, strict=True) if c.kind == "values.batchGet")
            written = sum(b for c, b in zip(emu.calls, emu.request_bytes, strict=True) if c.kind.endswith(_WRITES))
            runs.append(BytesRun(sum(emu.request_bytes), sum(emu.response_bytes), values, emu.call_counts(), written))
    return GoogleBytes(n, runs)
