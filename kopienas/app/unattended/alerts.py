"""The operator's mail when a job keeps failing, and the one when it works again.

Consecutive failures of each job are kept in the ledger (table `job_streaks`), so every way of
running the jobs — `kopienas run` or `schedule --once` from cron, a timer or CI, and the
long-running scheduler — counts the same streak: after `schedule.alert_after_failures` failures in
a row the operator gets one mail, and one more when the job next succeeds.

The mails go straight through the transport, not through the mail ledger: the ledger itself may be
what fails.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import MailError, Outgoing
from kopienas.adapters.secrets import redact
from kopienas.app.mail.sending import message, transport_for
from kopienas.app.outcome import Outcome
from kopienas.config import Config
from kopienas.core import language
from kopienas.core.errors import ExitCode, KopienasError

log = logging.getLogger(__name__)


class FailingJob(Protocol):
    name: str
    failures: int
    failing_since: datetime | None
    last_error: str
    next_run: datetime | None


@dataclass
class Streak:
    """A job's run of failures as the ledger keeps it."""

    name: str
    failures: int = 0
    failing_since: datetime | None = None
    last_error: str = ""
    next_run: datetime | None = None
    alerted: bool = False


def _local(config: Config, moment: datetime | None) -> datetime | None:
    return moment.astimezone(config.zone) if moment else None


def _send(config: Config, key: str, subject: str, text: str) -> None:
    outgoing = Outgoing(key, message(config, key, [config.mail.operator], subject, redact(text), None))
    [result] = transport_for(config).send_batch([outgoing])
    if not result.sent:
        raise KopienasError(f"alert mail to the operator not sent: {result.detail}")


def send_alert(config: Config, job: FailingJob) -> None:
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
    host = socket.gethostname()
    subject = language.alert_subject(job.name, job.failures)
    text = language.alert_text(
        job.name, host, job.failures, _local(config, job.failing_since), _local(config, job.next_run), job.last_error
    )
    key = f"alert:{job.name}:{job.failing_since:%Y%m%dT%H%M%S}" if job.failing_since else f"alert:{job.name}"
    _send(config, key, subject, text)
    log.warning(
        "alert sent to the operator (%s): %s failed %s in a row",
        config.mail.operator,
        job.name,
        language.count_phrase(job.failures, "time", "en"),
    )


def send_recovery(config: Config, job: FailingJob) -> None:
    """Tell `mail.operator` that `job`, about which an alert was sent, works again."""
    if not config.mail.operator:
        log.warning("%s works again after %s", job.name, language.count_phrase(job.failures, "failed run", "en"))
        return
    host = socket.gethostname()
    now = _local(config, datetime.now(UTC)) or datetime.now(UTC)
    subject = language.recovery_subject(job.name)
    text = language.recovery_text(job.name, host, job.failures, _local(config, job.failing_since), now, job.last_error)
    key = f"recovered:{job.name}:{job.failing_since:%Y%m%dT%H%M%S}" if job.failing_since else f"recovered:{job.name}"
    _send(config, key, subject, text)
    log.warning("the operator (%s) was told that %s works again", config.mail.operator, job.name)


def _threshold(config: Config) -> int:
    value = config.schedule.get("alert_after_failures", 3)
    return value if isinstance(value, int) and value >= 1 else 3


def record_job_result(
    config: Config, job: str, ok: bool, error: str = "", *, next_run: datetime | None = None, after: int | None = None
) -> None:
    """Count `job`'s result in the ledger; mail the operator when the failures in a row reach
    `alert_after_failures` (once per streak), and once when the job then succeeds. Never raises:
    a ledger or mail problem here is logged, and the job's own result stands. `after` overrides
    the number of failures that alert."""
    try:
        with Ledger(config.ledger) as ledger:
            row = ledger.job_streak(job)
            streak = Streak(job)
            if row is not None:
                since = datetime.fromisoformat(row["failing_since"]) if row["failing_since"] else None
                streak = Streak(job, row["failures"], since, row["last_error"], next_run, bool(row["alerted"]))
            if ok:
                if streak.failures == 0:
                    return
                ledger.save_job_streak(job, 0, None, "", False)
                log.info("%s works again after %s", job, language.count_phrase(streak.failures, "failed run", "en"))
                if streak.alerted:
                    send_recovery(config, streak)
                return
            streak.failures += 1
            streak.failing_since = streak.failing_since or datetime.now(UTC)
            streak.last_error = redact(error)
            due = streak.failures >= (after or _threshold(config)) and not streak.alerted
            started = streak.failing_since.isoformat()
            ledger.save_job_streak(job, streak.failures, started, streak.last_error, streak.alerted or due)
            if due:
                try:
                    send_alert(config, streak)
                except (KopienasError, MailError, OSError) as e:
                    ledger.save_job_streak(job, streak.failures, started, streak.last_error, False)
                    log.error("could not send the alert to the operator: %s", e)
    except (KopienasError, MailError, OSError) as e:
        log.error("%s: the failure count for alerts could not be kept or mailed (%s)", job, e)


def alerting(config: Config, job: str, action: Callable[[], Outcome]) -> Outcome:
    """Run `action` (a job's whole run) and record its result for the alerts: a run that ends
    with exit 3 or an error is a failure; one that could not start because another was in progress
    counts for nothing, and so does one that found the spreadsheet open in another program (busy)."""
    try:
        outcome = action()
    except KopienasError as e:
        if e.exit_code != ExitCode.BUSY:
            record_job_result(config, job, False, str(e))
        raise
    except Exception as e:
        record_job_result(config, job, False, f"{type(e).__name__}: {e}")
        raise
    if outcome.exit_code == ExitCode.BUSY:
        return outcome
    failed = outcome.error is not None or outcome.exit_code == ExitCode.FAILED
    record_job_result(config, job, not failed, str(outcome.error or "exit code 3") if failed else "")
    return outcome
