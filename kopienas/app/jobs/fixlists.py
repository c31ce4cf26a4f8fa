"""The fix-list job: each coordinator with broken rows gets one e-mail listing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import UnsafeHeader
from kopienas.app.jobs.recorded import recorded_run
from kopienas.app.mail.delivery import Mail, deliver, delivery_text, mail_key
from kopienas.app.mail.sending import message, ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import Checked, check, now
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import sheets as sheet_phrases
from kopienas.outputs.fixlist import build_fixlists, operator_fixlist, render_fixlist
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


# -- the mails: each coordinator's list, once a day at most and only when it changed -----------
@dataclass(frozen=True)
class FixlistMails:
    mails: list[Mail]  # to send now
    rejected: list[tuple[str, str]]  # (coordinator, why) for lists that cannot be sent
    unaddressed: list[int]  # rows whose problems no coordinator can be told about (-> mail.operator)

    def lines(self, operator: str) -> list[str]:
        """What a person reads about the lists that did not go to a coordinator."""
        out = [f"  Netiek sūtīts koordinatoram “{name}”: {why}" for name, why in self.rejected]
        if self.unaddressed:
            out.append("  " + sheet_phrases.unaddressed_line(len(self.unaddressed), operator))
        return out


def fixlist_mails(config: Config, checked: Checked, ledger: Ledger, *, now: datetime) -> FixlistMails:
    """Mails to send now: one per coordinator with broken rows, and one to the operator with the
    rows nobody could be found for — each only when its list changed since the last one sent."""
    mails, rejected = [], []
    day = now.date().isoformat()
    lists = build_fixlists(checked.report, checked.programme)
    operator = config.mail.operator
    orphans = operator_fixlist(lists, checked.report, operator) if operator else None
    todo = [("fixlist", f, False) for f in lists] + ([("unaddressed", orphans, True)] if orphans else [])
    for kind, fixlist, for_operator in todo:
        if ledger.last_sent_hash(kind, fixlist.email) == fixlist.digest:
            continue  # the same list was already sent; nothing new to say
        rendered = render_fixlist(
            fixlist,
            sheet_link=config.mail.sheet_link,
            templates_dir=config.templates / "mail",
            for_operator=for_operator,
        )
        key = mail_key(kind, fixlist.email, day)
        try:
            msg = message(config, key, [fixlist.email], rendered.subject, rendered.text, rendered.html)
        except (UnsafeHeader, ValueError) as e:
            rejected.append((fixlist.name or fixlist.email, str(e)))
            continue
        mails.append(
            Mail(kind, fixlist.email, day, msg, content_hash=fixlist.digest, label=fixlist.name or fixlist.email)
        )
    return FixlistMails(mails, rejected, sorted({p.row for p in lists.unaddressed}))
