"""`kopienas status`: what ran, what runs next, which rows are still wrong, what was mailed.

Everything comes from the ledger and the config; nothing is read from the sheet, so it answers
at once and works while a run is in progress.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.runlock import current_holder
from kopienas.adapters.secrets import redact
from kopienas.app.unattended.plan import LEDGER_COMMANDS, first_run, ledger_last_success, plan_from_config
from kopienas.config import Config
from kopienas.core.weeks import iso_week_label

COMMAND_ORDER = ("run", "validate", "drafts", "summary", "fixlists")


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
                last_runs.append(
                    {
                        "command": run.command,
                        "started_at": local(run.started_at),
                        "finished_at": local(run.finished_at),
                        "outcome": outcome,
                        "counts": run.counts,
                        "detail": redact(run.detail),
                    }
                )
        failing = ledger.failing_rows()
        mailing_runs = [r for c in ("run", "fixlists") for r in ledger.runs(c, limit=1) if r.outcome != "running"]
        latest = max(mailing_runs, key=lambda r: r.started_at, default=None)
        orphans = list(latest.counts.get("rows_without_coordinator", [])) if latest else []
        mail_counts = ledger.mail_counts_since(week_start)

    by_state: dict[str, dict[str, int]] = {}
    for (kind, state), n in sorted(mail_counts.items()):
        by_state.setdefault(state, {})[kind] = n
    return {
        "now": now.isoformat(timespec="seconds"),
        "timezone": config.timezone,
        "in_progress": None
        if holder is None
        else {
            "pid": holder.pid,
            "job": holder.job,
            "since": holder.started_at.astimezone(zone).isoformat(timespec="seconds") if holder.started_at else None,
        },
        "last_runs": last_runs,
        "scheduled": _scheduled(config, now),
        "failing_rows": {
            "checked_at": local(failing[0]["checked_at"]) if failing else None,
            "rows": [
                {
                    "tab": r["tab"],
                    "row": r["row"],
                    "id": r["activity_id"],
                    "column": r["column_name"],
                    "message": redact(r["message"]),
                }
                for r in failing
            ],
        },
        # Rows whose problems no coordinator can be mailed about (the last fix-lists' run).
        "rows_without_coordinator": {"rows": orphans, "operator": config.mail.operator or None},
        "mails_this_week": {
            "week": iso_week_label(week_start.date()),
            "since": week_start.isoformat(timespec="seconds"),
            "sent": by_state.get("sent", {}),
            "failed": by_state.get("failed", {}),
            "queued": by_state.get("queued", {}),
        },
    }


def _scheduled(config: Config, now: datetime) -> list[dict[str, Any]]:
    """Each job's rule and next time; a job whose latest time has no successful run is due now."""
    last_success = ledger_last_success(config)
    scheduled = []
    for job, when in plan_from_config(config).rules().items():
        next_run = first_run(when, last_success(LEDGER_COMMANDS[job]), now)
        scheduled.append(
            {
                "job": job,
                "rule": when.describe(),
                "next_run": next_run.astimezone(config.zone).isoformat(timespec="seconds"),
                "due_now": next_run <= now,
            }
        )
    return scheduled


def _belongs_to(holder, started_at: str) -> bool:
    """Whether a run still marked `running` is the lock holder's: a run records its start after
    taking the lock, so one that started earlier is left over from a process that was killed."""
    if holder is None or holder.started_at is None:
        return holder is not None
    return datetime.fromisoformat(started_at) >= holder.started_at
