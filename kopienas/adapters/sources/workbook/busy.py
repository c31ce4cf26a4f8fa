"""Whether another program has the workbook open, and who: the one list of owner files.

LibreOffice keeps `.~lock.NAME#` beside an open file (a line `Full Name,user,host,date,profile;`);
Excel keeps `~$NAME` — for longer names `~$` plus the name without its first two characters — a
165-byte owner file: the user name's length in byte 0, the name in one-byte characters after it,
and the same name in UTF-16 from byte 55 or so. The writer refuses to save while one exists, and
`watch`'s change feed waits; both ask here.
"""

from __future__ import annotations

from pathlib import Path

from kopienas.adapters.sources._base import OpenElsewhere

_MAX_NAME = 52  # what Office keeps of a user name


def lock_files(path: Path) -> tuple[Path, ...]:
    """Every owner file LibreOffice or Excel leaves beside `path` while it has it open."""
    folder, name = path.parent, path.name
    return folder / f".~lock.{name}#", folder / f"~${name}", folder / f"~${name[2:]}"


def open_elsewhere(path: Path) -> OpenElsewhere | None:
    """The first owner file found beside `path`, with the user it names; None when there is none."""
    for lock in lock_files(path):
        try:
            data = lock.read_bytes()
        except FileNotFoundError:
            continue
        except OSError:
            data = b""  # there, but unreadable: still open elsewhere, by someone unknown
        who = _libreoffice_user(data) if lock.name.startswith(".~lock.") else _office_user(data)
        return OpenElsewhere(str(path), lock.name, who)
    return None


def _libreoffice_user(data: bytes) -> str:
    fields = data.decode("utf-8", errors="replace").split(",")
    full_name, user = [*fields, "", ""][:2]
    return _clean(full_name) or _clean(user)


def _office_user(data: bytes) -> str:
    if not data:
        return ""
    length = min(data[0], _MAX_NAME)
    ansi = data[1 : 1 + length].decode("cp1252", errors="replace")
    for start in (55, 56, 57):  # Word, Excel and PowerPoint pad the one-byte name differently
        wide = data[start : start + 2 * length]
        try:
            text = wide.decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if len(text) == length and text.isprintable() and _same_letters(text, ansi):
            return _clean(text)
    return _clean(ansi)


def _same_letters(wide: str, ansi: str) -> bool:
    """The UTF-16 copy agrees with the one-byte copy wherever the latter could hold the letter."""
    return all(a == w or a == "?" or ord(w) > 0x7F for w, a in zip(wide, ansi, strict=True))


def _clean(name: str) -> str:
    return "".join(c for c in name if c.isprintable()).strip()[:_MAX_NAME]
