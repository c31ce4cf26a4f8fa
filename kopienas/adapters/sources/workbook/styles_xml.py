"""The styles part: the cell formats the writer needs, appended, never renumbered.

A changed cell gets a copy of its own format (`cellXfs` entry) with one thing changed — a fill, a
bold font, wrapped text — so its number format, borders and font stay. An identical format already
in the part is reused, so running again adds nothing.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from kopienas.adapters.sources.workbook.package import NS_MAIN, REL_STYLES, Package, q

CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
KEEP = object()  # "leave the fill as it is"

_MINIMAL = (
    f'<styleSheet xmlns="{NS_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs")


class Styles:
    def __init__(self, package: Package):
        self.package = package
        part = package.part_of_type(REL_STYLES)
        if part is None:
            part = "xl/styles.xml" if not package.has("xl/styles.xml") else package.unique_part("xl/styles{}.xml")
            package.put_xml(part, etree.fromstring(_MINIMAL))
            package.add_rel(package.workbook_part, REL_STYLES, part)
            package.ensure_override(part, CT_STYLES)
        self.part = part
        self.root = package.parse_only(part)
        self._memo: dict[tuple[object, ...], int] = {}
        self._known: dict[str, dict[bytes, int]] = {}

    def _list(self, name: str) -> etree._Element:
        found = self.root.find(q(name))
        if found is None:
            found = _element(q(name), count="0")
            followers = _ORDER[_ORDER.index(name) + 1 :]
            anchor = next((c for c in self.root if c.tag in {q(n) for n in followers}), None)
            if anchor is not None:
                anchor.addprevious(found)
            else:
                self.root.insert(0, found)
        return found

    def _index_of(self, name: str, element: etree._Element) -> int:
        """The position of an identical entry in fonts/fills/cellXfs, appended when there is none."""
        box = self._list(name)
        known = self._known.get(name)
        if known is None:
            known = {}
            for i, child in enumerate(box):
                known.setdefault(etree.tostring(child), i)
            self._known[name] = known
        key = etree.tostring(element)
        if key in known:
            return known[key]
        self.package.xml(self.part)  # the part changes: write it back
        box.append(element)
        known[key] = len(box) - 1
        box.set("count", str(len(box)))
        return len(box) - 1

    def _xf(self, index: int) -> etree._Element:
        xfs = self._list("cellXfs")
        if 0 <= index < len(xfs):
            return xfs[index]
        if len(xfs):
            return xfs[0]
        return _element(q("xf"), numFmtId="0", fontId="0", fillId="0", borderId="0", xfId="0")

    def derive(
        self, base: int, *, fill: object = KEEP, bold: bool = False, size: float | None = None, wrap: bool = False
    ) -> int:
        """The format `base` with a fill (a token, "" or None for none), a bold font or wrapped text."""
        key = (base, fill, bold, size, wrap)
        if key in self._memo:
            return self._memo[key]
        xf = copy.deepcopy(self._xf(base))
        if fill is not KEEP:
            xf.set("fillId", str(self._fill(fill if isinstance(fill, str) else None)))
            xf.set("applyFill", "1")
        if bold or size:
            xf.set("fontId", str(self._font(int(xf.get("fontId", "0")), bold, size)))
            xf.set("applyFont", "1")
        if wrap:
            alignment = xf.find(q("alignment"))
            if alignment is None:
                alignment = _element(q("alignment"))
                xf.insert(0, alignment)
            alignment.set("wrapText", "1")
            alignment.set("vertical", "top")
            xf.set("applyAlignment", "1")
        found = self._index_of("cellXfs", xf)
        self._memo[key] = found
        return found

    def _fill(self, token: str | None) -> int:
        """A fill from a token (see `decor`): "" or None no fill, "#RRGGBB", "theme:N:TINT",
        "indexed:N" solid, "pattern:TYPE:FG:BG" any other pattern."""
        if not token:
            return 0  # fills[0] is "none" in every workbook
        fill = _element(q("fill"))
        kind, fg, bg = "solid", token, ""
        if token.startswith("pattern:"):
            kind, colours = token.split(":", 2)[1:]
            fg, bg = _split_colours(colours)
        pattern = etree.SubElement(fill, q("patternFill"), patternType=kind)
        if fg:
            etree.SubElement(pattern, q("fgColor"), _colour(fg))
        if bg or kind == "solid":
            etree.SubElement(pattern, q("bgColor"), _colour(bg) if bg else {"indexed": "64"})
        return self._index_of("fills", fill)

    def _font(self, base: int, bold: bool, size: float | None) -> int:
        fonts = self._list("fonts")
        font = copy.deepcopy(fonts[base]) if 0 <= base < len(fonts) else _element(q("font"))
        if bold and font.find(q("b")) is None:
            font.insert(0, _element(q("b")))
        if size:
            sz = font.find(q("sz"))
            if sz is None:
                sz = etree.SubElement(font, q("sz"))
            sz.set("val", f"{size:g}")
        return self._index_of("fonts", font)


def _element(tag: str, **attrs: str) -> etree._Element:
    """A new element in the main namespace as its default one, as the part's own elements are: an
    identical format is then recognised by its bytes whatever prefixes the process has registered."""
    element = etree.fromstring(f'<{etree.QName(tag).localname} xmlns="{NS_MAIN}"/>')
    for name, value in attrs.items():
        element.set(name, value)
    return element


_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}|theme:\d+:-?[0-9.]+|indexed:\d+")


def _colour(token: str) -> dict[str, str]:
    """A colour token as <fgColor>/<bgColor> attributes."""
    if token.startswith("#"):
        return {"rgb": "FF" + token[1:].upper()}
    kind, _, rest = token.partition(":")
    if kind == "theme":
        theme, _, tint = rest.partition(":")
        return {"theme": theme} | ({"tint": tint} if tint and float(tint) else {})
    return {"indexed": rest}


def _split_colours(rest: str) -> tuple[str, str]:
    """ "FG:BG", each of which may hold colons itself (theme:N:TINT)."""
    for i in range(len(rest) + 1):
        if i == len(rest) or rest[i] == ":":
            fg, bg = rest[:i], rest[i + 1 :]
            if all(not t or _COLOUR.fullmatch(t) for t in (fg, bg)):
                return fg, bg
    return "", ""
