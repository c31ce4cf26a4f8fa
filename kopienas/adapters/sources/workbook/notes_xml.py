"""Cell notes of one worksheet: the comments part and the legacy VML drawing Excel shows them with.

The parts are created (with their relationships and content types) the first time a sheet gets a
note; a note is added or removed together with its VML shape. Notes by other authors, other
shapes and everything else in both parts stay as they are.
"""

from __future__ import annotations

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
    child,
    detach,
    q,
)
from kopienas.adapters.sources.workbook.refs import parse_ref, string_text, xml_text

NS_V = "urn:schemas-microsoft-com:vml"
NS_O = "urn:schemas-microsoft-com:office:office"
NS_X = "urn:schemas-microsoft-com:office:excel"
NOTE_TYPE = "_x0000_t202"

_VML_START = (
    f'<xml xmlns:v="{NS_V}" xmlns:o="{NS_O}" xmlns:x="{NS_X}">'
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout></xml>'
)
_SHAPETYPE = (
    f'<v:shapetype xmlns:v="{NS_V}" xmlns:o="{NS_O}" id="{NOTE_TYPE}" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)
_SHAPE = (
    f'<v:shape xmlns:v="{NS_V}" xmlns:o="{NS_O}" xmlns:x="{NS_X}" id="{{id}}" type="#{NOTE_TYPE}" '
    'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:90pt;z-index:1;'
    'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
    '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
    '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox>'
    '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
    "<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
    "<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
)


class Drawing(Protocol):
    """Where a worksheet links its notes' drawing (`sheet_xml.Children`)."""

    def legacy_drawing(self) -> str | None: ...

    def set_legacy_drawing(self, rel_id: str) -> None: ...


class Notes:
    """The notes of one sheet, read on first use and changed in place."""

    def __init__(self, package: Package, sheet_part: str, sheet: Drawing):
        self.package = package
        self.sheet_part = sheet_part
        self.sheet = sheet
        comments = package.targets(sheet_part, REL_COMMENTS)
        self.comments_part = comments[0][1] if comments else None
        drawing_id = sheet.legacy_drawing()
        vml = dict(package.targets(sheet_part, REL_VML))
        self.vml_part = vml.get(drawing_id) if drawing_id else None
        self._by_ref: dict[str, etree._Element] | None = None
        self._shapes: dict[tuple[int, int], list[etree._Element]] | None = None
        self._next_id = 1024

    # -- reading --------------------------------------------------------------------------------
    def _comments(self) -> dict[str, etree._Element]:
        if self._by_ref is None:
            self._by_ref = {}
            if self.comments_part and self.package.has(self.comments_part):
                root = self.package.parse_only(self.comments_part)
                for c in root.iter(q("comment")):
                    self._by_ref.setdefault(c.get("ref", "").upper(), c)
        return self._by_ref

    def author(self, cell: str) -> str | None:
        """Who wrote the note on a cell ('' when unknown), None when it has none."""
        c = self._comments().get(cell)
        if c is None:
            return None
        authors = self._authors(self.package.parse_only(self.comments_part or ""))
        i = int(c.get("authorId", "0"))
        return (authors[i].text or "") if 0 <= i < len(authors) else ""

    def text(self, cell: str) -> str | None:
        c = self._comments().get(cell)
        if c is None:
            return None
        body = c.find(q("text"))
        return string_text(body) if body is not None else ""

    # -- writing --------------------------------------------------------------------------------
    def put(self, cell: str, text: str, author: str) -> None:
        """Add a note (or replace the one there) with its shape."""
        root = self._edit_comments()
        authors = self._authors(root)
        names = [a.text or "" for a in authors]
        if author not in names:
            etree.SubElement(child(root, "authors"), q("author")).text = author
            names.append(author)
        existing = self._comments().get(cell)
        comment = etree.Element(q("comment"), ref=cell, authorId=str(names.index(author)))
        body = etree.SubElement(comment, q("text"))
        t = etree.SubElement(body, q("t"))
        t.text = xml_text(text)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if existing is not None:
            existing.addnext(comment)
            detach(existing)
        else:
            child(root, "commentList").append(comment)
        self._comments()[cell] = comment
        self._shape(cell, add=True)

    def remove(self, cell: str) -> None:
        existing = self._comments().get(cell)
        if existing is None:
            return
        self._edit_comments()
        detach(existing)
        del self._comments()[cell]
        self._shape(cell, add=False)

    @staticmethod
    def _authors(root: etree._Element) -> list[etree._Element]:
        box = root.find(q("authors"))
        return list(box) if box is not None else []

    def _edit_comments(self) -> etree._Element:
        if self.comments_part is None or not self.package.has(self.comments_part):
            part = self.package.unique_part("xl/comments{}.xml")
            root = etree.fromstring(f'<comments xmlns="{NS_MAIN}"><authors/><commentList/></comments>')
            self.package.put_xml(part, root)
            self.package.add_rel(self.sheet_part, REL_COMMENTS, part)
            self.package.ensure_override(part, CT_COMMENTS)
            self.comments_part = part
            self._by_ref = {}
        root = self.package.xml(self.comments_part)
        if root.find(q("authors")) is None:
            root.insert(0, etree.Element(q("authors")))
        if root.find(q("commentList")) is None:
            child(root, "authors").addnext(etree.Element(q("commentList")))
        return root

    def _edit_vml(self) -> etree._Element:
        if self.vml_part is None or not self.package.has(self.vml_part):
            part = self.package.unique_part("xl/drawings/vmlDrawing{}.vml")
            self.package.put_xml(part, etree.fromstring(_VML_START))
            self.sheet.set_legacy_drawing(self.package.add_rel(self.sheet_part, REL_VML, part))
            self.package.ensure_default("vml", CT_VML)
            self.vml_part = part
        try:
            return self.package.xml(self.vml_part)
        except PackageError:
            raise PackageError("the sheet's notes drawing (VML) cannot be read, so no note can be added") from None

    def _shape(self, cell: str, *, add: bool) -> None:
        row, col = parse_ref(cell)
        if not add and (self.vml_part is None or not self.package.has(self.vml_part)):
            return
        root = self._edit_vml()
        shapes = self._shapes_by_cell(root)
        for shape in shapes.pop((row - 1, col - 1), []):
            detach(shape)
        if not add:
            return
        self._next_id += 1
        anchor = f"{col}, 15, {max(row - 2, 0)}, 10, {col + 4}, 15, {max(row - 2, 0) + 6}, 4"
        shape = etree.fromstring(_SHAPE.format(id=f"_x0000_s{self._next_id}", anchor=anchor, row=row - 1, col=col - 1))
        root.append(shape)
        shapes[(row - 1, col - 1)] = [shape]

    def _shapes_by_cell(self, root: etree._Element) -> dict[tuple[int, int], list[etree._Element]]:
        """The note shapes by (0-based row, column), read once; the next free shape number."""
        if self._shapes is None:
            self._shapes = {}
            numbers = [1024]
            for shape in root.iter(f"{{{NS_V}}}shape"):
                number = shape.get("id", "").rsplit("_s", 1)[-1]
                if number.isdigit():
                    numbers.append(int(number))
                data = shape.find(f"{{{NS_X}}}ClientData")
                if data is None or data.get("ObjectType") != "Note":
                    continue
                r, c = (
                    (data.findtext(f"{{{NS_X}}}Row") or "").strip(),
                    (data.findtext(f"{{{NS_X}}}Column") or "").strip(),
                )
                if r.isdigit() and c.isdigit():
                    self._shapes.setdefault((int(r), int(c)), []).append(shape)
            self._next_id = max(numbers)
            if not any(t.get("id") == NOTE_TYPE for t in root.iter(f"{{{NS_V}}}shapetype")):
                root.append(etree.fromstring(_SHAPETYPE))
        return self._shapes
