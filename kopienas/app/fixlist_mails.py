"""Fix-lists: each coordinator with broken rows hears about them, at most once a day and only
when the list changed since the last one sent."""

from __future__ import annotations

from datetime import datetime

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import UnsafeHeader
from kopienas.app.delivery import Mail, mail_key
from kopienas.app.mailing import message
from kopienas.app.pipeline import Checked
from kopienas.config import Config
from kopienas.outputs.fixlist import build_fixlists, render_fixlist


def fixlist_mails(
    config: Config, checked: Checked, ledger: Ledger, *, now: datetime
) -> tuple[list[Mail], list[tuple[str, str]]]:
    """Mails to send now, and (coordinator, why) for lists that cannot be sent."""
    mails, rejected = [], []
    day = now.date().isoformat()
    for fixlist in build_fixlists(checked.report, checked.programme):
        if ledger.last_sent_hash("fixlist", fixlist.email) == fixlist.digest:
            continue  # the same list was already sent; nothing new to say
        rendered = render_fixlist(fixlist, sheet_link=config.mail.sheet_link, templates_dir=config.templates / "mail")
        key = mail_key("fixlist", fixlist.email, day)
        try:
            msg = message(config, key, [fixlist.email], rendered.subject, rendered.text, rendered.html)
        except (UnsafeHeader, ValueError) as e:
            rejected.append((fixlist.name or fixlist.email, str(e)))
            continue
        mails.append(
            Mail("fixlist", fixlist.email, day, msg, content_hash=fixlist.digest, label=fixlist.name or fixlist.email)
        )
    return mails, rejected
