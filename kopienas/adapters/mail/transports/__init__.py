"""Ways to deliver messages: SMTP, or a folder of .eml files for checking by eye."""

from kopienas.adapters.mail.transports._base import MailError, Outgoing, SendResult, Transport
from kopienas.adapters.mail.transports.outbox import OutboxTransport
from kopienas.adapters.mail.transports.smtp import SmtpSettings, SmtpTransport, load_password

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
