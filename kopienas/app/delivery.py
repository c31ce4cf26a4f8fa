"""Sending mail exactly once per partner and period, with the ledger as the memory.

Every mail has a key (kind, recipient, period). Before anything is sent, all of a batch's mails are
recorded as `queued`; each is marked `sent` or `failed` the moment the server answers. So a second
run for the same week sends nothing, and a run killed halfway resends only what was not confirmed
(at most the single mail in flight at the moment of the kill can arrive twice).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import MailError, Outgoing, SendResult, Transport
from kopienas.core import language


def mail_key(kind: str, recipient: str, period: str) -> str:
    """The ledger's identity of a mail: one per kind, recipient and period."""
    return f"{kind}:{recipient}:{period}"


@dataclass(frozen=True)
class Mail:
    kind: str  # "summary", "fixlist", "draft", "alert"
    recipient: str  # a partner's or coordinator's name or address, for people to read
    period: str  # "2020-W39", "2026-11-21"
    message: EmailMessage
    content_hash: str = ""  # what makes two mails "the same" (defaults to the body)

    @property
    def key(self) -> str:
        return mail_key(self.kind, self.recipient, self.period)

    @property
    def digest(self) -> str:
        if self.content_hash:
            return self.content_hash
        body = self.message.get_body(("plain",))
        text = body.get_content() if body is not None else self.message.as_string()
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (key, why)
    already_sent: list[str] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed and not self.error


def deliver(
    mails: list[Mail],
    transport: Transport,
    ledger: Ledger,
    *,
    resend: bool = False,
    on_sent: Callable[[SendResult], None] | None = None,
) -> Delivery:
    outcome = Delivery()
    todo = []
    for mail in mails:
        if not resend and ledger.mail_state(mail.key) == "sent":
            outcome.already_sent.append(mail.key)
        else:
            todo.append(mail)
    if not todo:
        return outcome
    ledger.queue_mails([(m.key, m.kind, m.recipient, m.period, m.digest) for m in todo])

    def record(result: SendResult) -> None:
        ledger.mark_mail(result.key, "sent" if result.sent else "failed", result.detail)
        if result.sent:
            outcome.sent.append(result.key)
        else:
            outcome.failed.append((result.key, result.detail))
        if on_sent:
            on_sent(result)

    try:
        transport.send_batch([Outgoing(m.key, m.message) for m in todo], on_result=record)
    except MailError as e:
        outcome.error = str(e)
    done = set(outcome.sent) | {k for k, _ in outcome.failed}
    outcome.not_attempted = [m.key for m in todo if m.key not in done]
    return outcome


def delivery_text(delivery: Delivery) -> list[str]:
    """What a person reads about a delivery: counts, each failure, the server's answer."""
    lines = [language.delivery_summary(len(delivery.sent), len(delivery.already_sent), len(delivery.failed))]
    lines += [f"  Neizdevās: {key} — {why}" for key, why in delivery.failed]
    if delivery.error:
        lines.append(f"  Pasta serveris: {delivery.error}")
    if delivery.not_attempted:
        lines.append(language.not_attempted(len(delivery.not_attempted)))
    return lines
