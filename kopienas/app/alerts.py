"""The one mail the operator gets when a scheduled job keeps failing.

Sent straight through the transport, not through the ledger: the ledger itself may be what fails.
"""

from __future__ import annotations

import logging
import socket

from kopienas.adapters.logs import redact
from kopienas.adapters.mail import Outgoing
from kopienas.app.mailing import message, transport_for
from kopienas.app.schedule_plan import ScheduledJob
from kopienas.config import Config
from kopienas.core.errors import KopienasError

log = logging.getLogger(__name__)


def send_alert(config: Config, job: ScheduledJob) -> None:
    """Tell `mail.operator` that `job` has failed `job.failures` times in a row; without an
    operator, say it in the log instead."""
    if not config.mail.operator:
        log.error(
            "%s has failed %d times in a row; no `mail.operator` is configured, so no alert mail "
            "was sent. Last error: %s",
            job.name,
            job.failures,
            job.last_error,
        )
        return

    def local(moment) -> str:
        return moment.astimezone(config.zone).strftime("%d.%m.%Y. %H:%M") if moment else "—"

    host = socket.gethostname()
    since, next_try = local(job.failing_since), local(job.next_run)
    subject = (
        f"kopienas: darbs “{job.name}” neizdodas {job.failures} reizes pēc kārtas "
        f"/ job “{job.name}” failed {job.failures} times in a row"
    )
    text = redact(
        f"Darbs “{job.name}” datorā {host} kopš {since} ir neizdevies {job.failures} reizes pēc kārtas.\n"
        f"Pēdējā kļūda: {job.last_error}\n\n"
        f"Plānotājs turpina darbu un mēģinās vēlreiz {next_try}. Šī vēstule netiks sūtīta vēlreiz, "
        f"kamēr darbs neizdosies vismaz vienu reizi.\n"
        f"Stāvoklis: `kopienas status`; žurnāls: `journalctl -u kopienas-scheduler`.\n\n"
        f"The job “{job.name}” on {host} has failed {job.failures} times in a row since {since}.\n"
        f"Last error: {job.last_error}\n\n"
        f"The scheduler keeps running and tries again at {next_try}. No further alert is sent until "
        f"the job has succeeded once.\n"
        f"Status: `kopienas status`; log: `journalctl -u kopienas-scheduler`.\n"
    )
    key = f"alert:{job.name}:{job.failing_since:%Y%m%dT%H%M%S}" if job.failing_since else f"alert:{job.name}"
    outgoing = Outgoing(key, message(config, key, [config.mail.operator], subject, text, None))
    [result] = transport_for(config).send_batch([outgoing])
    if not result.sent:
        raise KopienasError(f"alert mail to the operator not sent: {result.detail}")
    log.warning(
        "alert sent to the operator (%s): %s failed %d times in a row", config.mail.operator, job.name, job.failures
    )
