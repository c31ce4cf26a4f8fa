"""Sending mail exactly once per recipient and period, with the ledger as the memory.

Every mail has a key (kind, recipient identity, period) — the identity is the normalised address,
never a partner's name, so renaming a partner or retyping an address in capitals sends nothing
again. Before anything is sent, all of a batch's mails are recorded as `queued`, with their bytes;
each is marked `sent` or `failed` the moment the server answers. So a second run for the same week
sends nothing, and a run killed halfway resends only what was not confirmed (at most the single
mail in flight at the moment of the kill can arrive twice).

A delivery whose connection broke after the whole message had gone is `uncertain`: the server may
have it. It is never retried in the same run, and later at most `uncertain_retries` times (1), so
each ambiguous delivery costs at most one duplicate; it is reported every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import MailError, OutboxTransport, Outgoing, SendResult, Transport
from kopienas.core import language
from kopienas.core.words import jobs as job_words


def mail_key(kind: str, recipient: str | Iterable[str], period: str) -> str:
    """The ledger's identity of a mail: one per kind, recipient and period. `recipient` is an
    address (or several): compared case-insensitively, order and repeats ignored."""
    addresses = recipient.split(",") if isinstance(recipient, str) else list(recipient)
    who = ",".join(sorted({a.strip().casefold() for a in addresses if a.strip()}))
    return f"{kind}:{who}:{period}"


def legacy_mail_key(kind: str, name: str, period: str) -> str:
    """The key older ledgers used for a partner's mail (by the partner's name); a mail sent under
    it still counts as sent."""
    return f"{kind}:{name}:{period}"


@dataclass(frozen=True)
class Mail:
    kind: str  # "summary", "fixlist", "draft", "alert"
    recipient: str  # the address (identity) the mail goes to
    period: str  # "2020-W39", "2026-11-21"
    message: EmailMessage
    content_hash: str = ""  # what makes two mails "the same" (defaults to the body)
    label: str = ""  # for people to read: "Izglītības pārvalde <parvalde@example.com>"
    legacy_keys: tuple[str, ...] = ()  # keys older ledgers may hold for this same mail

    @property
    def key(self) -> str:
        return mail_key(self.kind, self.recipient, self.period)

    @property
    def shown(self) -> str:
        return f"{self.label or self.recipient}, {self.period}"

    @property
    def digest(self) -> str:
        if self.content_hash:
            return self.content_hash
        body = self.message.get_body(("plain",))
        text = body.get_content() if body is not None else self.message.as_string()
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def mail_from_bytes(content: bytes) -> EmailMessage:
    """A stored mail, ready to send again exactly as it was made."""
    parsed = message_from_bytes(content, policy=policy.SMTP)
    assert isinstance(parsed, EmailMessage)
    return parsed


@dataclass
class Delivery:
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    uncertain: list[tuple[str, str]] = field(default_factory=list)  # (what, why): may have arrived
    held: list[str] = field(default_factory=list)  # uncertain before, retried as often as allowed
    already_sent: list[str] = field(default_factory=list)
    not_attempted: list[str] = field(default_factory=list)
    error: str = ""
    uncertain_retries: int = 1
    to_outbox: bool = False  # written to files for a person to preview, not sent
    interrupted: list[str] = field(default_factory=list)  # a killed run was handing these over: sent again

    @property
    def ok(self) -> bool:
        return not self.failed and not self.error and not self.uncertain and not self.held


@dataclass
class Plan:
    """A batch sorted against the ledger: what to send, and what not."""

    todo: dict[str, Mail] = field(default_factory=dict)  # by key
    already_sent: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    interrupted: dict[str, Mail] = field(default_factory=dict)  # being handed over when a run ended


def plan_delivery(mails: Iterable[Mail], ledger: Ledger, *, resend: bool = False, uncertain_retries: int = 1) -> Plan:
    plan = Plan()
    for mail in mails:
        key = mail.key
        if key in plan.todo:
            continue  # the same mail twice in one batch goes once
        state = ledger.mail_state(key)
        if not resend and (state == "sent" or any(ledger.mail_state(k) == "sent" for k in mail.legacy_keys)):
            plan.already_sent.append(mail.shown)
        elif not resend and state == "uncertain" and ledger.uncertain_times(key) > uncertain_retries:
            plan.held.append(mail.shown)
        elif not resend and state == "sending" and ledger.uncertain_times(key) + 1 > uncertain_retries:
            plan.held.append(mail.shown)  # may have arrived; retried as often as allowed already
            plan.interrupted[key] = mail
        else:
            if state == "sending":
                plan.interrupted[key] = mail
            plan.todo[key] = mail
    return plan


def queue(mails: Iterable[Mail], ledger: Ledger, *, drafts: Iterable[tuple[str, str, str, str]] = ()) -> None:
    """Record `mails` as queued, with their bytes, in one transaction (before anything is sent) —
    with the `drafts` (key, content hash, folder, made at) whose mails they are, in that same one."""
    todo = {m.key: m for m in mails}
    drafts = list(drafts)
    if todo or drafts:
        ledger.queue_mails(
            [(k, m.kind, m.recipient, m.period, m.digest) for k, m in todo.items()],
            {k: m.message.as_bytes(policy=policy.SMTP) for k, m in todo.items()},
            drafts=drafts,
        )


def deliver(
    mails: list[Mail],
    transport: Transport,
    ledger: Ledger,
    *,
    resend: bool = False,
    uncertain_retries: int = 1,
    on_sent: Callable[[SendResult], None] | None = None,
) -> Delivery:
    plan = plan_delivery(mails, ledger, resend=resend, uncertain_retries=uncertain_retries)
    todo = plan.todo
    outcome = Delivery(already_sent=plan.already_sent, held=plan.held, uncertain_retries=uncertain_retries)
    for key, mail in plan.interrupted.items():  # counted as an ambiguous ending, and reported
        ledger.mark_mail(key, "uncertain", language.INTERRUPTED_DETAIL)
        if key in todo:
            outcome.interrupted.append(mail.shown)
    outcome.to_outbox = isinstance(transport, OutboxTransport)
    if not todo:
        return outcome
    queue(todo.values(), ledger)
    done: set[str] = set()

    def record(result: SendResult) -> None:
        mail = todo[result.key]
        done.add(result.key)
        ledger.mark_mail(result.key, result.status, result.detail)
        if result.sent:
            outcome.sent.append(mail.shown)
        elif result.status == "uncertain":
            outcome.uncertain.append((mail.shown, result.detail))
        else:
            outcome.failed.append((mail.shown, result.detail))
        if on_sent:
            on_sent(result)

    def handed_over():
        for k, m in todo.items():
            ledger.mark_sending(k)  # a kill from here to its answer leaves it `sending`: uncertain next run
            yield Outgoing(k, m.message)

    try:
        transport.send_batch(handed_over(), on_result=record)
    except MailError as e:
        outcome.error = str(e)
    finally:
        ledger.unmark_sending([k for k in todo if k not in done])
    outcome.not_attempted = [m.shown for k, m in todo.items() if k not in done]
    return outcome


def delivery_text(delivery: Delivery) -> list[str]:
    """What a person reads about a delivery: counts, each failure, the server's answer."""
    counts = len(delivery.sent), len(delivery.already_sent), len(delivery.failed)
    lines = [language.delivery_summary(*counts, outbox=delivery.to_outbox)]
    lines += [job_words.delivery_failed(what, why) for what, why in delivery.failed]
    lines += [language.uncertain_delivery(what, why, delivery.uncertain_retries) for what, why in delivery.uncertain]
    lines += [language.interrupted_delivery(what, delivery.uncertain_retries) for what in delivery.interrupted]
    lines += [language.uncertain_held(what) for what in delivery.held]
    if delivery.error:
        lines.append(job_words.mail_server_said(delivery.error))
    if delivery.not_attempted:
        lines.append(language.not_attempted(len(delivery.not_attempted)))
    return lines
