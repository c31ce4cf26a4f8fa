"""Cell notes of one worksheet: the comments part and the legacy VML drawing Excel shows them with.

The parts are created (with their relationships and content types) the first time a sheet gets a
note; a note is added or removed together with its VML shape. Notes by other authors, other
shapes and everything else in both parts stay as they are, byte for byte.

Changes are gathered first (`put`, `remove`) and made in one go (`close`), on the parts' bytes:
a sheet with ten thousand notes has a drawing of several megabytes, which as a tree would take
many times that.
"""

from __future__ import annotations

import html
import re
from typing import Protocol

from lxml import etree

from kopienas.adapters.sources.workbook.package import (
    CT_COMMENTS,
    CT_VML,
    NS_MAIN,
    REL_COMMENTS,
    REL_VML,
    Package,
    PackageError,
)
from kopienas.adapters.sources.workbook.refs import parse_ref, xml_text

NS_V = "urn:schemas-microsoft-com:vml"
NS_O = "urn:schemas-microsoft-com:office:office"
NS_X = "urn:schemas-microsoft-com:office:excel"
NOTE_TYPE = "_x0000_t202"
_DECLARED = f' xmlns:v="{NS_V}" xmlns:o="{NS_O}" xmlns:x="{NS_X}"'

_VML_START = (
    f'<xml{_DECLARED}><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout></xml>'
).encode()
_SHAPETYPE = (
    '<v:shapetype{ns} id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)
_SHAPE = (
    '<v:shape{ns} id="{id}" type="#_x0000_t202" '
    'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:90pt;z-index:1;'
    'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
    '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox>'
    '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
    "<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
    "<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
)
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)
_COMMENTS = f'<comments xmlns="{NS_MAIN}"><authors/><commentList/></comments>'.encode()
_PREFIX = rb"(?:([A-Za-z_][\w.\-]*):)?"
_REF = re.compile(rb"""(?:^|\s)ref\s*=\s*["']([^"']*)["']""")
_ID = re.compile(rb"""(?:^|\s)id\s*=\s*["']([^"']*)["']""")


class Drawing(Protocol):
    """Where a worksheet links its notes' drawing (`sheet_xml.Children`)."""

    def legacy_drawing(self) -> str | None: ...

    def set_legacy_drawing(self, rel_id: str) -> None: ...


class Notes:
    """The notes of one sheet: changes gathered by `put` and `remove`, made by `close`."""

    def __init__(self, package: Package, sheet_part: str, sheet: Drawing):
        self.package = package
        self.sheet_part = sheet_part
        self.sheet = sheet
        comments = package.targets(sheet_part, REL_COMMENTS)
        self.comments_part = comments[0][1] if comments else None
        drawing_id = sheet.legacy_drawing()
        vml = dict(package.targets(sheet_part, REL_VML))
        self.vml_part = vml.get(drawing_id) if drawing_id else None
        self._changes: dict[str, tuple[str, str] | None] = {}  # cell -> (text, author); None: removed

    def put(self, cell: str, text: str, author: str) -> None:
        """Add a note (or replace the one there) with its shape."""
        if self.comments_part is None or not self.package.has(self.comments_part):
            part = self.package.unique_part("xl/comments{}.xml")
            self.package.put_bytes(part, _COMMENTS)
            self.package.add_rel(self.sheet_part, REL_COMMENTS, part)
            self.package.ensure_override(part, CT_COMMENTS)
            self.comments_part = part
        if self.vml_part is None or not self.package.has(self.vml_part):
            part = self.package.unique_part("xl/drawings/vmlDrawing{}.vml")
            self.package.put_bytes(part, _VML_START)
            self.sheet.set_legacy_drawing(self.package.add_rel(self.sheet_part, REL_VML, part))
            self.package.ensure_default("vml", CT_VML)
            self.vml_part = part
        self._changes[cell.upper()] = (text, author)

    def remove(self, cell: str) -> None:
        """Remove the note on a cell, and its shape (a cell without a note: nothing)."""
        if self.comments_part is not None and self.package.has(self.comments_part):
            self._changes[cell.upper()] = None

    def close(self) -> None:
        """Make the gathered changes in the comments part and the drawing."""
        if not self._changes or self.comments_part is None:
            return
        data, gone = _edit_comments(self.package.read(self.comments_part), self._changes)
        self.package.put_bytes(self.comments_part, data)
        added = [parse_ref(cell) for cell, change in self._changes.items() if change is not None]
        dropped = {parse_ref(cell) for cell in gone} | set(added)
        if self.vml_part is not None and self.package.has(self.vml_part) and dropped:
            self.package.put_bytes(self.vml_part, _edit_vml(self.package.read(self.vml_part), dropped, added))
        self._changes = {}


def _element(prefix: bytes, name: bytes) -> re.Pattern[bytes]:
    """A start tag (group 1: attributes, group 2: "/" when it is empty)."""
    return re.compile(rb"<" + re.escape(prefix) + name + rb"(?=[\s/>])([^>]*?)(/?)>")


def _children(raw: bytes, start: int, stop: int, prefix: bytes, name: bytes):
    """(start, end, attributes) of each `name` element in raw[start:stop] (never nested in itself)."""
    tag, end_tag = _element(prefix, name), b"</" + prefix + name + b">"
    pos = start
    while (m := tag.search(raw, pos, stop)) is not None:
        end = m.end() if m.group(2) else raw.find(end_tag, m.end()) + len(end_tag)
        if end < m.end():
            raise PackageError(f"a <{name.decode()}> without its end in the notes")
        yield m.start(), end, m.group(1)
        pos = end


def _edit_comments(raw: bytes, changes: dict[str, tuple[str, str] | None]) -> tuple[bytes, set[str]]:
    """The comments part with the changes made (a changed note stays where it was, a new one comes
    last); and the cells whose note was there before and is replaced or gone."""
    root = re.search(rb"<" + _PREFIX + rb"comments(?=[\s/>])", raw)
    if root is None:
        raise PackageError("the sheet's notes cannot be read")
    p = root.group(1) + b":" if root.group(1) else b""
    raw, names = _with_authors(raw, p, [c[1] for c in changes.values() if c is not None])
    box = _element(p, b"commentList").search(raw, root.end())
    if box is None:
        raise PackageError("the sheet's notes cannot be read (no <commentList>)")
    out, pos, gone = [], box.end(), set()
    box_end = box.end() if box.group(2) else raw.find(b"</" + p + b"commentList>", box.end())
    if box_end < 0:
        raise PackageError("the sheet's notes cannot be read (<commentList> does not end)")
    for start, end, attrs in _children(raw, box.end(), box_end, p, b"comment"):
        r = _REF.search(attrs)
        cell = r.group(1).decode().upper() if r else ""
        if cell not in changes or cell in gone:
            continue  # the first note on a cell is the one changed
        gone.add(cell)
        out += [raw[pos:start], _comment(p, cell, changes[cell], names)]
        pos = end
    new = [_comment(p, cell, change, names) for cell, change in changes.items() if cell not in gone]
    if box.group(2):  # <commentList/>
        tag = raw[box.start() : box.end() - 2].rstrip() + b">"
        return raw[: box.start()] + tag + b"".join(new) + b"</" + p + b"commentList>" + raw[box.end() :], gone
    return b"".join([raw[: box.end()], *out, raw[pos:box_end], *new, raw[box_end:]]), gone


def _with_authors(raw: bytes, p: bytes, wanted: list[str]) -> tuple[bytes, list[str]]:
    """The part with the `wanted` authors it does not name yet added at the end of <authors>; and
    every author, in order (a note names its author by position)."""
    authors = _element(p, b"authors").search(raw)
    if authors is None:
        raise PackageError("the sheet's notes cannot be read (no <authors>)")
    names: list[str] = []
    stop = authors.end()
    if not authors.group(2):
        stop = raw.find(b"</" + p + b"authors>", authors.end())
        e = re.escape(p)
        item = re.compile(rb"<" + e + rb"author(?:\s[^>]*?)?(?:/>|>(.*?)</" + e + rb"author>)", re.S)
        names = [html.unescape((m.group(1) or b"").decode()) for m in item.finditer(raw, authors.end(), stop)]
    extra = [n for n in dict.fromkeys(wanted) if n not in names]
    if not extra:
        return raw, names
    added = b"".join(b"<" + p + b"author>" + _text(n) + b"</" + p + b"author>" for n in extra)
    if authors.group(2):  # <authors/>
        tag = raw[authors.start() : authors.end() - 2].rstrip() + b">"
        return raw[: authors.start()] + tag + added + b"</" + p + b"authors>" + raw[authors.end() :], names + extra
    return raw[:stop] + added + raw[stop:], names + extra


def _comment(p: bytes, cell: str, change: tuple[str, str] | None, names: list[str]) -> bytes:
    if change is None:
        return b""
    text, author = change
    return (
        b"<" + p + b'comment ref="' + cell.encode() + b'" authorId="' + str(names.index(author)).encode() + b'">'
        b"<"
        + p
        + b"text><"
        + p
        + b't xml:space="preserve">'
        + _text(xml_text(text))
        + b"</"
        + p
        + b"t></"
        + p
        + b"text></"
        + p
        + b"comment>"
    )


def _text(value: str) -> bytes:
    return html.escape(value, quote=False).replace("\r", "&#13;").encode()  # a CR kept as typed


def _edit_vml(raw: bytes, dropped: set[tuple[int, int]], added: list[tuple[int, int]]) -> bytes:
    """The drawing without the note shapes of the `dropped` cells (row, column), with a shape for
    each `added` one at the end, numbered on from the highest shape number there."""
    root = re.search(rb"<" + _PREFIX + rb"xml(?=[\s/>])[^>]*?(/?)>", raw)
    prefixes = _vml_prefixes(raw[root.start() : root.end()]) if root else None
    if root is None or prefixes is None:
        return _edit_vml_tree(raw, dropped, added)  # namespaces declared shape by shape (openpyxl)
    v, o, x = prefixes
    end = len(raw) if root.group(2) else raw.rfind(b"</" + (root.group(1) + b":" if root.group(1) else b"") + b"xml>")
    row_of = re.compile(rb"<" + re.escape(x) + rb"Row>\s*(\d+)\s*</" + re.escape(x) + rb"Row>")
    col_of = re.compile(rb"<" + re.escape(x) + rb"Column>\s*(\d+)\s*</" + re.escape(x) + rb"Column>")
    note = re.compile(rb"<" + re.escape(x) + rb"ClientData[^>]*ObjectType\s*=\s*[\"']Note[\"']")
    out, pos, numbers = [], 0, [1024]
    for start, stop, attrs in _children(raw, root.end(), end, v, b"shape"):
        number = (m.group(1).decode() if (m := _ID.search(attrs)) else "").rsplit("_s", 1)[-1]
        numbers += [int(number)] if number.isdigit() else []
        shape = raw[start:stop]
        r, c = row_of.search(shape), col_of.search(shape)
        if note.search(shape) and r and c and (int(r.group(1)) + 1, int(c.group(1)) + 1) in dropped:
            out += [raw[pos:start]]
            pos = stop
    ns = "" if (v, o, x) == (b"v:", b"o:", b"x:") else _DECLARED  # else the new shapes declare their own
    has_type = re.search(rb"<" + re.escape(v) + rb"shapetype(?=[\s/>])[^>]*\sid\s*=\s*[\"']" + NOTE_TYPE.encode(), raw)
    new = [] if has_type else [_SHAPETYPE.format(ns=ns).encode()]
    new += [_shape(ns, i, row, col) for i, (row, col) in enumerate(added, start=max(numbers) + 1)]
    if root.group(2):  # <xml/>
        return raw[: root.end() - 2].rstrip() + b">" + b"".join(new) + b"</xml>" + raw[root.end() :]
    return b"".join([*out, raw[pos:end], *new, raw[end:]])


def _edit_vml_tree(raw: bytes, dropped: set[tuple[int, int]], added: list[tuple[int, int]]) -> bytes:
    """`_edit_vml` on a parsed drawing, for one whose root does not name the namespaces."""
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError:
        raise PackageError("the sheet's notes drawing (VML) cannot be read, so no note can be added") from None
    numbers = [1024]
    for shape in list(root.iter(f"{{{NS_V}}}shape")):
        number = shape.get("id", "").rsplit("_s", 1)[-1]
        numbers += [int(number)] if number.isdigit() else []
        data = shape.find(f"{{{NS_X}}}ClientData")
        if data is None or data.get("ObjectType") != "Note":
            continue
        r, c = ((data.findtext(f"{{{NS_X}}}{k}") or "").strip() for k in ("Row", "Column"))
        if r.isdigit() and c.isdigit() and (int(r) + 1, int(c) + 1) in dropped:
            shape.getparent().remove(shape)
    if not any(t.get("id") == NOTE_TYPE for t in root.iter(f"{{{NS_V}}}shapetype")):
        root.append(etree.fromstring(_SHAPETYPE.format(ns=_DECLARED)))
    for i, (row, col) in enumerate(added, start=max(numbers) + 1):
        root.append(etree.fromstring(_shape(_DECLARED, i, row, col)))
    return etree.tostring(root)  # Excel's legacy parser expects no XML declaration


def _shape(ns: str, number: int, row: int, col: int) -> bytes:
    anchor = f"{col}, 15, {max(row - 2, 0)}, 10, {col + 4}, 15, {max(row - 2, 0) + 6}, 4"
    return _SHAPE.format(ns=ns, id=f"_x0000_s{number}", anchor=anchor, row=row - 1, col=col - 1).encode()


def _vml_prefixes(root_tag: bytes) -> tuple[bytes, bytes | None, bytes] | None:
    """The prefixes the drawing's root gives the VML, Office and Excel namespaces ("v:", "o:", "x:")."""
    found = {
        uri: prefix + b":" for prefix, uri in re.findall(rb"""xmlns:([\w.\-]+)\s*=\s*["']([^"']*)["']""", root_tag)
    }
    v, o, x = found.get(NS_V.encode()), found.get(NS_O.encode()), found.get(NS_X.encode())
    return (v, o, x) if v and x else None
