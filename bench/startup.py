"""Start-up: wall time of `kopienas --help` in a fresh process, what cron pays on every run
before any work starts."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .timing import median, timed

TARGET_SECONDS = 0.3
KOPIENAS = Path(sys.executable).with_name("kopienas")  # the console script installed next to python


@dataclass(frozen=True)
class StartupResult:
    runs: int
    seconds: float  # median
    slowest_imports: list[tuple[str, float]]  # (module, cumulative seconds); filled when over target


def _help() -> None:
    subprocess.run([str(KOPIENAS), "--help"], check=True, stdout=subprocess.DEVNULL)


def slowest_imports(top: int = 5) -> list[tuple[str, float]]:
    """Modules imported by `kopienas --help`, by cumulative import time (python -X importtime)."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", str(KOPIENAS), "--help"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ).stderr
    found = []
    for line in out.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        found.append((name.strip(), int(cumulative) / 1e6))
    return sorted(found, key=lambda f: -f[1])[:top]


def measure(runs: int = 10) -> StartupResult:
    _help()  # warm-up: the first run fills the OS file cache and writes .pyc files
    seconds = median(timed(_help)[0] for _ in range(runs))
    return StartupResult(runs, seconds, slowest_imports() if seconds > TARGET_SECONDS else [])
