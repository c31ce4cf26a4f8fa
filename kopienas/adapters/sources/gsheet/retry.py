"""Waiting out Google's 429, 408, 5xx and rate-limit answers (and dropped connections).

Reads are retried as they are: asking again cannot put anything in the wrong place. A write is
never re-sent as it was: its row positions were computed before the wait, and coordinators may
have inserted or deleted rows meanwhile. The source instead waits (`Backoff.wait`), re-reads the
tab and rebuilds what is left to write (see `GoogleSheetSource.write`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from kopienas.adapters.calls import Backoff, retryable

__all__ = ["Backoff", "impatient", "is_transient", "patient_http_client"]


def is_transient(error: BaseException) -> bool:
    """An answer worth trying again (see `kopienas.adapters.calls.classify`): any 5xx whatever its
    body, 408, 429, Google's rate-limit reasons, or no answer at all."""
    return retryable(error)


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
