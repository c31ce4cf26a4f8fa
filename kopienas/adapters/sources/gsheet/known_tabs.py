"""The spreadsheet's tab titles and sheet ids as the last full read found them, kept in the ledger
(table `known_tabs`), so that a later pass can ask for the values at once and for the notes and
colours by sheet id: two calls, without a first one just for the titles.

Trusted only while it names every tab the configuration names (a tab created since, by the tool or
a coordinator, sends the pass back to the full read, which renews the entry); a title or id Google
no longer knows is found out by the calls themselves (see `GoogleSheetSource.read`). A ledger that
cannot be opened or written only costs the next pass its first call."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from pathlib import Path

from kopienas.adapters.ledger import Ledger
from kopienas.core.errors import KopienasError
from kopienas.core.headers import find_title

SCHEMA = """
CREATE TABLE IF NOT EXISTS known_tabs (
    source TEXT PRIMARY KEY,
    tabs TEXT NOT NULL
);
"""


class KnownTabs:
    def __init__(self, ledger: Path | None, key: str, configured: Collection[str]):
        self.ledger, self.key, self.configured = ledger, key, tuple(configured)

    def load(self) -> dict[str, int] | None:
        """Title -> sheet id, in the spreadsheet's order; None when not known or not to be trusted."""
        tabs = self._kept()
        if not isinstance(tabs, dict) or not tabs or not all(type(v) is int for v in tabs.values()):
            return None
        if any(find_title(tabs, t) is None for t in self.configured):
            return None
        return tabs

    def keep(self, tabs: dict[str, int] | None) -> None:
        """Keep (None: forget) the tabs; the ledger is not written when it holds them already, nor
        made when there is none (a new ledger tells a run that no mail was sent before it)."""
        if self.ledger is None or not self.ledger.exists():
            return
        try:
            with Ledger(self.ledger) as ledger:
                if self._read(ledger) == tabs:
                    return
                with ledger.transaction() as db:
                    if tabs is None:
                        db.execute("DELETE FROM known_tabs WHERE source = ?", (self.key,))
                    else:
                        db.execute(
                            "INSERT INTO known_tabs (source, tabs) VALUES (?, ?) "
                            "ON CONFLICT(source) DO UPDATE SET tabs = excluded.tabs",
                            (self.key, json.dumps(tabs, ensure_ascii=False)),
                        )
        except (KopienasError, sqlite3.Error, OSError):
            return

    def _kept(self) -> object:
        if self.ledger is None or not self.ledger.exists():
            return None
        try:
            with Ledger(self.ledger) as ledger:
                return self._read(ledger)
        except (KopienasError, sqlite3.Error, OSError):
            return None

    def _read(self, ledger: Ledger) -> object:
        ledger.db.execute(SCHEMA)
        found = ledger.db.execute("SELECT tabs FROM known_tabs WHERE source = ?", (self.key,)).fetchone()
        try:
            return json.loads(found["tabs"]) if found else None
        except ValueError:
            return None
