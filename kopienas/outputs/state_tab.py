"""The tool's own tab `Rīka stāvoklis`: a second witness, outside the ledger, of what must not
happen twice — the last week whose summaries went out, and the press-office mail queued for each
draft (its ID and content) — so a lost ledger (a deleted file, an evicted CI cache) cannot mail a
week or a draft again; and the identity the spreadsheet's issued ID numbers are kept under in the
ledger, which travels with a workbook when it is moved, renamed or copied, and with a copy of a
Google Sheet. Rewritten whole on every write, like `Kopsavilkums`."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kopienas.core import cells
from kopienas.core.models import Table
from kopienas.core.words import reports as said

TITLE_LINE = said.STATE_TITLE_LINE
LAST_WEEK_LABEL = said.LAST_WEEK_LABEL
IDENTITY_LABEL = said.IDENTITY_LABEL
PRESS_LABEL = said.PRESS_LABEL
_WEEK = re.compile(r"^\d{4}-W\d{2}$")
_IDENTITY = re.compile(r"^kopienas-[0-9a-f]{32}$")
_PRESS = re.compile(r"^[^:\s]{1,80}:[0-9a-f]{12}$")


def state_rows(
    last_summary_week: str, identity: str = "", press: Mapping[str, str] | None = None
) -> list[list[object]]:
    """The tab's rows; `press` is draft ID -> the mail's period (`<ID>:<content hash>`)."""
    rows: list[list[object]] = [[TITLE_LINE, ""], [LAST_WEEK_LABEL, last_summary_week]]
    if identity:
        rows.append([IDENTITY_LABEL, identity])
    rows += [[PRESS_LABEL, period] for _, period in sorted((press or {}).items())]
    return rows


def _values(table: Table | None, label: str) -> list[str]:
    if table is None:
        return []
    return [
        cells.text(row[1])
        for row in (table.header, *(r for _, r in table.rows))
        if len(row) >= 2 and cells.text(row[0]) == label
    ]


def last_summary_week(table: Table | None) -> str:
    """The week the tab names ("" when there is no tab or no readable week)."""
    weeks = [w for w in _values(table, LAST_WEEK_LABEL) if _WEEK.match(w)]
    return weeks[0] if weeks else ""


def sheet_identity(table: Table | None) -> str:
    """The workbook's identity the tab names ("" when none is readable)."""
    found = [v for v in _values(table, IDENTITY_LABEL) if _IDENTITY.match(v)]
    return found[0] if found else ""


def press_witness(table: Table | None) -> dict[str, str]:
    """Draft ID -> the period of the press-office mail the tab says was queued for it."""
    return {p.partition(":")[0]: p for p in _values(table, PRESS_LABEL) if _PRESS.match(p)}
