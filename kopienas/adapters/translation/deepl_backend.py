"""DeepL through its official client, the programme's names as a DeepL glossary (LV -> EN)."""

from __future__ import annotations

from typing import Any

from kopienas.adapters.translation import TranslationError


class DeepLTranslator:
    name = "DeepL"

    def __init__(self, key: str, glossary: dict[str, str], *, server_url: str = ""):
        try:
            import deepl
        except ImportError:  # an optional extra
            raise TranslationError(
                "DeepL vajag papildpaketi: pip install 'kopienas[deepl]' / DeepL needs the deepl extra"
            ) from None
        self._deepl: Any = deepl
        self._client = deepl.Translator(key, server_url=server_url or None, send_platform_info=False)
        self._entries = glossary
        self._glossary: Any = None

    def _glossary_id(self) -> Any:
        # Made once, on the first text that needs it: a run without English drafts creates nothing.
        if self._glossary is None and self._entries:
            self._glossary = self._client.create_glossary("kopienas", "LV", "EN", self._entries)
        return self._glossary

    def __call__(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        try:
            results = self._client.translate_text(
                texts, source_lang="LV", target_lang="EN-GB", glossary=self._glossary_id(), preserve_formatting=True
            )
        except self._deepl.DeepLException as e:
            raise TranslationError(f"DeepL netulkoja: {e} / DeepL did not translate") from None
        results = results if isinstance(results, list) else [results]
        return [r.text for r in results]
