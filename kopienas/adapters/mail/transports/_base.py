"""What every transport takes, returns and promises."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from kopienas.core.errors import KopienasError

if TYPE_CHECKING:  # every command registers the SMTP password (through MailError's module): no e-mail parser for that
    from email.message import EmailMessage


class MailError(KopienasError):
    """The whole batch cannot go on: bad credentials, unreachable server, bad TLS.

    Results already passed to ``on_result`` stand; the remaining messages were
    not attempted and can be sent again later.
    """


@dataclass(frozen=True)
class Outgoing:
    """One message to deliver; `key` is the caller's idempotency key."""

    key: str
    message: EmailMessage


@dataclass(frozen=True)
class SendResult:
    key: str
    # "uncertain": the whole message reached the server, then the connection broke before its
    # answer; it may have been delivered, so it is not retried within the batch.
    status: Literal["sent", "failed", "uncertain"]
    detail: str
    # For failures: True when retrying later cannot help (e.g. mailbox does not exist).
    permanent: bool = False
    attempts: int = 1
    refused_recipients: tuple[str, ...] = ()

    @property
    def sent(self) -> bool:
        return self.status == "sent"


ResultCallback = Callable[[SendResult], None]


@runtime_checkable
class Transport(Protocol):
    def send_batch(self, items: Iterable[Outgoing], on_result: ResultCallback | None = None) -> list[SendResult]:
        """Deliver `items` in order and return one result per delivered-or-failed item.

        `on_result` is called as soon as each message is accepted or has
        definitively failed, before the next one is attempted.
        """
        ...
