"""Which spreadsheet, and as whom: the id in a source string and the Google credentials to use."""

from __future__ import annotations

import os
import re
from pathlib import Path

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
            return Credentials.from_authorized_user_file(str(config.token), SCOPES)
        except (ValueError, KeyError):
            raise SourceError(said.token_unusable(config.token)) from None
    if path is None:
        if config.sheets_api:
            from google.auth.credentials import AnonymousCredentials

            return AnonymousCredentials()
        raise SourceError(said.NO_CREDENTIALS)
    from google.oauth2 import service_account

    try:
        return service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)
    except FileNotFoundError:
        raise SourceError(said.key_file_not_found(path)) from None
    except OSError as e:
        raise SourceError(said.key_file_unreadable(path, e.strerror)) from None
    except (ValueError, KeyError) as e:
        raise SourceError(said.not_a_key_file(path, type(e).__name__)) from None
