"""The one policy for every call the tool makes over the network: Sheets, Drive, Google's token
endpoint and SMTP (an architecture test keeps every connection in this module).

Each call gets a connect timeout, a read timeout (per wait for bytes) and a total deadline: a
watchdog shuts the call's socket when the deadline passes, so a server that trickles one byte
a second cannot stretch a call (nor the run and its lock) past it.

Which answers are tried again (`classify`): every 5xx whatever its body, 408, a dropped or
timed-out connection (RETRY); 429 and Google's rate-limit reasons, also on a 403 (WAIT). The
answers only a person can fix (an API not enabled, a service account with no storage, an expired
sign-in, a file not shared) are never retried: they get one line with the fix (core/words/google).
The waiting between tries is `Backoff`: jittered, exponential, bounded by wall-clock time.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

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


class DeadlinePassed(TimeoutError):
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
            return call()
        except Exception as e:
            if watch.expired:
                raise requests.Timeout(f"no complete answer within {policy.deadline:g} s") from e
            raise


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


# -- what an answer means -----------------------------------------------------------------------
class Kind(Enum):
    RETRY = "retry"  # try again soon: the server or the network failed
    WAIT = "wait"  # try again later: a rate limit
    PERSON = "person"  # no retry helps: a person must act (the line says what)


RATE_REASONS = {"userRateLimitExceeded", "rateLimitExceeded", "RATE_LIMIT_EXCEEDED", "sharingRateLimitExceeded"}
_ENABLE_LINK = re.compile(r"https://console\.(?:developers\.google\.com|cloud\.google\.com)/apis/api/[^\s\"']+")


@dataclass(frozen=True)
class Answer:
    kind: Kind
    status: int  # HTTP status; 0: no answer
    reason: str = ""  # Google's reason: SERVICE_DISABLED, storageQuotaExceeded, invalid_grant, …
    message: str = ""
    link: str = ""  # where a person fixes it (an API's activation page)
    service: str = ""  # sheets.googleapis.com, drive.googleapis.com


def classify_answer(status: int, body: Any) -> Answer:
    """What Google's answer (`body` as text, bytes or decoded JSON) means for the caller."""
    error = _error_of(body)
    message = str(error.get("message") or (body if isinstance(body, str) else ""))[:300]
    reasons = [str(e.get("reason", "")) for e in error.get("errors") or [] if isinstance(e, dict)]
    infos = [d for d in error.get("details") or [] if isinstance(d, dict)]
    reasons += [str(d.get("reason", "")) for d in infos if d.get("reason")]
    if error.get("error") and isinstance(error.get("error"), str):  # the token endpoint's shape
        reasons.append(error["error"])
        message = str(error.get("error_description", message))
    disabled = "SERVICE_DISABLED" in reasons or "accessNotConfigured" in reasons
    if disabled or "has not been used in project" in message:
        return Answer(Kind.PERSON, status, "SERVICE_DISABLED", message, _activation(error, infos), _service(infos))
    for reason in reasons:
        if reason in RATE_REASONS:
            return Answer(Kind.WAIT, status, reason, message)
    reason = next((r for r in reasons if r), "")
    if status == 429:
        return Answer(Kind.WAIT, status, reason, message)
    if status >= 500 or status in (0, 408):
        return Answer(Kind.RETRY, status, reason, message)
    return Answer(Kind.PERSON, status, reason, message)


def _error_of(body: Any) -> dict[str, Any]:
    if isinstance(body, (bytes, str)):
        try:
            body = json.loads(body)
        except ValueError:
            return {}
    if not isinstance(body, dict):
        return {}
    inner = body.get("error")
    return inner if isinstance(inner, dict) else body


def _activation(error: dict[str, Any], infos: list[dict[str, Any]]) -> str:
    for info in infos:
        url = (info.get("metadata") or {}).get("activationUrl")
        if url:
            return str(url)
        for link in info.get("links") or []:
            if _ENABLE_LINK.match(str(link.get("url", ""))):
                return str(link["url"])
    found = _ENABLE_LINK.search(json.dumps(error))
    return found.group(0) if found else ""


def _service(infos: list[dict[str, Any]]) -> str:
    for info in infos:
        service = (info.get("metadata") or {}).get("service")
        if service:
            return str(service)
    return ""


def classify(error: BaseException) -> Answer:
    """What a failed call's exception means: gspread's APIError (whatever its body: an HTML 500
    is a 500), a Drive error, requests' connection errors and timeouts, google-auth's errors."""
    import requests

    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    if isinstance(status, int) and response is not None:
        return classify_answer(status, _text(response))
    if hasattr(error, "status") and hasattr(error, "body"):  # DriveCallError keeps the answer
        return classify_answer(int(error.status), error.body)
    if isinstance(error, (requests.ConnectionError, requests.Timeout, TimeoutError, ConnectionError)):
        return Answer(Kind.RETRY, 0, type(error).__name__, str(error)[:200])
    from google.auth.exceptions import RefreshError, TransportError

    if isinstance(error, TransportError):
        return Answer(Kind.RETRY, 0, type(error).__name__, str(error)[:200])
    if isinstance(error, RefreshError):
        detail = error.args[1] if len(error.args) > 1 else (error.args[0] if error.args else "")
        answer = classify_answer(400, detail if isinstance(detail, (dict, str, bytes)) else str(detail))
        if answer.kind is Kind.PERSON and not answer.reason and error.args:
            return Answer(Kind.PERSON, 400, str(error.args[0]).split(":")[0], str(error.args[0])[:200])
        return answer
    return Answer(Kind.PERSON, -1, type(error).__name__, str(error)[:200])


def _text(response: Any) -> str:
    try:
        return str(response.text)
    except Exception:
        return ""


def retryable(error: BaseException) -> bool:
    return classify(error).kind is not Kind.PERSON


class Backoff:
    """Jittered exponential waits until `max_total_wait` seconds have passed since the first try
    (the calls' own time counts too: slow answers leave less time for waiting)."""

    def __init__(
        self,
        max_total_wait: float = 60.0,
        sleep: Callable[[float], object] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_total_wait = max_total_wait
        self.sleep, self.clock = sleep, clock
        self.started = clock()
        self.waited = 0.0  # seconds asked of `sleep`
        self._slept = 0.0  # of the clock's time, how much went by in `sleep`
        self.attempt = 0

    def wait(self, error: BaseException) -> None:
        """Sleep before the next try, or raise `error` when the time is used up."""
        floor = 4.0 if classify(error).kind is Kind.WAIT else 1.0  # a rate limit: wait longer
        delay = min(32.0, floor * 2.0**self.attempt) * random.uniform(0.5, 1.0)
        calls = max(self.clock() - self.started - self._slept, 0.0)
        if self.waited + calls + delay > self.max_total_wait:
            raise error
        before = self.clock()
        self.sleep(delay)
        self._slept += self.clock() - before
        self.waited += delay
        self.attempt += 1
