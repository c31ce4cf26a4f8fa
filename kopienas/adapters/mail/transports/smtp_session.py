"""One SMTP session for a batch: opened on first use, reopened after a drop, logged in with UTF-8
credentials, and able to tell a message the server may have taken from one it cannot have."""

from __future__ import annotations

import base64
import contextlib
import hmac
import logging
import smtplib
import socket
import ssl
from email.message import EmailMessage
from typing import Any

from kopienas.adapters.calls import Policy, open_smtp, smtp_step
from kopienas.adapters.mail.transports._base import MailError
from kopienas.adapters.mail.transports.smtp_replies import redact_password as redact
from kopienas.adapters.mail.transports.smtp_replies import reply_text
from kopienas.core.errors import Signal

log = logging.getLogger(__name__)

_END_OF_DATA = b"\r\n.\r\n"


class CannotConnect(Signal, smtplib.SMTPException):
    """Opening the connection failed in a way that may pass (network, 4xx greeting)."""


class AmbiguousEnding(Signal, smtplib.SMTPException):
    """The whole message, final dot included, reached the server, and then the connection broke
    or timed out before its answer: the message may or may not have been accepted."""


class _Utf8Auth:
    """smtplib encodes AUTH responses as ASCII, so a password with `ā` fails (quoting the letter
    and its position). RFC 4616 (PLAIN) and common practice (LOGIN) use UTF-8; so does this."""

    user: str
    password: str
    challenges = 0

    def auth(self, mechanism: str, authobject: Any, *, initial_response_ok: bool = True) -> tuple[int, bytes]:
        client: Any = self
        mechanism = mechanism.upper()
        initial = authobject() if initial_response_ok else None
        # auth_login tells the user-name challenge from the password one by this count.
        if initial is not None:
            code, resp = client.docmd("AUTH", f"{mechanism} {_b64(initial)}")
            self.challenges = 1
        else:
            code, resp = client.docmd("AUTH", mechanism)
            self.challenges = 0
        while code == 334:
            self.challenges += 1
            if self.challenges > 5:
                raise smtplib.SMTPException("the server's AUTH exchange does not end")
            code, resp = client.docmd(_b64(authobject(base64.decodebytes(resp))))
        if code in (235, 503):
            return code, resp
        raise smtplib.SMTPAuthenticationError(code, resp)

    def auth_login(self, challenge: bytes | None = None) -> str:
        return self.user if challenge is None or self.challenges < 2 else self.password

    def auth_cram_md5(self, challenge: bytes | None = None) -> str | None:
        if challenge is None:
            return None
        return self.user + " " + hmac.HMAC(self.password.encode("utf-8"), challenge, "md5").hexdigest()


class _DataTracking:
    """Remembers whether the end of DATA has been handed to the socket for the current message."""

    data_ended = False

    def send(self, s: Any) -> None:
        super().send(s)  # type: ignore[misc]
        if isinstance(s, bytes) and s.endswith(_END_OF_DATA):
            self.data_ended = True


class _Smtp(_Utf8Auth, _DataTracking, smtplib.SMTP):  # type: ignore[misc]
    pass


class _SmtpSsl(_Utf8Auth, _DataTracking, smtplib.SMTP_SSL):  # type: ignore[misc]
    pass


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


class Session:
    """One SMTP session for the batch, opened on first use, reopened after a drop."""

    def __init__(self, settings: Any) -> None:
        self._settings = settings
        self._client: _Smtp | _SmtpSsl | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, message: EmailMessage) -> dict[str, tuple[int, bytes]]:
        client = self._open_if_needed()
        client.data_ended = False
        try:
            with smtp_step(client, self._policy()):
                return client.send_message(message, from_addr=self._settings.envelope_sender)
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
            # The server answered: smtplib has reset the transaction (or closed
            # the socket on 421), so the session can be used as it stands.
            raise
        except (smtplib.SMTPException, OSError) as exc:
            # A failure mid-conversation leaves the session in an unknown state.
            ended = client.data_ended
            self._discard()
            if ended:
                raise AmbiguousEnding(f"no answer after the end of the message ({exc or type(exc).__name__})") from None
            raise

    def open(self) -> None:
        """Connect and log in now (see SmtpTransport.open_session)."""
        self._open_if_needed()

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
            with contextlib.suppress(OSError):
                self._client.close()
            self._client = None

    def _open_if_needed(self) -> _Smtp | _SmtpSsl:
        if self._client is not None and self._client.sock is not None:
            return self._client
        self._discard()
        host = self._settings.host
        try:
            self._client = self._open()
        except (MailError, CannotConnect):
            raise
        except ssl.SSLCertVerificationError as exc:
            raise MailError(f"TLS certificate of {host} could not be verified: {exc.verify_message}") from None
        except smtplib.SMTPResponseException as exc:
            # Greeting, EHLO or STARTTLS refused: the same for every message.
            if 400 <= exc.smtp_code < 500:
                raise CannotConnect(reply_text(exc)) from None
            raise MailError(f"{host} refused the SMTP session: {reply_text(exc)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise CannotConnect(f"{type(exc).__name__}: {exc}") from None
        return self._client

    def _open(self) -> _Smtp | _SmtpSsl:
        s = self._settings
        context = s.ssl_context or ssl.create_default_context()
        log.debug("connecting to %s:%s (%s)", s.host, s.port, s.security)
        port = s.port or 0  # 0: the protocol's default port
        policy = self._policy()
        if s.security == "ssl":
            client: _Smtp | _SmtpSsl = open_smtp(_SmtpSsl, s.host, port, policy, context=context)
        else:
            client = open_smtp(_Smtp, s.host, port, policy)
        try:
            # A message leaves in more than one write; without this the second waits for the
            # server's delayed acknowledgement, which made one reused connection slower than many.
            if client.sock is not None:
                client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with smtp_step(client, policy):
                client.ehlo()
                if s.security == "starttls":
                    if not client.has_extn("starttls"):
                        raise MailError(f"{s.host} does not offer STARTTLS; not sending in clear text")
                    client.starttls(context=context)
            with smtp_step(client, policy):  # the socket is a TLS one now: watched anew
                if s.security == "starttls":
                    client.ehlo()
                if s.user is not None:
                    self._login(client)
        except BaseException:
            client.close()
            raise
        return client

    def _policy(self) -> Policy:
        """The call policy for this server: its timeout per wait, four of them for a whole step."""
        t = float(self._settings.timeout)
        return Policy(connect=t, read=t, deadline=4 * t, retry_seconds=0)

    def _login(self, client: _Smtp | _SmtpSsl) -> None:
        s = self._settings
        if not s.password or s.user is None:
            raise MailError(f"SMTP user {s.user!r} is set but no password was given")
        where = f"{s.host}:{s.port}"
        try:
            client.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as exc:
            reply = redact(reply_text(exc), s.password)
            if 400 <= exc.smtp_code < 500:  # e.g. 454 temporary authentication failure
                raise CannotConnect(reply) from None
            raise MailError(
                f"SMTP login as {s.user!r} on {where} was refused ({reply}); check the user name and password"
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise MailError(f"{where} does not offer SMTP AUTH; cannot log in as {s.user!r}") from None
        except (UnicodeError, ValueError):
            # Never let a codec's message (which quotes characters of the password) through.
            raise MailError(f"SMTP login as {s.user!r} on {where} failed: the password could not be encoded") from None
        log.debug("logged in to %s as %s", where, s.user)
