"""Reading the SMTP password: from the environment, else from a file — never from the config."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from kopienas.adapters.mail.transports._base import MailError
from kopienas.adapters.secrets import register

log = logging.getLogger(__name__)


PASSWORD_ENV = "KOPIENAS_SMTP_PASSWORD"


def register_environment() -> None:
    """The password in the environment is redacted from everything from the process's start."""
    register(os.environ.get(PASSWORD_ENV))


def load_password(
    env_var: str = PASSWORD_ENV, password_file: Path | None = None, *, user: str | None = None, warn: bool = True
) -> str:
    """Read the SMTP password from `env_var`, else from `password_file` (UTF-8 text), and register
    it with the redactor (with `user`, for the forms SMTP AUTH sends). Errors name the file and
    never quote any part of its content."""
    password = _read(env_var, password_file, warn)
    register(password, user=user)
    return password


def _read(env_var: str, password_file: Path | None, warn: bool) -> str:
    from_env = os.environ.get(env_var)
    if from_env:
        return from_env
    if password_file is None:
        raise MailError(f"no SMTP password: set {env_var} or give a password file")
    path = Path(password_file)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise MailError(f"cannot read SMTP password file {path}: {exc.strerror}") from None
    try:
        password = data.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n")
    except UnicodeDecodeError:
        # The decoder's message quotes the offending byte and its position: part of the secret.
        raise MailError(
            f"SMTP password file {path} is not UTF-8 text; save it again as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"
        ) from None
    if warn and stat.S_IMODE(mode) & 0o177:
        log.warning(
            "SMTP password file %s has mode %o; other users may read it (chmod 600 %s)",
            path,
            stat.S_IMODE(mode),
            path,
        )
    if not password:
        raise MailError(f"SMTP password file {path} is empty")
    return password
