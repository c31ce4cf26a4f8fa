"""Connections under the policy: timeouts, the deadline watchdog, the Google and SMTP sessions.
See `kopienas.adapters.calls` for the policy as a whole."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kopienas.core.errors import Signal

GOOGLE_API_ROOTS = ("https://sheets.googleapis.com", "https://www.googleapis.com", "https://oauth2.googleapis.com")


@dataclass(frozen=True)
class Policy:
    connect: float = 10.0  # seconds to open a connection
    read: float = 30.0  # seconds to wait for the next bytes
    deadline: float = 60.0  # seconds for a whole call, however the bytes arrive
    retry_seconds: float = 60.0  # wall-clock time for tries and waits, before giving up


def policy_of(config: Any) -> Policy:
    deadline = float(getattr(config, "call_seconds", 60.0))
    return Policy(
        connect=min(10.0, deadline), read=min(30.0, deadline), deadline=deadline, retry_seconds=config.retry_seconds
    )


# -- the deadline -------------------------------------------------------------------------------
class _Watch:
    """The connections of one call, shut when its deadline passes."""

    def __init__(self) -> None:
        self.expired = False
        self._conns: list[Any] = []
        self._lock = threading.Lock()

    def add(self, conn: Any) -> None:
        with self._lock:
            self._conns.append(conn)
            if self.expired:
                _shut(conn)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for conn in self._conns:
                _shut(conn)


def _shut(conn: Any) -> None:
    sock = conn if isinstance(conn, socket.socket) else getattr(conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


_local = threading.local()


class DeadlinePassed(Signal, TimeoutError):
    """The call took longer than its deadline (the server was too slow, or trickled)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[_Watch]:
    """Every connection this thread uses inside is shut after `seconds`; nested calls (a token
    refresh inside a Sheets call) share the outer deadline."""
    outer = getattr(_local, "watch", None)
    if outer is not None:
        yield outer
        return
    watch = _Watch()
    timer = threading.Timer(seconds, watch.expire)
    timer.daemon = True
    _local.watch = watch
    timer.start()
    try:
        yield watch
    finally:
        timer.cancel()
        _local.watch = None


def _watched(conn: Any) -> Any:
    watch = getattr(_local, "watch", None)
    if watch is not None:
        watch.add(conn)
    return conn


def _guarded_pools() -> dict[str, type]:
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Conn(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            _watched(self)

    class SConn(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            _watched(self)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Conn

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _watched(super()._get_conn(timeout))

    class SPool(HTTPSConnectionPool):
        ConnectionCls = SConn

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _watched(super()._get_conn(timeout))

    return {"http": Pool, "https": SPool}


def redirected(url: str, base: str | None) -> str:
    """`url` on another API host (`source.api_url`: a local emulator or a proxy), path unchanged."""
    if base:
        for root in GOOGLE_API_ROOTS:
            if url == root or url.startswith(root + "/"):
                return base.rstrip("/") + url[len(root) :]
    return url


def http_session(policy: Policy, api_base_url: str | None = None) -> Any:
    """A requests session whose calls keep the policy's timeouts and deadline (and go to
    `api_base_url` instead of Google, when given)."""
    import requests
    from requests.adapters import HTTPAdapter

    pools = _guarded_pools()

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

    class Session(requests.Session):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            url = redirected(url, api_base_url)
            return _within(policy, lambda: super(Session, self).request(method, url, *args, **_timed(policy, kwargs)))

    session = Session()
    for scheme in ("http://", "https://"):
        session.mount(scheme, Adapter())
    return session


def _timed(policy: Policy, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The policy's timeouts, unless the caller set its own (gspread's `set_timeout`)."""
    if kwargs.get("timeout") is not None:
        return kwargs
    return {**kwargs, "timeout": (policy.connect, policy.read)}


def _within(policy: Policy, call: Callable[[], Any]) -> Any:
    """`call()` under the policy's deadline; a call cut short raises requests' Timeout."""
    import requests

    with deadline(policy.deadline) as watch:
        try:
            answer = call()
        except Exception as e:
            if watch.expired:
                raise requests.Timeout(f"no complete answer within {policy.deadline:g} s") from e
            raise
        if watch.expired:  # a connection shut mid-answer can look like a short, complete one
            raise requests.Timeout(f"no complete answer within {policy.deadline:g} s")
        return answer


def token_request(policy: Policy, api_base_url: str | None = None) -> Any:
    """google-auth's transport for the token endpoint (sign-in, key exchange), under the policy."""
    from google.auth.transport.requests import Request

    return Request(session=http_session(policy, api_base_url))


def google_session(credentials: Any, api_base_url: str | None, policy: Policy) -> Any:
    """The authorized session Sheets (gspread) and Drive calls go through; `api_base_url` sends
    them to a local emulator or a proxy instead, paths and queries unchanged."""
    from google.auth.transport.requests import AuthorizedSession

    class GoogleSession(AuthorizedSession):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
            url = redirected(url, api_base_url)
            kwargs = _timed(policy, kwargs)
            return _within(policy, lambda: super(GoogleSession, self).request(method, url, *args, **kwargs))

    session = GoogleSession(credentials, auth_request=token_request(policy, api_base_url))
    for scheme in ("http://", "https://"):
        session.mount(scheme, http_session(policy).get_adapter(scheme))
    return session


def gspread_client(credentials: Any, api_base_url: str | None, policy: Policy, http_client: type) -> Any:
    import gspread

    return gspread.Client(
        auth=credentials, session=google_session(credentials, api_base_url, policy), http_client=http_client
    )


def open_smtp(cls: type, host: str, port: int, policy: Policy, **kwargs: Any) -> Any:
    """An SMTP connection (of smtplib's SMTP or SMTP_SSL, or a subclass), its greeting read within
    the deadline; each later step gets `smtp_step`."""
    with deadline(policy.deadline) as watch:
        client = _smtp_connect(cls, host, port, policy, watch, **kwargs)
    return client


def _smtp_connect(cls: type, host: str, port: int, policy: Policy, watch: _Watch, **kwargs: Any) -> Any:
    client = cls(timeout=policy.read, **kwargs)
    client._host = host  # what STARTTLS checks the certificate against
    original = client._get_socket

    def get_socket(*args: Any) -> Any:
        return _watched(original(*args))

    client._get_socket = get_socket
    try:
        client.connect(host, port)
    except OSError:
        if watch.expired:
            raise DeadlinePassed(f"no greeting from {host} within {policy.deadline:g} s") from None
        raise
    if watch.expired:  # a greeting cut short can read as a complete one
        client.close()
        raise DeadlinePassed(f"no greeting from {host} within {policy.deadline:g} s")
    return client


@contextlib.contextmanager
def smtp_step(client: Any, policy: Policy) -> Iterator[None]:
    """One SMTP exchange (EHLO, login, one message) under the deadline."""
    with deadline(policy.deadline) as watch:
        if getattr(client, "sock", None) is not None:
            watch.add(client.sock)
        try:
            yield
        except OSError:
            if watch.expired:
                raise DeadlinePassed(f"the SMTP server did not finish within {policy.deadline:g} s") from None
            raise
        if watch.expired:
            raise DeadlinePassed(f"the SMTP server did not finish within {policy.deadline:g} s")


def guard(session: Any, policy: Policy) -> Any:
    """A requests session made by a library (the OAuth sign-in's), put under the policy."""
    plain = session.request
    for scheme in ("http://", "https://"):
        session.mount(scheme, http_session(policy).get_adapter(scheme))

    def request(method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        return _within(policy, lambda: plain(method, url, *args, **_timed(policy, kwargs)))

    session.request = request
    return session


def interactive_sign_in(client: dict, scopes: list[str], open_browser: bool, policy: Policy) -> Any:
    """Google's consent page in a browser (or its address printed), then the code exchanged for a
    token under the policy. Returns (credentials, the refresh token's lifetime in seconds or None:
    Google gives one only to apps whose refresh tokens expire, e.g. an app in "Testing" status)."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_config(client, scopes)  # read (and its secret registered) by the loader
    guard(flow.oauth2session, policy)
    credentials = flow.run_local_server(port=0, open_browser=open_browser)
    return credentials, flow.oauth2session.token.get("refresh_token_expires_in")
