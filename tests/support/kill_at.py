"""The CLI, killed with SIGKILL at its N-th step (`KOPIENAS_KILL_AT`; 0 counts the steps into
`KOPIENAS_STEP_COUNT` instead). A step is the moment right after one of the things that change
state — a draft written, a draft recorded (inside its transaction), mails queued, a mail marked as
being handed over, handed over (accepted by the server), marked sent, the sheet written — or right
before the sheet's write. Run as `python -m tests.support.kill_at <cli args>`."""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from pathlib import Path

# (module, class or None, function, also kill before it)
STEPS = (
    ("kopienas.app.drafts.making", None, "write_draft_files", False),
    ("kopienas.adapters.ledger", "Ledger", "record_draft", False),
    ("kopienas.adapters.ledger", "Ledger", "queue_mails", False),
    ("kopienas.adapters.ledger", "Ledger", "mark_mail", False),
    ("kopienas.adapters.ledger_mails", "MailRecords", "mark_sending", False),
    ("kopienas.adapters.mail.transports.smtp_session", "Session", "send", False),
    ("kopienas.adapters.sources.workbook.source", "WorkbookSource", "write", True),
)


def _install(kill_at: int) -> list[int]:
    count = [0]

    def tick() -> None:
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(fn, before: bool):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            if before:
                tick()
            result = fn(*args, **kwargs)
            tick()
            return result

        return inner

    for module_name, owner_name, name, before in STEPS:
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        setattr(owner, name, wrap(getattr(owner, name), before))
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
