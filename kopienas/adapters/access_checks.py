"""What the current user (under systemd or cron: the service user) may read and write, checked
with access(2) and without changing anything: the config, the workbook and its folder, the
secrets. Each problem comes with the command that fixes it, naming this user and its group."""

from __future__ import annotations

import grp
import os
import pwd
from dataclasses import dataclass
from pathlib import Path

from kopienas.config import Config


@dataclass(frozen=True)
class Access:
    problem: str
    fix: str


def who() -> tuple[str, str]:
    """This process's user and primary group, by name (the numbers when they have none)."""
    uid, gid = os.geteuid(), os.getegid()
    try:
        user = pwd.getpwuid(uid).pw_name
    except KeyError:
        user = str(uid)
    try:
        group = grp.getgrgid(gid).gr_name
    except KeyError:
        group = str(gid)
    return user, group


def readable(path: Path, what: str) -> list[Access]:
    """A file this user must read (the config, a key, a password file)."""
    user, group = who()
    if not path.exists():
        return [Access(f"{what} {path} does not exist", f"create it, or correct the path to {what}")]
    if os.access(path, os.R_OK):
        return []
    return [
        Access(
            f"{what} {path} is not readable by {user}",
            f"`chgrp {group} {path} && chmod g+r {path}` (or 640: readable by the group {group}, not by all)",
        )
    ]


def _folder_writable(folder: Path, what: str, user: str, group: str) -> list[Access]:
    # A workbook is saved by writing a new file beside it and renaming it over the old one, so
    # the folder must be writable too, not just the file.
    if not folder.is_dir():
        return [Access(f"the folder of {what} {folder} does not exist", f"`install -d -g {group} -m 2775 {folder}`")]
    if os.access(folder, os.W_OK | os.X_OK):
        return []
    return [
        Access(
            f"the folder {folder} of {what} is not writable by {user}",
            f"`chgrp {group} {folder} && chmod g+rwxs {folder}`; under systemd also `ReadWritePaths={folder}` "
            "(deploy/systemd/workbook.conf)",
        )
    ]


def workbook_writable(path: Path, what: str = "the workbook") -> list[Access]:
    """A workbook the tool writes its verdicts into: the file (when it exists) and its folder."""
    user, group = who()
    problems = _folder_writable(path.parent, what, user, group)
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        problems.append(
            Access(
                f"{what} {path} is not readable and writable by {user}",
                f"`chgrp {group} {path} && chmod g+rw {path}`",
            )
        )
    return problems


def setup_access(config: Config) -> tuple[list[Access], list[str]]:
    """Every file the jobs read or write outside their output folders, as this user: (problems,
    what was found usable)."""
    problems: list[Access] = []
    found: list[str] = []
    if config.path is not None:
        problems += readable(config.path, "the config")
        found.append(f"config {config.path} readable")
    if not config.is_google_sheet and config.source:
        workbook = Path(config.source)
        if config.write_to is not None:
            problems += readable(workbook, "the workbook")
            problems += workbook_writable(config.write_to, "the checked copy")
            found.append(f"workbook {workbook} readable, copy {config.write_to} writable")
        else:
            problems += workbook_writable(workbook)
            found.append(f"workbook {workbook} and its folder writable")
    password = config.mail.smtp.password_file
    if config.mail.transport == "smtp" and password is not None:
        problems += readable(password, "the SMTP password file")
    return problems, found
