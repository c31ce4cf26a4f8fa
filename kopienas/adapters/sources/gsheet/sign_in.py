"""What to tell a person when Google's sign-in (the token endpoint) refuses the key or cannot be
reached: one line and an exit code, never the library's traceback; and `kopienas auth`'s sign-in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kopienas.adapters.secrets import register
from kopienas.adapters.sources._base import SourceError
from kopienas.adapters.sources.gsheet.access import SCOPES
from kopienas.core.words import google as said


def explain_sign_in(error: Exception, account: str = "") -> SourceError:
    """Google's sign-in (the token endpoint) refused the key, or could not be reached."""
    from google.auth.exceptions import RefreshError, TransportError

    if isinstance(error, TransportError):
        return SourceError(said.SIGN_IN_UNREACHABLE, usage=False)
    if isinstance(error, RefreshError):
        from kopienas.adapters.sources.gsheet.errors import explain_refusal

        return explain_refusal(error, account)
    return SourceError(said.sign_in_failed(type(error).__name__), usage=False)


def sign_in(client_secrets: Path, open_browser: bool):
    """Google's consent page in a browser (or its address printed); the user's sign-in as saved. The
    client secret and the tokens are registered with the redactor as they are received."""
    from kopienas.adapters.calls import Policy, interactive_sign_in

    client = json.loads(client_secrets.read_bytes())
    if not isinstance(client, dict):
        raise ValueError("not a JSON object")
    for kind in client.values():
        if isinstance(kind, dict):
            register(kind.get("client_secret"))
    signed_in = SignedIn(*interactive_sign_in(client, SCOPES, open_browser, Policy()))
    credentials = signed_in.credentials
    for value in (credentials.token, credentials.refresh_token, getattr(credentials, "client_secret", None)):
        register(value)
    return signed_in


class SignedIn:
    """A `kopienas auth` sign-in as saved: the credentials, when it was made, and when Google said
    its refresh token ends (only apps whose tokens expire, e.g. in "Testing" status, are told)."""

    def __init__(self, credentials: Any, expires_in: Any = None):
        self.credentials, self.expires_in = credentials, expires_in

    def to_json(self) -> str:
        data = json.loads(self.credentials.to_json())
        now = datetime.now(UTC)
        data["signed_in_at"] = now.isoformat(timespec="seconds")
        if isinstance(self.expires_in, (int, float)) and self.expires_in > 0:
            data["refresh_token_expires_at"] = (now + timedelta(seconds=self.expires_in)).isoformat(timespec="seconds")
        return json.dumps(data)
