"""The run job: every job's step once, folded into one pass — one read and one write of the spreadsheet.

One bad input stops one thing: a broken template, a chart that cannot be drawn or one row's draft
fails its own step, which is named in the output; the other steps still run, the verdicts are
still written, and the run ends with exit code 3.
"""

from __future__ import annotations

from typing import Any

from kopienas.adapters.mail import Transport
from kopienas.app.drafts.making import outcome_text
from kopienas.app.jobs.drafts import DraftsStep, drafts_step, press_office_owed, press_office_step
from kopienas.app.jobs.fixlists import FixlistMails, fixlists_step
from kopienas.app.jobs.steps import Pass, finish, open_pass
from kopienas.app.jobs.summary import SummaryBatch, SummaryStep, summary_step
from kopienas.app.mail.delivery import Mail, delivery_text, plan_delivery, queue
from kopienas.app.mail.sending import ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import exit_for, refuse_foreign, sheet_summary_week
from kopienas.app.unattended.plan import When, plan_from_config
from kopienas.config import Config
from kopienas.core import language
from kopienas.core.errors import KopienasError
from kopienas.core.words import jobs as words
from kopienas.core.words import sheets as sheet_phrases
from kopienas.outputs.report import report_text


def run_all(config: Config, *, mail: bool = True) -> Outcome:
    """Every job once. `mail=False` stops after the sheet's write."""
    # Its own settings checked before the sheet is touched: the schedule (which week is due), mail.
    summary_time = plan_from_config(config).summary
    transport = ready_transport(config) if mail else None
    with open_pass(config, "run", writes=True) as step:
        step.run.record_failing_rows(step.checked.report.problems)
        refuse_foreign(config, step.checked)  # before the drafts: nothing is written into what is not the tool's
        made = drafts_step(step)
        step.failures += [f"{words.DRAFTS}: {e}" for e in made.made.errors]
        step.attempt(words.PRESS_OFFICE, lambda: press_office_step(step, made.made), None)
        summaries = _due_summaries(step, summary_time) if mail else None
        outcome, write_error = _write(step, made)
        if write_error:
            return step.run.fail(write_error, outcome)  # verdicts shown; no mail goes out from a half-done run
        if transport is None or summaries is None:
            if made.docs.error:  # the verdicts are written; the one line says what to do about the folder
                return step.run.fail(made.docs.error, outcome)
            return _finish(step, outcome)
        _mail(step, outcome, summaries, transport)
        if made.docs.error:
            step.failures.append(f"{words.GOOGLE_DOCS}: {made.docs.error}")
        _finish(step, outcome)
    if made.docs.error:
        outcome.failed(made.docs.error)
    return outcome


def _due_summaries(step: Pass, summary_time: When) -> SummaryStep:
    """The week that is due (the one rule every sending command asks), its mails queued before the
    sheet's witness names the week — so a run killed in between still owes them."""
    monday, sunday = summary_time.due_week(step.now)
    nothing = SummaryStep("", SummaryBatch())
    due = step.attempt(words.SUMMARIES, lambda: summary_step(step, monday, sunday, plan_withheld=False), nothing)
    step.failures += [f"{words.SUMMARIES}: {e}" for e in due.batch.errors]
    retries = step.config.mail.uncertain_retries
    queue(plan_delivery(due.mails, step.ledger, uncertain_retries=retries).todo.values(), step.ledger)
    return due


def _write(step: Pass, made: DraftsStep) -> tuple[Outcome, KopienasError | None]:
    """The pass's one write, and what a person reads about the rows and the drafts."""
    config, checked = step.config, step.checked
    summary_week = max(sheet_summary_week(config, checked), step.ledger.last_summary_week())
    written, write_error = None, None
    try:
        written = step.write(made.made.notes, summary_week=summary_week)
    except KopienasError as e:
        write_error = e
    report = checked.report
    counts: dict[str, Any] = {
        "rows": len(report.verdicts),
        "rows_with_problems": report.rows_with_problems,
        "drafts_made": len(made.made.made),
    } | made.docs.counts
    lines = [report_text(report, checked.source.name, written), "", outcome_text(made.made), *made.docs.lines()]
    return Outcome(exit_for(report), lines, counts), write_error


def _mail(step: Pass, outcome: Outcome, summaries: SummaryStep, transport: Transport) -> None:
    """The fix-lists, the summaries and the press office's drafts, in one delivery."""
    config = step.config
    fixes = step.attempt(words.FIXLISTS, lambda: fixlists_step(step), FixlistMails([], [], []))
    to_press: list[Mail] = step.attempt(words.PRESS_OFFICE, lambda: press_office_owed(step), [])
    delivery = step.deliver(fixes.mails + summaries.mails + to_press, transport)
    planned = summaries.batch.planned  # none when withheld: `run` does not render what would not go
    subject = planned[0].subject if planned else "—"
    outcome.say("", language.mails_planned(len(fixes.mails), len(summaries.mails), len(to_press), subject))
    if summaries.withheld:
        outcome.say(words.summaries_withheld(summaries.withheld))
    rejected = fixes.rejected + summaries.batch.rejected
    outcome.say(*(words.not_sent(name, why) for name, why in rejected))
    if fixes.unaddressed:
        outcome.say("  " + sheet_phrases.unaddressed_line(len(fixes.unaddressed), config.mail.operator))
        outcome.counts["rows_without_coordinator"] = fixes.unaddressed
    outcome.say(*delivery_text(delivery))
    if config.mail.transport == "outbox":
        outcome.say(words.outbox_line(config.outbox))
    outcome.counts |= {
        "mails_sent": len(delivery.sent),
        "mails_failed": len(delivery.failed),
        "mails_uncertain": len(delivery.uncertain) + len(delivery.held),
    }
    if delivery.error:
        step.failures.append(f"{words.MAIL}: {delivery.error}")


def _finish(step: Pass, outcome: Outcome) -> Outcome:
    outcome.counts["failed_jobs"] = len(step.failures)
    return finish(step, outcome)
