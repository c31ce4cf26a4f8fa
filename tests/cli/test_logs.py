"""Log lines (text and JSON, with the job they belong to), secrets kept out of them, and progress
that is a bar in a terminal and plain lines elsewhere."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from kopienas.adapters.logs import current_job, make_handler
from kopienas.adapters.mail.transports.password import register_environment
from kopienas.adapters.secrets import redact, register
from tests.helpers import activity

KEY = (
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
    "q0Zl1x9xU1gU2m3sb8c=\n-----END PRIVATE KEY-----\n"
)


@pytest.mark.parametrize(
    "text, secret",
    [
        ("login failed for kopienas with hunter2-pass", "hunter2-pass"),  # KOPIENAS_SMTP_PASSWORD
        (f"credentials: {KEY}", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"),
        (
            '{"type": "service_account", "private_key": "' + KEY.replace("\n", "\\n") + '", "client_email": "x"}',
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
        ),
        (
            "cut off: -----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
            "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
        ),
        ('"private_key_id": "3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6d7e8f901"', "3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6d7e8f901"),
        ("GET /v4/spreadsheets Authorization: Bearer ya29.a0AfH6SMBx-token_value", "a0AfH6SMBx-token_value"),
        ("request headers {'authorization': 'bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIx'}", "eyJhbGciOiJSUzI1NiJ9"),
        ("token ya29.c.b0AXv0zTOHp2 expired", "ya29.c.b0AXv0zTOHp2"),
        ("refresh: access_token=1//0gLvT3xZ9q&expires=3600", "1//0gLvT3xZ9q"),
        ('{"refresh_token": "1//09rT-kLmN0pQ", "client_secret": "GOCSPX-abc123"}', "1//09rT-kLmN0pQ"),
        ('{"refresh_token": "1//09rT-kLmN0pQ", "client_secret": "GOCSPX-abc123"}', "GOCSPX-abc123"),
        ("smtp://kopienas:s3cr3t-pw@mail.example.lv:587", "s3cr3t-pw"),
    ],
)
def test_secrets_are_redacted(monkeypatch, text, secret):
    _password_loaded(monkeypatch)
    assert secret not in redact(text)
    assert "[redacted]" in redact(text)


def test_ordinary_text_is_left_alone(monkeypatch):
    _password_loaded(monkeypatch)
    line = "summary:British Council Latvia:2026-W46 written to out/outbox/x.eml (https://example.lv/a)"
    assert redact(line) == line


def _password_loaded(monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "hunter2-pass")
    register_environment()


def test_a_password_from_a_file_is_redacted_once_registered():
    register("from-a-file-pw")
    register("ab")  # short: redacted only as a whole word, never inside another
    assert redact("pw from-a-file-pw, ab, abc, lab") == "pw [redacted], [redacted], abc, lab"


def _log_through(handler: logging.Handler, capsys, *args, exc: BaseException | None = None, job: str = "") -> str:
    """What `handler` writes to stderr for one warning (or one exception) logged as `job`."""
    logger = logging.getLogger("kopienas.test_logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    token = current_job.set(job)
    try:
        if exc is None:
            logger.warning(*args)
        else:
            try:
                raise exc
            except type(exc):
                logger.exception(*args)
    finally:
        current_job.reset(token)
        logger.removeHandler(handler)
    return capsys.readouterr().err


def test_the_filter_redacts_arguments_and_tracebacks(monkeypatch, capsys):
    _password_loaded(monkeypatch)
    out = _log_through(
        make_handler("text"),
        capsys,
        "login with %s failed",
        "hunter2-pass",
        exc=RuntimeError("server said: hunter2-pass is wrong; Bearer abc.def"),
        job="summary",
    )
    assert "hunter2-pass" not in out and "abc.def" not in out
    assert re.match(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d ERROR \[summary\] login with \[redacted\] failed\n"
        r"Traceback",
        out,
    )


def test_json_lines_have_time_level_job_and_message(monkeypatch, capsys):
    _password_loaded(monkeypatch)
    out = _log_through(make_handler("json"), capsys, "sending as %s", "hunter2-pass", job="fixlists")
    record = json.loads(out)
    assert record["level"] == "WARNING" and record["job"] == "fixlists"
    assert record["message"] == "sending as [redacted]"
    assert re.match(r"\d{4}-\d\d-\d\dT", record["time"])


def test_log_format_json_from_the_command_line(cli, workbook_with):
    _, cfg = workbook_with(activity())
    result = cli("--config", cfg, "--log-format", "json", "schedule", "--once")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert {"time", "level", "job", "message"} <= set(records[0])
    assert {r["job"] for r in records if r["message"] == "started"} == {"validation", "summary", "fixlists"}
    assert result.stdout and not result.stdout.lstrip().startswith("{")  # the jobs' reports stay on stdout


def test_ordinary_commands_log_only_warnings(cli, workbook_with):
    _, cfg = workbook_with(activity())
    result = cli("--config", cfg, "run")
    assert result.exit_code == 0 and result.stderr == ""
    assert not logging.getLogger("kopienas").handlers  # nothing left behind after the command


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True
