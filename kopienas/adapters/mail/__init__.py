"""E-mail for kopienas: build safe multipart messages and deliver them in batches.

Each name is imported where it lives on first use: a command that sends no mail (`validate`,
`status`) does not load SMTP, TLS, the e-mail parser or the outbox's wording."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kopienas.adapters.mail._on_first_use import names_on_first_use

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


__getattr__ = names_on_first_use(__name__, _HOMES)
