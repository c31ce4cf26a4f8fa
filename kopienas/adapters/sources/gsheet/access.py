"""Which spreadsheet, and as whom: the id in a source string and the Google credentials to use."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from kopienas.adapters.secrets import register
from kopienas.adapters.sources._base import SourceError
from kopienas.config import Config
from kopienas.core.words import google as said

# Drive: the sheet's version for `watch`, and the drafts as Google Docs in `drafts.drive_folder`.
SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"]

_ID_IN_URL = re.compile(r"/spreadsheets/d/([a-zA-Z0-9-_]+)")


def spreadsheet_id(source: str) -> str:
    if source.startswith("gsheet:"):
        return source.split(":", 1)[1].strip()
    m = _ID_IN_URL.search(source)
    if not m:
        raise SourceError(said.no_id_in(source))
    return m.group(1)


def quote_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def load_credentials(config: Config):
    """A service-account file (config or GOOGLE_APPLICATION_CREDENTIALS), else a user's token made
    by `kopienas auth`; none needed for a local API."""
    path = config.credentials or (
        Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"]) if os.environ.get("GOOGLE_APPLICATION_CREDENTIALS") else None
    )
    if path is None and config.token.is_file():
        from google.oauth2.credentials import Credentials

        try:
            info = _secret_json(config.token, "token", "refresh_token", "client_secret")
            return _registering(Credentials).from_authorized_user_info(info, SCOPES)
        except (ValueError, KeyError, OSError):
            raise SourceError(said.token_unusable(config.token)) from None
    if path is None:
        if config.sheets_api:
            from google.auth.credentials import AnonymousCredentials

            return AnonymousCredentials()
        raise SourceError(said.NO_CREDENTIALS)
    from google.oauth2 import service_account

    try:
        info = _secret_json(path, "private_key", "private_key_id")
        return _registering(service_account.Credentials).from_service_account_info(info, scopes=SCOPES)
    except FileNotFoundError:
        raise SourceError(said.key_file_not_found(path)) from None
    except OSError as e:
        raise SourceError(said.key_file_unreadable(path, e.strerror)) from None
    except (ValueError, KeyError) as e:
        raise SourceError(said.not_a_key_file(path, type(e).__name__)) from None


def sign_in_record(config: Config) -> dict:
    """The saved `kopienas auth` sign-in (when it was made, when Google said it ends), its tokens
    registered with the redactor as they are read."""
    return _secret_json(config.token, "token", "refresh_token", "client_secret")


def _secret_json(path: Path, *secret_keys: str) -> dict:
    """A credentials file's settings, its secrets registered with the redactor as they are read."""
    info = json.loads(path.read_bytes())
    if not isinstance(info, dict):
        raise ValueError("not a JSON object")
    for key in secret_keys:
        if isinstance(info.get(key), str):
            register(info[key])
    return info


def _registering(kind: Any) -> Any:
    """`kind` of Google credentials whose access tokens are registered as each is fetched."""

    class Registering(kind):
        def refresh(self, request) -> None:
            super().refresh(request)
            register(self.token)

    return Registering
