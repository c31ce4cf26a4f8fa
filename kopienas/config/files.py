"""Finding and reading the config file: the search order, and one line for every way it can fail."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from kopienas.core.errors import UsageError

ENV_CONFIG = "KOPIENAS_CONFIG"
SYSTEM_CONFIG = Path("/etc/kopienas/kopienas.toml")
# The commented starter config that `kopienas init-config` writes.
STARTER_CONFIG = Path(__file__).resolve().parents[1] / "starter" / "kopienas.toml"


class ConfigError(UsageError):
    """A configuration problem; str() is one line naming the key and the file."""


def user_config() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "kopienas" / "kopienas.toml"


def search_path() -> list[tuple[Path, str]]:
    """The places looked at when neither --config nor KOPIENAS_CONFIG names a file, in order."""
    return [
        (Path("config/kopienas.toml"), "./config/kopienas.toml"),
        (user_config(), "~/.config/kopienas/kopienas.toml"),
        (SYSTEM_CONFIG, str(SYSTEM_CONFIG)),
    ]


def no_config_message() -> str:
    looked = ", ".join(["--config", ENV_CONFIG, *(label for _, label in search_path())])
    return (
        f"no config file found (looked at {looked}); write a commented starter with "
        f"`kopienas init-config [PATH]` (default ./config/kopienas.toml), edit it, then run `kopienas doctor`"
    )


def find_config_file(explicit: str | os.PathLike[str] | None) -> tuple[Path, str]:
    """The config file to use and how it was found; ConfigError when there is none."""
    if explicit:
        return Path(explicit), "--config"
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG]), ENV_CONFIG
    for candidate, label in search_path():
        if candidate.is_file():
            return candidate, label
    raise ConfigError(no_config_message())


def read_toml(path: Path) -> dict[str, Any]:
    """The file's settings; every way reading can fail is one line naming the file and the fix."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (write one with `kopienas init-config {path}`)") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file; name the .toml file itself") from None
    except PermissionError:
        raise ConfigError(f"{path}: cannot read config file (permission denied); let this user read it") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config file ({e.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {raw[e.start]:#04x} at position {e.start}); save the file as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # The parser's message names the line and column, never the text there (it may be a secret).
        raise ConfigError(f"{path}: not valid TOML ({e}); see the starter from `kopienas init-config`") from None
