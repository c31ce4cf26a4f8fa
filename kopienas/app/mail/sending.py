"""Turning rendered content into messages, and the transport the config asks for."""

from __future__ import annotations

import hashlib
import ssl
import time
from email.headerregistry import Address
from email.message import EmailMessage

from kopienas.adapters.mail import (
    MailError,
    OutboxTransport,
    SmtpSettings,
    SmtpTransport,
    Transport,
    build_message,
    load_password,
)
from kopienas.adapters.mail.message import validate_address
from kopienas.config import Config
from kopienas.core.errors import ExitCode, KopienasError

PASSWORD_ENV = "KOPIENAS_SMTP_PASSWORD"


def sender_address(config: Config) -> Address:
    try:
        return validate_address(config.mail.sender, "From")
    except ValueError as e:
        raise KopienasError(f"{config.path}: `mail.sender`: {e}", ExitCode.USAGE) from None


def stable_message_id(key: str, config: Config) -> str:
    """The same mail gets the same Message-ID in every run, so a mail client shows a rare
    resend after a crash as one message."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"{digest}@{sender_address(config).domain or 'kopienas.local'}"


def message(
    config: Config, key: str, to: list[str], subject: str, text: str, html: str | None, **kwargs
) -> EmailMessage:
    from kopienas.app.pipeline import now

    # The Date: header follows the tool's clock (KOPIENAS_TODAY), like every other date in the mail.
    kwargs.setdefault("date", now(config))
    return build_message(
        sender=sender_address(config),
        to=to,
        subject=subject,
        text=text,
        html=html,
        message_id=stable_message_id(key, config),
        **kwargs,
    )


def transport_for(config: Config, *, sleep=time.sleep) -> Transport:
    if config.mail.transport == "outbox":
        return OutboxTransport(config.outbox, config.timezone)
    smtp = config.mail.smtp
    password = None
    if smtp.user:
        try:
            password = load_password(PASSWORD_ENV, smtp.password_file, user=smtp.user)
        except MailError as e:
            raise KopienasError(f"{e} (mail.smtp.user is set)", ExitCode.USAGE) from None
    context = None
    if smtp.ca_file:
        try:
            context = ssl.create_default_context(cafile=str(smtp.ca_file))
        except (OSError, ssl.SSLError) as e:
            raise KopienasError(
                f"{config.path}: `mail.smtp.ca_file` {smtp.ca_file}: cannot load it ({getattr(e, 'strerror', None) or e}); "
                "name a readable PEM file with the server's CA",
                ExitCode.USAGE,
            ) from None
    if smtp.security == "none" and password:
        raise KopienasError(
            f'{config.path}: `mail.smtp.security` = "none" would send the password unencrypted; use "starttls" or "ssl"',
            ExitCode.USAGE,
        )
    return SmtpTransport(
        SmtpSettings(
            host=smtp.host,
            port=smtp.port,
            security=smtp.security,
            user=smtp.user or None,
            password=password,
            timeout=smtp.timeout,
            ssl_context=context,
            envelope_sender=sender_address(config).addr_spec,
        ),
        sleep=sleep,
    )


def ready_transport(config: Config) -> Transport:
    """The transport, with every mail setting checked before a job writes anything: the sender's,
    operator's and press office's addresses, the password, and for SMTP a session opened and logged
    in (nothing sent), which the job's mail then uses. Each problem is one line naming the setting
    and the fix, exit 2."""
    sender_address(config)
    for key in ("operator", "press_office"):
        value = getattr(config.mail, key)
        try:
            if value:
                validate_address(value, key)
        except ValueError as e:
            raise KopienasError(f"{config.path}: `mail.{key}`: {e}", ExitCode.USAGE) from None
    transport = transport_for(config)
    if isinstance(transport, SmtpTransport):
        try:
            transport.open_session()
        except MailError as e:
            fix = (
                "check `mail.smtp.user` and the password (KOPIENAS_SMTP_PASSWORD or `mail.smtp.password_file`)"
                if "login" in str(e) or "AUTH" in str(e)
                else "check `mail.smtp.host`, `mail.smtp.port` and `mail.smtp.security`"
            )
            raise KopienasError(f"{config.path}: [mail.smtp] {e}; {fix}", ExitCode.USAGE) from None
    return transport
