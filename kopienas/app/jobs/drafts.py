"""The drafts job: press-release drafts for the rows coordinators mark."""

from __future__ import annotations

from kopienas.app.drafts.google_docs import folder_for, sync_docs
from kopienas.app.drafts.making import make_drafts, outcome_text, press_office_mails, queue_press_office_mails
from kopienas.app.jobs.recorded import recorded_run
from kopienas.app.mail.delivery import deliver, delivery_text
from kopienas.app.mail.sending import ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import check, now, refuse_foreign, writeback_plan
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError


def drafts(
    config: Config, *, only_id: str | None = None, lang: str = "lv", force: bool = False, dry_run: bool = False
) -> Outcome:
    # The press office's mail settings are checked before the sheet is written.
    transport = ready_transport(config) if config.mail.press_office and not dry_run else None
    with recorded_run(config, "drafts", needed=not dry_run, record=not dry_run) as run:
        checked = check(config, ledger=run.ledger)
        if not dry_run and lang == "lv":
            refuse_foreign(config, checked)  # before the drafts are written
        made = make_drafts(
            config,
            checked,
            None if dry_run else run.ledger,
            now=now(config),
            only_id=only_id,
            lang=lang,
            force=force,
            dry_run=dry_run,
        )
        if only_id and not (made.made or made.unchanged or made.skipped):
            raise KopienasError(
                f"Nav rindas ar ID {only_id}, kurai prasīta relīze. / No marked row with ID {only_id}.", ExitCode.USAGE
            )
        outcome = Outcome(lines=[outcome_text(made, dry_run)])
        docs = None
        if not dry_run and lang == "lv":
            docs = sync_docs(config, made, run.ledger, folder_for(config, checked), now=now(config))
            outcome.say(*docs.lines())
        if not dry_run:
            queue_press_office_mails(config, made, run.ledger)  # owed from now on, whatever follows
        if not dry_run and lang == "lv":
            written = checked.source.write(writeback_plan(config, checked, made.notes, run.ledger))
            outcome.say(f"“Relīzes melnraksts” ierakstīts: {written.target}.")
        to_press = [] if dry_run else press_office_mails(config, run.ledger)
        error = ""
        if to_press and transport is not None:
            delivery = deliver(to_press, transport, run.ledger, uncertain_retries=config.mail.uncertain_retries)
            error = delivery.error
            outcome.say(f"Preses dienestam ({config.mail.press_office}):", *delivery_text(delivery))
        outcome.counts = {"made": len(made.made), "unchanged": len(made.unchanged), "skipped": len(made.skipped)}
        if docs is not None and docs.error:
            return run.fail(docs.error, outcome)
        failures = made.errors + ([error] if error else [])
        if failures:
            outcome.exit_code = ExitCode.FAILED
        run.finish(
            "failed" if failures else "ok", outcome.counts | (docs.counts if docs else {}), detail="; ".join(failures)
        )
        return outcome
