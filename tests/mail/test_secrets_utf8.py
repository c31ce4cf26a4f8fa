"""Credentials with Latvian letters authenticate (UTF-8 AUTH PLAIN and LOGIN), and no part of a
secret is ever quoted: not in an error, not in base64, not in the "unexpected error" line."""

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kopienas.adapters.mail import Outgoing, SmtpTransport
from kopienas.adapters.secrets import base64_forms, clear, redact, register
from tests.helpers import activity
from tests.smtp_server import USER, _test_ca, run_smtp_server, simple_message

LATVIAN = "Slēpenā-Parole-ĀČĒĢĪĶĻŅŠŪŽ-2020"


@pytest.mark.parametrize("offered", [("LOGIN",), ("PLAIN",)], ids=["plain", "login"])
def test_a_password_with_latvian_letters_authenticates(offered):
    with run_smtp_server("starttls", password=LATVIAN, exclude_auth=offered) as server:
        [result] = SmtpTransport(server.settings(), sleep=lambda s: None).send_batch([Outgoing("1", simple_message(1))])
        assert result.sent and server.logins == [(USER, True)]


def pieces(secret, size=3):
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


def test_a_wrong_latvian_password_is_refused_without_quoting_it(cli, workbook_with, tmp_path, monkeypatch):
    wrong = "Nepareizā-ŠŪŽ-parole"
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", wrong)
    ca = tmp_path / "ca.pem"
    _test_ca().cert_pem.write_to_path(str(ca))
    with run_smtp_server("starttls", password=LATVIAN) as server:
        _, cfg = workbook_with(
            activity(),
            config_extra=f'\n[mail]\ntransport = "smtp"\nsender = "K <k@example.com>"\n[mail.smtp]\nhost = "{server.host}"\n'
            f'port = {server.port}\nuser = "{USER}"\nca_file = "{ca}"\ntimeout = 5\n',
        )
        result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 2 and "was refused" in result.output
    assert not [p for p in pieces(wrong) if p in result.output and not p.isascii()]
    assert "UnicodeEncodeError" not in result.output and "position" not in result.output


def test_a_latin1_password_file_is_one_clear_line(cli, workbook_with, tmp_path):
    secret = tmp_path / "smtp-password"
    secret.write_bytes("Slēpenā-parole".encode().replace("ē".encode(), b"\xe8"))  # not UTF-8
    secret.chmod(0o600)
    _, cfg = workbook_with(
        activity(),
        config_extra=f'\n[mail]\ntransport = "smtp"\n[mail.smtp]\nuser = "u"\npassword_file = "{secret}"\n',
    )
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    [line] = result.output.strip().splitlines()
    assert result.exit_code == 2 and f"SMTP password file {secret} is not UTF-8 text" in line
    assert "0xe8" not in line and "position" not in line and "Sl" not in line.replace(str(secret), "")


@settings(max_examples=200, deadline=None)
@given(
    secret=st.text(min_size=6, max_size=40).filter(lambda s: s.strip() and "\x00" not in s),
    before=st.text(max_size=12),
    after=st.text(max_size=12),
)
def test_base64_of_anything_holding_a_secret_is_redacted(secret, before, after):
    forms = base64_forms(secret)
    encoded = base64.b64encode(f"{before}{secret}{after}".encode()).decode()
    cleaned = redact_with(secret, f"AUTH PLAIN {encoded}")
    assert not any(form in cleaned for form in forms)
    # and the AUTH PLAIN line a server log would show: \0user\0password
    plain_auth = base64.b64encode(f"\0{USER}\0{secret}".encode()).decode()
    if len(secret.encode()) >= 9:  # long enough for whole base64 groups of the secret alone
        assert plain_auth not in redact_with(secret, plain_auth)


def redact_with(secret, text):
    clear()
    register(secret, user=USER)
    try:
        return redact(text)
    finally:
        clear()


def test_the_unexpected_error_line_is_redacted_too(cli, workbook_with, monkeypatch):
    import kopienas.app.jobs.steps as validate_command  # where every job reads and checks the sheet

    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", LATVIAN)
    token = base64.b64encode(f"\0{USER}\0{LATVIAN}".encode()).decode()

    def broken(*args, **kwargs):
        raise RuntimeError(f"server said: AUTH PLAIN {token} / {LATVIAN}")

    monkeypatch.setattr(validate_command, "check", broken)
    _, cfg = workbook_with(activity())
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 3 and "[redacted]" in result.output
    assert LATVIAN not in result.output and token not in result.output
