"""Whether a phone number, an e-mail address or a link is usable (cached: the same values repeat
across rows). Each answer is the Latvian reason it is not, or None."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from kopienas.core.words import values as said


@lru_cache(maxsize=4096)
def phone_problem(raw: str) -> str | None:
    import phonenumbers  # here: commands that check no rows (status, doctor's first lines) start faster

    try:
        number = phonenumbers.parse(raw, "LV")
    except phonenumbers.NumberParseException:
        return said.NOT_A_PHONE
    if not phonenumbers.is_valid_number(number):
        return said.INVALID_PHONE
    return None


@lru_cache(maxsize=4096)
def email_problem(raw: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(raw, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return said.INVALID_EMAIL
    return None


@lru_cache(maxsize=4096)
def is_web_link(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and "." in parts.netloc and not any(c.isspace() for c in url)
