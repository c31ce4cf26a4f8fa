"""`python -m bench`: run every benchmark and print one table.

python -m bench                  # the full run, a few minutes on two cores
python -m bench --quick          # tiny sizes, a few seconds (what the smoke test runs)
python -m bench --markdown FILE  # also write the table as Markdown
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from . import core, google_bytes, mail, memory, report, sheets_calls, startup, workbook, write_size


@dataclass(frozen=True)
class Sizes:
    calls: tuple[int, ...]  # rows in the Google Sheet
    writes: tuple[int, ...]  # rows of the sheets whose write is split under Google's 10 MiB limit
    naive_max: int  # the largest of those the per-cell gspread script really runs at
    core: tuple[int, ...]
    xlsx: tuple[int, ...]  # core sizes also read from an .xlsx for the floor
    memory: int
    mails: int
    startup_runs: int
    repeats: int
    workbooks: tuple[int, ...] = ()  # local workbook end to end, in fresh processes
    google_bytes: int = 0  # rows of the Google sheet for bytes per steady-state pass


FULL = Sizes(
    calls=(10, 1_000, 10_000),
    writes=(10_000, 50_000, 100_000),
    naive_max=1_000,
    core=(10_000, 100_000),
    xlsx=(10_000, 100_000),
    memory=100_000,
    mails=200,
    startup_runs=10,
    repeats=3,
    workbooks=(10_000, 50_000),
    google_bytes=50_000,
)
QUICK = Sizes(
    calls=(10, 40),
    writes=(100,),
    naive_max=10,
    core=(100, 300),
    xlsx=(100,),
    memory=300,
    mails=4,
    startup_runs=2,
    repeats=1,
    workbooks=(200,),
    google_bytes=100,
)


def run(sizes: Sizes, progress=lambda text: None, only: str = "") -> tuple[list[report.Row], list[str]]:
    if only == "passes":  # the local workbook and Google's bytes only
        return pass_rows(sizes, progress), []
    progress(f"API calls against the Sheets emulator: {sizes.calls} rows")
    calls = sheets_calls.measure(sizes.calls, naive_max=sizes.naive_max, repeats=sizes.repeats)

    progress(f"write requests under Google's 10 MiB limit: {sizes.writes} rows")
    writes = [write_size.measure(n) for n in sizes.writes]

    core.warm_up()
    core_results = []
    for n in sizes.core:
        progress(f"core throughput: {n:,} rows")
        core_results.append(core.measure(n, sizes.repeats, xlsx=n in sizes.xlsx))

    progress(f"peak memory: {sizes.memory:,} rows")
    mem = memory.measure(sizes.memory)
    progress(f"mail: {sizes.mails} mails")
    mails = mail.measure(sizes.mails, sizes.repeats)
    progress("start-up")
    start = startup.measure(sizes.startup_runs)

    rows = (
        report.calls_rows(calls)
        + report.write_rows(writes)
        + report.core_rows(core_results)
        + [report.memory_row(mem)]
        + report.mail_rows(mails)
        + [report.startup_row(start)]
        + pass_rows(sizes, progress)
    )
    return rows, report.notes(calls, start)


def pass_rows(sizes: Sizes, progress) -> list[report.Row]:
    rows = []
    for n in sizes.workbooks:
        progress(f"local workbook end to end: {n:,} rows × {sizes.repeats}")
        rows += report.workbook_rows(workbook.measure(n, sizes.repeats))
    if sizes.google_bytes:
        progress(f"Google bytes per steady-state pass: {sizes.google_bytes:,} rows × {sizes.repeats}")
        rows.append(report.google_bytes_row(google_bytes.measure(sizes.google_bytes, sizes.repeats)))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description="kopienas benchmarks")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the harness, measures nothing")
    parser.add_argument("--only", choices=["passes"], default="", help="passes: the workbook and Google pass rows only")
    parser.add_argument("--rows", type=int, default=0, help="with --only passes: this many rows instead")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table as Markdown")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    machine = f"Machine: {report.machine()}"
    print(machine, flush=True)

    def progress(text: str) -> None:
        print(f"  … {text}", file=sys.stderr, flush=True)

    sizes = QUICK if args.quick else FULL
    if args.rows:
        sizes = replace(sizes, workbooks=(args.rows,), google_bytes=args.rows)
    rows, footnotes = run(sizes, progress, args.only)
    footnotes.append(
        f"Bench wall time: {time.perf_counter() - began:.0f} s; load average at the end {os.getloadavg()[0]:.1f}."
    )
    report.print_table("kopienas benchmarks (medians)", rows, footnotes)
    if args.markdown:
        args.markdown.write_text(report.markdown(machine, rows, footnotes), encoding="utf-8")


if __name__ == "__main__":
    main()
