"""Settings from a TOML file, found in this order (the first that exists wins):
`--config PATH`, `KOPIENAS_CONFIG`, `./config/kopienas.toml`, `~/.config/kopienas/kopienas.toml`,
`/etc/kopienas/kopienas.toml`. No file found is an error (exit 2) naming those places and
`kopienas init-config`, which writes the commented starter file shipped in the package.

Every key is checked against the schema below, so a typo gives one line naming the key and the
file instead of being silently ignored. Relative paths resolve against the config file's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kopienas.config.files import (
    ENV_CONFIG,
    STARTER_CONFIG,
    SYSTEM_CONFIG,
    ConfigError,
    find_config_file,
    no_config_message,
    read_toml,
    search_path,
)
from kopienas.config.schema import SCHEDULE_DEFAULTS, SCHEMA, check_keys, check_ranges
from kopienas.config.values import drive_folder_id
from kopienas.core import contract
from kopienas.core.tab_names import tab_name_problem

ENV_SHEETS_API = "KOPIENAS_SHEETS_API"
DEFAULT_TOKEN = Path("~/.config/kopienas/google-token.json").expanduser()
# The wording the press office edits; a deployment may point `templates` at its own copy. The one
# lookup of the packaged folder (also seen as the project's top-level `templates/`); kopienas is
# installed as files, so the resource is a real folder Jinja can load from.
PACKAGED_TEMPLATES = Path(str(resources.files("kopienas") / "templates"))


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    user: str = ""
    password_file: Path | None = None
    ca_file: Path | None = None  # a private CA for the server's certificate
    timeout: float = 30.0


@dataclass(frozen=True)
class MailConfig:
    transport: str = "outbox"
    sender: str = "Darbīgās kopienas <kopienas@example.lv>"
    operator: str = ""
    press_office: str = ""
    sheet_link: str = ""
    uncertain_retries: int = 1  # later attempts after a delivery that may have arrived (0: never)
    smtp: SmtpConfig = field(default_factory=SmtpConfig)


@dataclass(frozen=True)
class Config:
    path: Path | None
    found_by: str  # how the file was found: "--config", "KOPIENAS_CONFIG", "./config/kopienas.toml", …
    source: str
    write_to: Path | None
    credentials: Path | None
    token: Path  # a Google user's OAuth token from `kopienas auth`, kept outside the project
    sheets_api: str | None
    retry_seconds: float  # how long to keep retrying Google's 429/5xx before giving up
    timezone: str
    templates: Path
    output: Path
    drafts: Path
    outbox: Path
    ledger: Path
    tabs: dict[str, str]
    headers: dict[str, dict[str, str]]
    tool_headers: dict[str, str]
    mail: MailConfig
    schedule: dict[str, Any]
    drive_folder: str = ""  # Drive folder id for the drafts as Google Docs ('' = none)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_google_sheet(self) -> bool:
        return is_google_sheet(self.source)


def _templates(folder: Path | None, file: str) -> Path:
    """The wording: the packaged templates, or a folder with a copy (`drafts/` and `mail/`)."""
    if folder is None:
        return PACKAGED_TEMPLATES
    if not (folder / "drafts").is_dir() or not (folder / "mail").is_dir():
        raise ConfigError(
            f"{file}: `templates` = {str(folder)!r} has no `drafts/` and `mail/` folders; copy them from "
            f"{PACKAGED_TEMPLATES} or remove `templates` to use the packaged wording"
        )
    return folder


def is_google_sheet(source: str) -> bool:
    return source.startswith("gsheet:") or "docs.google.com/spreadsheets/" in source


def load_config(explicit: str | os.PathLike[str] | None = None, *, source: str | None = None) -> Config:
    """Read and check the config; `source` (from `--source`) overrides `source.location`."""
    path, found_by = find_config_file(explicit)
    data = read_toml(path)
    check_keys(data, SCHEMA, "", str(path))
    base = path.resolve().parent
    file = str(path)

    def section(name: str) -> dict[str, Any]:
        return data.get(name, {})

    def resolve(value: str | None) -> Path | None:
        if not value:
            return None
        if "\0" in value:
            raise ConfigError(f"{file}: a path contains a NUL character ({value[:40]!r}); write the path as text")
        p = Path(value).expanduser()
        return Path(os.path.normpath(p if p.is_absolute() else base / p))

    src = section("source")

    def place(value: str) -> str:
        return value if is_google_sheet(value) else str(resolve(value))

    configured = place(src.get("location") or "aktivitates.xlsx")
    # A path given on the command line is the user's, relative to the folder they are in.
    given = source if not source or is_google_sheet(source) else os.path.normpath(Path(source).expanduser().absolute())
    location = given or configured
    output = resolve(section("output").get("folder") or "out") or base / "out"

    timezone = data.get("timezone", "Europe/Riga")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigError(f"{file}: `timezone`: unknown time zone {timezone!r} (e.g. Europe/Riga)") from None

    tabs = {t.key: t.title for t in contract.TABS} | {"totals": contract.TOTALS_TAB, "state": contract.STATE_TAB}
    tabs |= section("tabs")
    for key, title in tabs.items():
        if why := tab_name_problem(title):
            raise ConfigError(f"{file}: `tabs.{key}` = {title!r}: {why}")
    headers = {t.key: t.headers() | section("headers").get(t.key, {}) for t in contract.TABS}
    tool_headers = {c.field: c.header for c in contract.TOOL_COLUMNS} | section("headers").get("tool", {})

    mail = section("mail")
    smtp = mail.get("smtp", {})
    if mail.get("transport", "outbox") not in ("outbox", "smtp"):
        raise ConfigError(f'{file}: `mail.transport` must be "outbox" or "smtp"')
    if smtp.get("security", "starttls") not in ("starttls", "ssl", "none"):
        raise ConfigError(f'{file}: `mail.smtp.security` must be "starttls", "ssl" or "none"')
    schedule = SCHEDULE_DEFAULTS | section("schedule")
    timeout = smtp.get("timeout", 30.0)
    drive_folder = drive_folder_id(section("drafts").get("drive_folder", ""), file)
    if drive_folder and not is_google_sheet(location):
        raise ConfigError(f"{file}: `drafts.drive_folder` works with a Google Sheet source (`source.location`) only")

    check_ranges(data, file)
    return Config(
        path=path,
        found_by=found_by,
        source=location,
        # `write_to` belongs to the configured workbook: a workbook named by --source is written itself.
        write_to=resolve(src.get("write_to")) if not source or location == configured else None,
        credentials=resolve(src.get("credentials")),
        token=resolve(src.get("token")) or DEFAULT_TOKEN,
        sheets_api=os.environ.get(ENV_SHEETS_API) or src.get("api_url") or None,
        retry_seconds=float(src.get("retry_seconds", 60)),
        timezone=timezone,
        templates=_templates(resolve(data.get("templates")), file),
        output=output,
        drafts=resolve(section("output").get("drafts")) or output / "drafts",
        outbox=resolve(section("output").get("outbox")) or output / "outbox",
        ledger=resolve(section("ledger").get("path")) or output / "kopienas.sqlite",
        tabs=tabs,
        headers=headers,
        tool_headers=tool_headers,
        mail=MailConfig(
            transport=mail.get("transport", "outbox"),
            sender=mail.get("sender", MailConfig.sender),
            operator=mail.get("operator", ""),
            press_office=mail.get("press_office", ""),
            sheet_link=mail.get("sheet_link", ""),
            uncertain_retries=mail.get("uncertain_retries", 1),
            smtp=SmtpConfig(
                host=smtp.get("host", "localhost"),
                port=smtp.get("port", 587),
                security=smtp.get("security", "starttls"),
                user=smtp.get("user", ""),
                password_file=resolve(smtp.get("password_file")),
                ca_file=resolve(smtp.get("ca_file")),
                timeout=float(timeout),
            ),
        ),
        schedule=schedule,
        drive_folder=drive_folder,
    )


__all__ = [
    "ENV_CONFIG",
    "STARTER_CONFIG",
    "SYSTEM_CONFIG",
    "Config",
    "ConfigError",
    "MailConfig",
    "SmtpConfig",
    "find_config_file",
    "is_google_sheet",
    "load_config",
    "no_config_message",
    "search_path",
]
