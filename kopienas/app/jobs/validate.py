"""The validate job: check every row and write the verdicts back next to it."""

from __future__ import annotations

from kopienas.app.jobs.steps import open_pass
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import exit_for
from kopienas.config import Config
from kopienas.core.errors import KopienasError
from kopienas.outputs.report import report_json, report_text


def validate(config: Config, *, write_back: bool = True, fmt: str = "text") -> Outcome:
    with open_pass(config, "validate", needed=write_back, writes=write_back) as step:
        report = step.checked.report
        step.run.record_failing_rows(report.problems)
        written, write_error = None, None
        if write_back:
            try:
                written = step.write()
            except KopienasError as e:
                write_error = e
        show = report_json if fmt == "json" else report_text
        counts = {"rows": len(report.verdicts), "rows_with_problems": report.rows_with_problems}
        outcome = Outcome(exit_for(report), [show(report, step.checked.source.name, written)], counts)
        if write_error:
            return step.run.fail(write_error, outcome)  # the verdicts are shown, so nothing is lost
        step.run.finish(outcome)
        return outcome
