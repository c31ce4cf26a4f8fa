import base64
import logging
import os
import ssl

import pytest

from kopienas.adapters.mail import (
    MailError,
    Outgoing,
    SendResult,
    SmtpSettings,
    SmtpTransport,
    Transport,
    load_password,
)
from tests.smtp_server import (
    CSV,
    CSV_NAME,
    LATVIAN_LETTERS,
    PASSWORD,
    PNG,
    SUBJECT,
    TEXT,
    USER,
    decoded_mailboxes,
    run_smtp_server,
    simple_message,
    text_of,
    weekly_summary,
)


def batch(count: int) -> list[Outgoing]:
    return [Outgoing(f"partneris-{n}", simple_message(n)) for n in range(1, count + 1)]


def subjects_received(server) -> list[str]:
    return [r.message["Subject"] for r in server.received]


def test_weekly_summary_arrives_intact(smtp_server, fake_sleep):
    message = weekly_summary(to=["Jānis Bērziņš <janis@partneri.lv>", "liga@partneri.lv"])
    transport = SmtpTransport(smtp_server.settings(), sleep=fake_sleep)

    [result] = transport.send_batch([Outgoing("summary-2020-W39", message)])

    assert result == SendResult("summary-2020-W39", "sent", "accepted by the SMTP server")
    [got] = smtp_server.received
    assert got.mail_from == "info@kopienas.lv"
    assert got.rcpt_tos == ("janis@partneri.lv", "liga@partneri.lv")
    received = got.message
    assert received["Subject"] == SUBJECT
    assert decoded_mailboxes(got.content, "From") == [("Biedrība „Darbīgās kopienas”", "info@kopienas.lv")]
    assert text_of(received.get_body(("plain",))) == TEXT
    html = received.get_body(("html",)).get_content()
    assert LATVIAN_LETTERS in html and "cid:aktivitates" in html
    [image] = [p for p in received.walk() if p["Content-ID"] == "<aktivitates>"]
    assert image.get_content() == PNG
    [attachment] = received.iter_attachments()
    assert (attachment.get_filename(), attachment.get_payload(decode=True)) == (CSV_NAME, CSV)
    assert smtp_server.logins == [(USER, True)]


def test_a_batch_uses_one_connection_and_one_login(smtp_server, fake_sleep):
    results = SmtpTransport(smtp_server.settings(), sleep=fake_sleep).send_batch(batch(5))

    assert [r.status for r in results] == ["sent"] * 5
    assert subjects_received(smtp_server) == [f"{SUBJECT} #{n}" for n in range(1, 6)]
    assert smtp_server.connections == 1
    assert len(smtp_server.logins) == 1
    assert fake_sleep.delays == []


def test_each_result_is_reported_as_soon_as_the_server_accepted_it(smtp_server, fake_sleep):
    seen = []

    def record(result: SendResult) -> None:
        # The caller's ledger is written here: the server must already have it.
        seen.append((result.key, len(smtp_server.received)))

    SmtpTransport(smtp_server.settings(), sleep=fake_sleep).send_batch(batch(3), on_result=record)

    assert seen == [("partneris-1", 1), ("partneris-2", 2), ("partneris-3", 3)]


def test_implicit_tls_server(smtps_server, fake_sleep):
    results = SmtpTransport(smtps_server.settings(), sleep=fake_sleep).send_batch(batch(2))

    assert [r.status for r in results] == ["sent", "sent"]
    assert len(smtps_server.received) == 2
    assert smtps_server.logins == [(USER, True)]


def test_plain_local_relay_without_login(plain_smtp_server, fake_sleep):
    results = SmtpTransport(plain_smtp_server.settings(), sleep=fake_sleep).send_batch(batch(2))

    assert [r.status for r in results] == ["sent", "sent"]
    assert len(plain_smtp_server.received) == 2


def test_envelope_sender_can_differ_from_the_from_header(smtp_server, fake_sleep):
    settings = smtp_server.settings(envelope_sender="atsauksmes@kopienas.lv")

    SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(1))

    assert smtp_server.received[0].mail_from == "atsauksmes@kopienas.lv"


def test_connection_dropped_after_third_of_five_every_mail_arrives_once(smtp_server, fake_sleep):
    smtp_server.faults.drop_after_message = 3

    results = SmtpTransport(smtp_server.settings(), sleep=fake_sleep).send_batch(batch(5))

    assert [r.status for r in results] == ["sent"] * 5
    assert sorted(subjects_received(smtp_server)) == sorted(f"{SUBJECT} #{n}" for n in range(1, 6))
    assert len({r.message["Message-ID"] for r in smtp_server.received}) == 5
    assert smtp_server.connections == 2
    assert results[3].attempts == 2 and len(fake_sleep.delays) == 1


def test_temporary_failure_is_retried_with_growing_backoff(smtp_server, fake_sleep):
    smtp_server.faults.tempfail_data = 3
    settings = smtp_server.settings(backoff_base=0.5, backoff_cap=8)

    [result] = SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(1))

    assert result.status == "sent" and result.attempts == 4
    assert len(smtp_server.received) == 1
    assert smtp_server.handler.tempfailed == 3
    # Half the nominal delay is fixed, the other half is jitter.
    for delay, nominal in zip(fake_sleep.delays, [0.5, 1.0, 2.0], strict=True):
        assert nominal / 2 <= delay <= nominal


def test_backoff_never_exceeds_the_cap(smtp_server, fake_sleep):
    smtp_server.faults.tempfail_data = 6
    settings = smtp_server.settings(max_retries=6, backoff_base=1, backoff_cap=3)

    SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(1))

    assert len(fake_sleep.delays) == 6
    assert max(fake_sleep.delays) <= 3


def test_gives_up_after_max_retries_and_goes_on_with_the_batch(smtp_server, fake_sleep):
    smtp_server.faults.tempfail_data = 3
    settings = smtp_server.settings(max_retries=2)

    first, second = SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(2))

    assert (first.status, first.permanent, first.attempts) == ("failed", False, 3)
    assert "451" in first.detail
    assert second.status == "sent"
    assert subjects_received(smtp_server) == [f"{SUBJECT} #2"]


def test_refused_mailbox_fails_that_message_only(smtp_server, fake_sleep):
    smtp_server.faults.refuse_recipients = {"partneris2@partneri.lv"}

    results = SmtpTransport(smtp_server.settings(), sleep=fake_sleep).send_batch(batch(3))

    assert [(r.status, r.permanent) for r in results] == [("sent", False), ("failed", True), ("sent", False)]
    assert "partneris2@partneri.lv" in results[1].detail and "550" in results[1].detail
    assert subjects_received(smtp_server) == [f"{SUBJECT} #1", f"{SUBJECT} #3"]
    assert fake_sleep.delays == []
    assert smtp_server.connections == 1


def test_partly_refused_message_counts_as_sent_and_names_who_missed_it(smtp_server, fake_sleep):
    smtp_server.faults.refuse_recipients = {"nav@partneri.lv"}
    message = weekly_summary(to=["janis@partneri.lv", "Nav Tāda <nav@partneri.lv>"])

    [result] = SmtpTransport(smtp_server.settings(), sleep=fake_sleep).send_batch([Outgoing("k", message)])

    assert result.status == "sent"
    assert result.refused_recipients == ("nav@partneri.lv",)
    assert "nav@partneri.lv" in result.detail and "550" in result.detail
    assert smtp_server.received[0].rcpt_tos == ("janis@partneri.lv",)


def test_wrong_password_stops_the_batch_with_a_clear_error(smtp_server, fake_sleep):
    wrong = "Nepareiza-Parole-123"
    reported = []
    transport = SmtpTransport(smtp_server.settings(password=wrong), sleep=fake_sleep)

    with pytest.raises(MailError) as caught:
        transport.send_batch(batch(3), on_result=reported.append)

    message = str(caught.value)
    assert "login" in message and USER in message and "535" in message
    assert wrong not in message and PASSWORD not in message
    # Not chained to smtplib's exception, whose traceback holds the password.
    assert caught.value.__suppress_context__
    assert reported == [] and smtp_server.received == []
    assert fake_sleep.delays == []


def test_password_appears_in_no_log_line_repr_or_error(smtp_server, fake_sleep, caplog):
    caplog.set_level(logging.DEBUG)
    settings = smtp_server.settings()
    smtp_server.faults.tempfail_data = 1
    smtp_server.faults.drop_after_message = 1
    smtp_server.faults.refuse_recipients = {"partneris3@partneri.lv"}

    SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(3))
    with pytest.raises(MailError) as caught:
        SmtpTransport(smtp_server.settings(password="x" + PASSWORD), sleep=fake_sleep).send_batch(batch(1))

    assert caplog.records, "the transport should log what it does"
    encoded = base64.b64encode(PASSWORD.encode()).decode()
    for text in [caplog.text, repr(settings), str(settings), repr(SmtpTransport(settings)), str(caught.value)]:
        assert PASSWORD not in text
    assert encoded not in "".join(r.getMessage() for r in caplog.records if r.name.startswith("kopienas"))
    assert "password='***'" in repr(settings)


def test_unreachable_server_ends_the_batch_after_retries(fake_sleep):
    with run_smtp_server("none", auth=False) as server:
        settings = server.settings(max_retries=2)
    # The server is gone now; its port refuses connections.

    with pytest.raises(MailError, match="cannot open an SMTP session"):
        SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(2))
    assert len(fake_sleep.delays) == 2


def test_untrusted_certificate_is_not_retried(smtp_server, fake_sleep):
    settings = smtp_server.settings(ssl_context=ssl.create_default_context())

    with pytest.raises(MailError, match="certificate"):
        SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(1))
    assert fake_sleep.delays == [] and smtp_server.received == []


def test_refuses_to_continue_without_starttls(plain_smtp_server, fake_sleep):
    settings = plain_smtp_server.settings(security="starttls")

    with pytest.raises(MailError, match="STARTTLS"):
        SmtpTransport(settings, sleep=fake_sleep).send_batch(batch(1))
    assert plain_smtp_server.received == []


def test_empty_batch_does_not_connect(smtp_server):
    assert SmtpTransport(smtp_server.settings()).send_batch([]) == []
    assert smtp_server.connections == 0


def test_smtp_transport_is_a_transport(smtp_server):
    assert isinstance(SmtpTransport(smtp_server.settings()), Transport)


def test_settings_defaults_and_checks():
    assert SmtpSettings("mail.kopienas.lv").port == 587
    assert SmtpSettings("mail.kopienas.lv", security="ssl").port == 465
    with pytest.raises(ValueError, match="unencrypted"):
        SmtpSettings("localhost", security="none", user="u", password="p")
    with pytest.raises(ValueError, match="security"):
        SmtpSettings("localhost", security="tls")


def test_password_comes_from_the_environment_first(monkeypatch, tmp_path):
    password_file = tmp_path / "smtp-password"
    password_file.write_text("from-file\n")
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "from-env")

    assert load_password(password_file=password_file) == "from-env"


def test_password_file_is_read_without_its_trailing_newline(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv("KOPIENAS_SMTP_PASSWORD", raising=False)
    password_file = tmp_path / "smtp-password"
    password_file.write_text("from-file ok\n")
    os.chmod(password_file, 0o600)

    assert load_password(password_file=password_file) == "from-file ok"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_readable_password_file_gets_a_warning_without_the_password(monkeypatch, tmp_path, caplog):
    monkeypatch.delenv("KOPIENAS_SMTP_PASSWORD", raising=False)
    password_file = tmp_path / "smtp-password"
    password_file.write_text("secret-value\n")
    os.chmod(password_file, 0o644)

    assert load_password(password_file=password_file) == "secret-value"
    assert "chmod 600" in caplog.text and "secret-value" not in caplog.text


def test_missing_password_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("KOPIENAS_SMTP_PASSWORD", raising=False)

    with pytest.raises(MailError, match="KOPIENAS_SMTP_PASSWORD"):
        load_password()
    with pytest.raises(MailError, match="cannot read"):
        load_password(password_file=tmp_path / "missing")
