"""Log lines for people and for machines: time, level, job and message on stderr, as text or as
one JSON object per line (`kopienas --log-format json`), with secrets taken out.

What a job prints (reports, verdicts) stays on stdout; logs say what the tool is doing, which is
what an operator reads in `journalctl` or a cron log.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from kopienas.adapters.secrets import redact

# The job a log line belongs to ("validation", "summary", …), set by whoever runs the job, so that
# lines from deep inside (the mail transport, the sheet source) say which job they came from.
current_job: contextvars.ContextVar[str] = contextvars.ContextVar("kopienas_job", default="")


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


_plain_factory = logging.getLogRecordFactory()


def _redacted_record(*args, **kwargs) -> logging.LogRecord:
    """Every log record made in the process (ours, a library's) leaves its message redacted, so
    a handler added by anyone (pytest, a journald handler) never sees a secret."""
    record = _plain_factory(*args, **kwargs)
    with contextlib.suppress(Exception):  # a record whose arguments do not format stays as it is
        record.msg, record.args = redact(record.getMessage()), None
    return record


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
    logging.setLogRecordFactory(_redacted_record)
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
