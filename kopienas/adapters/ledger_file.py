"""Opening the ledger file so that only a kopienas ledger is ever taken for one.

A ledger carries a mark (SQLite `application_id`) and a schema version (`user_version`). A new one
is created whole next to its place and moved there, so a crash never leaves a half-made ledger. A
file that is empty (0 bytes), not SQLite, or another program's database is refused: taking it for a
fresh ledger would send every mail again.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kopienas.adapters import files
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import runs as said

APPLICATION_ID = 0x4B4F5049  # "KOPI"
SCHEMA_VERSION = 2  # 1: runs, drafts, mails, failing_rows; 2: + mail contents, ambiguous deliveries
# Tables every kopienas ledger has had since the first version; one without them is foreign.
CORE_TABLES = {"runs", "mails"}


class LedgerError(KopienasError):
    """The ledger cannot be used; str() says what to do."""


def _refuse(path: Path, why: str) -> LedgerError:
    return LedgerError(said.ledger_refused(path, said.LEDGER_WHY[why]), ExitCode.FAILED)


def connect(path: Path, *, create: bool = False) -> sqlite3.Connection:
    db = files.connect_sqlite(path, create=create, mode=0o600, timeout=5, isolation_level=None)
    db.row_factory = sqlite3.Row
    return db


def open_ledger(path: Path, schema: str) -> tuple[sqlite3.Connection, bool]:
    """(connection, fresh): `fresh` when the ledger did not exist and was created now."""
    fresh = not os.path.lexists(path)
    if fresh:
        _create(path, schema)
    elif path.is_file() and path.stat().st_size == 0:
        raise _refuse(path, "empty")
    db = connect(path)
    try:
        marker = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if marker not in (0, APPLICATION_ID) or not tables >= CORE_TABLES:
            raise _refuse(path, "foreign")
        if version > SCHEMA_VERSION:
            raise _refuse(path, "newer")
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(schema)
        if marker != APPLICATION_ID or version != SCHEMA_VERSION:
            # A ledger from before the mark: same tables, now marked (old rows keep their meaning).
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.close()
        raise
    return db, fresh


def _create(path: Path, schema: str) -> None:
    temporary = path.with_name(f".{path.name}.new")
    files.remove(temporary)
    # It holds partners' and coordinators' addresses: private to its owner from the start
    # (SQLite gives its -wal and -shm files the same mode).
    db = connect(temporary, create=True)
    try:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.executescript(schema)
    finally:
        db.close()
    files.move(temporary, path)
