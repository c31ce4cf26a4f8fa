"""Signing in with a Google account instead of a service account.

`sign_in` opens Google's consent page in a browser (or prints its address), then stores the user's token
outside the project (`source.token`, default ~/.config/kopienas/google-token.json), readable by
its owner only.
"""

from __future__ import annotations

from pathlib import Path

from kopienas.adapters.files import write_file
from kopienas.adapters.sources import google_sign_in


def save_token(token_json: str, path: Path) -> None:
    write_file(path, token_json.encode("utf-8"), mode=0o600)


def sign_in(client_secrets: Path, open_browser: bool):
    return google_sign_in(client_secrets, open_browser)
