"""The run job: every job once, on one read and one write of the spreadsheet."""

from __future__ import annotations

from typing import Any

from kopienas.app.delivery import deliver, delivery_text
from kopienas.app.drafting import make_drafts, outcome_text, press_office_mails
from kopienas.app.drive_drafts import folder_for, sync_docs
from kopienas.app.fixlist_mails import fixlist_mails
from kopienas.app.mailing import ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import check, exit_for, now, refuse_foreign, writeback_plan
from kopienas.app.recorded import recorded_run
from kopienas.app.schedule_plan import plan_from_config
from kopienas.app.summary_mails import summary_mails
from kopienas.config import Config
from kopienas.core import sheet_phrases
from kopienas.core.errors import EXIT_FAILED, KopienasError
from kopienas.core.weeks import last_full_week
from kopienas.outputs.report import report_text


def run_all(config: Config, *, mail: bool = True) -> Outcome:
    """Every job once. `mail=False` stops after the sheet's write."""
    current = now(config)
    # Its own settings checked before the sheet is touched: the schedule (which week is due), mail.
    summary_time = plan_from_config(config).summary
    transport = ready_transport(config) if mail else None
    with recorded_run(config, "run") as run:
        checked = check(config, ledger=run.ledger)
        report = checked.report
        run.record_failing_rows(report.problems)
        refuse_foreign(config, checked)  # before the drafts: nothing is written into what is not the tool's
        drafts = make_drafts(config, checked, run.ledger, now=current)
        docs = sync_docs(config, drafts, run.ledger, folder_for(config, checked), now=current)
        written, write_error = None, None
        try:
            written = checked.source.write(writeback_plan(config, checked, drafts.notes, run.ledger))
        except KopienasError as e:
            write_error = e
        counts: dict[str, Any] = {
            "rows": len(report.verdicts),
            "rows_with_problems": report.rows_with_problems,
            "drafts_made": len(drafts.made),
        } | docs.counts
        outcome = Outcome(
            exit_for(report),
            [report_text(report, checked.source.name, written), "", outcome_text(drafts), *docs.lines()],
            counts,
        )
        if write_error:
            return run.fail(write_error, outcome)  # verdicts shown; no mail goes out from a half-done run
        if not mail:
            if docs.error:  # the verdicts are written; the one line says what to do about the folder
                return run.fail(docs.error, outcome)
            run.finish("problems" if report.rows_with_problems else "ok", counts)
            return outcome

        fixes = fixlist_mails(config, checked, run.ledger, now=current)
        # The week whose summary is due: the one before the latest summary slot (Monday 08:00),
        # so a run at 01:00 on Monday does not send ahead of the scheduled time.
        due_slot = summary_time.latest(current)
        monday, sunday = last_full_week(due_slot.astimezone(config.zone))
        summaries = summary_mails(config, checked, monday, sunday, now=current)
        to_press = press_office_mails(config, drafts)
        assert transport is not None
        delivery = deliver(fixes.mails + [p.mail for p in summaries.planned] + to_press, transport, run.ledger)
        subject = summaries.planned[0].subject if summaries.planned else "—"
        outcome.say(
            "",
            f"Vēstules: {len(fixes.mails)} labojumu saraksti koordinatoriem, "
            f"{len(summaries.planned)} nedēļas kopsavilkumi partneriem ({subject}), "
            f"{len(to_press)} melnraksti preses dienestam.",
        )
        outcome.say(*(f"  Netiek sūtīts: {name} — {why}" for name, why in fixes.rejected + summaries.rejected))
        if fixes.unaddressed:
            outcome.say("  " + sheet_phrases.unaddressed_line(len(fixes.unaddressed), config.mail.operator))
            counts["rows_without_coordinator"] = fixes.unaddressed
        outcome.say(*delivery_text(delivery))
        if config.mail.transport == "outbox":
            outcome.say(f"Pastkaste: {config.outbox}/index.html")
        counts |= {"mails_sent": len(delivery.sent), "mails_failed": len(delivery.failed)}
        run.finish(
            "failed" if delivery.error or docs.error else "problems" if report.rows_with_problems else "ok",
            counts,
            detail=delivery.error or (str(docs.error) if docs.error else ""),
        )
    if delivery.error:
        outcome.exit_code = EXIT_FAILED
    if docs.error:
        outcome.failed(docs.error)
    return outcome
