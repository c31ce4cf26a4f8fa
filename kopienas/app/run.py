"""`kopienas run`: every job once, on one read and one write of the spreadsheet."""

from __future__ import annotations

import click

from kopienas.config import Config
from kopienas.core.errors import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, KopienasError
from kopienas.app.drafting import make_drafts, outcome_text, press_office_mails
from kopienas.app.fixlist_mails import fixlist_mails
from kopienas.app.mailing import transport_for
from kopienas.app.summary_mails import summary_mails
from kopienas.adapters.ledger import Ledger
from kopienas.app.delivery import deliver
from kopienas.app.pipeline import check, config_from, now, tool_tabs
from kopienas.outputs.report import report_text
from kopienas.adapters.runlock import run_lock
from kopienas.app.scheduling import plan_from_config
from kopienas.core.weeks import last_full_week
from kopienas.core.writeback import plan_from_report
from kopienas.app.summary import delivery_text


@click.command()
@click.option("--source", help="Workbook path, Google Sheet URL or gsheet:<id> (overrides the config).")
@click.pass_obj
def command(obj: dict, source: str | None) -> None:
    """Validate, make drafts, write both back in one write, then send the coordinators' fix-lists
    and the last full week's partner summaries (each only once).

    Exits 0 when every row is valid, 1 when any row has problems, 3 when mail could not be sent."""
    raise SystemExit(run_all(config_from(obj, source)))


def run_all(config: Config, *, mail: bool = True) -> int:
    """Every job once; returns the exit code. `mail=False` stops after the sheet's write."""
    current = now(config)
    with run_lock(config, "run"), Ledger(config.ledger) as ledger:
        run_id = ledger.start_run("run", config.source)
        try:
            checked = check(config)
            report = checked.report
            ledger.record_failing_rows(run_id, report.problems)
            drafts = make_drafts(config, checked, ledger, now=current)
            plan = plan_from_report(report, config.headers["activities"], config.tool_headers, drafts.notes,
                                    owned_tabs=tool_tabs(config, checked))
            written, write_error = None, None
            try:
                written = checked.source.write(plan)
            except KopienasError as e:
                write_error = e
            click.echo(report_text(report, checked.source.name, written))
            click.echo("")
            click.echo(outcome_text(drafts))
            if write_error:
                raise write_error  # verdicts printed above; no mail goes out from a half-done run
            if not mail:
                counts = {"rows": len(report.verdicts), "rows_with_problems": report.rows_with_problems,
                          "drafts_made": len(drafts.made)}
                ledger.finish_run(run_id, "problems" if report.rows_with_problems else "ok", counts)
                return EXIT_PROBLEMS if report.rows_with_problems else EXIT_OK

            fixes, rejected = fixlist_mails(config, checked, ledger, now=current)
            # The week whose summary is due: the one before the latest summary slot (Monday 08:00),
            # so a run at 01:00 on Monday does not send ahead of the scheduled time.
            due_slot = plan_from_config(config).summary.last_at_or_before(current)
            monday, sunday = last_full_week(due_slot.astimezone(config.zone))
            summaries = summary_mails(config, checked, monday, sunday, now=current)
            to_press = press_office_mails(config, drafts)
            delivery = deliver(fixes + [p.mail for p in summaries.planned] + to_press, transport_for(config), ledger)
            click.echo("")
            click.echo(f"Vēstules: {len(fixes)} labojumu saraksti koordinatoriem, "
                       f"{len(summaries.planned)} nedēļas kopsavilkumi partneriem ({summaries.planned[0].subject if summaries.planned else '—'}), "
                       f"{len(to_press)} melnraksti preses dienestam.")
            for name, why in rejected + summaries.rejected:
                click.echo(f"  Netiek sūtīts: {name} — {why}")
            for line in delivery_text(delivery):
                click.echo(line)
            if config.mail.transport == "outbox":
                click.echo(f"Pastkaste: {config.outbox}/index.html")
        except KopienasError as e:
            ledger.finish_run(run_id, "failed", detail=str(e))
            raise
        counts = {"rows": len(report.verdicts), "rows_with_problems": report.rows_with_problems,
                  "drafts_made": len(drafts.made), "mails_sent": len(delivery.sent),
                  "mails_failed": len(delivery.failed)}
        outcome = "failed" if delivery.error else "problems" if report.rows_with_problems else "ok"
        ledger.finish_run(run_id, outcome, counts, detail=delivery.error)
    if delivery.error:
        return EXIT_FAILED
    return EXIT_PROBLEMS if report.rows_with_problems else EXIT_OK
