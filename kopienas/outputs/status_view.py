"""`kopienas status` as a person reads it: tables rendered to text from the status data."""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kopienas.core import language
from kopienas.core.words import status as said

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

TEXT_ROWS_SHOWN = 30


def _shown(iso: str | None) -> str:
    return language.timestamp(datetime.fromisoformat(iso)) if iso else "—"


def _named(names: dict[str, str], key: str) -> str:
    return names.get(key, key)


def _cells(*values: str) -> list[Text]:
    from rich.text import Text

    return [Text(v) for v in values]  # sheet text is data, never rich markup


def status_text(data: dict[str, Any], width: int | None = 120) -> str:
    """The status as text; `width` None fits a terminal."""
    from rich.console import Console

    # A terminal gets its own width; a pipe or a log gets lines long enough for the messages.
    console = Console(width=width, highlight=False, file=io.StringIO(), record=True)
    zone = f"{language.zone_label(data['timezone'])} / {language.zone_label(data['timezone'], 'en')}"
    console.print(f"[bold]kopienas[/bold] · {_shown(data['now'])} ({zone})")
    running = data["in_progress"]
    if running:
        console.print(
            said.running_now(_named(said.STATUS_JOBS, running["job"]), running["pid"], _shown(running["since"])),
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

    runs = Table(*said.RUNS_COLUMNS, title=said.RUNS_TITLE, title_justify="left", box=None)
    for run in last_runs:
        runs.add_row(
            *_cells(
                _named(said.STATUS_JOBS, run["command"]),
                _shown(run["started_at"]),
                _shown(run["finished_at"]),
                _named(said.STATUS_OUTCOMES, run["outcome"]),
                said.status_counts(run["counts"]) + (f"\n{run['detail']}" if run["detail"] else ""),
            )
        )
    if not last_runs:
        runs.add_row("—", "", "", "", "")
    return runs


def _plan_table(scheduled: list[dict[str, Any]]) -> Table:
    from rich.table import Table

    plan = Table(*said.PLAN_COLUMNS, title=said.PLAN_TITLE, title_justify="left", box=None)
    for job in scheduled:
        due = said.NOW if job["due_now"] else _shown(job["next_run"])
        plan.add_row(*_cells(_named(said.STATUS_JOBS, job["job"]), said.status_rule(job["rule"]), due))
    return plan


def _print_failing_rows(console: Console, failing: dict[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    rows = failing["rows"]
    checked = _shown(failing["checked_at"]) if failing["checked_at"] else ""
    heading = said.failing_heading(len({(r["tab"], r["row"]) for r in rows}), checked)
    problems = Table(*said.PROBLEM_COLUMNS, title=Text(heading), title_justify="left", box=None)
    for r in rows[:TEXT_ROWS_SHOWN]:
        problems.add_row(*_cells(str(r["row"]), r["id"] or "—", r["column"], r["message"]))
    console.print(problems)
    if len(rows) > TEXT_ROWS_SHOWN:
        console.print(f"{language.more_rows(len(rows) - TEXT_ROWS_SHOWN)} (--format json lists all)", markup=False)


def _orphans_line(orphans: dict[str, Any]) -> str:
    rows_text = ", ".join(f"{r}." for r in orphans["rows"])
    return said.rows_without_coordinator(rows_text, orphans["operator"])


def _mails_line(mails: dict[str, Any]) -> str:
    kinds = said.status_mail_kinds
    queued = kinds(mails["queued"]) if mails["queued"] else ""
    return said.mails_this_week(mails["week"], kinds(mails["sent"]), kinds(mails["failed"]), queued)
