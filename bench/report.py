"""The results as one table (rich in a terminal, Markdown for the README) plus a few notes."""

from __future__ import annotations

import os
import platform
import shutil
from dataclasses import dataclass
from statistics import median

from .core import CoreResult
from .google_bytes import DOWN_TARGET_RATIO, UP_TARGET_KB, GoogleBytes
from .mail import MailResult
from .memory import TARGET_MB, MemoryResult
from .sheets_calls import LATENCY, CallsRow
from .startup import TARGET_SECONDS, StartupResult
from .watch import Costs, Latency
from .workbook import FIRST_TARGET, MEMORY_TARGET_MB, UNCHANGED_TARGET, WorkbookResult, spread
from .write_size import MIB, WriteSize, limit_mib

COLUMNS = ("measurement", "size", "kopienas", "compared with", "ratio", "target")
MARKS = {"measured": "", "extrapolated": " (extrapolated)", "estimated": " (estimated)"}


@dataclass(frozen=True)
class Row:
    measurement: str
    size: str
    kopienas: str
    baseline: str
    ratio: str
    target: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.measurement, self.size, self.kopienas, self.baseline, self.ratio, self.target)


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    # The load average says whether other work shared the machine while the bench ran.
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.system()} {platform.release()}), load average {os.getloadavg()[0]:.1f}"
    )


# --- formatting --------------------------------------------------------------------------------


def n(value: float) -> str:
    return f"{value:,.0f}"


def secs(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f} s"
    if value >= 0.1:
        return f"{value:.2f} s"
    return f"{value * 1000:.1f} ms" if value < 0.01 else f"{value * 1000:.0f} ms"


def times(ratio: float, more: str, less: str) -> str:
    """2.5 -> "2.5× <more>"; 0.4 -> "2.5× <less>" (always a factor above one, worded)."""
    if ratio <= 0:
        return "—"
    word, factor = (more, ratio) if ratio >= 1 else (less, 1 / ratio)
    return f"{factor:,.0f}× {word}" if factor >= 100 else f"{factor:.1f}× {word}"


def rate(count: float, seconds: float) -> str:
    return f"{n(count / seconds)}/s ({secs(seconds)})"


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


# --- rows --------------------------------------------------------------------------------------


def calls_rows(results: list[CallsRow]) -> list[Row]:
    rows = []
    for r in results:
        rows.append(
            Row(
                "API calls per run — vs gspread update_cell script",
                f"{n(r.rows)} rows",
                n(r.kopienas_calls),
                f"{n(r.naive_calls.value)}{MARKS[r.naive_calls.kind]}",
                times(r.naive_calls.value / r.kopienas_calls, "fewer", "more"),
                f"≤ 8: {met(r.kopienas_calls <= 8)}",
            )
        )
    for r in results:
        rows.append(
            Row(
                f"Wall time at {LATENCY * 1000:.0f} ms/call — vs the same script",
                f"{n(r.rows)} rows",
                secs(r.kopienas_seconds),
                f"{secs(r.naive_seconds.value)}{MARKS[r.naive_seconds.kind]}",
                times(r.naive_seconds.value / r.kopienas_seconds, "faster", "slower"),
            )
        )
    return rows


def core_rows(results: list[CoreResult]) -> list[Row]:
    rows = []
    for r in results:
        size = f"{n(r.rows)} rows"
        floors = [("JSON decode", r.json_seconds)]
        if r.xlsx_seconds is not None:
            floors.append(("openpyxl xlsx read", r.xlsx_seconds))
        for name, floor in floors:
            share = r.core_seconds / floor
            rows.append(
                Row(
                    f"Core rows/s (read+validate+plan) — vs {name}",
                    size,
                    rate(r.rows, r.core_seconds),
                    rate(r.rows, floor),
                    f"core = {share:.2f}× parse" if share < 10 else f"core = {share:.1f}× parse",
                    f"< 1× parse: {met(share < 1)}",
                )
            )
        slowest = r.slowest_stage
        spent = r.stage_seconds[slowest]
        rows.append(
            Row(
                "↳ slowest core stage — vs the other two",
                size,
                f"{slowest} {secs(spent)}",
                ", ".join(f"{s} {secs(t)}" for s, t in r.stage_seconds.items() if s != slowest),
                f"{spent / r.core_seconds:.0%} of the core",
            )
        )
    for r in results:
        rows.append(
            Row(
                "Drafts/s (render_draft, rows marked Relīze)",
                f"{n(r.rows)} rows, {n(r.drafts)} drafts",
                rate(r.drafts, r.draft_seconds),
                "",
                f"{r.draft_seconds / r.drafts * 1000:.2f} ms each",
            )
        )
    return rows


def memory_row(r: MemoryResult) -> Row:
    return Row(
        "Peak RSS, read→validate→plan — vs imports only",
        f"{n(r.rows)} rows",
        f"{r.peak_mb:.0f} MB",
        f"{r.imports_mb:.0f} MB",
        f"data {r.peak_mb - r.imports_mb:.0f} MB = "
        f"{(r.peak_mb - r.imports_mb) / r.payload_mb:.1f}× its {r.payload_mb:.0f} MB JSON",
        f"< {TARGET_MB} MB: {met(r.peak_mb < TARGET_MB)}",
    )


def mail_rows(r: MailResult) -> list[Row]:
    size = f"{r.mails} mails × {r.mean_kb:.0f} KB"
    return [
        Row(
            "Mail, STARTTLS+AUTH: 1 connection — vs 1 per mail",
            size,
            f"{secs(r.reused_seconds)} ({r.reused_connections} conn.)",
            f"{secs(r.per_mail_seconds)} ({r.per_mail_connections} conn.)",
            times(r.per_mail_seconds / r.reused_seconds, "faster", "slower"),
        ),
    ]


def startup_row(r: StartupResult) -> Row:
    return Row(
        "Start-up: kopienas --help — vs target",
        f"median of {r.runs}",
        secs(r.seconds),
        secs(TARGET_SECONDS),
        times(TARGET_SECONDS / r.seconds, "under", "over"),
        f"< {secs(TARGET_SECONDS)}: {met(r.seconds < TARGET_SECONDS)}",
    )


def watch_rows(latencies: list[Latency], costs: list[Costs], every: int) -> list[Row]:
    rows = []
    for r in latencies:
        mid = median(r.seconds)
        rows.append(
            Row(
                f"watch: edit → verdict ({r.backend}), default interval — vs an onEdit trigger",
                f"{n(r.rows)} rows, {len(r.seconds)} edits",
                f"{secs(mid)} ({secs(min(r.seconds))}–{secs(max(r.seconds))})",
                "about 1 s",
                times(1.0 / mid, "faster", "slower"),
                f"median ≤ 1.5 s: {met(mid <= 1.5)}",
            )
        )
    for c in costs:
        per_hour = 3600 / every
        rows.append(
            Row(
                f"watch: an idle hour ({c.backend}) — vs one look a tick",
                f"every {every} s",
                f"{c.idle_sheets:.0f} Sheets calls, {c.idle_writes:.0f} writes, {c.idle_drive:.0f} Drive calls",
                f"{per_hour:.0f} looks",
                "",
                f"0 Sheets calls, 0 writes: {met(c.idle_sheets == 0 and c.idle_writes == 0)}",
            )
        )
        rows.append(
            Row(
                f"watch: one edit ({c.backend}) — passes, Sheets calls, writes",
                "1 edit",
                f"{c.edit_passes:.0f} pass, {c.edit_sheets:.0f} Sheets calls, {c.edit_writes:.0f} write",
                "",
                "",
                f"1 pass, 1 write: {met(c.edit_passes == 1 and c.edit_writes == 1)}",
            )
        )
    return rows


def write_rows(results: list[WriteSize]) -> list[Row]:
    return [
        Row(
            "Write requests (batchUpdate) — vs Google's request limit",
            f"{n(r.rows)} rows",
            f"{len(r.request_bytes)}: " + " + ".join(f"{b / MIB:.1f}" for b in r.request_bytes) + " MiB",
            f"{limit_mib():.0f} MiB each",
            f"largest {r.largest / MIB / limit_mib():.0%} of it",
            f"each < {limit_mib():.0f} MiB: {met(r.largest < limit_mib() * MIB)}",
        )
        for r in results
    ]


def notes(calls: list[CallsRow], startup: StartupResult | None) -> list[str]:
    out = [
        "(extrapolated): the per-cell script's calls grow by one per row, counted up to the largest "
        "size it ran at; (estimated): calls × 100 ms + its measured local time."
    ]
    if calls:
        big = calls[-1]
        out.append(
            f"Of kopienas's {secs(big.kopienas_seconds)} at {n(big.rows)} rows, "
            f"{secs(big.kopienas_server_seconds)} is the emulator answering (Google's side) and "
            f"{secs(big.kopienas_calls * LATENCY)} the latency."
        )
    if startup and startup.slowest_imports:
        out.append(
            "Slowest imports of kopienas --help: " + ", ".join(f"{m} {secs(s)}" for m, s in startup.slowest_imports)
        )
    return out


# --- output ------------------------------------------------------------------------------------


def print_table(title: str, rows: list[Row], footnotes: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    # Piped output (make bench | tee) would otherwise be cut to 80 columns.
    width = max(shutil.get_terminal_size((240, 24)).columns, 240)
    console = Console(width=width)
    console.print(title, highlight=False)
    table = Table()
    for c in COLUMNS:
        table.add_column(c, overflow="fold", no_wrap=c == "measurement")
    for row in rows:
        table.add_row(*row.cells())
    console.print(table)
    for line in footnotes:
        console.print(line, soft_wrap=True, highlight=False)


def markdown(title: str, rows: list[Row], footnotes: list[str]) -> str:
    def line(cells) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    out = [title, "", line(COLUMNS), line(["---"] * len(COLUMNS))]
    out += [line(r.cells()) for r in rows]
    out += ["", *footnotes]
    return "\n".join(out) + "\n"


def workbook_rows(r: WorkbookResult) -> list[Row]:
    """Local workbook end to end, each cell median (min–max) over the runs."""
    size = f"{n(r.rows)} rows"
    base = spread([b.cpu for b in r.load_save], lambda v: secs(v))
    first, unchanged = r.ratios(r.first), r.ratios(r.unchanged)
    rows = [
        Row(
            "Workbook validate+write, first pass CPU — vs openpyxl load+save",
            size,
            spread([x.cpu for x in r.first], secs),
            base,
            spread(first, lambda v: f"{v:.2f}×"),
            f"≤ {FIRST_TARGET}×: {met(max(first) <= FIRST_TARGET)}",
        ),
        Row(
            "Workbook validate, unchanged pass CPU — vs openpyxl load+save",
            size,
            spread([x.cpu for x in r.unchanged], secs),
            base,
            spread(unchanged, lambda v: f"{v:.2f}×"),
            f"≤ {UNCHANGED_TARGET}×, file untouched ({'yes' if r.untouched else 'NO'}): "
            f"{met(max(unchanged) <= UNCHANGED_TARGET and r.untouched)}",
        ),
        Row(
            "Workbook peak RSS, first pass — vs openpyxl load+save",
            size,
            spread([x.peak_mb for x in r.first], lambda v: f"{v:.0f} MB"),
            spread([b.peak_mb for b in r.load_save], lambda v: f"{v:.0f} MB"),
            "",
            f"≤ {MEMORY_TARGET_MB} MB: {met(max(x.peak_mb for x in r.first) <= MEMORY_TARGET_MB)}",
        ),
    ]
    if r.calamine:
        rows.append(
            Row("Workbook read by python-calamine (a floor)", size, spread([x.cpu for x in r.calamine], secs), base, "")
        )
    return rows


def google_bytes_row(r: GoogleBytes) -> Row:
    up = [x.up / 1024 for x in r.runs]
    ratio = [x.down / x.values for x in r.runs]
    return Row(
        "Google steady-state pass: bytes up; down — vs the values alone",
        f"{n(r.rows)} rows",
        f"up {spread([x.written / 1024 for x in r.runs], lambda v: f'{v:.1f} KB')} written, "
        f"{spread([(x.up - x.written) / 1024 for x in r.runs], lambda v: f'{v:.1f} KB')} asked; "
        f"down {spread([x.down / MIB for x in r.runs], lambda v: f'{v:.1f} MiB')}",
        spread([x.values / MIB for x in r.runs], lambda v: f"{v:.1f} MiB"),
        spread(ratio, lambda v: f"{v:.2f}×"),
        f"up ≤ {UP_TARGET_KB} KB: {met(max(up) <= UP_TARGET_KB)}; down ≤ {DOWN_TARGET_RATIO}×: "
        f"{met(max(ratio) <= DOWN_TARGET_RATIO)}",
    )
