"""Notes and fills of every cell of an .xlsx, read straight from the package (read-only mode of
openpyxl loads neither): what the core's ownership decisions need.

Fills come as tokens: "#RRGGBB" for a solid colour, "theme:N:TINT" and "indexed:N" for solid
theme and palette colours, "pattern:TYPE:FG:BG" for other patterns (`fill_of` turns one back into
an openpyxl fill).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from kopienas.core.models import Cell, Note

if TYPE_CHECKING:
    from openpyxl.styles import Color, PatternFill

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]+)([0-9]+)")


def _col0(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type tail, target part) of `part`."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    if path not in z.namelist():
        return {}
    out = {}
    for rel in ET.fromstring(z.read(path)).iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], resolved)
    return out


def _color(el: ET.Element | None) -> str:
    if el is None:
        return ""
    if el.get("rgb"):
        return "#" + el.get("rgb", "")[-6:].upper()
    if el.get("theme") is not None:
        return f"theme:{el.get('theme')}:{el.get('tint', '0')}"
    if el.get("indexed") is not None:
        return f"indexed:{el.get('indexed')}"
    return ""


def fill_tokens(z: zipfile.ZipFile, styles: str | None) -> list[str]:
    """Token per cell style index ("" for no fill)."""
    if not styles or styles not in z.namelist():
        return []
    root = ET.fromstring(z.read(styles))
    fills = []
    for fill in root.iterfind(f"{_MAIN}fills/{_MAIN}fill"):
        pattern = fill.find(f"{_MAIN}patternFill")
        kind = pattern.get("patternType", "none") if pattern is not None else "none"
        if pattern is None or kind == "none":
            fills.append("")
        elif kind == "solid":
            fills.append(_color(pattern.find(f"{_MAIN}fgColor")) or "#000000")
        else:
            fg, bg = _color(pattern.find(f"{_MAIN}fgColor")), _color(pattern.find(f"{_MAIN}bgColor"))
            fills.append(f"pattern:{kind}:{fg}:{bg}")
    out = []
    for xf in root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf"):
        i = int(xf.get("fillId", "0"))
        out.append(fills[i] if i < len(fills) else "")
    return out


def _notes(z: zipfile.ZipFile, part: str) -> dict[Cell, Note]:
    root = ET.fromstring(z.read(part))
    authors = [a.text or "" for a in root.iterfind(f"{_MAIN}authors/{_MAIN}author")]
    out = {}
    for c in root.iterfind(f"{_MAIN}commentList/{_MAIN}comment"):
        m = _REF.fullmatch(c.get("ref", ""))
        if not m:
            continue
        text_el = c.find(f"{_MAIN}text")
        text = "".join(t.text or "" for t in text_el.iter(f"{_MAIN}t")) if text_el is not None else ""
        a = int(c.get("authorId", "0"))
        out[(int(m.group(2)), _col0(m.group(1)))] = Note(text, authors[a] if a < len(authors) else "")
    return out


def sheet_notes(z: zipfile.ZipFile, part: str) -> dict[Cell, Note]:
    """The notes of one sheet part, from the comments parts it links to."""
    notes: dict[Cell, Note] = {}
    names = set(z.namelist())
    for kind, target in _rels(z, part).values():
        if kind == "comments" and target in names:
            notes.update(_notes(z, target))
    return notes


def _color_of(token: str) -> Color:
    from openpyxl.styles import Color  # only a fill made for openpyxl needs openpyxl

    if token.startswith("#"):
        return Color(rgb="FF" + token[1:])
    kind, _, rest = token.partition(":")
    if kind == "theme":
        theme, _, tint = rest.partition(":")
        return Color(theme=int(theme), tint=float(tint or 0))
    return Color(indexed=int(rest))


def fill_of(token: str) -> PatternFill:
    """An openpyxl fill from a token of `fill_tokens` ("" is no fill)."""
    from openpyxl.styles import PatternFill

    if not token:
        return PatternFill(fill_type=None)
    if token.startswith("pattern:"):
        _, kind, rest = token.split(":", 2)
        fg, bg = _split_colors(rest)
        colors: dict[str, Any] = {}
        if fg:
            colors["fgColor"] = _color_of(fg)
        if bg:
            colors["bgColor"] = _color_of(bg)
        return PatternFill(kind, **colors)  # type: ignore[arg-type]  # any pattern type read from the file
    return PatternFill("solid", fgColor=_color_of(token))


def _split_colors(rest: str) -> tuple[str, str]:
    """ "FG:BG" where each may itself hold colons (theme:N:TINT)."""
    for i in range(len(rest) + 1):
        if i == len(rest) or rest[i] == ":":
            fg, bg = rest[:i], rest[i + 1 :]
            if _valid(fg) and _valid(bg):
                return fg, bg
    return "", ""


def _valid(token: str) -> bool:
    return not token or bool(re.fullmatch(r"#[0-9A-F]{6}|theme:\d+:-?[0-9.]+|indexed:\d+", token))
