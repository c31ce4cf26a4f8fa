"""Peak memory of read -> validate -> write plan for a large sheet, in a fresh process.

The parent writes the batchGet answer to a file; a child process decodes it, builds the Snapshot,
the typed records, the verdicts and the write plan, and reports its own peak resident set size
(VmHWM). A second child only imports the same modules, so the figure can be read as
"interpreter and libraries" plus "the data".

Run as a child: ``python -m bench.memory PAYLOAD.json`` (or ``--imports-only``).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .synthetic import ROOT, batch_get_payload, synthetic_sheet

TARGET_MB = 300


@dataclass(frozen=True)
class MemoryResult:
    rows: int
    payload_mb: float
    peak_mb: float
    imports_mb: float


def _child(args: list[str]) -> float:
    out = subprocess.run(
        [sys.executable, "-m", "bench.memory", *args], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def measure(n: int) -> MemoryResult:
    with tempfile.TemporaryDirectory(prefix="kopienas-bench-") as tmp:
        path = Path(tmp) / "batch_get.json"
        path.write_bytes(batch_get_payload(synthetic_sheet(n).tabs))
        size = path.stat().st_size / 2**20
        peak = _child([str(path)])
    return MemoryResult(n, size, peak, _child(["--imports-only"]))


def _peak_mb() -> float:
    """This process's peak resident set size. VmHWM belongs to the memory image started by exec;
    ru_maxrss would also count the parent's pages the child had between fork and exec, so a big
    parent makes a small child look big."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _main(argv: list[str]) -> None:
    from kopienas.core.reading import read_programme
    from kopienas.core.validation import validate
    from kopienas.core.writeback import plan_from_report
    from kopienas.outputs.totals_tab import totals_rows

    from .synthetic import MADE_AT, TODAY, bench_config, snapshot_from_payload

    def read(path: Path):
        # As GoogleSheetSource.read: the decoded answer lives only until the Snapshot is built.
        data = json.loads(path.read_bytes())
        return snapshot_from_payload(data, [vr["range"].split("'")[1] for vr in data["valueRanges"]])

    config = bench_config()
    if argv[0] != "--imports-only":
        # As pipeline.check: the Snapshot lives only until the records are built.
        programme = read_programme(read(Path(argv[0])), config.sheet)
        report = validate(programme, config.headers["activities"], TODAY, partner_headers=config.headers["partners"])
        owned = {config.tabs["totals"]: totals_rows(report, programme.communities, MADE_AT.replace(tzinfo=config.zone))}
        plan = plan_from_report(report, config.headers["activities"], config.tool_headers, owned_tabs=owned)
        assert len(plan.updates) == len(report.verdicts)
    print(f"{_peak_mb():.1f}")


if __name__ == "__main__":
    _main(sys.argv[1:])
