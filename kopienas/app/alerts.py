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
from kopienas.core import language
from kopienas.core.errors import KopienasError

log = logging.getLogger(__name__)


def send_alert(config: Config, job: ScheduledJob) -> None:
    """Tell `mail.operator` that `job` has failed `job.failures` times in a row; without an
    operator, say it in the log instead."""
    if not config.mail.operator:
        log.error(
            "%s has failed %s in a row; no `mail.operator` is configured, so no alert mail was sent. Last error: %s",
            job.name,
            language.count_phrase(job.failures, "time", "en"),
            job.last_error,
        )
        return

    def local(moment):
        return moment.astimezone(config.zone) if moment else None

    host = socket.gethostname()
    subject = language.alert_subject(job.name, job.failures)
    text = redact(
        language.alert_text(job.name, host, job.failures, local(job.failing_since), local(job.next_run), job.last_error)
    )
    key = f"alert:{job.name}:{job.failing_since:%Y%m%dT%H%M%S}" if job.failing_since else f"alert:{job.name}"
    outgoing = Outgoing(key, message(config, key, [config.mail.operator], subject, text, None))
    [result] = transport_for(config).send_batch([outgoing])
    if not result.sent:
        raise KopienasError(f"alert mail to the operator not sent: {result.detail}")
    log.warning(
        "alert sent to the operator (%s): %s failed %s in a row",
        config.mail.operator,
        job.name,
        language.count_phrase(job.failures, "time", "en"),
    )
