"""The HTTP session gspread talks through, optionally pointed at another Sheets API endpoint.

`api_base_url` (e.g. ``http://127.0.0.1:8123``) sends every Sheets and Drive call there instead of
to Google, with paths and queries unchanged: a local emulator in tests and benchmarks, or a proxy.
"""

from __future__ import annotations

from google.auth.transport.requests import AuthorizedSession

GOOGLE_API_ROOTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")


class _RedirectingSession(AuthorizedSession):
    def __init__(self, credentials, api_base_url: str | None):
        super().__init__(credentials)
        self.api_base_url = api_base_url.rstrip("/") if api_base_url else None

    def request(self, method, url, *args, **kwargs):
        if self.api_base_url:
            for root in GOOGLE_API_ROOTS:
                if url == root or url.startswith(root + "/"):
                    url = self.api_base_url + url[len(root) :]
                    break
        return super().request(method, url, *args, **kwargs)


def sheets_session(credentials, api_base_url: str | None = None) -> AuthorizedSession:
    """An authorized session for ``gspread.Client(auth=credentials, session=...)``."""
    return _RedirectingSession(credentials, api_base_url)
