"""The validate job: check every row and write the verdicts back next to it."""

from __future__ import annotations

from kopienas.app.jobs.recorded import recorded_run
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import check, exit_for, writeback_plan
from kopienas.config import Config
from kopienas.core.errors import KopienasError
from kopienas.outputs.report import report_json, report_text


def validate(config: Config, *, write_back: bool = True, fmt: str = "text") -> Outcome:
    with recorded_run(config, "validate", needed=write_back) as run:
        checked = check(config, ledger=run.ledger)
        report = checked.report
        run.record_failing_rows(report.problems)
        written, write_error = None, None
        if write_back:
            try:
                written = checked.source.write(writeback_plan(config, checked, ledger=run.ledger))
            except KopienasError as e:
                write_error = e
        show = report_json if fmt == "json" else report_text
        counts = {"rows": len(report.verdicts), "rows_with_problems": report.rows_with_problems}
        outcome = Outcome(exit_for(report), [show(report, checked.source.name, written)], counts)
        if write_error:
            return run.fail(write_error, outcome)  # the verdicts are shown, so nothing is lost
        run.finish("problems" if report.rows_with_problems else "ok", counts)
        return outcome
