"""The languages the tool writes, and their Babel locales."""

from __future__ import annotations

LANGUAGES = ("lv", "en")

# Babel locale per language. en_GB: "27 January", "2,000", and lists without a serial comma.
BABEL_LOCALE = {"lv": "lv", "en": "en_GB"}


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang
