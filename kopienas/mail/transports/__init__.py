"""Ways to deliver messages: SMTP, or a folder of .eml files for checking by eye."""

from ._base import MailError, Outgoing, SendResult, Transport
from .outbox import OutboxTransport
from .smtp import SmtpSettings, SmtpTransport, load_password

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
