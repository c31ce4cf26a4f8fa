"""The ledger's memory of mail beyond its state: the content of each queued mail (so a mail queued
by a failed run is sent later exactly as it was made) and how often a delivery ended ambiguously."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from kopienas.adapters.secrets import redact

MAIL_SCHEMA = """
CREATE TABLE IF NOT EXISTS mail_contents (
    key TEXT PRIMARY KEY,
    content BLOB NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mail_uncertain (
    key TEXT PRIMARY KEY,
    times INTEGER NOT NULL DEFAULT 0,
    last_at TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""

MAIL_STATES = ("queued", "sending", "sent", "failed", "uncertain")
# States whose mail is still owed: queued (never confirmed), failed (retried next time),
# uncertain (retried at most `mail.uncertain_retries` times, later), sending (being handed over
# when the run ended: uncertain, the next run decides).
OWED_STATES = ("queued", "sending", "failed", "uncertain")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class MailRecords:
    """Mixed into `Ledger`; `db` is its connection."""

    db: sqlite3.Connection

    def store_contents(self, contents: dict[str, bytes]) -> None:
        """Called inside the queueing transaction: the bytes each queued mail will be sent as."""
        self.db.executemany(
            "INSERT INTO mail_contents (key, content, stored_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET content = excluded.content, stored_at = excluded.stored_at",
            [(key, content, _now()) for key, content in contents.items()],
        )

    def note_outcome(self, key: str, state: str, detail: str) -> None:
        """After `mark_mail`: a sent mail's stored copy is no longer needed; an ambiguous ending
        is counted, so that it is retried only as often as configured."""
        if state == "sent":
            self.db.execute("DELETE FROM mail_contents WHERE key = ?", (key,))
        elif state == "uncertain":
            self.db.execute(
                "INSERT INTO mail_uncertain (key, times, last_at, detail) VALUES (?, 1, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET times = times + 1, last_at = excluded.last_at, "
                "detail = excluded.detail",
                (key, _now(), redact(detail)),
            )

    def mark_sending(self, key: str) -> None:
        """The mail is being handed over now: a run killed before its answer leaves it `sending`."""
        self.db.execute("UPDATE mails SET state = 'sending', updated_at = ? WHERE key = ?", (_now(), key))

    def unmark_sending(self, keys: list[str]) -> None:
        """Mails marked `sending` that were never handed over (the batch stopped first): queued again."""
        self.db.executemany(
            "UPDATE mails SET state = 'queued' WHERE key = ? AND state = 'sending'", [(k,) for k in keys]
        )

    def uncertain_times(self, key: str) -> int:
        r = self.db.execute("SELECT times FROM mail_uncertain WHERE key = ?", (key,)).fetchone()
        return int(r["times"]) if r else 0

    def owed_mails(self, kind: str) -> list[sqlite3.Row]:
        """Mails of `kind` not confirmed sent whose content is stored: key, recipient, period,
        message_hash, state, content."""
        marks = ", ".join("?" for _ in OWED_STATES)
        return list(
            self.db.execute(
                "SELECT m.key, m.recipient, m.period, m.message_hash, m.state, c.content FROM mails m "
                f"JOIN mail_contents c ON c.key = m.key WHERE m.kind = ? AND m.state IN ({marks}) ORDER BY m.rowid",
                (kind, *OWED_STATES),
            )
        )

    def has_mails(self, kind: str, period: str) -> bool:
        """Whether any mail of `kind` for `period` was ever queued (whatever became of it)."""
        return (
            self.db.execute("SELECT 1 FROM mails WHERE kind = ? AND period = ? LIMIT 1", (kind, period)).fetchone()
            is not None
        )

    def last_summary_week(self) -> str:
        """The latest week any weekly summary was queued for ("" when none was)."""
        r = self.db.execute("SELECT max(period) AS week FROM mails WHERE kind = 'summary'").fetchone()
        return r["week"] or "" if r else ""
