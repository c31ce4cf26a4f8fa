"""The SMTP password registered with the redactor as soon as the settings are known — apart from
the transports, so that every command (mail or not) does it without loading SMTP and TLS."""

from __future__ import annotations

import contextlib

from kopienas.adapters.mail.transports import MailError
from kopienas.adapters.mail.transports.password import PASSWORD_ENV, load_password
from kopienas.config import Config


def register_secrets(config: Config) -> None:
    """Load the SMTP password as soon as the settings are known, so that it is redacted from the
    command's first line on (a problem with it is reported by the job that sends)."""
    smtp = config.mail.smtp
    if config.mail.transport == "smtp" and smtp.user:
        with contextlib.suppress(MailError):
            load_password(PASSWORD_ENV, smtp.password_file, user=smtp.user, warn=False)
