"""Google Cloud Translation, REST v3 (`projects/…/locations/global:translateText`) through
google-auth's authorised session: the service's own client would bring a whole gRPC stack for one
call. v3 glossaries live in Cloud Storage, so the programme's names are put in by substitution."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from kopienas.adapters.calls import Policy, google_session
from kopienas.adapters.secrets import register
from kopienas.adapters.translation import TranslationError
from kopienas.core.words import translation as said
from kopienas.core.words.glossary import substitute

SCOPE = "https://www.googleapis.com/auth/cloud-translation"
ENDPOINT = "https://translation.googleapis.com"
TIMEOUT = 60.0


def credentials_from(file: Path | None) -> Any:
    """The service account of `file`, else the machine's default Google credentials."""
    import google.auth
    from google.oauth2 import service_account

    if file is not None:
        info = json.loads(Path(file).read_bytes())
        if not isinstance(info, dict):
            raise ValueError("not a JSON object")
        for key in ("private_key", "private_key_id"):
            register(info.get(key))
        return service_account.Credentials.from_service_account_info(info, scopes=[SCOPE])
    credentials, _ = google.auth.default(scopes=[SCOPE])
    return credentials


class GoogleTranslator:
    name = "Google Cloud Translation"

    def __init__(self, project: str, credentials: Any, glossary: dict[str, str], *, endpoint: str = ""):
        self._url = f"{(endpoint or ENDPOINT).rstrip('/')}/v3/projects/{project}/locations/global:translateText"
        # The one call policy: deadlines, retries on 5xx and 429, the answers classified.
        self._session = google_session(credentials, None, Policy(deadline=TIMEOUT))
        self._entries = glossary

    def __call__(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        body = {
            "contents": [substitute(t, self._entries) for t in texts],
            "sourceLanguageCode": "lv",
            "targetLanguageCode": "en",
            "mimeType": "text/plain",
        }
        try:
            response = self._session.post(self._url, json=body)
        except (requests.RequestException, OSError) as e:
            raise TranslationError(said.google_unreachable(type(e).__name__)) from None
        if response.status_code != 200:
            raise TranslationError(said.google_refused(response.status_code))
        try:
            translations = response.json()["translations"]
            out = [str(t["translatedText"]) for t in translations]
        except (ValueError, KeyError, TypeError):
            raise TranslationError(said.GOOGLE_UNREADABLE) from None
        if len(out) != len(texts):
            raise TranslationError(said.GOOGLE_WRONG_COUNT)
        return out
