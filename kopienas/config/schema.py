"""What a config file may hold: every key with its type, the ranges of numbers, and the checks
that name a wrong key or value and the file in one line."""

from __future__ import annotations

import difflib
from typing import Any

from kopienas.config.files import ConfigError
from kopienas.core import contract

SCHEDULE_DEFAULTS = {
    "validate_every_minutes": 15,
    "summary_day": "monday",
    "summary_time": "08:00",
    "fixlist_time": "16:00",
    "alert_after_failures": 3,
}

# key -> expected type (or nested dict). `None` marks a key refused with its own message.
SCHEMA: dict[str, Any] = {
    "timezone": str,
    "source": {
        "location": str,
        "write_to": str,
        "credentials": str,
        "token": str,
        "api_url": str,
        "retry_seconds": (int, float),
    },
    "templates": str,
    "output": {"folder": str, "drafts": str, "outbox": str},
    "ledger": {"path": str},
    "tabs": {**{t.key: str for t in contract.TABS}, "totals": str, "state": str},
    "headers": {
        **{t.key: {c.field: str for c in t.columns} for t in contract.TABS},
        "tool": {c.field: str for c in contract.TOOL_COLUMNS},
    },
    "mail": {
        "transport": str,
        "sender": str,
        "operator": str,
        "press_office": str,
        "sheet_link": str,
        "uncertain_retries": int,
        "smtp": {
            "host": str,
            "port": int,
            "security": str,
            "user": str,
            "password_file": str,
            "ca_file": str,
            "timeout": (int, float),
            "password": None,
        },
    },
    "schedule": {k: type(v) for k, v in SCHEDULE_DEFAULTS.items()},
    "drafts": {"drive_folder": str},
    # English drafts: the coordinator's text through a translation service (none: it stays Latvian).
    "translation": {"backend": str, "key_file": str, "server_url": str, "google_project": str, "key": None},
}

_REFUSED = {
    "translation.key": "a key does not belong in the config file; set the environment variable "
    "KOPIENAS_DEEPL_KEY or name a file with `key_file`",
    "mail.smtp.password": "a password does not belong in the config file; set the environment variable "
    "KOPIENAS_SMTP_PASSWORD or name a file with `password_file`",
}


def check_keys(data: dict[str, Any], schema: dict[str, Any], where: str, file: str) -> None:
    for key, value in data.items():
        dotted = f"{where}.{key}" if where else key
        if key not in schema:
            known = [k for k in schema if schema[k] is not None]
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "the keys here are " + ", ".join(sorted(known))
            raise ConfigError(f"{file}: unknown key `{dotted}`; {hint}")
        expected = schema[key]
        if expected is None:
            raise ConfigError(f"{file}: `{dotted}`: {_REFUSED.get(dotted, 'not allowed')}")
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{file}: `{dotted}` must be a table ([{dotted}])")
            check_keys(value, expected, dotted, file)
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            names = expected.__name__ if isinstance(expected, type) else "number"
            shown = repr(value) if isinstance(value, (int, float, bool)) else type(value).__name__
            raise ConfigError(f"{file}: `{dotted}` must be a {names}, not {shown}")


_RANGES = {  # dotted key -> (lowest, highest) allowed
    "mail.smtp.port": (1, 65535),
    "mail.smtp.timeout": (0.1, 3600),
    "mail.uncertain_retries": (0, 5),
    "source.retry_seconds": (0, 3600),
}


def check_ranges(data: dict[str, Any], file: str) -> None:
    for dotted, (low, high) in _RANGES.items():
        value: Any = data
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None and not low <= value <= high:  # NaN fails both comparisons too
            raise ConfigError(f"{file}: `{dotted}` must be between {low} and {high}, not {value!r}")
