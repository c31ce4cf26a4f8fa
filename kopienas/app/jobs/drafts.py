"""The drafts job: press-release drafts for the rows coordinators mark, and the press office's mail."""

from __future__ import annotations

from dataclasses import dataclass

from kopienas.adapters.mail import Transport
from kopienas.app.drafts.google_docs import DocsOutcome, folder_for, sync_docs
from kopienas.app.drafts.making import (
    DraftOutcome,
    make_drafts,
    outcome_text,
    press_office_mails,
    queue_press_office_mails,
)
from kopienas.app.jobs.steps import Pass, open_pass
from kopienas.app.mail.delivery import Mail, delivery_text
from kopienas.app.mail.sending import ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import refuse_foreign, sheet_press_witness
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import jobs as words


@dataclass
class DraftsStep:
    made: DraftOutcome
    docs: DocsOutcome  # the drafts as Google Docs, where the spreadsheet has a folder for them

    @property
    def counts(self) -> dict[str, int]:
        return {"made": len(self.made.made), "unchanged": len(self.made.unchanged), "skipped": len(self.made.skipped)}


def drafts_step(
    step: Pass, *, only_id: str | None = None, lang: str = "lv", force: bool = False, dry_run: bool = False
) -> DraftsStep:
    """The marked rows' drafts (files and, for Latvian, the linked Docs and the sheet's notes)."""
    config, checked = step.config, step.checked
    ledger = None if dry_run else step.ledger
    made = make_drafts(config, checked, ledger, now=step.now, only_id=only_id, lang=lang, force=force, dry_run=dry_run)
    docs = DocsOutcome()
    if ledger is not None and lang == "lv":
        docs = sync_docs(config, made, ledger, folder_for(config, checked), now=step.now)
    return DraftsStep(made, docs)


def press_office_step(step: Pass, made: DraftOutcome, *, force: bool = False) -> None:
    """Each new draft recorded and owed to the press office from now on, together, whatever follows
    (not what the sheet's witness says went already, unless `force`)."""
    witness = sheet_press_witness(step.config, step.checked)
    queue_press_office_mails(step.config, made, step.ledger, witness, force=force)


def press_office_owed(step: Pass) -> list[Mail]:
    """Every press-office mail still owed, this pass's and earlier ones'."""
    return press_office_mails(step.config, step.ledger)


def drafts(
    config: Config, *, only_id: str | None = None, lang: str = "lv", force: bool = False, dry_run: bool = False
) -> Outcome:
    # The press office's mail settings are checked before the sheet is written.
    transport = ready_transport(config) if config.mail.press_office and not dry_run else None
    writes = not dry_run and lang == "lv"
    with open_pass(config, "drafts", needed=not dry_run, record=not dry_run, writes=writes) as step:
        if writes:
            refuse_foreign(config, step.checked)  # before the drafts are written
        result = drafts_step(step, only_id=only_id, lang=lang, force=force, dry_run=dry_run)
        made = result.made
        if only_id and not (made.made or made.unchanged or made.skipped):
            raise KopienasError(words.no_marked_row(only_id), ExitCode.USAGE)
        outcome = Outcome(lines=[outcome_text(made, dry_run), *result.docs.lines()])
        if not dry_run:
            press_office_step(step, made, force=force)
            outcome.say(*made.withheld)
        if writes:
            outcome.say(words.draft_column_written(step.write(made.notes).target))
        error = "" if dry_run else _to_press_office(step, transport, outcome)
        outcome.counts = result.counts | result.docs.counts
        if result.docs.error:
            return step.run.fail(result.docs.error, outcome)
        failures = made.errors + ([error] if error else [])
        if failures:
            outcome.exit_code = ExitCode.FAILED
        step.run.finish(outcome, "; ".join(failures))
        return outcome


def _to_press_office(step: Pass, transport: Transport | None, outcome: Outcome) -> str:
    """Send what the press office is owed; the mail server's error, if any."""
    to_press = press_office_owed(step)
    if not to_press or transport is None:
        return ""
    delivery = step.deliver(to_press, transport)
    outcome.say(words.press_office_heading(step.config.mail.press_office), *delivery_text(delivery))
    return delivery.error
