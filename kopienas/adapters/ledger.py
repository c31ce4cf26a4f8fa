"""The run ledger: a SQLite file recording every run, every draft made and every mail sent.

It is what makes runs repeatable without harm: a draft is rebuilt only when its row changed, a mail
is sent once per partner and week. If the ledger cannot be trusted (locked, corrupt), the tool
says so and refuses to go on rather than risk sending twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kopienas.adapters.ledger_file import LedgerError, open_ledger
from kopienas.adapters.ledger_mails import MAIL_SCHEMA, MAIL_STATES, MailRecords
from kopienas.adapters.secrets import redact
from kopienas.core.words import runs as said

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL DEFAULT 'running',
    counts TEXT NOT NULL DEFAULT '{}',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS drafts (
    activity_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    folder TEXT NOT NULL,
    made_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS drive_docs (
    activity_id TEXT PRIMARY KEY,
    file_id TEXT NOT NULL,
    link TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mails (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    period TEXT NOT NULL,
    message_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS job_streaks (
    job TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    failing_since TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    alerted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS failing_rows (
    run_id INTEGER NOT NULL,
    tab TEXT NOT NULL,
    row INTEGER NOT NULL,
    activity_id TEXT NOT NULL,
    column_name TEXT NOT NULL,
    message TEXT NOT NULL
);
"""

OUTCOMES = ("running", "ok", "problems", "failed", "busy")


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Run:
    id: int
    command: str
    source: str
    started_at: str
    finished_at: str | None
    outcome: str
    counts: dict[str, Any]
    detail: str


class Ledger(MailRecords):
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._open_runs: set[int] = set()
        try:
            # `fresh`: created now (no earlier ledger); the sheet's own witness then guards the mails.
            self.db, self.fresh = open_ledger(self.path, SCHEMA + MAIL_SCHEMA)
            self.db.execute("SELECT count(*) FROM runs").fetchone()
        except sqlite3.DatabaseError as e:
            raise LedgerError(said.ledger_unusable(self.path, e)) from None
        except OSError as e:
            raise LedgerError(said.ledger_unopenable(e.filename or self.path, e.strerror)) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # A run that an unexpected error ended is recorded as failed, not left "running".
        for run_id in list(self._open_runs):
            self.finish_run(run_id, "failed", detail=exc_type.__name__ if exc_type else "not finished")
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- runs ----------------------------------------------------------------------------------
    def start_run(self, command: str, source: str) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (command, source, started_at) VALUES (?, ?, ?)", (command, source, now_utc())
        )
        run_id = cur.lastrowid
        assert run_id is not None  # an INSERT always has one
        self._open_runs.add(run_id)
        return run_id

    def finish_run(self, run_id: int, outcome: str, counts: dict[str, Any] | None = None, detail: str = "") -> None:
        assert outcome in OUTCOMES
        self._open_runs.discard(run_id)
        self.db.execute(
            "UPDATE runs SET finished_at = ?, outcome = ?, counts = ?, detail = ? WHERE id = ?",
            (now_utc(), outcome, json.dumps(counts or {}, ensure_ascii=False), redact(detail), run_id),
        )

    def runs(self, command: str | None = None, limit: int = 50) -> list[Run]:
        sql = "SELECT * FROM runs" + (" WHERE command = ?" if command else "") + " ORDER BY id DESC LIMIT ?"
        args = (command, limit) if command else (limit,)
        return [
            Run(
                r["id"],
                r["command"],
                r["source"],
                r["started_at"],
                r["finished_at"],
                r["outcome"],
                json.loads(r["counts"]),
                r["detail"],
            )
            for r in self.db.execute(sql, args)
        ]

    # -- drafts --------------------------------------------------------------------------------
    def drive_doc(self, activity_id: str) -> sqlite3.Row | None:
        """The Google Doc of a row's draft: file_id, link, content_hash, updated_at."""
        return self.db.execute("SELECT * FROM drive_docs WHERE activity_id = ?", (activity_id,)).fetchone()

    def record_drive_doc(self, activity_id: str, file_id: str, link: str, content_hash: str, updated_at: str) -> None:
        self.db.execute(
            "INSERT INTO drive_docs (activity_id, file_id, link, content_hash, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(activity_id) DO UPDATE SET file_id = excluded.file_id, link = excluded.link, "
            "content_hash = excluded.content_hash, updated_at = excluded.updated_at",
            (activity_id, file_id, link, content_hash, updated_at),
        )

    def draft_hash(self, activity_id: str) -> str | None:
        r = self.db.execute("SELECT content_hash FROM drafts WHERE activity_id = ?", (activity_id,)).fetchone()
        return r["content_hash"] if r else None

    def draft_record(self, activity_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM drafts WHERE activity_id = ?", (activity_id,)).fetchone()

    def record_draft(self, activity_id: str, content_hash: str, folder: str, made_at: str) -> None:
        self.db.execute(
            "INSERT INTO drafts (activity_id, content_hash, folder, made_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(activity_id) DO UPDATE SET content_hash = excluded.content_hash, "
            "folder = excluded.folder, made_at = excluded.made_at",
            (activity_id, content_hash, folder, made_at),
        )

    # -- mails ---------------------------------------------------------------------------------
    def mail_state(self, key: str) -> str | None:
        r = self.db.execute("SELECT state FROM mails WHERE key = ?", (key,)).fetchone()
        return r["state"] if r else None

    def queue_mails(
        self,
        mails: list[tuple[str, str, str, str, str]],
        contents: dict[str, bytes] | None = None,
        *,
        drafts: list[tuple[str, str, str, str]] | None = None,
    ) -> None:
        """(key, kind, recipient, period, message hash) → state `queued`, with each mail's bytes
        (`contents`, by key), in one transaction, before anything is sent; a run killed while
        sending finds them still queued next time. `drafts` (activity key, content hash, folder,
        made at) are recorded in that same transaction: a draft is never recorded without its mail."""
        with self.transaction() as db:
            self.store_contents(contents or {})
            db.executemany(
                "INSERT INTO mails (key, kind, recipient, period, message_hash, state, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT(key) DO UPDATE SET "
                # one being handed over when a run ended stays so: the delivery decides about it
                "state = CASE mails.state WHEN 'sending' THEN 'sending' ELSE 'queued' END, "
                "message_hash = excluded.message_hash, updated_at = excluded.updated_at",
                [(*m, now_utc()) for m in mails],
            )
            for draft in drafts or ():
                self.record_draft(*draft)

    def mark_mail(self, key: str, state: str, detail: str = "") -> None:
        assert state in MAIL_STATES and state != "queued"
        with self.transaction() as db:
            db.execute(
                "UPDATE mails SET state = ?, detail = ?, attempts = attempts + 1, updated_at = ? WHERE key = ?",
                (state, redact(detail), now_utc(), key),
            )
            self.note_outcome(key, state, detail)

    def last_sent_hash(self, kind: str, recipient: str) -> str | None:
        r = self.db.execute(
            "SELECT message_hash FROM mails WHERE kind = ? AND lower(recipient) = lower(?) AND state = 'sent' "
            "ORDER BY updated_at DESC, rowid DESC LIMIT 1",
            (kind, recipient),
        ).fetchone()
        return r["message_hash"] if r else None

    def mails(self, kind: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT * FROM mails" + (" WHERE kind = ?" if kind else "") + " ORDER BY rowid"
        return list(self.db.execute(sql, (kind,) if kind else ()))

    # -- consecutive failures of each job, for the operator's alerts -----------------------------
    def job_streak(self, job: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM job_streaks WHERE job = ?", (job,)).fetchone()

    def save_job_streak(
        self, job: str, failures: int, failing_since: str | None, last_error: str, alerted: bool
    ) -> None:
        self.db.execute(
            "INSERT INTO job_streaks (job, failures, failing_since, last_error, alerted) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(job) DO UPDATE SET failures = excluded.failures, failing_since = excluded.failing_since, "
            "last_error = excluded.last_error, alerted = excluded.alerted",
            (job, failures, failing_since, redact(last_error), int(alerted)),
        )

    # -- rows failing validation -----------------------------------------------------------------
    def record_failing_rows(self, run_id: int, problems: Iterable[Any]) -> None:
        """Replace the list of problems with the latest validation's (each with `tab`, `row`,
        `activity_id`, `column`, `message`), so `kopienas status` can say what is still wrong."""
        with self.transaction() as db:
            db.execute("DELETE FROM failing_rows")
            db.executemany(
                "INSERT INTO failing_rows (run_id, tab, row, activity_id, column_name, message) VALUES (?, ?, ?, ?, ?, ?)",
                [(run_id, p.tab, p.row, p.activity_id, p.column, redact(p.message)) for p in problems],
            )

    def failing_rows(self) -> list[sqlite3.Row]:
        """The latest validation's problems, by row; joined with the run that found them."""
        return list(
            self.db.execute(
                "SELECT f.*, r.started_at AS checked_at FROM failing_rows f JOIN runs r ON r.id = f.run_id "
                "ORDER BY f.row, f.rowid"
            )
        )

    def mail_counts_since(self, since: datetime) -> dict[tuple[str, str], int]:
        """(kind, state) -> how many mails changed to that state at or after `since`."""
        moment = since.astimezone(UTC).isoformat(timespec="seconds")
        return {
            (r["kind"], r["state"]): r["n"]
            for r in self.db.execute(
                "SELECT kind, state, count(*) AS n FROM mails WHERE updated_at >= ? GROUP BY kind, state", (moment,)
            )
        }
