"""The fix-list job: each coordinator with broken rows gets one e-mail listing them, at most once a
day and only when the list changed since the last one sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import UnsafeHeader
from kopienas.app.jobs.steps import Pass, open_pass
from kopienas.app.mail.delivery import Mail, delivery_text, mail_key
from kopienas.app.mail.sending import message, ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import Checked
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import jobs as words
from kopienas.core.words import sheets as sheet_phrases
from kopienas.outputs.fixlist import build_fixlists, operator_fixlist, render_fixlist
from kopienas.outputs.templating import TemplateError


def fixlists_step(step: Pass) -> FixlistMails:
    """The lists due now (a broken template stops them all: TemplateError)."""
    return fixlist_mails(step.config, step.checked, step.ledger, now=step.now)


def fixlists(config: Config) -> Outcome:
    """The fix-list job."""
    transport = ready_transport(config)  # mail settings checked before anything is written
    with open_pass(config, "fixlists") as step:
        try:
            fixes = fixlists_step(step)
        except TemplateError as e:
            raise KopienasError(words.fixlist_template_broken(e)) from None
        outcome = Outcome(lines=fixes.lines(config.mail.operator))
        delivery = step.deliver(fixes.mails, transport)
        outcome.say(*delivery_text(delivery))
        outcome.counts = {"sent": len(delivery.sent), "failed": len(delivery.failed)}
        if fixes.unaddressed:
            outcome.counts["rows_without_coordinator"] = fixes.unaddressed
        outcome.exit_code = ExitCode.FAILED if delivery.error else ExitCode.OK
        step.run.finish(outcome, delivery.error)
    return outcome


# -- the mails: each coordinator's list, once a day at most and only when it changed -----------
@dataclass(frozen=True)
class FixlistMails:
    mails: list[Mail]  # to send now
    rejected: list[tuple[str, str]]  # (coordinator, why) for lists that cannot be sent
    unaddressed: list[int]  # rows whose problems no coordinator can be told about (-> mail.operator)

    def lines(self, operator: str) -> list[str]:
        """What a person reads about the lists that did not go to a coordinator."""
        out = [words.not_sent_to_coordinator(name, why) for name, why in self.rejected]
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
