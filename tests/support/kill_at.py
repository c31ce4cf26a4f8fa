"""The CLI, killed with SIGKILL at its N-th step (`KOPIENAS_KILL_AT`; 0 counts the steps into
`KOPIENAS_STEP_COUNT` instead). A step is the start or the end of one of the moments that change
state: a draft written, a draft recorded, mails queued, a mail handed over or marked, the sheet
written. Run as `python -m tests.support.kill_at <cli args>`."""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from pathlib import Path

STEPS = (
    ("kopienas.app.drafts.making", None, "write_draft_files"),
    ("kopienas.adapters.ledger", "Ledger", "record_draft"),
    ("kopienas.adapters.ledger", "Ledger", "queue_mails"),
    ("kopienas.adapters.ledger", "Ledger", "mark_mail"),
    ("kopienas.adapters.ledger_mails", "MailRecords", "mark_sending"),
    ("kopienas.adapters.mail.transports.smtp_session", "Session", "send"),
    ("kopienas.adapters.sources.workbook.source", "WorkbookSource", "write"),
)


def _install(kill_at: int) -> list[int]:
    count = [0]

    def tick() -> None:
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            tick()
            result = fn(*args, **kwargs)
            tick()
            return result

        return inner

    for module_name, owner_name, name in STEPS:
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        setattr(owner, name, wrap(getattr(owner, name)))
    return count


def main() -> None:
    count = _install(int(os.environ.get("KOPIENAS_KILL_AT", "0")))
    from kopienas.cli import main as cli

    try:
        cli(sys.argv[1:], standalone_mode=True)
    finally:
        if counted := os.environ.get("KOPIENAS_STEP_COUNT"):
            Path(counted).write_text(str(count[0]))


if __name__ == "__main__":
    main()
