"""`kopienas validate`: check every row and write the verdicts back next to it."""

from __future__ import annotations

import click

from kopienas.config import Config
from kopienas.core.errors import EXIT_OK, EXIT_PROBLEMS, KopienasError
from kopienas.adapters.ledger import Ledger
from kopienas.app.pipeline import check, config_from, tool_tabs
from kopienas.outputs.report import report_json, report_text
from kopienas.adapters.runlock import run_lock
from kopienas.core.writeback import plan_from_report


@click.command()
@click.option("--source", help="Workbook path, Google Sheet URL or gsheet:<id> (overrides the config).")
@click.option("--no-write-back", is_flag=True, help="Only report; change nothing in the spreadsheet.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def command(obj: dict, source: str | None, no_write_back: bool, fmt: str) -> None:
    """Check every activity row; write `Labi` or the problems into `Pārbaude`.

    Exits 0 when every row is valid, 1 when any row has problems."""
    raise SystemExit(validate(config_from(obj, source), write_back=not no_write_back, fmt=fmt))


def validate(config: Config, *, write_back: bool = True, fmt: str = "text") -> int:
    """The validate job; returns the exit code."""
    with run_lock(config, "validate", needed=write_back), Ledger(config.ledger) as ledger:
        run_id = ledger.start_run("validate", config.source)
        try:
            checked = check(config)
            report = checked.report
            ledger.record_failing_rows(run_id, report.problems)
            written = None
            write_error = None
            if write_back:
                plan = plan_from_report(report, config.headers["activities"], config.tool_headers,
                                        owned_tabs=tool_tabs(config, checked))
                try:
                    written = checked.source.write(plan)
                except KopienasError as e:
                    write_error = e
            show = report_json if fmt == "json" else report_text
            click.echo(show(report, checked.source.name, written))
            counts = {"rows": len(report.verdicts), "rows_with_problems": report.rows_with_problems}
            if write_error:
                raise write_error  # the verdicts are printed above, so nothing is lost
        except KopienasError as e:
            ledger.finish_run(run_id, "failed", detail=str(e))
            raise
        ledger.finish_run(run_id, "problems" if report.rows_with_problems else "ok", counts)
    return EXIT_PROBLEMS if report.rows_with_problems else EXIT_OK
