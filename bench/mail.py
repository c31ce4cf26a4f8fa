"""200 partner mails to a local SMTP server with STARTTLS and AUTH: one reused connection
(`SmtpTransport.send_batch`, what the job does) vs a new connection per mail.

The mails are the real weekly summaries of the sample workbook (text, HTML and the participants
chart as an inline PNG, 16-32 KB each), readdressed to as many partners as needed.

The transport turns Nagle's algorithm off (TCP_NODELAY): a mail larger than one TLS record leaves
as two writes, and without it the second waits for the server's delayed ACK, which once made one
reused connection slower than a connection per mail.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from kopienas.adapters.mail import Outgoing, SmtpTransport

from .synthetic import SAMPLE, bench_config, pinned_today
from .timing import median, timed

# The sample's busiest week, as the Monday-morning summary would see it.
WEEK = (date(2020, 9, 21), date(2020, 9, 27))
SENT_ON = date(2020, 9, 28)


@dataclass(frozen=True)
class MailResult:
    mails: int
    mean_kb: float
    reused_seconds: float
    reused_connections: int
    per_mail_seconds: float
    per_mail_connections: int


def partner_mails(count: int) -> list[Outgoing]:
    from kopienas.adapters.sources.workbook.source import WorkbookSource
    from kopienas.app.jobs.summary import summary_mails
    from kopienas.app.pipeline import check, now

    config = bench_config()
    with pinned_today(SENT_ON):
        checked = check(config, WorkbookSource(SAMPLE))
        batch = summary_mails(config, checked, *WEEK, now=now(config))
    models = [m.message for m in batch.mails]
    out = []
    for i in range(count):
        msg = copy.deepcopy(models[i % len(models)])
        msg.replace_header("To", f"partneris{i:03d}@example.lv")
        msg.replace_header("Message-ID", f"<bench-{i:03d}@kopienas.test>")
        out.append(Outgoing(f"summary:bench:{i}", msg))
    return out


def measure(count: int = 200, repeats: int = 3) -> MailResult:
    from tests.smtp_server import run_smtp_server

    mails = partner_mails(count)
    size = sum(len(m.message.as_bytes()) for m in mails) / len(mails) / 1024
    with run_smtp_server("starttls", auth=True) as server:
        settings = server.settings()

        def reused():
            results = SmtpTransport(settings).send_batch(mails)
            assert all(r.sent for r in results)

        def one_connection_each():
            for m in mails:
                (result,) = SmtpTransport(settings).send_batch([m])
                assert result.sent

        def run(fn) -> tuple[float, int]:
            before = server.connections
            seconds, _ = timed(fn)
            return seconds, server.connections - before

        warm_up = mails[:2]
        SmtpTransport(settings).send_batch(warm_up)  # TLS context, certificates, imports
        reused_runs = [run(reused) for _ in range(repeats)]
        per_mail_runs = [run(one_connection_each) for _ in range(repeats)]
        assert len(server.received) == len(warm_up) + count * 2 * repeats
    return MailResult(
        count,
        size,
        median(s for s, _ in reused_runs),
        reused_runs[-1][1],
        median(s for s, _ in per_mail_runs),
        per_mail_runs[-1][1],
    )
