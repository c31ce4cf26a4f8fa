"""Signing in with a Google account instead of a service account.

`sign_in` opens Google's consent page in a browser (or prints its address), then stores the user's token
outside the project (`source.token`, default ~/.config/kopienas/google-token.json), readable by
its owner only.
"""

from __future__ import annotations

import json
from pathlib import Path

from kopienas.adapters.files import write_file
from kopienas.adapters.secrets import register
from kopienas.adapters.sources.gsheet.source import SCOPES


def save_token(token_json: str, path: Path) -> None:
    write_file(path, token_json.encode("utf-8"), mode=0o600)


def sign_in(client_secrets: Path, open_browser: bool):
    """The user's credentials; the client secret and the tokens are registered with the redactor
    as they are read and received."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    config = json.loads(client_secrets.read_bytes())
    if not isinstance(config, dict):
        raise ValueError("not a JSON object")
    for client in config.values():
        if isinstance(client, dict):
            register(client.get("client_secret"))
    flow = InstalledAppFlow.from_client_config(config, SCOPES)
    credentials = flow.run_local_server(port=0, open_browser=open_browser)
    for value in (credentials.token, credentials.refresh_token, credentials.client_secret):
        register(value)
    return credentials
