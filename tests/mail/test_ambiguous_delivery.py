"""A delivery whose connection breaks after the whole message went is ambiguous: recorded
`uncertain`, never retried in the same run, retried at most once later, reported every time."""

import random
from collections import Counter

import pytest

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import Outgoing, SmtpTransport, build_message
from kopienas.app.mail.delivery import Mail, deliver, delivery_text
from tests.smtp_server import FakeSleep, simple_message


def mails(n, start=0):
    return [
        Mail(
            "summary",
            f"p{i}@example.org",
            "2020-W39",
            build_message(
                sender="kopienas@example.com",
                to=[f"p{i}@example.org"],
                subject=f"Kopsavilkums {i}",
                text="Labdien!",
                message_id=f"m{i}@kopienas.test",
            ),
        )
        for i in range(start, start + n)
    ]


def copies(server):
    return Counter(r.message["Message-ID"] for r in server.received)


def test_an_answer_lost_after_the_data_is_uncertain_and_not_retried_in_the_run(smtp_server, tmp_path):
    smtp_server.faults.after_data = lambda n: "keep" if n == 2 else None
    transport = SmtpTransport(smtp_server.settings(), sleep=FakeSleep())
    with Ledger(tmp_path / "l.sqlite") as ledger:
        delivery = deliver(mails(3), transport, ledger)
        assert len(delivery.sent) == 2 and [w for w, _ in delivery.uncertain] == ["p1@example.org, 2020-W39"]
        assert ledger.mail_state("summary:p1@example.org:2020-W39") == "uncertain"
        text = "\n".join(delivery_text(delivery))
        assert "Neskaidri: p1@example.org, 2020-W39 – savienojums pārtrūka" in text
    # one DATA per mail: the uncertain one was not sent again in the same run
    assert smtp_server.handler.data_commands == 3 and set(copies(smtp_server).values()) == {1}


def test_an_uncertain_mail_is_retried_once_later_then_held_and_reported(smtp_server, tmp_path):
    smtp_server.faults.after_data = lambda n: "lose"  # every delivery ends ambiguously
    transport = SmtpTransport(smtp_server.settings(), sleep=FakeSleep())
    batch = mails(1)
    with Ledger(tmp_path / "l.sqlite") as ledger:
        first = deliver(batch, transport, ledger)
        second = deliver(batch, transport, ledger)
        third = deliver(batch, transport, ledger)
    assert len(first.uncertain) == len(second.uncertain) == 1
    assert third.uncertain == [] and third.held == ["p0@example.org, 2020-W39"]
    assert "Neskaidri, vairs netiek sūtīts: p0@example.org, 2020-W39" in "\n".join(delivery_text(third))
    assert smtp_server.handler.data_commands == 2  # the first try and one retry, no more


def test_no_retry_at_all_when_configured(smtp_server, tmp_path):
    smtp_server.faults.after_data = lambda n: "keep" if n == 1 else None
    transport = SmtpTransport(smtp_server.settings(), sleep=FakeSleep())
    with Ledger(tmp_path / "l.sqlite") as ledger:
        deliver(mails(1), transport, ledger, uncertain_retries=0)
        later = deliver(mails(1), transport, ledger, uncertain_retries=0)
    assert later.held and smtp_server.handler.data_commands == 1 and len(smtp_server.received) == 1


def test_a_timeout_after_the_data_is_uncertain(smtp_server, tmp_path):
    smtp_server.faults.after_data = lambda n: "hang" if n == 1 else None
    smtp_server.faults.hang_seconds = 1.0
    transport = SmtpTransport(smtp_server.settings(timeout=0.3), sleep=FakeSleep())
    results = transport.send_batch([Outgoing(str(i), simple_message(i)) for i in (1, 2)])
    assert [r.status for r in results] == ["uncertain", "sent"]
    assert "timed out" in results[0].detail


def test_a_drop_before_the_end_of_data_is_retried_as_before(smtp_server, tmp_path):
    smtp_server.faults.drop_after_message = 1  # the answer to mail 1 arrives; mail 2 meets a closed line
    transport = SmtpTransport(smtp_server.settings(), sleep=FakeSleep())
    with Ledger(tmp_path / "l.sqlite") as ledger:
        delivery = deliver(mails(3), transport, ledger)
    assert len(delivery.sent) == 3 and not delivery.uncertain and set(copies(smtp_server).values()) == {1}


@pytest.mark.slow
def test_soak_each_ambiguous_delivery_costs_at_most_one_duplicate_and_nothing_is_lost(smtp_server, tmp_path):
    """Several runs over 250 mails with ambiguous endings (answer lost after the message was stored,
    message lost with the connection, silence until the timeout) and transient refusals."""
    server_rng, client_rng = random.Random(18), random.Random(19)  # one each: the threads interleave
    faults = Counter()

    def after_data(n):
        roll = server_rng.random()
        kind = "keep" if roll < 0.04 else "lose" if roll < 0.08 else "hang" if roll < 0.085 else None
        if kind:
            faults[kind] += 1
        return kind

    def transient(result):
        if client_rng.random() < 0.03:
            smtp_server.faults.tempfail_data = 1
            faults["451"] += 1

    smtp_server.faults.after_data = after_data
    smtp_server.faults.hang_seconds = 0.3
    transport = SmtpTransport(smtp_server.settings(timeout=0.2, max_retries=4), sleep=lambda s: None)
    batch = mails(250)
    with Ledger(tmp_path / "l.sqlite") as ledger:
        for _ in range(4):  # the next runs of the job
            deliver(batch, transport, ledger, on_sent=transient)
        got = copies(smtp_server)
        states = Counter(ledger.mail_state(m.key) for m in batch)
        duplicates = losses = unresolved = 0
        for m in batch:
            n, ambiguous = got[f"<{m.message['Message-ID'].strip('<>')}>"], ledger.uncertain_times(m.key)
            assert n <= 1 + min(ambiguous, 1), (m.key, n, ambiguous)  # at most one duplicate per ambiguity
            duplicates += max(n - 1, 0)
            if n == 0 and ledger.mail_state(m.key) != "uncertain":
                losses += 1  # gone without a word: never allowed
            unresolved += n == 0
    ambiguous_total = faults["keep"] + faults["lose"] + faults["hang"]
    print(
        f"\nsoak: mails {len(batch)}, faults {dict(faults)}, ambiguous {ambiguous_total}, "
        f"duplicates {duplicates}, losses {losses}, reported uncertain and not received {unresolved}, states {dict(states)}"
    )
    assert losses == 0 and duplicates <= ambiguous_total
    assert faults["keep"] >= 3 and faults["lose"] >= 3 and faults["hang"] >= 1
    assert states["sent"] + states["uncertain"] == len(batch)
