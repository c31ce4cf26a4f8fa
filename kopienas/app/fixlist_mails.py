"""Fix-lists: each coordinator with broken rows hears about them, at most once a day and only
when the list changed since the last one sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import UnsafeHeader
from kopienas.app.delivery import Mail, mail_key
from kopienas.app.mailing import message
from kopienas.app.pipeline import Checked
from kopienas.config import Config
from kopienas.core.words import sheets as sheet_phrases
from kopienas.outputs.fixlist import build_fixlists, operator_fixlist, render_fixlist


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
