"""What the sheet programs accept as a tab's name (Excel, LibreOffice and Google Sheets share
these rules): checked when the settings are loaded, so a name they would refuse — or truncate into
one more same-named tab on every run — never reaches a write. Pure."""

from __future__ import annotations

from kopienas.core.words import owned as wording

MAX_TAB_NAME = 31
FORBIDDEN = "[]:*?/\\"
RESERVED = ("history",)  # Excel keeps “History” for its change tracking


def tab_name_problem(name: object) -> str | None:
    """Why the sheet programs would refuse `name` as a tab's name; None when they accept it."""
    if not isinstance(name, str) or not name.strip():
        return wording.TAB_NAME_EMPTY
    if len(name) > MAX_TAB_NAME:
        return wording.tab_name_too_long(len(name), MAX_TAB_NAME)
    bad = sorted({c for c in name if c in FORBIDDEN})
    if bad:
        return wording.tab_name_forbidden("".join(bad), FORBIDDEN)
    if name.startswith("'") or name.endswith("'"):
        return wording.TAB_NAME_APOSTROPHE
    if any(ord(c) < 32 for c in name):
        return wording.TAB_NAME_CONTROL
    if name.casefold() in RESERVED:
        return wording.TAB_NAME_RESERVED
    return None
