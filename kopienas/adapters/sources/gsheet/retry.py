"""Waiting out Google's 429, 408 and 5xx answers (and dropped connections).

Reads are retried as they are: asking again cannot put anything in the wrong place. A write is
never re-sent as it was: its row positions were computed before the wait, and coordinators may
have inserted or deleted rows meanwhile. The source instead waits (`Backoff.wait`), re-reads the
tab and rebuilds what is left to write (see `GoogleSheetSource.write`).
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from typing import Any


def is_transient(error: BaseException) -> bool:
    """An answer worth waiting out: quota (429), timeout (408), Google's 5xx, or no answer at all."""
    import requests
    from gspread.exceptions import APIError

    if isinstance(error, APIError):
        return error.code in (408, 429) or error.code >= 500
    return isinstance(error, (requests.ConnectionError, requests.Timeout))


class Backoff:
    """Exponential backoff with jitter, until `max_total_wait` seconds of waiting in all."""

    def __init__(self, max_total_wait: float = 60.0, sleep: Callable[[float], object] = time.sleep):
        self.max_total_wait = max_total_wait
        self.sleep = sleep
        self.waited = 0.0
        self.attempt = 0

    def wait(self, error: BaseException) -> None:
        """Sleep before the next try, or raise `error` when the time is used up."""
        delay = min(32.0, 2.0**self.attempt) * random.uniform(0.5, 1.0)
        if self.waited + delay > self.max_total_wait:
            raise error
        self.sleep(delay)
        self.waited += delay
        self.attempt += 1


def patient_http_client(max_total_wait: float = 60.0, sleep: Callable[[float], object] = time.sleep):
    """gspread's HTTPClient whose calls wait out transient failures (see `Backoff`), unless made
    inside `impatient(client)`, where the first failure is raised for the caller to handle."""
    from gspread.http_client import HTTPClient

    class PatientHTTPClient(HTTPClient):
        patient = True

        def request(self, *args: Any, **kwargs: Any):
            backoff = Backoff(max_total_wait, sleep)
            while True:
                try:
                    return super().request(*args, **kwargs)
                except Exception as e:
                    if not (self.patient and is_transient(e)):
                        raise
                    backoff.wait(e)

    return PatientHTTPClient


@contextlib.contextmanager
def impatient(http_client: Any) -> Iterator[None]:
    """Calls made inside fail at once on a transient error (for writes the caller re-plans)."""
    before = getattr(http_client, "patient", None)
    if before is not None:
        http_client.patient = False
    try:
        yield
    finally:
        if before is not None:
            http_client.patient = before
