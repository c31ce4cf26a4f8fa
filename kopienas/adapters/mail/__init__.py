"""E-mail for kopienas: build safe multipart messages and deliver them in batches.

Each name is imported where it lives on first use: a command that sends no mail (`validate`,
`status`) does not load SMTP, TLS, the e-mail parser or the outbox's wording."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kopienas.adapters.mail.message import UnsafeHeader, build_message, validate_address, validate_header_text
    from kopienas.adapters.mail.transports import (
        MailError,
        OutboxTransport,
        Outgoing,
        SendResult,
        SmtpSettings,
        SmtpTransport,
        Transport,
        load_password,
    )

_MESSAGE = "kopienas.adapters.mail.message"
_TRANSPORTS = "kopienas.adapters.mail.transports"
_HOMES = {
    "UnsafeHeader": _MESSAGE,
    "build_message": _MESSAGE,
    "validate_address": _MESSAGE,
    "validate_header_text": _MESSAGE,
    **dict.fromkeys(
        (
            "MailError",
            "OutboxTransport",
            "Outgoing",
            "SendResult",
            "SmtpSettings",
            "SmtpTransport",
            "Transport",
            "load_password",
        ),
        _TRANSPORTS,
    ),
}

__all__ = [
    "MailError",
    "OutboxTransport",
    "Outgoing",
    "SendResult",
    "SmtpSettings",
    "SmtpTransport",
    "Transport",
    "UnsafeHeader",
    "build_message",
    "load_password",
    "validate_address",
    "validate_header_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
