"""Deliver a batch of messages over one authenticated SMTP connection.

Temporary trouble (4xx replies, dropped connections, timeouts) is retried
with exponential backoff; a 5xx reply fails only the message it concerns.
A connection lost after the whole message was sent is ambiguous — the server
may have taken it — so that message is reported `uncertain` and not retried.
The password never appears in a repr, a log line or an exception.
"""

from __future__ import annotations

import logging
import random
import smtplib
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Literal

from kopienas.adapters.mail.transports._base import MailError, Outgoing, ResultCallback, SendResult
from kopienas.adapters.mail.transports.password import load_password
from kopienas.adapters.mail.transports.smtp_replies import describe_refusals, explain
from kopienas.adapters.mail.transports.smtp_replies import redact_password as redact
from kopienas.adapters.mail.transports.smtp_session import AmbiguousEnding, CannotConnect, Session
from kopienas.adapters.secrets import register

log = logging.getLogger(__name__)

Security = Literal["starttls", "ssl", "none"]
_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_HIDDEN = "'***'"


@dataclass(frozen=True, repr=False)
class SmtpSettings:
    host: str
    port: int | None = None  # None: 587 / 465 / 25 depending on `security`
    security: Security = "starttls"
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    # Trust anchors for the server certificate; None means the system CAs.
    ssl_context: ssl.SSLContext | None = None
    # MAIL FROM (where bounces go); None means the message's From address.
    envelope_sender: str | None = None

    def __post_init__(self) -> None:
        if self.security not in _DEFAULT_PORTS:
            raise ValueError(f"security must be one of {sorted(_DEFAULT_PORTS)}, not {self.security!r}")
        if self.port is None:
            object.__setattr__(self, "port", _DEFAULT_PORTS[self.security])
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if not (isinstance(self.timeout, (int, float)) and 0 < self.timeout <= 3600):
            raise ValueError(f"timeout must be a number of seconds above 0 and at most 3600, not {self.timeout!r}")
        if self.security == "none" and self.password:
            raise ValueError("refusing to send an SMTP password over an unencrypted connection")

    def __repr__(self) -> str:
        shown = []
        for f in fields(self):
            value = getattr(self, f.name)
            text = _HIDDEN if f.name == "password" and value is not None else repr(value)
            shown.append(f"{f.name}={text}")
        return f"SmtpSettings({', '.join(shown)})"

    __str__ = __repr__


class SmtpTransport:
    def __init__(self, settings: SmtpSettings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._session: Session | None = None  # opened by open_session, used by the next batch
        # Settings built by hand (not by the loader) have their password redacted all the same.
        register(settings.password, user=settings.user)

    def __repr__(self) -> str:
        return f"SmtpTransport({self.settings!r})"

    def open_session(self) -> None:
        """Connect, EHLO, STARTTLS/SSL, AUTH now, sending nothing, so wrong settings show before a job
        writes anything; the next batch sends through this session. MailError says what failed."""
        self.close()
        session = Session(self.settings)
        try:
            session.open()
        except CannotConnect as exc:
            s = self.settings
            raise MailError(f"cannot open an SMTP session with {s.host}:{s.port}: {exc}") from None
        self._session = session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def send_batch(self, items: Iterable[Outgoing], on_result: ResultCallback | None = None) -> list[SendResult]:
        results = []
        session, self._session = self._session, None
        if session is not None and not session.alive():  # the server closed it while the job worked
            session.close()
            session = None
        with session or Session(self.settings) as connection:
            for item in items:
                result = self._deliver(connection, item)
                log.log(
                    logging.INFO if result.sent else logging.WARNING,
                    "%s %s: %s",
                    item.key,
                    result.status,
                    result.detail,
                )
                results.append(result)
                if on_result is not None:
                    on_result(result)
        return results

    def _deliver(self, connection: Session, item: Outgoing) -> SendResult:
        settings = self.settings
        attempt = 0
        while True:
            attempt += 1
            try:
                refused = connection.send(item.message)
            except AmbiguousEnding as exc:
                # Retrying could deliver it twice: the caller records it and decides later.
                detail = redact(str(exc), settings.password)
                return SendResult(item.key, "uncertain", detail, attempts=attempt)
            except (smtplib.SMTPException, OSError) as exc:
                retryable, detail = _explain(exc)
                detail = redact(detail, settings.password)
                out_of_tries = attempt > settings.max_retries
                if isinstance(exc, CannotConnect) and out_of_tries:
                    # Without a session no later message can go either.
                    raise MailError(
                        f"cannot open an SMTP session with {settings.host}:{settings.port}"
                        f" after {attempt} attempts: {detail}"
                    ) from None
                if not retryable:
                    return SendResult(item.key, "failed", detail, permanent=True, attempts=attempt)
                if out_of_tries:
                    detail = f"gave up after {attempt} attempts: {detail}"
                    return SendResult(item.key, "failed", detail, attempts=attempt)
                log.info("%s: attempt %d failed (%s), retrying", item.key, attempt, detail)
                self._sleep(self._backoff(attempt))
                continue
            if refused:
                detail = redact("sent, but refused for " + describe_refusals(refused), settings.password)
                return SendResult(item.key, "sent", detail, attempts=attempt, refused_recipients=tuple(refused))
            return SendResult(item.key, "sent", "accepted by the SMTP server", attempts=attempt)

    def _backoff(self, attempt: int) -> float:
        # Exponential growth, capped; jitter (half the delay) keeps many
        # senders from retrying in lockstep against a recovering server.
        delay = min(self.settings.backoff_cap, self.settings.backoff_base * 2 ** (attempt - 1))
        return delay / 2 + random.uniform(0, delay / 2)


def _explain(exc: BaseException) -> tuple[bool, str]:
    """Whether `exc` is worth retrying, and what to tell a person about it."""
    if isinstance(exc, CannotConnect):
        return True, str(exc)
    return explain(exc)


__all__ = ["MailError", "SmtpSettings", "SmtpTransport", "load_password"]
