"""Sheet text as data in every sink: one line for a header or a title, a harmless file name,
characters XML (and so .docx) can hold, within a sink's length limit (pure)."""

from __future__ import annotations

import re
import unicodedata

# Characters XML 1.0 cannot hold at all (python-docx and lxml refuse them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Everything a header parser, a terminal or a spreadsheet may take for a line break or control.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")
_FILE_UNSAFE = re.compile(r"[^\w.\-]+")

DOCX_PROPERTY_LIMIT = 255  # python-docx refuses longer core properties (title, subject, …)


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def one_line(text: str, limit: int | None = None) -> str:
    """`text` as one line of plain characters (breaks and controls become spaces), at most
    `limit` characters (ending in “…” when cut)."""
    line = " ".join(_BREAKS.sub(" ", xml_text(text)).split())
    if limit is not None and len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """`text` with every control character shown as an escape (`\\r`, `\\n`, `\\x1b`), so a value
    echoed in a message can neither break its line nor steer a terminal."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def docx_property(text: str) -> str:
    """A value a .docx core property (title, subject) accepts."""
    return one_line(text, DOCX_PROPERTY_LIMIT)


def safe_file_name(text: str, limit: int = 80) -> str:
    """A file or folder name that stays inside its folder on every system: letters, digits, `.`,
    `-`, `_`; never empty, never starting with a dot. `DGP-2020-07` stays `DGP-2020-07`."""
    name = _FILE_UNSAFE.sub("_", unicodedata.normalize("NFC", one_line(text))).strip("._ ")
    name = name[:limit].rstrip("._ ")
    return name or "_"
