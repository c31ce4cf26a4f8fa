"""`kopienas status` as a person reads it: tables rendered to text from the status data."""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kopienas.core import language

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

TEXT_ROWS_SHOWN = 30


def _shown(iso: str | None) -> str:
    return language.timestamp(datetime.fromisoformat(iso)) if iso else "—"


def _counts(counts: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "—"


def _kinds(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return f"{total}" + (f" ({', '.join(f'{k} {n}' for k, n in counts.items())})" if counts else "")


def _cells(*values: str) -> list[Text]:
    from rich.text import Text

    return [Text(v) for v in values]  # sheet text is data, never rich markup


def status_text(data: dict[str, Any], width: int | None = 120) -> str:
    """The status as text; `width` None fits a terminal."""
    from rich.console import Console

    # A terminal gets its own width; a pipe or a log gets lines long enough for the messages.
    console = Console(width=width, highlight=False, file=io.StringIO(), record=True)
    console.print(f"[bold]kopienas[/bold] · {_shown(data['now'])} ({data['timezone']})")
    running = data["in_progress"]
    if running:
        console.print(
            f"Šobrīd darbojas / running now: {running['job']} (PID {running['pid']}, kopš {_shown(running['since'])})",
            markup=False,
        )
    console.print(_runs_table(data["last_runs"]))
    console.print(_plan_table(data["scheduled"]))
    _print_failing_rows(console, data["failing_rows"])
    orphans = data.get("rows_without_coordinator") or {}
    if orphans.get("rows"):
        console.print(_orphans_line(orphans), markup=False)
    console.print(_mails_line(data["mails_this_week"]), markup=False)
    return console.export_text().rstrip()


def _runs_table(last_runs: list[dict[str, Any]]) -> Table:
    from rich.table import Table

    runs = Table(
        "darbs / job",
        "sākums / start",
        "beigas / finish",
        "iznākums / outcome",
        "skaiti / counts",
        title="Pēdējās palaišanas / Last runs",
        title_justify="left",
        box=None,
    )
    for run in last_runs:
        runs.add_row(
            *_cells(
                run["command"],
                _shown(run["started_at"]),
                _shown(run["finished_at"]),
                run["outcome"],
                _counts(run["counts"]) + (f"\n{run['detail']}" if run["detail"] else ""),
            )
        )
    if not last_runs:
        runs.add_row("—", "", "", "", "")
    return runs


def _plan_table(scheduled: list[dict[str, Any]]) -> Table:
    from rich.table import Table

    plan = Table(
        "darbs / job",
        "kad / when",
        "nākamā / next",
        title="Nākamās plānotās / Next scheduled",
        title_justify="left",
        box=None,
    )
    for job in scheduled:
        plan.add_row(*_cells(job["job"], job["rule"], "tūlīt / now" if job["due_now"] else _shown(job["next_run"])))
    return plan


def _print_failing_rows(console: Console, failing: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    rows = failing["rows"]
    heading = f"Rindas ar kļūdām / Rows still failing: {len({(r['tab'], r['row']) for r in rows})}"
    if failing["checked_at"]:
        heading += f" (pārbaudīts / checked {_shown(failing['checked_at'])})"
    problems = Table(
        "rinda / row", "ID", "kolonna / column", "kļūda / problem", title=Text(heading), title_justify="left", box=None
    )
    for r in rows[:TEXT_ROWS_SHOWN]:
        problems.add_row(*_cells(str(r["row"]), r["id"] or "—", r["column"], r["message"]))
    console.print(problems)
    if len(rows) > TEXT_ROWS_SHOWN:
        console.print(f"{language.more_rows(len(rows) - TEXT_ROWS_SHOWN)} (--format json lists all)", markup=False)


def _orphans_line(orphans: dict[str, Any]) -> str:
    rows_text = ", ".join(f"{r}." for r in orphans["rows"])
    who = orphans["operator"] or "nevienam — iestatiet `mail.operator` / nobody: set `mail.operator`"
    return (
        f"Rindas bez sasniedzama koordinatora / Rows no coordinator can be told about: {rows_text} "
        f"(problēmas sūta / problems go to {who})"
    )


def _mails_line(mails: dict[str, Any]) -> str:
    line = (
        f"Vēstules šonedēļ / Mails this week ({mails['week']}): nosūtītas / sent {_kinds(mails['sent'])}; "
        f"neizdevās / failed {_kinds(mails['failed'])}"
    )
    if mails["queued"]:
        line += f"; rindā / queued {_kinds(mails['queued'])}"
    return line
