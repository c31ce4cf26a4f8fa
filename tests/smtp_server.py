"""A real SMTP server on 127.0.0.1 for tests and benchmarks, with scripted faults.

Use as a pytest plugin (``pytest_plugins = ["tests.smtp_server"]``) for the
fixtures `smtp_server` (STARTTLS + AUTH), `smtps_server` (implicit TLS + AUTH),
`plain_smtp_server` (no TLS, no AUTH) and `fake_sleep`; or call
``with run_smtp_server(security=...) as server:`` directly.

The server keeps every accepted message in ``server.received`` and can be
told to misbehave through ``server.faults``. At the end: sample messages in
Latvian and helpers to look at messages the way a mail client would.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import functools
import logging
import re
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from kopienas.adapters.mail import SmtpSettings, build_message

HOST = "127.0.0.1"
USER = "kopienas-robots"
PASSWORD = "Sl3pena-Parole-2020"


class _HideLoginDataNotice(logging.Filter):
    # aiosmtpd warns about its own internal use of a deprecated attribute on
    # every AUTH; the notice says nothing about the code under test.
    def filter(self, record: logging.LogRecord) -> bool:
        return "login_data is deprecated" not in record.getMessage()


logging.getLogger("mail.log").addFilter(_HideLoginDataNotice())


@dataclass
class Faults:
    """Misbehaviour to script; tests change these fields before sending."""

    # Close the connection right after accepting the Nth message (counted from 1).
    drop_after_message: int | None = None
    # Answer "451 try again later" to this many DATA commands, then accept.
    tempfail_data: int = 0
    # Answer "550 no such mailbox" at RCPT TO for these addresses.
    refuse_recipients: set[str] = field(default_factory=set)
    # Ambiguous endings: called with the number of the DATA command (from 1) once the whole
    # message has arrived; "keep" stores it and drops the connection without an answer, "lose"
    # drops it without storing, "hang" stores it and answers nothing until the client gives up.
    after_data: Callable[[int], str | None] | None = None
    hang_seconds: float = 1.0  # how long "hang" stays silent (longer than the client's timeout)


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.content, policy=policy.default)


class RecordingHandler:
    """aiosmtpd handler: stores accepted messages and applies `faults`."""

    def __init__(self, require_auth: bool) -> None:
        self.require_auth = require_auth
        self.faults = Faults()
        self.received: list[Received] = []
        self.tempfailed = 0
        self.logins: list[tuple[str, bool]] = []  # (user, succeeded)
        self.password = PASSWORD
        self.data_commands = 0
        self.ambiguous: list[str] = []  # each ambiguous ending applied, in order

    def authenticate(self, server, session, envelope, mechanism: str, auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode()
        ok = user == USER and auth_data.password.decode("utf-8", "replace") == self.password
        self.logins.append((user, ok))
        return AuthResult(success=ok, handled=False)

    async def handle_MAIL(self, server, session, envelope, address: str, mail_options: list[str]) -> str:
        if self.require_auth and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options: list[str]) -> str:
        if address.lower() in {a.lower() for a in self.faults.refuse_recipients}:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.data_commands += 1
        ending = self.faults.after_data(self.data_commands) if self.faults.after_data else None
        if ending in ("keep", "lose", "hang"):
            self.ambiguous.append(ending)
            if ending != "lose":
                self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.content))
            if ending == "hang":
                await asyncio.sleep(self.faults.hang_seconds)
            server.transport.abort()
            return "421 4.3.0 connection lost"  # never reaches the client
        if self.faults.tempfail_data > 0:
            self.faults.tempfail_data -= 1
            self.tempfailed += 1
            return "451 4.3.0 Temporary failure, try again later"
        self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), envelope.content))
        if self.faults.drop_after_message == len(self.received):
            # Runs after the 250 below has been written, so the client knows
            # this message was accepted and then finds the connection gone.
            server.loop.call_soon(server.transport.close)
        return "250 OK"


class _Controller(Controller):
    """Binds an ephemeral port and counts client connections."""

    def __init__(self, handler: RecordingHandler, **kwargs: Any) -> None:
        super().__init__(handler, hostname=HOST, port=0, **kwargs)
        self.connections = 0
        self._lock = threading.Lock()

    def factory(self):
        # aiosmtpd builds one SMTP protocol object per client connection.
        with self._lock:
            self.connections += 1
        return super().factory()

    def _trigger_server(self) -> None:
        # port=0 asks the OS for a free port; read back which one we got
        # before the readiness probe connects to it.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@functools.lru_cache(maxsize=1)
def _test_ca() -> trustme.CA:
    return trustme.CA()


def write_ca_file(path):
    """The test CA's certificate as a PEM file, for `mail.smtp.ca_file`; returns the path."""
    _test_ca().cert_pem.write_to_path(str(path))
    return path


def client_ssl_context() -> ssl.SSLContext:
    """Verifies certificates of these test servers, like a real client would."""
    context = ssl.create_default_context()
    _test_ca().configure_trust(context)
    return context


def _server_ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    _test_ca().issue_cert(HOST, "localhost").configure_cert(context)
    return context


@dataclass
class SmtpTestServer:
    host: str
    port: int
    security: str
    user: str | None
    password: str | None
    handler: RecordingHandler
    _controller: _Controller

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def faults(self) -> Faults:
        return self.handler.faults

    @property
    def ambiguous(self) -> list[str]:
        return self.handler.ambiguous

    @property
    def logins(self) -> list[tuple[str, bool]]:
        return self.handler.logins

    @property
    def connections(self) -> int:
        return self._controller.connections

    def settings(self, **overrides: Any) -> SmtpSettings:
        """SmtpSettings that reach this server; tests override what they probe."""
        values: dict[str, Any] = dict(
            host=self.host,
            port=self.port,
            security=self.security,
            user=self.user,
            password=self.password,
            timeout=5.0,
            ssl_context=client_ssl_context() if self.security != "none" else None,
        )
        values.update(overrides)
        return SmtpSettings(**values)


@contextmanager
def run_smtp_server(
    security: str = "starttls", auth: bool = True, password: str = PASSWORD, exclude_auth: tuple[str, ...] = ()
) -> Iterator[SmtpTestServer]:
    """Run a server until the block ends. `security`: "starttls", "ssl" or "none"; `password` the
    one it accepts; `exclude_auth` AUTH mechanisms it does not offer (e.g. ("PLAIN",))."""
    if auth and security == "none":
        raise ValueError("AUTH is only offered over TLS")
    handler = RecordingHandler(require_auth=auth)
    handler.password = password
    kwargs: dict[str, Any] = dict(server_hostname="mail.kopienas.test", ready_timeout=10.0)
    if exclude_auth:
        kwargs.update(auth_exclude_mechanism=list(exclude_auth))
    if security == "starttls":
        kwargs.update(tls_context=_server_ssl_context(), require_starttls=True)
    elif security == "ssl":
        kwargs.update(ssl_context=_server_ssl_context())
        # aiosmtpd only counts STARTTLS as TLS; with implicit TLS the whole
        # connection is already encrypted, so AUTH may be offered at once.
        kwargs.update(auth_require_tls=False)
    if auth:
        kwargs.update(authenticator=handler.authenticate)
    controller = _Controller(handler, **kwargs)
    controller.start()
    controller.connections = 0  # forget the controller's own readiness probe
    try:
        yield SmtpTestServer(
            host=HOST,
            port=controller.port,
            security=security,
            user=USER if auth else None,
            password=password if auth else None,
            handler=handler,
            _controller=controller,
        )
    finally:
        controller.stop()


class FakeSleep:
    """Stands in for time.sleep: records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def smtp_server() -> Iterator[SmtpTestServer]:
    with run_smtp_server("starttls") as server:
        yield server


@pytest.fixture
def smtps_server() -> Iterator[SmtpTestServer]:
    with run_smtp_server("ssl") as server:
        yield server


@pytest.fixture
def plain_smtp_server() -> Iterator[SmtpTestServer]:
    with run_smtp_server("none", auth=False) as server:
        yield server


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


# --- Sample messages and how a client sees them ---

SUBJECT = "Darbīgās kopienas — nedēļas kopsavilkums, 2020. gada 21.–27. septembris"
SENDER = "Biedrība „Darbīgās kopienas” <info@kopienas.lv>"
LATVIAN_LETTERS = "āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ"
TEXT = f"Sveiki, Jāni!\n\nŠonedēļ notika 12 aktivitātes.\nBurti: {LATVIAN_LETTERS}\n"
HTML = (
    "<html><body><h1>Nedēļas kopsavilkums</h1>"
    f"<p>Burti: {LATVIAN_LETTERS}</p>"
    '<img src="cid:aktivitates" alt="Aktivitāšu grafiks">'
    "</body></html>"
)
# A real 1x1 PNG, so image viewers and browsers accept it.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CSV_NAME = "aktivitātes-septembris.csv"
CSV = "datums;pašvaldība\n2020-09-21;Ķekava\n".encode()


def weekly_summary(to: list[str] | None = None, **overrides) -> EmailMessage:
    """The richest message the programme sends: text, HTML, chart, attachment."""
    fields = dict(
        sender=SENDER,
        to=["Jānis Bērziņš <janis@partneri.lv>"] if to is None else to,
        subject=SUBJECT,
        text=TEXT,
        html=HTML,
        inline_images={"aktivitates": PNG},
        attachments=[(CSV_NAME, CSV, "text/csv")],
    )
    fields.update(overrides)
    return build_message(**fields)


def simple_message(number: int, to: str | None = None) -> EmailMessage:
    return build_message(
        sender=SENDER,
        to=[to or f"partneris{number}@partneri.lv"],
        subject=f"{SUBJECT} #{number}",
        text=f"Ziņa nr. {number}: {LATVIAN_LETTERS}",
    )


def reparse(data: bytes | EmailMessage) -> EmailMessage:
    """What a receiving client would parse from the bytes on the wire."""
    if isinstance(data, EmailMessage):
        data = data.as_bytes()
    return message_from_bytes(data, policy=policy.default)


def text_of(part: EmailMessage) -> str:
    """A text part's content with the wire's CRLF line ends read as newlines."""
    return part.get_content().replace("\r\n", "\n")


def layout(part: EmailMessage) -> object:
    """The MIME tree as nested (content type, [children]) tuples."""
    if part.is_multipart():
        return (part.get_content_type(), [layout(p) for p in part.iter_parts()])
    return part.get_content_type()


def raw_header(raw: bytes, name: str) -> str:
    """The unfolded, still-encoded value of header `name` in raw message bytes."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = re.sub(r"\r\n(?=[ \t])", "", head)
    for line in unfolded.split("\r\n"):
        field, _, value = line.partition(":")
        if field.lower() == name.lower():
            return value.strip()
    raise KeyError(name)


def decoded_mailboxes(raw: bytes, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs decoded per RFC 2047, as mail clients do.

    Python's own address parser puts a space between adjacent encoded words,
    so it cannot judge long encoded names.
    """
    pairs = email.utils.getaddresses([raw_header(raw, name)])
    return [(str(make_header(decode_header(n))), addr) for n, addr in pairs]
