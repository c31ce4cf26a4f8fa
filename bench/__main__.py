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
from dataclasses import dataclass
from pathlib import Path

from . import core, mail, memory, report, sheets_calls, startup, watch, write_size


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
    watch_rows: int = 300  # a few hundred rows: the sheet `watch`'s latency target is set for
    watch_edits: int = 9
    watch_every: int = 1  # the simulated watch's interval (1: the default)


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
    watch_rows=30,
    watch_edits=1,
    watch_every=60,
)


def run(sizes: Sizes, progress=lambda text: None) -> tuple[list[report.Row], list[str]]:
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
    progress(f"watch: edit → verdict, {sizes.watch_edits} edits; an idle hour and an edit, simulated")
    latencies, watch_costs = watch.measure(sizes.watch_rows, sizes.watch_edits, sizes.watch_every)

    rows = (
        report.calls_rows(calls)
        + report.write_rows(writes)
        + report.core_rows(core_results)
        + [report.memory_row(mem)]
        + report.mail_rows(mails)
        + [report.startup_row(start)]
        + report.watch_rows(latencies, watch_costs, sizes.watch_every)
    )
    return rows, report.notes(calls, start)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description="kopienas benchmarks")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the harness, measures nothing")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table as Markdown")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    machine = f"Machine: {report.machine()}"
    print(machine, flush=True)

    def progress(text: str) -> None:
        print(f"  … {text}", file=sys.stderr, flush=True)

    rows, footnotes = run(QUICK if args.quick else FULL, progress)
    footnotes.append(
        f"Bench wall time: {time.perf_counter() - began:.0f} s; load average at the end {os.getloadavg()[0]:.1f}."
    )
    report.print_table("kopienas benchmarks (medians)", rows, footnotes)
    if args.markdown:
        args.markdown.write_text(report.markdown(machine, rows, footnotes), encoding="utf-8")


if __name__ == "__main__":
    main()
