"""The translation port's lines: one line each, Latvian then English."""

from __future__ import annotations


def no_deepl_key(env: str) -> str:
    return f"DeepL vajag atslēgu: iestatiet {env} vai `translation.key_file` / DeepL needs a key"


def unreadable_key(path: object) -> str:
    return f"Nevar nolasīt DeepL atslēgu no {path} / cannot read the DeepL key"


def google_unreachable(what: str) -> str:
    return f"Google tulkošana nav sasniedzama: {what} / unreachable"


def google_refused(status: int) -> str:
    return f"Google tulkošana atbildēja {status} / refused"


GOOGLE_UNREADABLE = "Google tulkošanas atbilde nav saprotama / unreadable answer"
GOOGLE_WRONG_COUNT = "Google tulkošana atdeva citu tekstu skaitu / wrong number of texts"
