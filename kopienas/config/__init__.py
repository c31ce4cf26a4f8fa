"""Settings from a TOML file, found in this order (the first that exists wins):
`--config PATH`, `KOPIENAS_CONFIG`, `./config/kopienas.toml`, `~/.config/kopienas/kopienas.toml`,
`/etc/kopienas/kopienas.toml`. No file found is an error (exit 2) naming those places and
`kopienas init-config`, which writes the commented starter file shipped in the package.

Every key is declared once, in the dataclasses of `schema.py` (type, allowed values, default), and
checked against them, so a typo gives one line naming the key and the file instead of being
silently ignored. Relative paths resolve against the config file's folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any
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
from kopienas.config.schema import (
    FileSettings,
    MailConfig,
    OutputSettings,
    SmtpConfig,
    SourceSettings,
    build,
    check,
    default_of,
)
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
class TranslationConfig:
    backend: str = ""  # "deepl", "google" or "" (none: the English drafts list what is still Latvian)
    key_file: Path | None = None
    server_url: str = ""
    google_project: str = ""


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
    call_seconds: float  # the most one call may take, however slowly the answer comes
    timezone: str
    templates: Path
    output: Path
    drafts: Path
    outbox: Path
    ledger: Path
    sheet: contract.SheetLayout  # the tabs' and columns' names: what the core is given
    mail: MailConfig
    schedule: dict[str, Any]
    drive_folder: str = ""  # Drive folder id for the drafts as Google Docs ('' = none)
    translation: TranslationConfig = field(default_factory=TranslationConfig)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def tabs(self) -> Mapping[str, str]:
        return self.sheet.tabs

    @property
    def headers(self) -> Mapping[str, Mapping[str, str]]:
        return self.sheet.headers

    @property
    def tool_headers(self) -> Mapping[str, str]:
        return self.sheet.tool_headers

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
    file = str(path)
    check(data, FileSettings, "", file)
    paths = _Paths(path.resolve().parent, file)
    settings = build(FileSettings, data, paths.resolve)
    src = settings.source
    configured = paths.place(src.location or default_of(SourceSettings, "location"))
    # A path given on the command line is the user's, relative to the folder they are in.
    given = source if not source or is_google_sheet(source) else os.path.normpath(Path(source).expanduser().absolute())
    location = given or configured
    output = paths.resolve(settings.output.folder or default_of(OutputSettings, "folder")) or paths.base / "out"
    _check_timezone(settings.timezone, file)
    for key, title in settings.tabs.items():
        if why := tab_name_problem(title):
            raise ConfigError(f"{file}: `tabs.{key}` = {title!r}: {why}")
    drive_folder = drive_folder_id(settings.drafts.drive_folder, file)
    if drive_folder and not is_google_sheet(location):
        raise ConfigError(f"{file}: `drafts.drive_folder` works with a Google Sheet source (`source.location`) only")
    return Config(
        path=path,
        found_by=found_by,
        source=location,
        # `write_to` belongs to the configured workbook: a workbook named by --source is written itself.
        write_to=paths.resolve(src.write_to) if not source or location == configured else None,
        credentials=paths.resolve(src.credentials),
        token=paths.resolve(src.token) or DEFAULT_TOKEN,
        sheets_api=os.environ.get(ENV_SHEETS_API) or src.api_url or None,
        retry_seconds=src.retry_seconds,
        call_seconds=src.call_seconds,
        timezone=settings.timezone,
        templates=_templates(paths.resolve(settings.templates), file),
        output=output,
        drafts=paths.resolve(settings.output.drafts) or output / "drafts",
        outbox=paths.resolve(settings.output.outbox) or output / "outbox",
        ledger=paths.resolve(settings.ledger.path) or output / "kopienas.sqlite",
        sheet=replace(
            contract.SheetLayout.default(settings.tabs, settings.headers, settings.headers.get("tool")),
            guide=settings.coordinators_guide,
        ),
        mail=settings.mail,
        schedule=asdict(settings.schedule),
        drive_folder=drive_folder,
        translation=TranslationConfig(
            settings.translation.backend,
            paths.resolve(settings.translation.key_file),
            settings.translation.server_url,
            settings.translation.google_project,
        ),
    )


@dataclass(frozen=True)
class _Paths:
    """Paths in the file, relative to the file's folder."""

    base: Path
    file: str

    def resolve(self, value: str | None) -> Path | None:
        if not value:
            return None
        if "\0" in value:
            raise ConfigError(f"{self.file}: a path contains a NUL character ({value[:40]!r}); write the path as text")
        p = Path(value).expanduser()
        return Path(os.path.normpath(p if p.is_absolute() else self.base / p))

    def place(self, value: str) -> str:
        return value if is_google_sheet(value) else str(self.resolve(value))


def _check_timezone(timezone: str, file: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigError(f"{file}: `timezone`: unknown time zone {timezone!r} (e.g. Europe/Riga)") from None


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
