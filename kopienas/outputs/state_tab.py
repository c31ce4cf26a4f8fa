"""The tool's own tab `Rīka stāvoklis`: a second witness, outside the ledger, of the last week
whose summaries went out — so a lost ledger (a deleted file, an evicted CI cache) cannot send a
week again. Rewritten whole on every run's write, like `Kopsavilkums`."""

from __future__ import annotations

import re

from kopienas.core import cells
from kopienas.core.models import Table
from kopienas.core.words import reports as said

TITLE_LINE = said.STATE_TITLE_LINE
LAST_WEEK_LABEL = said.LAST_WEEK_LABEL
_WEEK = re.compile(r"^\d{4}-W\d{2}$")


def state_rows(last_summary_week: str) -> list[list[object]]:
    return [[TITLE_LINE, ""], [LAST_WEEK_LABEL, last_summary_week]]


def last_summary_week(table: Table | None) -> str:
    """The week the tab names ("" when there is no tab or no readable week)."""
    if table is None:
        return ""
    for row in (table.header, *(r for _, r in table.rows)):
        if len(row) >= 2 and cells.text(row[0]) == LAST_WEEK_LABEL:
            week = cells.text(row[1])
            return week if _WEEK.match(week) else ""
    return ""
