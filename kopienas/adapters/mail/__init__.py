"""E-mail for kopienas: build safe multipart messages and deliver them in batches."""

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
