"""The translation port: the coordinators' Latvian text in English, for English drafts.

Two backends that handle Latvian, each an optional extra: DeepL through its official client
(`pip install 'kopienas[deepl]'`) with the programme's names as a DeepL glossary, and Google Cloud
Translation (REST v3 through google-auth's authorised session; no gRPC stack), which gets the names
by substitution. `translator_for` builds the configured one; None means no service is set up.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import translation as said

ENV_DEEPL_KEY = "KOPIENAS_DEEPL_KEY"


class TranslationError(KopienasError):
    """The service could not translate (unreachable, refused the key, over quota); one line."""


class Translator(Protocol):
    name: str  # "DeepL", "Google Cloud Translation": named in the draft's note

    def __call__(self, texts: list[str]) -> list[str]: ...


def deepl_key(key_file: Path | None) -> str:
    """DeepL's key: KOPIENAS_DEEPL_KEY, else the first line of `key_file`."""
    key = os.environ.get(ENV_DEEPL_KEY, "").strip()
    if key:
        return key
    if key_file is None:
        raise KopienasError(said.no_deepl_key(ENV_DEEPL_KEY), ExitCode.USAGE)
    try:
        return key_file.read_text(encoding="utf-8").strip().splitlines()[0].strip()
    except (OSError, UnicodeDecodeError, IndexError):
        raise KopienasError(said.unreadable_key(key_file), ExitCode.USAGE) from None


def translator_for(
    backend: str,
    glossary: dict[str, str],
    *,
    key_file: Path | None = None,
    server_url: str = "",
    google_project: str = "",
    credentials_file: Path | None = None,
) -> Translator | None:
    """The configured service, or None (no `translation.backend`)."""
    if backend == "deepl":
        from kopienas.adapters.translation.deepl_backend import DeepLTranslator

        return DeepLTranslator(deepl_key(key_file), glossary, server_url=server_url)
    if backend == "google":
        from kopienas.adapters.translation.google_backend import GoogleTranslator, credentials_from

        return GoogleTranslator(google_project, credentials_from(credentials_file), glossary, endpoint=server_url)
    return None
