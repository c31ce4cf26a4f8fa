"""Signing in with a Google account instead of a service account.

`sign_in` opens Google's consent page in a browser (or prints its address), then stores the user's token
outside the project (`source.token`, default ~/.config/kopienas/google-token.json), readable by
its owner only.
"""

from __future__ import annotations

import os
from pathlib import Path

from kopienas.adapters.sources.gsheet.source import SCOPES


def save_token(token_json: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(token_json)
    os.replace(tmp, path)


def sign_in(client_secrets: Path, open_browser: bool):
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), SCOPES)
    return flow.run_local_server(port=0, open_browser=open_browser)
