"""What a config file may hold, declared once: each `[section]` is a frozen dataclass whose fields
are the keys, with their types (a `Literal` lists the allowed values), their defaults and, in
`Annotated`, a range or a refusal. `check` walks these fields to name a wrong key or value and the
file in one line; `build` makes the dataclass from the checked table.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from kopienas.config.files import ConfigError
from kopienas.core import contract


@dataclass(frozen=True)
class Range:
    """The lowest and highest value a number may have."""

    low: float
    high: float


@dataclass(frozen=True)
class Refused:
    """A key that is named only to be refused, with the reason."""

    why: str


@dataclass(frozen=True)
class Names:
    """A table of names the contract defines: `keys` maps each allowed key to None (a name) or to
    the allowed keys of a table below it."""

    keys: Mapping[str, Mapping[str, None] | None]


# --- the sections --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceSettings:
    location: str = "aktivitates.xlsx"
    write_to: str = ""
    credentials: str = ""
    token: str = ""
    api_url: str = ""
    retry_seconds: Annotated[float, Range(0, 3600)] = 60.0  # how long to retry Google's 429/5xx
    call_seconds: Annotated[float, Range(0.1, 3600)] = (
        60.0  # the most one call may take, however slowly the answer comes
    )


@dataclass(frozen=True)
class OutputSettings:
    folder: str = "out"
    drafts: str = ""  # default: <folder>/drafts
    outbox: str = ""  # default: <folder>/outbox


@dataclass(frozen=True)
class LedgerSettings:
    path: str = ""  # default: <output.folder>/kopienas.sqlite


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: Annotated[int, Range(1, 65535)] = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str = ""
    password_file: Path | None = None
    ca_file: Path | None = None  # a private CA for the server's certificate
    timeout: Annotated[float, Range(0.1, 3600)] = 30.0
    # Named only to be refused with a reason rather than as an unknown key; always None.
    password: Annotated[
        None,
        Refused(
            "a password does not belong in the config file; set the environment variable "
            "KOPIENAS_SMTP_PASSWORD or name a file with `password_file`"
        ),
    ] = None


@dataclass(frozen=True)
class MailConfig:
    transport: Literal["outbox", "smtp"] = "outbox"
    sender: str = "Darbīgās kopienas <kopienas@example.lv>"
    operator: str = ""
    press_office: str = ""
    sheet_link: str = ""
    uncertain_retries: Annotated[int, Range(0, 5)] = 1  # later attempts after a delivery that may have arrived
    smtp: SmtpConfig = field(default_factory=SmtpConfig)


@dataclass(frozen=True)
class ScheduleSettings:
    validate_every_minutes: int = 15
    summary_day: str = "monday"
    summary_time: str = "08:00"
    fixlist_time: str = "16:00"
    alert_after_failures: int = 3


@dataclass(frozen=True)
class DraftsSettings:
    drive_folder: str = ""  # a Drive folder's id or address: the drafts as Google Docs


@dataclass(frozen=True)
class TranslationSettings:
    """English drafts: the coordinator's text through a translation service ('' = none: it stays Latvian)."""

    backend: Literal["", "deepl", "google"] = ""
    key_file: str = ""  # DeepL's key (or KOPIENAS_DEEPL_KEY); Google uses the source's credentials
    server_url: str = ""  # another endpoint than the service's own (DeepL Free, a proxy, a test server)
    google_project: str = ""  # the Google Cloud project billed for Cloud Translation
    # Named only to be refused with a reason rather than as an unknown key; always None.
    key: Annotated[
        None,
        Refused(
            "a translation key does not belong in the config file; set the environment variable "
            "KOPIENAS_DEEPL_KEY or name a file with `key_file`"
        ),
    ] = None


_TAB_KEYS: dict[str, None] = {**{t.key: None for t in contract.TABS}, "totals": None, "state": None}
_HEADER_KEYS: dict[str, Mapping[str, None] | None] = {
    **{t.key: {c.field: None for c in t.columns} for t in contract.TABS},
    "tool": {c.field: None for c in contract.TOOL_COLUMNS},
}


@dataclass(frozen=True)
class FileSettings:
    """The whole file."""

    timezone: str = "Europe/Riga"
    source: SourceSettings = field(default_factory=SourceSettings)
    templates: str = ""  # a copy of the packaged templates ('' = the packaged ones)
    coordinators_guide: str = ""  # where coordinators read how to fill the sheet: in `init`'s header notes
    output: OutputSettings = field(default_factory=OutputSettings)
    ledger: LedgerSettings = field(default_factory=LedgerSettings)
    tabs: Annotated[dict[str, str], Names(_TAB_KEYS)] = field(default_factory=dict)
    headers: Annotated[dict[str, dict[str, str]], Names(_HEADER_KEYS)] = field(default_factory=dict)
    mail: MailConfig = field(default_factory=MailConfig)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    drafts: DraftsSettings = field(default_factory=DraftsSettings)
    translation: TranslationSettings = field(default_factory=TranslationSettings)


# --- checking ------------------------------------------------------------------------------------

_KIND = {str: "a string", int: "an integer", float: "a number", Path: "a path (a string)"}


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _split(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """(the type, its `Annotated` markers)."""
    if typing.get_origin(hint) is Annotated:
        base, *extras = typing.get_args(hint)
        return base, tuple(extras)
    return hint, ()


def _unknown(key: str, known: list[str], dotted: str, file: str) -> ConfigError:
    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f"did you mean `{close[0]}`?" if close else "the keys here are " + ", ".join(sorted(known))
    return ConfigError(f"{file}: unknown key `{dotted}`; {hint}")


def _table(value: Any, dotted: str, file: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{file}: `{dotted}` must be a table ([{dotted}])")
    return value


def _check_names(value: Any, keys: Mapping[str, Any], dotted: str, file: str) -> None:
    for key, item in _table(value, dotted, file).items():
        inner = f"{dotted}.{key}"
        if key not in keys:
            raise _unknown(key, list(keys), inner, file)
        if keys[key] is None:
            _check_value(item, str, (), inner, file)
        else:
            _check_names(item, keys[key], inner, file)


def _check_value(value: Any, kind: Any, extras: tuple[Any, ...], dotted: str, file: str) -> None:
    """One value against its field's type and markers; a wrong one is a ConfigError."""
    if typing.get_origin(kind) is Literal:
        allowed = [f'"{v}"' for v in typing.get_args(kind)]
        if isinstance(value, bool) or value not in typing.get_args(kind):
            raise ConfigError(f"{file}: `{dotted}` must be {', '.join(allowed[:-1])} or {allowed[-1]}")
        return
    if isinstance(value, bool):
        shown = repr(value)
    else:
        wanted = kind if isinstance(kind, type) else typing.get_args(kind)[0]  # `Path | None` -> Path
        accepted = (int, float) if wanted is float else (str,) if wanted is Path else (wanted,)
        if isinstance(value, accepted):
            for marker in extras:
                if isinstance(marker, Range) and not marker.low <= typing.cast(float, value) <= marker.high:  # NaN too
                    raise ConfigError(
                        f"{file}: `{dotted}` must be between {marker.low} and {marker.high}, not {value!r}"
                    )
            return
        shown = repr(value) if isinstance(value, (int, float)) else type(value).__name__
    raise ConfigError(f"{file}: `{dotted}` must be {_KIND.get(_base(kind), 'a ' + str(kind))}, not {shown}")


def _base(kind: Any) -> Any:
    return kind if isinstance(kind, type) else next((a for a in typing.get_args(kind) if a is not type(None)), kind)


def check(data: Mapping[str, Any], cls: type, where: str, file: str) -> None:
    """Every key of `data` against the fields of the dataclass `cls`, sections below it too."""
    hints = _hints(cls)
    for key, value in data.items():
        dotted = f"{where}.{key}" if where else key
        if key not in hints:
            known = [f.name for f in fields(cls) if not any(isinstance(m, Refused) for m in _split(hints[f.name])[1])]
            raise _unknown(key, known, dotted, file)
        kind, extras = _split(hints[key])
        refused = next((m for m in extras if isinstance(m, Refused)), None)
        names = next((m for m in extras if isinstance(m, Names)), None)
        if refused:
            raise ConfigError(f"{file}: `{dotted}`: {refused.why}")
        if names:
            _check_names(value, names.keys, dotted, file)
        elif is_dataclass(kind):
            check(_table(value, dotted, file), typing.cast(type, kind), dotted, file)
        else:
            _check_value(value, kind, extras, dotted, file)


T = TypeVar("T")


def build(cls: type[T], data: Mapping[str, Any], path: Callable[[str], Path | None]) -> T:
    """The dataclass `cls` from a checked table: defaults where a key is absent, numbers as the
    field's type, paths through `path` (which resolves them against the config's folder)."""
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        kind, _ = _split(hints[f.name])
        if f.name not in data:
            continue
        value = data[f.name]
        if is_dataclass(kind):
            values[f.name] = build(typing.cast(type, kind), value, path)
        elif kind is float:
            values[f.name] = float(value)
        elif _base(kind) is Path:
            values[f.name] = path(value)
        else:
            values[f.name] = value
    return cls(**values)


def default_of(cls: type, name: str) -> Any:
    """A field's default (for the few values whose default depends on another's)."""
    f = next(f for f in fields(cls) if f.name == name)
    return f.default_factory() if f.default_factory is not MISSING else f.default


__all__ = ["FileSettings", "MailConfig", "ScheduleSettings", "SmtpConfig", "build", "check", "default_of"]
