"""The `Kopsavilkums` tab: the programme's figures per community and year, as rows of cells.

The tool owns this tab and rewrites it whole on every run. The figures come from
`totals.community_totals`, the same function behind the weekly summary's year-to-date table.
"""

from __future__ import annotations

from datetime import datetime

from kopienas.core import language
from kopienas.core.totals import community_totals, programme_totals
from kopienas.core.validation import ValidationReport
from kopienas.core.words import reports as said
from kopienas.core.words import sheets as sheet_phrases

HEADER = said.TOTALS_HEADER


def totals_rows(report: ValidationReport, communities, updated: datetime) -> list[list[object]]:
    """Rows for the tab: a title, when it was updated, the table, the programme's totals and the
    number of rows left out for problems."""
    rows = community_totals(report.valid_activities())
    order = {c.code: i for i, c in enumerate(communities)}
    rows.sort(key=lambda r: (order.get(r.community_code, len(order)), r.community_code, r.year))
    total = programme_totals(rows)
    left_out = report.rows_with_problems
    out: list[list[object]] = [
        [said.TOTALS_TITLE],
        [said.updated_line(language.timestamp(updated), language.zone_label(updated.tzinfo))],
        [said.TOTALS_NOTE],
        [],
        list(HEADER),
    ]
    for r in rows:
        out.append(
            [
                r.community_name,
                r.year,
                r.held,
                r.planned,
                r.cancelled,
                r.children,
                r.adults,
                r.participants,
                r.institution_count,
            ]
        )
    out.append(
        [
            said.PROGRAMME_TOTAL,
            "",
            total.held,
            total.planned,
            total.cancelled,
            total.children,
            total.adults,
            total.participants,
            total.institution_count,
        ]
    )
    out.append([])
    out.append([said.ROWS_LEFT_OUT, left_out])
    out.append([sheet_phrases.OVERDUE_LABEL, report.overdue_planned])  # among them: planned, start passed
    return out
