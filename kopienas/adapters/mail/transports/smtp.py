"""Deliver a batch of messages over one authenticated SMTP connection.

Temporary trouble (4xx replies, dropped connections, timeouts) is retried
with exponential backoff; a 5xx reply fails only the message it concerns.
The password never appears in a repr, a log line or an exception.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import smtplib
import socket
import ssl
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from kopienas.adapters.mail.transports._base import MailError, Outgoing, ResultCallback, SendResult
from kopienas.adapters.mail.transports.smtp_replies import describe_refusals as _describe_refusals
from kopienas.adapters.mail.transports.smtp_replies import explain
from kopienas.adapters.mail.transports.smtp_replies import redact_password as _redact
from kopienas.adapters.mail.transports.smtp_replies import reply_text as _reply_text

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


def load_password(env_var: str = "KOPIENAS_SMTP_PASSWORD", password_file: Path | None = None) -> str:
    """Read the SMTP password from `env_var`, else from `password_file`."""
    from_env = os.environ.get(env_var)
    if from_env:
        return from_env
    if password_file is None:
        raise MailError(f"no SMTP password: set {env_var} or give a password file")
    path = Path(password_file)
    try:
        mode = path.stat().st_mode
        password = path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise MailError(f"cannot read SMTP password file {path}: {exc.strerror}") from None
    if stat.S_IMODE(mode) & 0o177:
        log.warning(
            "SMTP password file %s has mode %o; other users may read it (chmod 600 %s)",
            path,
            stat.S_IMODE(mode),
            path,
        )
    if not password:
        raise MailError(f"SMTP password file {path} is empty")
    return password


class SmtpTransport:
    def __init__(self, settings: SmtpSettings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._session: _Connection | None = None  # opened by open_session, used by the next batch

    def __repr__(self) -> str:
        return f"SmtpTransport({self.settings!r})"

    def open_session(self) -> None:
        """Connect, EHLO, STARTTLS/SSL, AUTH now, sending nothing, so wrong settings show before a job
        writes anything; the next batch sends through this session. MailError says what failed."""
        self.close()
        session = _Connection(self.settings)
        try:
            session._open_if_needed()
        except _CannotConnect as exc:
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
        with session or _Connection(self.settings) as connection:
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

    def _deliver(self, connection: _Connection, item: Outgoing) -> SendResult:
        settings = self.settings
        attempt = 0
        while True:
            attempt += 1
            try:
                refused = connection.send(item.message)
            except (smtplib.SMTPException, OSError) as exc:
                retryable, detail = _explain(exc)
                detail = _redact(detail, settings.password)
                out_of_tries = attempt > settings.max_retries
                if isinstance(exc, _CannotConnect) and out_of_tries:
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
                detail = _redact("sent, but refused for " + _describe_refusals(refused), settings.password)
                return SendResult(item.key, "sent", detail, attempts=attempt, refused_recipients=tuple(refused))
            return SendResult(item.key, "sent", "accepted by the SMTP server", attempts=attempt)

    def _backoff(self, attempt: int) -> float:
        # Exponential growth, capped; jitter (half the delay) keeps many
        # senders from retrying in lockstep against a recovering server.
        delay = min(self.settings.backoff_cap, self.settings.backoff_base * 2 ** (attempt - 1))
        return delay / 2 + random.uniform(0, delay / 2)


class _CannotConnect(smtplib.SMTPException):
    """Opening the connection failed in a way that may pass (network, 4xx greeting)."""


class _Connection:
    """One SMTP session for the batch, opened on first use, reopened after a drop."""

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, message: EmailMessage) -> dict[str, tuple[int, bytes]]:
        client = self._open_if_needed()
        try:
            return client.send_message(message, from_addr=self._settings.envelope_sender)
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            # The server answered: smtplib has reset the transaction (or closed
            # the socket on 421), so the session can be used as it stands.
            raise
        except (smtplib.SMTPException, OSError):
            # A failure mid-conversation leaves the session in an unknown state.
            self._discard()
            raise

    def alive(self) -> bool:
        try:
            return self._client is not None and self._client.noop()[0] == 250
        except (smtplib.SMTPException, OSError):
            return False

    def close(self) -> None:
        if self._client is None:
            return
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self._client.quit()
        self._discard()

    def _discard(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _open_if_needed(self) -> smtplib.SMTP:
        if self._client is not None and self._client.sock is not None:
            return self._client
        self._discard()
        host = self._settings.host
        try:
            self._client = self._open()
        except (MailError, _CannotConnect):
            raise
        except ssl.SSLCertVerificationError as exc:
            raise MailError(f"TLS certificate of {host} could not be verified: {exc.verify_message}") from None
        except smtplib.SMTPResponseException as exc:
            # Greeting, EHLO or STARTTLS refused: the same for every message.
            if 400 <= exc.smtp_code < 500:
                raise _CannotConnect(_reply_text(exc)) from None
            raise MailError(f"{host} refused the SMTP session: {_reply_text(exc)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise _CannotConnect(_explain(exc)[1]) from None
        return self._client

    def _open(self) -> smtplib.SMTP:
        s = self._settings
        context = s.ssl_context or ssl.create_default_context()
        log.debug("connecting to %s:%s (%s)", s.host, s.port, s.security)
        port = s.port or 0  # 0: the protocol's default port
        if s.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(s.host, port, timeout=s.timeout, context=context)
        else:
            client = smtplib.SMTP(s.host, port, timeout=s.timeout)
        try:
            # A message leaves in more than one write; without this the second waits for the
            # server's delayed acknowledgement, which made one reused connection slower than many.
            if client.sock is not None:
                client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.ehlo()
            if s.security == "starttls":
                if not client.has_extn("starttls"):
                    raise MailError(f"{s.host} does not offer STARTTLS; not sending in clear text")
                client.starttls(context=context)
                client.ehlo()
            if s.user is not None:
                self._login(client)
        except BaseException:
            client.close()
            raise
        return client

    def _login(self, client: smtplib.SMTP) -> None:
        s = self._settings
        if not s.password or s.user is None:
            raise MailError(f"SMTP user {s.user!r} is set but no password was given")
        where = f"{s.host}:{s.port}"
        try:
            client.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            reply = _redact(_reply_text(exc), s.password)
            if 400 <= exc.smtp_code < 500:  # e.g. 454 temporary authentication failure
                raise _CannotConnect(reply) from None
            raise MailError(
                f"SMTP login as {s.user!r} on {where} was refused ({reply}); check the user name and password"
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise MailError(f"{where} does not offer SMTP AUTH; cannot log in as {s.user!r}") from None
        log.debug("logged in to %s as %s", where, s.user)


def _explain(exc: BaseException) -> tuple[bool, str]:
    """Whether `exc` is worth retrying, and what to tell a person about it."""
    if isinstance(exc, _CannotConnect):
        return True, str(exc)
    return explain(exc)
