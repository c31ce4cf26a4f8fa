"""What Google's answers mean for the caller (retry / wait / a person must act), and the waiting
between tries. Part of the one call policy (see `kopienas.adapters.calls`)."""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any


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
        floor = 2.0 if classify(error).kind is Kind.WAIT else 1.0  # a rate limit: wait longer
        delay = min(32.0, floor * 2.0**self.attempt) * random.uniform(0.5, 1.0)
        calls = max(self.clock() - self.started - self._slept, 0.0)
        if self.waited + calls + delay > self.max_total_wait:
            raise error
        before = self.clock()
        self.sleep(delay)
        self._slept += self.clock() - before
        self.waited += delay
        self.attempt += 1
