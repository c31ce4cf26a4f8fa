"""The local workbook end to end: `kopienas validate` with write-back on a workbook of N rows, in a
fresh process each time, against openpyxl's bare load+save of the same file (what any tool that
edits a workbook through openpyxl pays at least) — CPU time and peak memory of each process.

  * first pass: verdicts, notes and fills written into a workbook that has none yet;
  * unchanged pass: the same again on the result; nothing to change, so the file must stay as it
    is (same inode, mtime and bytes — checked, and reported);
  * calamine read: python-calamine reading the same values, when it is installed (a floor for
    reading alone).

Ratios are taken run by run (each run of kopienas against the openpyxl run beside it), then
min/median/max over the runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .synthetic import CONFIG, synthetic_sheet, write_xlsx

FIRST_TARGET, UNCHANGED_TARGET, MEMORY_TARGET_MB = 0.5, 0.25, 300

LOAD_SAVE = "import sys; from openpyxl import load_workbook; load_workbook(sys.argv[1]).save(sys.argv[2])"
CALAMINE = (
    "import sys; from python_calamine import CalamineWorkbook as W; wb = W.from_path(sys.argv[1]); "
    "[wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]"
)


@dataclass(frozen=True)
class Run:
    cpu: float  # user + system seconds of the child
    peak_mb: float


@dataclass(frozen=True)
class WorkbookResult:
    rows: int
    first: list[Run]
    unchanged: list[Run]
    load_save: list[Run]
    calamine: list[Run]  # empty when python-calamine is not installed
    untouched: bool  # every unchanged pass left the file as it was

    def ratios(self, runs: list[Run]) -> list[float]:
        return sorted(r.cpu / b.cpu for r, b in zip(runs, self.load_save, strict=True))


def _child(args: list[str], cwd: Path) -> Run:
    """The command's own CPU time and peak memory, measured by a small process between (`child`)."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH", "")]))}
    out = subprocess.run(
        [sys.executable, "-m", "bench.child", *args], cwd=cwd, env=env, capture_output=True, check=True
    )
    result = json.loads(out.stdout)
    if result["exit"] not in (0, 1):
        raise RuntimeError(f"{args[:4]} exited {result['exit']}: {result['err']}")
    return Run(result["cpu"], result["peak_mb"])


def _stamp(path: Path) -> tuple[int, int, bytes]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, path.read_bytes()


def _has_calamine() -> bool:
    return subprocess.run([sys.executable, "-c", "import python_calamine"], capture_output=True).returncode == 0


def measure(n: int, repeats: int) -> WorkbookResult:
    first, unchanged, load_save, calamine = [], [], [], []
    untouched = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "config").mkdir()
        shutil.copy(CONFIG, folder / "config" / "kopienas.toml")
        pristine = write_xlsx(synthetic_sheet(n).tabs, folder / "pristine.xlsx")
        kopienas = [sys.executable, "-m", "kopienas", "--config", str(folder / "config" / "kopienas.toml"), "validate"]
        env_today = {**os.environ, "KOPIENAS_TODAY": "2026-06-01"}
        os.environ.update(env_today)
        with_calamine = _has_calamine()
        for _ in range(repeats):
            book = folder / "aktivitates.xlsx"
            shutil.copy(pristine, book)
            first.append(_child([*kopienas, "--source", str(book)], folder))
            before = _stamp(book)
            unchanged.append(_child([*kopienas, "--source", str(book)], folder))
            untouched = untouched and _stamp(book) == before
            load_save.append(
                _child([sys.executable, "-c", LOAD_SAVE, str(pristine), str(folder / "saved.xlsx")], folder)
            )
            if with_calamine:
                calamine.append(_child([sys.executable, "-c", CALAMINE, str(pristine)], folder))
    return WorkbookResult(n, first, unchanged, load_save, calamine, untouched)


def spread(values: list[float], fmt=lambda v: f"{v:.2f}") -> str:
    values = sorted(values)
    middle = (
        values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
    )
    return f"{fmt(middle)} ({fmt(values[0])}–{fmt(values[-1])})" if len(values) > 1 else fmt(middle)
