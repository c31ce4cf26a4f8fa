"""The HTTP session gspread talks through, optionally pointed at another Sheets API endpoint.

`api_base_url` (e.g. ``http://127.0.0.1:8123``) sends every Sheets and Drive call there instead of
to Google, with paths and queries unchanged: a local emulator in tests and benchmarks, or a proxy.
The session itself, with its timeouts and deadline, is the call policy's (`kopienas.adapters.calls`).
"""

from __future__ import annotations

from typing import Any

from kopienas.adapters.calls import GOOGLE_API_ROOTS, Policy, google_session

__all__ = ["GOOGLE_API_ROOTS", "sheets_session"]


def sheets_session(credentials: Any, api_base_url: str | None = None, policy: Policy | None = None) -> Any:
    """An authorized session for ``gspread.Client(auth=credentials, session=...)``."""
    return google_session(credentials, api_base_url, policy or Policy())
