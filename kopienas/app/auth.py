"""Signing in with a Google account instead of a service account.

`sign_in` opens Google's consent page in a browser (or prints its address), then stores the user's token
outside the project (`source.token`, default ~/.config/kopienas/google-token.json), readable by
its owner only.
"""

from __future__ import annotations

from pathlib import Path

from kopienas.adapters.files import write_file
from kopienas.adapters.sources.gsheet.source import SCOPES


def save_token(token_json: str, path: Path) -> None:
    write_file(path, token_json.encode("utf-8"), mode=0o600)


def sign_in(client_secrets: Path, open_browser: bool):
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), SCOPES)
    return flow.run_local_server(port=0, open_browser=open_browser)
