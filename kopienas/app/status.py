"""`kopienas status`: what ran, what runs next, which rows are still wrong, what was mailed.

Everything comes from the ledger and the config; nothing is read from the sheet, so it answers
at once and works while a run is in progress.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from typing import Any

import click

from kopienas.config import Config
from kopienas.adapters.ledger import Ledger
from kopienas.adapters.logs import redact
from kopienas.app.pipeline import config_from
from kopienas.adapters.runlock import current_holder
from kopienas.app.scheduling import LEDGER_COMMANDS, first_run, ledger_last_success, plan_from_config
from kopienas.core.weeks import iso_week_label

COMMAND_ORDER = ("run", "validate", "drafts", "summary", "fixlists")
TEXT_ROWS_SHOWN = 30


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def command(obj: dict, fmt: str) -> None:
    """The last run of every job, the next scheduled runs, the rows still failing validation and
    this week's mails — a table in a terminal, or JSON for scripts."""
    config = config_from(obj)
    data = status_data(config, datetime.now(config.zone))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_status(data)


def status_data(config: Config, now: datetime) -> dict[str, Any]:
    zone = config.zone
    now = now.astimezone(zone)

    def local(text: str | None) -> str | None:
        return datetime.fromisoformat(text).astimezone(zone).isoformat(timespec="seconds") if text else None

    holder = current_holder(config)
    week_start = datetime.combine(now.date() - timedelta(days=now.weekday()), datetime.min.time(), zone)
    with Ledger(config.ledger) as ledger:
        last_runs = []
        for command in COMMAND_ORDER:
            for run in ledger.runs(command, limit=1):
                outcome = run.outcome
                if outcome == "running" and not _belongs_to(holder, run.started_at):
                    outcome = "interrupted"  # its process is gone without finishing
                last_runs.append({
                    "command": run.command, "started_at": local(run.started_at), "finished_at": local(run.finished_at),
                    "outcome": outcome, "counts": run.counts, "detail": redact(run.detail),
                })
        failing = ledger.failing_rows()
        mail_counts = ledger.mail_counts_since(week_start)

    plan = plan_from_config(config)
    last_success = ledger_last_success(config)
    scheduled = []
    for job, rule in plan.rules().items():
        next_run = first_run(rule, last_success(LEDGER_COMMANDS[job]), now)
        scheduled.append({"job": job, "rule": rule.describe(),
                          "next_run": next_run.astimezone(zone).isoformat(timespec="seconds"),
                          "due_now": next_run <= now})

    by_state: dict[str, dict[str, int]] = {}
    for (kind, state), n in sorted(mail_counts.items()):
        by_state.setdefault(state, {})[kind] = n
    return {
        "now": now.isoformat(timespec="seconds"),
        "timezone": config.timezone,
        "in_progress": None if holder is None else {
            "pid": holder.pid, "job": holder.job,
            "since": holder.started_at.astimezone(zone).isoformat(timespec="seconds") if holder.started_at else None},
        "last_runs": last_runs,
        "scheduled": scheduled,
        "failing_rows": {
            "checked_at": local(failing[0]["checked_at"]) if failing else None,
            "rows": [{"tab": r["tab"], "row": r["row"], "id": r["activity_id"], "column": r["column_name"],
                      "message": redact(r["message"])} for r in failing],
        },
        "mails_this_week": {
            "week": iso_week_label(week_start.date()),
            "since": week_start.isoformat(timespec="seconds"),
            "sent": by_state.get("sent", {}),
            "failed": by_state.get("failed", {}),
            "queued": by_state.get("queued", {}),
        },
    }


def _belongs_to(holder, started_at: str) -> bool:
    """Whether a run still marked `running` is the lock holder's: a run records its start after
    taking the lock, so one that started earlier is left over from a process that was killed."""
    if holder is None or holder.started_at is None:
        return holder is not None
    return datetime.fromisoformat(started_at) >= holder.started_at


def _shown(iso: str | None) -> str:
    return datetime.fromisoformat(iso).strftime("%d.%m.%Y. %H:%M") if iso else "—"


def _counts(counts: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "—"


def _kinds(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return f"{total}" + (f" ({', '.join(f'{k} {n}' for k, n in counts.items())})" if counts else "")


def print_status(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def cells(*values: str) -> list[Text]:
        return [Text(v) for v in values]  # sheet text is data, never rich markup

    # A terminal gets its own width; a pipe or a log gets lines long enough for the messages.
    console = Console(width=None if sys.stdout.isatty() else 120, highlight=False, file=sys.stdout)
    console.print(f"[bold]kopienas[/bold] · {_shown(data['now'])} ({data['timezone']})")
    running = data["in_progress"]
    if running:
        console.print(f"Šobrīd darbojas / running now: {running['job']} (PID {running['pid']}, "
                      f"kopš {_shown(running['since'])})", markup=False)

    runs = Table("darbs / job", "sākums / start", "beigas / finish", "iznākums / outcome", "skaiti / counts",
                 title="Pēdējās palaišanas / Last runs", title_justify="left", box=None)
    for run in data["last_runs"]:
        runs.add_row(*cells(run["command"], _shown(run["started_at"]), _shown(run["finished_at"]), run["outcome"],
                            _counts(run["counts"]) + (f"\n{run['detail']}" if run["detail"] else "")))
    if not data["last_runs"]:
        runs.add_row("—", "", "", "", "")
    console.print(runs)

    plan = Table("darbs / job", "kad / when", "nākamā / next", title="Nākamās plānotās / Next scheduled",
                 title_justify="left", box=None)
    for job in data["scheduled"]:
        plan.add_row(*cells(job["job"], job["rule"], "tūlīt / now" if job["due_now"] else _shown(job["next_run"])))
    console.print(plan)

    failing = data["failing_rows"]
    rows = failing["rows"]
    heading = f"Rindas ar kļūdām / Rows still failing: {len({(r['tab'], r['row']) for r in rows})}"
    if failing["checked_at"]:
        heading += f" (pārbaudīts / checked {_shown(failing['checked_at'])})"
    problems = Table("rinda / row", "ID", "kolonna / column", "kļūda / problem", title=Text(heading),
                     title_justify="left", box=None)
    for r in rows[:TEXT_ROWS_SHOWN]:
        problems.add_row(*cells(str(r["row"]), r["id"] or "—", r["column"], r["message"]))
    console.print(problems)
    if len(rows) > TEXT_ROWS_SHOWN:
        console.print(f"… un vēl {len(rows) - TEXT_ROWS_SHOWN} / and {len(rows) - TEXT_ROWS_SHOWN} more "
                      f"(--format json lists all)", markup=False)

    mails = data["mails_this_week"]
    line = (f"Vēstules šonedēļ / Mails this week ({mails['week']}): nosūtītas / sent {_kinds(mails['sent'])}; "
            f"neizdevās / failed {_kinds(mails['failed'])}")
    if mails["queued"]:
        line += f"; rindā / queued {_kinds(mails['queued'])}"
    console.print(line, markup=False)
