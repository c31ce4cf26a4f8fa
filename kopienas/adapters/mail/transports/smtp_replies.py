"""What an SMTP failure means: worth retrying or not, and the words for a person."""

from __future__ import annotations

import smtplib

from kopienas.adapters.secrets import redact, register


def explain(exc: BaseException) -> tuple[bool, str]:
    """Whether `exc` is worth retrying, and what to tell a person about it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        temporary = any(400 <= code < 500 for code in codes)
        return temporary, "every recipient was refused: " + describe_refusals(exc.recipients)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500, reply_text(exc)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True, f"connection lost: {exc}"
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True, f"connection problem: {exc}"
    if isinstance(exc, OSError):
        # Name resolution, "network unreachable" and the like can be passing.
        return True, f"network error: {exc}"
    return False, f"{type(exc).__name__}: {exc}"


def reply_text(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return f"{exc.smtp_code} {text}"


def describe_refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return ", ".join(
        f"{address} ({code} {message.decode('utf-8', 'replace') if isinstance(message, bytes) else message})"
        for address, (code, message) in refused.items()
    )


def redact_password(text: str, password: str | None) -> str:
    # Servers sometimes echo what they were sent (also as the base64 of AUTH PLAIN or LOGIN): the
    # redactor knows every form of the password, registered when it was loaded.
    register(password)
    return redact(text)
