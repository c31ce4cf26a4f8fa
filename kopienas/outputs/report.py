"""The validation report as people (and scripts) read it."""

from __future__ import annotations

import json
from typing import Any

from kopienas.core import language
from kopienas.core.validation import ValidationReport
from kopienas.core.words import reports as said
from kopienas.core.words import sheets as sheet_phrases
from kopienas.core.writeback import WriteResult


def report_dict(report: ValidationReport, source: str, written: WriteResult | None) -> dict[str, Any]:
    return {
        "source": source,
        "tab": report.tab,
        "rows_checked": len(report.verdicts),
        "rows_with_problems": report.rows_with_problems,
        "assigned_ids": [{"row": v.row, "id": v.activity_id} for v in report.verdicts if v.assigned_id],
        "overdue_planned": report.overdue_planned,
        "problems": [p.as_dict() for p in report.problems],
        "sheet_problems": [p.as_dict() for p in report.sheet_problems],
        "columns": [c.as_dict() for c in report.columns],
        "written_to": written.target if written else None,
        "rows_not_found_when_writing": [u.original_id or u.title for u in written.skipped] if written else [],
        "rows_changed_before_writing": [u.original_id or u.title for u in written.changed] if written else [],
    }


def report_json(report: ValidationReport, source: str, written: WriteResult | None) -> str:
    return json.dumps(report_dict(report, source, written), ensure_ascii=False, indent=2)


def report_text(report: ValidationReport, source: str, written: WriteResult | None) -> str:
    lines = [
        said.report_heading(source, language.quote(report.tab)),
        language.rows_checked(len(report.verdicts), report.rows_with_problems),
    ]
    if report.overdue_planned:
        lines.append(sheet_phrases.overdue_summary(report.overdue_planned))
    for v in report.verdicts:
        if v.assigned_id:
            lines.append(said.id_assigned(v.row, v.activity_id))
    if report.problems:
        lines.append("")
    for v in report.verdicts:
        for p in v.problems:
            lines.append(said.row_problem(p.row, v.activity_id, p.message))
    if report.sheet_problems:
        lines.append("")
        for p in report.sheet_problems:
            lines.append(said.tab_problem(language.quote(p.tab), p.row, p.message))
    if written:
        lines.append("")
        lines.append(language.rows_written(written.target, written.written))
        for u in written.skipped:
            lines.append(said.row_gone(u.original_id, language.quote(u.title)))
        lines += [language.row_changed_line(u.original_id, u.title) for u in written.changed]
        lines += [language.merged_cell_line(cell) for cell in written.merged]
    if not report.problems:
        lines.append(said.ALL_ROWS_FINE)
    return "\n".join(lines)
