"""The ledger's memory of issued IDs: the highest number per community and year, ever.

Kept in its own table of the ledger file, so an ID whose row a coordinator deleted is not given to
the next new row: the sheet alone cannot tell that the number was once used.
"""

from __future__ import annotations

from collections.abc import Mapping

from kopienas.adapters.ledger import Ledger

SCHEMA = """
CREATE TABLE IF NOT EXISTS issued_ids (
    source TEXT NOT NULL,
    community TEXT NOT NULL,
    year INTEGER NOT NULL,
    highest INTEGER NOT NULL,
    PRIMARY KEY (source, community, year)
);
"""


def _ensure(ledger: Ledger) -> None:
    ledger.db.executescript(SCHEMA)


def highest_issued(ledger: Ledger, source: str) -> dict[tuple[str, int], int]:
    """(community code casefolded, year) -> the highest number issued for that spreadsheet."""
    _ensure(ledger)
    rows = ledger.db.execute("SELECT community, year, highest FROM issued_ids WHERE source = ?", (source,))
    return {(r["community"], int(r["year"])): int(r["highest"]) for r in rows}


def record_issued(ledger: Ledger, source: str, issued: Mapping[tuple[str, int], int]) -> None:
    """Raise the stored highest numbers to `issued` (never lower them), in one transaction.
    Called before the IDs are written, so a number is never handed out twice even if the write fails."""
    known = highest_issued(ledger, source) if issued else {}
    raised = [(source, code, year, n) for (code, year), n in issued.items() if n > known.get((code, year), 0)]
    if not raised:
        return  # a pass that issues nothing new writes nothing here
    with ledger.transaction() as db:
        db.executemany(
            "INSERT INTO issued_ids (source, community, year, highest) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(source, community, year) DO UPDATE SET highest = max(highest, excluded.highest)",
            raised,
        )
