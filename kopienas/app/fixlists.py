"""The fix-list job: each coordinator with broken rows gets one e-mail listing them."""

from __future__ import annotations

from kopienas.app.delivery import deliver, delivery_text
from kopienas.app.fixlist_mails import fixlist_mails
from kopienas.app.mailing import ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import check, now
from kopienas.app.recorded import recorded_run
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.outputs.templating import TemplateError


def fixlists(config: Config) -> Outcome:
    """The fix-list job."""
    transport = ready_transport(config)  # mail settings checked before anything is written
    with recorded_run(config, "fixlists") as run:
        checked = check(config, ledger=run.ledger)
        try:
            fixes = fixlist_mails(config, checked, run.ledger, now=now(config))
        except TemplateError as e:
            raise KopienasError(f"labojumu saraksta veidne ir bojāta: {e} / a fix-list template is broken") from None
        outcome = Outcome(lines=fixes.lines(config.mail.operator))
        delivery = deliver(fixes.mails, transport, run.ledger, uncertain_retries=config.mail.uncertain_retries)
        outcome.say(*delivery_text(delivery))
        outcome.counts = {"sent": len(delivery.sent), "failed": len(delivery.failed)}
        if fixes.unaddressed:
            outcome.counts["rows_without_coordinator"] = fixes.unaddressed
        run.finish("failed" if delivery.error else "ok", outcome.counts, detail=delivery.error)
    outcome.exit_code = ExitCode.FAILED if delivery.error else ExitCode.OK
    return outcome
