"""The init job: make a spreadsheet fit the sheet contract, or start a new one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kopienas.adapters.files import create_file
from kopienas.adapters.sources import open_source
from kopienas.app.outcome import Outcome
from kopienas.config import STARTER_CONFIG, Config, ConfigError, load_config
from kopienas.core.headers import all_known_headers
from kopienas.core.language import NOTHING_TO_DO
from kopienas.core.sheet_setup import describe, plan_setup


def init(config: Config, *, example: bool = False) -> Outcome:
    """Problems (no access, --example refused) raise KopienasError."""
    target = open_source(config).setup()  # a workbook that does not exist yet is made
    tabs = target.read(all_known_headers(config.sheet))
    outcome = Outcome(lines=target.lines())
    plan = plan_setup(tabs, config.sheet, example=example)
    if plan.empty:
        outcome.say(NOTHING_TO_DO)
        return outcome
    target.apply(plan)
    outcome.say(*(f"  {line}" for line in describe(plan, protection=target.protection)))
    return outcome


# -- init-config: a starter settings file ------------------------------------------------------
def _set(text: str, key: str, value: str) -> str:
    # The starter's line `key = "…"` (the first one), with a TOML string; JSON's quoting is TOML's.
    return re.sub(
        rf'(?m)^{key} = "[^"\n]*"', lambda _: f"{key} = {json.dumps(value, ensure_ascii=False)}", text, count=1
    )


def write_starter(
    path: Path, *, source: str | None = None, state: str | None = None, group: str | None = None
) -> Outcome:
    """Write the starter config at `path` (refused if anything is there); `source` fills
    `source.location`, `state` the folder for output and ledger (e.g. /var/lib/kopienas); `group`
    (the service user's) may read it: root writes it into /etc, the service reads it."""
    text = STARTER_CONFIG.read_text(encoding="utf-8")
    if source:
        text = _set(text, "location", source)
    if state:
        text = _set(text, "folder", state)
        text = _set(text, "path", str(Path(state) / "kopienas.sqlite"))
    if path.exists() or path.is_symlink():
        raise ConfigError(f"{path} already exists; nothing was written (edit it, or name another PATH)")
    gid = _group_id(group) if group else -1
    try:
        # No secrets belong in it, but it says where they are: readable by its owner and group.
        create_file(path, text.encode("utf-8"), mode=0o640, group=gid)  # whatever the umask: the group reads it
    except OSError as e:
        raise ConfigError(
            f"{path}: cannot write the config ({e.strerror}); choose a folder this user may write"
        ) from None
    config = load_config(path)  # the values given must make a valid file
    return Outcome(
        lines=[
            f"Config written: {path}" + (f" (readable by the group {group})" if group else ""),
            f"  source: {config.source}",
            f"  output and ledger: {config.output}, {config.ledger}",
            f"Edit it, then check the whole setup: kopienas --config {path} doctor",
        ]
    )


def _group_id(name: str) -> int:
    import grp

    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise ConfigError(f"--group {name}: no such group on this machine; create the service user first") from None
