"""`kopienas run`: every job once, on one read and one write of the spreadsheet."""

from __future__ import annotations

import click

from ..errors import EXIT_OK, EXIT_PROBLEMS, KopienasError
from ..ledger import Ledger
from ..pipeline import check, config_from
from ..report import report_text
from ..writeback import plan_from_report


@click.command()
@click.option("--source", help="Workbook path, Google Sheet URL or gsheet:<id> (overrides the config).")
@click.pass_obj
def command(obj: dict, source: str | None) -> None:
    """Validate and write back, then make drafts and mails — once.

    Exits 0 when every row is valid, 1 when any row has problems."""
    config = config_from(obj, source)
    with Ledger(config.ledger) as ledger:
        run_id = ledger.start_run("run", config.source)
        try:
            checked = check(config)
            report = checked.report
            plan = plan_from_report(report, config.headers["activities"], config.tool_headers)
            written, write_error = None, None
            try:
                written = checked.source.write(plan)
            except KopienasError as e:
                write_error = e
            click.echo(report_text(report, checked.source.name, written))
            if write_error:
                raise write_error
        except KopienasError as e:
            ledger.finish_run(run_id, "failed", detail=str(e))
            raise
        counts = {"rows": len(report.verdicts), "rows_with_problems": report.rows_with_problems}
        ledger.finish_run(run_id, "problems" if report.rows_with_problems else "ok", counts)
    raise SystemExit(EXIT_PROBLEMS if report.rows_with_problems else EXIT_OK)
