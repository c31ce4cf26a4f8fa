"""The run job: every job once, on one read and one write of the spreadsheet.

One bad input stops one thing: a broken template, a chart that cannot be drawn or one row's draft
fails its own job, which is named in the output; the other jobs still run, the verdicts are still
written, and the run ends with exit code 3.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from kopienas.app.drafts.google_docs import folder_for, sync_docs
from kopienas.app.drafts.making import make_drafts, outcome_text, press_office_mails, queue_press_office_mails
from kopienas.app.jobs.fixlists import FixlistMails, fixlist_mails
from kopienas.app.jobs.recorded import recorded_run
from kopienas.app.jobs.summary import SummaryBatch, summary_mails, witness_says_sent
from kopienas.app.mail.delivery import Mail, deliver, delivery_text, plan_delivery, queue
from kopienas.app.mail.sending import ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import check, exit_for, now, refuse_foreign, sheet_summary_week, writeback_plan
from kopienas.app.unattended.plan import plan_from_config
from kopienas.config import Config
from kopienas.core import language
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.weeks import iso_week_label
from kopienas.core.words import sheets as sheet_phrases
from kopienas.outputs.report import report_text

log = logging.getLogger(__name__)
T = TypeVar("T")

# The jobs, as named in a failure line.
JOB_DRAFTS = "melnraksti / drafts"
JOB_PRESS = "preses dienests / press office"
JOB_FIXLISTS = "labojumu saraksti / fix-lists"
JOB_SUMMARIES = "nedēļas kopsavilkumi / weekly summaries"


class _Jobs:
    """Runs each job so that its failure is recorded under its name and stops nothing else."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def run(self, name: str, job: Callable[[], T], default: T) -> T:
        try:
            return job()
        except KopienasError as e:
            self.failures.append(f"{name}: {e}")
        except Exception as e:
            log.debug("job %s failed", name, exc_info=True)
            self.failures.append(f"{name}: {type(e).__name__}: {e}")
        return default


def run_all(config: Config, *, mail: bool = True) -> Outcome:
    """Every job once. `mail=False` stops after the sheet's write."""
    current = now(config)
    jobs = _Jobs()
    # Its own settings checked before the sheet is touched: the schedule (which week is due), mail.
    summary_time = plan_from_config(config).summary
    transport = ready_transport(config) if mail else None
    with recorded_run(config, "run") as run:
        ledger = run.ledger
        checked = check(config, ledger=ledger)
        report = checked.report
        run.record_failing_rows(report.problems)
        refuse_foreign(config, checked)  # before the drafts: nothing is written into what is not the tool's
        drafts = make_drafts(config, checked, ledger, now=current)
        jobs.failures += [f"{JOB_DRAFTS}: {e}" for e in drafts.errors]
        docs = sync_docs(config, drafts, ledger, folder_for(config, checked), now=current)
        jobs.run(JOB_PRESS, lambda: queue_press_office_mails(config, drafts, ledger), None)

        monday, sunday = summary_time.due_week(current)  # the one rule every sending command asks
        week = iso_week_label(monday)
        summaries, witness = SummaryBatch(), ""
        if mail:
            witness = witness_says_sent(config, checked, ledger, week)
            if not witness:
                summaries = jobs.run(
                    JOB_SUMMARIES, lambda: summary_mails(config, checked, monday, sunday, now=current), SummaryBatch()
                )
                jobs.failures += [f"{JOB_SUMMARIES}: {e}" for e in summaries.errors]
                # Queued before the sheet's witness names this week, so a run killed in between
                # still owes these mails instead of forgetting them.
                queue(
                    plan_delivery(
                        summaries.mails, ledger, uncertain_retries=config.mail.uncertain_retries
                    ).todo.values(),
                    ledger,
                )
        summary_week = max(sheet_summary_week(config, checked), ledger.last_summary_week())

        written, write_error = None, None
        try:
            written = checked.source.write(
                writeback_plan(config, checked, drafts.notes, ledger, summary_week=summary_week)
            )
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
            _finish(run, outcome, jobs.failures, report.rows_with_problems)
            return outcome

        fixes = jobs.run(
            JOB_FIXLISTS, lambda: fixlist_mails(config, checked, ledger, now=current), FixlistMails([], [], [])
        )
        to_press: list[Mail] = jobs.run(JOB_PRESS, lambda: press_office_mails(config, ledger), [])
        assert transport is not None
        delivery = deliver(
            fixes.mails + summaries.mails + to_press,
            transport,
            ledger,
            uncertain_retries=config.mail.uncertain_retries,
        )
        subject = summaries.planned[0].subject if summaries.planned else "—"
        outcome.say("", language.mails_planned(len(fixes.mails), len(summaries.mails), len(to_press), subject))
        if witness:
            outcome.say(f"  Kopsavilkumi netiek sūtīti: {witness}")
        outcome.say(*(f"  Netiek sūtīts: {name} — {why}" for name, why in fixes.rejected + summaries.rejected))
        if fixes.unaddressed:
            outcome.say("  " + sheet_phrases.unaddressed_line(len(fixes.unaddressed), config.mail.operator))
            counts["rows_without_coordinator"] = fixes.unaddressed
        outcome.say(*delivery_text(delivery))
        if config.mail.transport == "outbox":
            outcome.say(f"Pastkaste: {config.outbox}/index.html")
        counts |= {
            "mails_sent": len(delivery.sent),
            "mails_failed": len(delivery.failed),
            "mails_uncertain": len(delivery.uncertain) + len(delivery.held),
        }
        if delivery.error:
            jobs.failures.append(f"pasts / mail: {delivery.error}")
        if docs.error:
            jobs.failures.append(f"Google dokumenti / Google Docs: {docs.error}")
        _finish(run, outcome, jobs.failures, report.rows_with_problems)
    if docs.error:
        outcome.failed(docs.error)
    return outcome


def _finish(run, outcome: Outcome, failures: list[str], rows_with_problems: int) -> None:
    """Each failed job on its own line; exit 3 when any failed (the other jobs' work stands)."""
    if failures:
        outcome.say("", *(f"Neizdevās darbs {f}" for f in failures))
        outcome.exit_code = ExitCode.FAILED
    outcome.counts["failed_jobs"] = len(failures)
    run.finish(
        "failed" if failures else "problems" if rows_with_problems else "ok", outcome.counts, detail="; ".join(failures)
    )
