"""Log lines for people and for machines: time, level, job and message on stderr, as text or as
one JSON object per line (`kopienas --log-format json`), with secrets taken out.

What a job prints (reports, verdicts) stays on stdout; logs say what the tool is doing, which is
what an operator reads in `journalctl` or a cron log.
"""

from __future__ import annotations

import base64
import contextvars
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

PASSWORD_ENV = "KOPIENAS_SMTP_PASSWORD"
REDACTED = "[redacted]"

# The job a log line belongs to ("validation", "summary", …), set by whoever runs the job, so that
# lines from deep inside (the mail transport, the sheet source) say which job they came from.
current_job: contextvars.ContextVar[str] = contextvars.ContextVar("kopienas_job", default="")

_PATTERNS = [
    # PEM private keys, also as they appear inside a service-account JSON (with "\n" escapes),
    # and a key cut off before its END line.
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL),
    re.compile(r"(?i)(\"private_key(?:_id)?\"\s*:\s*\")[^\"]*(\")"),
    re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*"),
    re.compile(r"(?i)(authorization\s*[:=]\s*(?:basic|token)\s+)\S+"),
    re.compile(r"\bya29\.[A-Za-z0-9\-_.]+"),  # Google OAuth access tokens
    re.compile(
        r"(?i)\b((?:access_token|refresh_token|id_token|client_secret)[\"']?\s*[:=]\s*[\"']?)"
        r"[A-Za-z0-9\-._~+/]+=*"
    ),
    re.compile(r"(://[^/\s:@]+:)[^@\s/]+(@)"),  # user:password@host in a URL
]

_extra_secrets: set[str] = set()


def add_secret(value: str | None) -> None:
    """Redact this exact value from every log line (e.g. a password read from a file)."""
    if value and len(value) >= 4:  # shorter "secrets" would blank out ordinary words
        _extra_secrets.add(value)


def base64_forms(secret: str) -> set[str]:
    """What of `secret` shows in the base64 of any text that contains it (an SMTP AUTH PLAIN or
    LOGIN line, a Basic authorization header): base64 turns each 3 bytes into 4 characters, so
    for each of the 3 positions the secret can start at, the characters that depend on the secret
    alone are the same whatever surrounds it."""
    data = secret.encode("utf-8")
    forms = set()
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + data).decode("ascii").rstrip("=")
        start = 4 if offset else 0  # the first group mixes in what came before
        end = (offset + len(data)) // 3 * 4  # whole groups only: the last mixes in what follows
        core = encoded[start:end]
        if len(core) >= 8:
            forms.add(core)
    return forms


def redact(text: str) -> str:
    """`text` with known secrets (also in base64) and anything shaped like a key or token replaced."""
    secrets = set(_extra_secrets)
    if os.environ.get(PASSWORD_ENV):
        secrets.add(os.environ[PASSWORD_ENV])
    for secret in list(secrets):
        secrets |= base64_forms(secret)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: _keep_groups(m), text)
    return text


def _keep_groups(match: re.Match[str]) -> str:
    # Patterns with groups keep their surroundings (`Bearer `, the JSON key) and lose the middle.
    groups = [g for g in match.groups() if g is not None]
    if not groups:
        return REDACTED
    if len(groups) == 1:
        return groups[0] + REDACTED
    return groups[0] + REDACTED + groups[-1]


class RedactSecrets(logging.Filter):
    """Rewrites each record's message (and traceback) without secrets before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class AddJob(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "job", ""):
            record.job = current_job.get()
        return True


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="seconds")


class TextFormatter(logging.Formatter):
    """`2026-11-23T08:00:02+02:00 INFO [summary] message`"""

    def format(self, record: logging.LogRecord) -> str:
        job = f" [{getattr(record, 'job', '')}]" if getattr(record, "job", "") else ""
        line = f"{_time(record)} {record.levelname}{job} {record.getMessage()}"
        if record.exc_text:
            line += "\n" + record.exc_text
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, job, message (and error for a traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": _time(record),
            "level": record.levelname,
            "job": getattr(record, "job", "") or None,
            "message": record.getMessage(),
            "logger": record.name,
        }
        if record.exc_text:
            data["error"] = record.exc_text
        return json.dumps(data, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment (a test runner may have replaced it).

    A `preamble` (the config file in use, see `announce`) goes out before the first line this
    handler writes, so whatever a command logs starts by naming its settings."""

    preamble: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        first, self.preamble = self.preamble, None
        if first is not None and first is not record and self.filter(first):
            super().emit(first)
        super().emit(record)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def make_handler(fmt: str = "text", level: int = logging.WARNING) -> logging.Handler:
    handler = _StderrHandler()
    handler.setLevel(level)
    handler.addFilter(AddJob())
    handler.addFilter(RedactSecrets())
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    return handler


@contextmanager
def logging_to_stderr(fmt: str = "text") -> Iterator[logging.Handler]:
    """Send the `kopienas` loggers' warnings to stderr for the length of one command; a command
    that narrates (the scheduler) lowers the level with `narrate`. Undone on exit, so commands run
    one after another in one process do not pile up handlers."""
    logger = logging.getLogger("kopienas")
    handler = make_handler(fmt)
    old_level = logger.level
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def announce(message: str, *args: object) -> None:
    """Log `message` at INFO now (shown when narrating), and make it the first line of whatever the
    command logs later at any level."""
    logger = logging.getLogger("kopienas")
    record = logger.makeRecord(logger.name, logging.INFO, __file__, 0, message, args, None)
    for handler in logger.handlers:
        if isinstance(handler, _StderrHandler):
            handler.preamble = record
    logger.handle(record)


def narrate(level: int = logging.INFO) -> None:
    """Show the `kopienas` loggers' lines from `level` up on the handlers installed above."""
    logger = logging.getLogger("kopienas")
    if logger.getEffectiveLevel() > level:
        logger.setLevel(level)
    for handler in logger.handlers:
        if isinstance(handler, _StderrHandler):
            handler.setLevel(level)
