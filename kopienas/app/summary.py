"""The summary job: the weekly e-mail to each partner, sent once per week."""

from __future__ import annotations

import io

from kopienas.adapters.mail import OutboxTransport, Outgoing
from kopienas.app.delivery import deliver, delivery_text
from kopienas.app.mailing import ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import check, now
from kopienas.app.recorded import recorded_run
from kopienas.app.summary_mails import SummaryBatch, summary_mails, witness_says_sent
from kopienas.config import Config
from kopienas.core import language
from kopienas.core.errors import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, KopienasError
from kopienas.core.safe_text import one_line
from kopienas.core.weeks import iso_week_label, last_full_week, parse_iso_week
from kopienas.outputs.templating import TemplateError


def batch_table(batch: SummaryBatch) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table("Partneris", "Adreses", "Valoda", "Temats", "Notika", "Plānots", "Kļūdainas", box=None)
    for p in batch.planned:
        table.add_row(
            one_line(p.partner, 60), "; ".join(p.to), p.lang, p.subject, str(p.held), str(p.upcoming), str(p.left_out)
        )
    console = Console(width=160, record=True, file=io.StringIO())  # rendered to text, not printed
    console.print(table)
    return console.export_text().rstrip()


def summary(
    config: Config, *, week: str | None = None, dry_run: bool = False, only: str | None = None, resend: bool = False
) -> Outcome:
    """The weekly summary job."""
    current = now(config)
    try:
        monday, sunday = parse_iso_week(week) if week else last_full_week(current)
    except ValueError as e:
        raise KopienasError(str(e), EXIT_USAGE) from None
    transport = None if dry_run else ready_transport(config)  # mail settings checked before anything is written
    with recorded_run(config, "summary") as run:
        checked = check(config, ledger=run.ledger)
        try:
            batch = summary_mails(config, checked, monday, sunday, now=current, only=only)
        except TemplateError as e:
            raise KopienasError(f"nedēļas kopsavilkumu veidne ir bojāta: {e} / a summary template is broken") from None
        if only and not (batch.planned or batch.rejected):
            raise KopienasError(
                f"Nav aktīva partnera {language.quote(only)} lapā “Partneri”. / No active partner “{only}”.", EXIT_USAGE
            )
        outcome = Outcome(lines=[batch_table(batch)])
        outcome.say(*(f"  Netiek sūtīts partnerim {language.quote(name)}: {why}" for name, why in batch.rejected))
        outcome.say(*(f"  Neizdevās: {error}" for error in batch.errors))
        if dry_run:
            folder = config.output / "dry-run"
            OutboxTransport(folder, config.timezone).send_batch([Outgoing(m.key, m.message) for m in batch.mails])
            outcome.say(language.DRY_RUN_SAID.format(folder=folder))
            outcome.counts = {"planned": len(batch.planned), "dry_run": True}
            run.finish("ok", outcome.counts)
            return outcome
        assert transport is not None
        witness = "" if resend else witness_says_sent(config, checked, run.ledger, iso_week_label(monday))
        if witness:
            outcome.say(f"  Kopsavilkumi netiek sūtīti: {witness}")
        mails = [] if witness else batch.mails
        delivery = deliver(mails, transport, run.ledger, resend=resend, uncertain_retries=config.mail.uncertain_retries)
        outcome.say(*delivery_text(delivery))
        outcome.counts = {
            "sent": len(delivery.sent),
            "already_sent": len(delivery.already_sent),
            "failed": len(delivery.failed),
            "uncertain": len(delivery.uncertain) + len(delivery.held),
            "rejected": len(batch.rejected),
        }
        failed = bool(delivery.error or batch.errors)
        result = "failed" if failed else "problems" if (not delivery.ok or batch.rejected or witness) else "ok"
        run.finish(result, outcome.counts, detail=delivery.error or "; ".join(batch.errors))
    outcome.exit_code = EXIT_FAILED if failed else EXIT_PROBLEMS if result == "problems" else EXIT_OK
    return outcome
