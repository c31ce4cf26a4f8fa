"""The configured translation service for English drafts, with the programme's names as its glossary."""

from __future__ import annotations

from kopienas.adapters.translation import Translator, translator_for
from kopienas.config import Config
from kopienas.core.models import Programme
from kopienas.core.words.glossary import glossary


def english_translator(config: Config, programme: Programme) -> Translator | None:
    """None when no service is set up: the English drafts then list what is still Latvian."""
    t = config.translation
    return translator_for(
        t.backend,
        glossary(programme),
        key_file=t.key_file,
        server_url=t.server_url,
        google_project=t.google_project,
        credentials_file=config.credentials,
    )
