"""Ways to deliver messages: SMTP, or a folder of .eml files for checking by eye.

The transports themselves are imported on first use (see `kopienas.adapters.mail`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kopienas.adapters.mail._on_first_use import names_on_first_use
from kopienas.adapters.mail.transports._base import MailError, Outgoing, SendResult, Transport

if TYPE_CHECKING:
    from kopienas.adapters.mail.transports.outbox import OutboxTransport
    from kopienas.adapters.mail.transports.smtp import SmtpSettings, SmtpTransport, load_password

_SMTP = "kopienas.adapters.mail.transports.smtp"
_HOMES = {
    "OutboxTransport": "kopienas.adapters.mail.transports.outbox",
    "SmtpSettings": _SMTP,
    "SmtpTransport": _SMTP,
    "load_password": _SMTP,
}

__all__ = [
    "MailError",
    "OutboxTransport",
    "Outgoing",
    "SendResult",
    "SmtpSettings",
    "SmtpTransport",
    "Transport",
    "load_password",
]


__getattr__ = names_on_first_use(__name__, _HOMES)
