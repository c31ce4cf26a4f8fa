"""An .xlsx/.xlsm file as a package of parts (the zip), edited part by part.

Only the parts the writer changes are parsed and written anew; every other part is copied through
with its bytes, its name, its place in the zip and its zip entry's metadata unchanged. A big part
(a worksheet) can be read as a stream and written from one (`open`, `put_stream`), in pieces:
neither is ever held whole.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from lxml import etree

from kopienas.core.errors import Signal

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_OFFICE_DOCUMENT = NS_R + "/officeDocument"
REL_WORKSHEET = NS_R + "/worksheet"
REL_STYLES = NS_R + "/styles"
REL_SHARED_STRINGS = NS_R + "/sharedStrings"
REL_CALC_CHAIN = NS_R + "/calcChain"
REL_COMMENTS = NS_R + "/comments"
REL_VML = NS_R + "/vmlDrawing"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"

_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)
_ZIP64_FROM = 1 << 30  # an entry this big may outgrow 4 GiB once changed: written as zip64
_COPY_PIECE = 1 << 20


class PackageError(Signal):
    """The file is not a spreadsheet package the writer understands."""


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def child(parent: etree._Element, tag: str) -> etree._Element:
    """A child element that must be there (the part is not what the writer expects otherwise)."""
    found = parent.find(q(tag))
    if found is None:
        raise PackageError(f"no <{tag}> in <{etree.QName(parent).localname}>")
    return found


def detach(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def q(tag: str, ns: str = NS_MAIN) -> str:
    return f"{{{ns}}}{tag}"


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship's target as a part name (no leading slash), relative to its source part."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relative(source_part: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


@dataclass(frozen=True, slots=True)
class SheetRef:
    name: str
    part: str  # e.g. xl/worksheets/sheet1.xml
    element: etree._Element  # the <sheet> element in workbook.xml


class Package:
    def __init__(self, data: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError) as e:
            raise PackageError(f"not a zip file ({e})") from None
        self._names = {i.filename.lower(): i.filename for i in self._infos}
        self._new: dict[str, bytes] = {}  # part -> bytes of an added part
        self._added: list[str] = []
        self._removed: set[str] = set()
        self._parsed: dict[str, etree._Element] = {}  # parsed parts (read or edited)
        self._dirty: set[str] = set()  # parsed parts that are written back
        self._streamed: dict[str, Callable[[], Iterator[bytes]]] = {}  # part -> its new bytes, in pieces
        self.workbook_part = self._workbook_part()

    # -- parts ----------------------------------------------------------------------------------
    def name(self, part: str) -> str | None:
        """The zip name of a part (part names are case-insensitive), None when absent."""
        if part in self._removed:
            return None
        if part in self._new:
            return part
        name = self._names.get(part.lower())
        return None if name in self._removed else name

    def has(self, part: str) -> bool:
        return self.name(part) is not None

    def read(self, part: str) -> bytes:
        name = self.name(part)
        if name is None:
            raise KeyError(part)
        if name in self._new:
            return self._new[name]
        return self._zip.read(name)

    def open(self, part: str) -> IO[bytes]:
        """The part's bytes as a stream (as they were in the file)."""
        name = self.name(part)
        if name is None or name in self._new:
            raise KeyError(part)
        return self._zip.open(name)

    def put_stream(self, part: str, pieces: Callable[[], Iterator[bytes]]) -> None:
        """Replace an existing part with bytes that come in pieces when the package is written."""
        name = self.name(part)
        if name is None or name in self._new:
            raise KeyError(part)
        self._parsed.pop(name, None)
        self._dirty.discard(name)
        self._streamed[name] = pieces

    def parse_only(self, part: str) -> etree._Element:
        """The parsed part, for reading (edits to it are kept only after `xml(part)`)."""
        name = self.name(part)
        if name is None:
            raise KeyError(part)
        if name not in self._parsed:
            try:
                self._parsed[name] = etree.fromstring(self.read(name), _PARSER)
            except etree.XMLSyntaxError as e:
                raise PackageError(f"{name} is not well-formed XML ({e})") from None
        return self._parsed[name]

    def xml(self, part: str) -> etree._Element:
        """The parsed part, to edit: it is written back on `to_bytes`."""
        root = self.parse_only(part)
        self._dirty.add(self.name(part) or part)
        return root

    def put_xml(self, part: str, root: etree._Element) -> None:
        """Add a part, or replace one whole (also one removed before: it keeps its place)."""
        original = self._names.get(part.lower())
        if original is not None:
            self._removed.discard(original)
            name = original
        else:
            name = part
            if part not in self._added:
                self._added.append(part)
            self._new[part] = b""
        self._parsed[name] = root
        self._dirty.add(name)

    def put_bytes(self, part: str, data: bytes) -> None:
        """Add a part, or replace one whole, with bytes made by the writer itself."""
        original = self._names.get(part.lower())
        name = original if original is not None else self.name(part) or part
        if original is not None:
            self._removed.discard(original)
        elif name not in self._added:
            self._added.append(name)
        self._parsed.pop(name, None)
        self._dirty.discard(name)
        self._new[name] = data

    def remove(self, part: str) -> None:
        name = self.name(part)
        if name is not None:
            self._parsed.pop(name, None)
            self._dirty.discard(name)
            self._new.pop(name, None)
            if name in self._added:
                self._added.remove(name)
            self._removed.add(name)

    def order(self) -> list[str]:
        """The zip names of the parts, in the order they are written."""
        return [i.filename for i in self._infos if i.filename not in self._removed] + self._added

    def unique_part(self, pattern: str) -> str:
        """The first free part name for a pattern such as 'xl/comments{}.xml'."""
        n = 1
        while self.has(pattern.format(n)):
            n += 1
        return pattern.format(n)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for info in self._infos:
                if info.filename in self._removed:
                    continue
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)  # no stale zip64 extras
                entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
                entry.create_system, entry.comment = info.create_system, info.comment
                data = self._data(info.filename)
                if data is not None:
                    z.writestr(entry, data)
                    continue
                with z.open(entry, "w", force_zip64=info.file_size > _ZIP64_FROM) as dest:
                    if info.filename in self._streamed:
                        for piece in self._streamed[info.filename]():
                            dest.write(piece)
                    else:
                        with self._zip.open(info) as source:
                            while piece := source.read(_COPY_PIECE):
                                dest.write(piece)
            for name in self._added:
                z.writestr(
                    zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)),
                    self._data(name) or b"",
                    zipfile.ZIP_DEFLATED,
                )
        return out.getvalue()

    def _data(self, name: str) -> bytes | None:
        """A changed part's bytes, made when it is written (a streamed part before it may still
        change it), None for one copied through or streamed."""
        if name in self._dirty:
            root = self._parsed[name]
            # VML is read by Excel's legacy parser, which expects no XML declaration.
            return etree.tostring(root) if name.lower().endswith(".vml") else serialize(root)
        return self._new.get(name)

    # -- relationships and content types --------------------------------------------------------
    def rels(self, part: str) -> etree._Element:
        """The relationships of a part (created empty when it has none)."""
        name = rels_name(part)
        if not self.has(name):
            self.put_xml(name, etree.fromstring(f'<Relationships xmlns="{NS_PKG_REL}"/>'))
        return self.xml(name)

    def targets(self, part: str, rel_type: str) -> list[tuple[str, str]]:
        """(relationship id, target part) of a part's relationships of one type."""
        name = rels_name(part)
        if not self.has(name):
            return []
        root = self.parse_only(name)
        return [
            (r.get("Id", ""), resolve(part, r.get("Target", "")))
            for r in root
            if r.get("Type") == rel_type and r.get("TargetMode") != "External"
        ]

    def add_rel(self, part: str, rel_type: str, target_part: str) -> str:
        root = self.rels(part)
        taken = {r.get("Id") for r in root}
        n = len(taken) + 1
        while f"rId{n}" in taken:
            n += 1
        rel = etree.SubElement(root, q("Relationship", NS_PKG_REL))
        rel.set("Id", f"rId{n}")
        rel.set("Type", rel_type)
        rel.set("Target", relative(part, target_part))
        return f"rId{n}"

    def remove_rels(self, part: str, rel_type: str) -> None:
        if not self.has(rels_name(part)):
            return
        root = self.xml(rels_name(part))
        for r in list(root):
            if r.get("Type") == rel_type:
                root.remove(r)

    def content_types(self) -> etree._Element:
        return self.xml("[Content_Types].xml")

    def ensure_override(self, part: str, content_type: str) -> None:
        root = self.content_types()
        name = "/" + part
        if any(o.get("PartName", "").lower() == name.lower() for o in root.iter(q("Override", NS_CT))):
            return
        el = etree.SubElement(root, q("Override", NS_CT))
        el.set("PartName", name)
        el.set("ContentType", content_type)

    def ensure_default(self, extension: str, content_type: str) -> None:
        root = self.parse_only("[Content_Types].xml")
        if any(d.get("Extension", "").lower() == extension for d in root.iter(q("Default", NS_CT))):
            return
        root = self.content_types()
        el = etree.Element(q("Default", NS_CT))
        el.set("Extension", extension)
        el.set("ContentType", content_type)
        root.insert(0, el)  # Defaults come before Overrides

    def remove_override(self, part: str) -> None:
        root = self.content_types()
        for o in list(root.iter(q("Override", NS_CT))):
            if o.get("PartName", "").lower() == "/" + part.lower():
                root.remove(o)

    # -- the workbook ---------------------------------------------------------------------------
    def _workbook_part(self) -> str:
        if not self.has("[Content_Types].xml") or not self.has("_rels/.rels"):
            raise PackageError("no [Content_Types].xml or _rels/.rels")
        found = self.targets("", REL_OFFICE_DOCUMENT)
        if not found:
            raise PackageError("no officeDocument relationship (a Strict Open XML workbook is not supported)")
        return found[0][1]

    def sheets(self) -> list[SheetRef]:
        workbook = self.parse_only(self.workbook_part)
        parts = dict(self.targets(self.workbook_part, REL_WORKSHEET))
        out = []
        sheets = workbook.find(q("sheets"))
        for s in sheets if sheets is not None else ():
            part = parts.get(s.get(q("id", NS_R), ""))
            if part is not None:
                out.append(SheetRef(s.get("name", ""), part, s))
        return out

    def part_of_type(self, rel_type: str) -> str | None:
        found = self.targets(self.workbook_part, rel_type)
        return found[0][1] if found else None


class Spool:
    """Bytes written in pieces and kept compressed in memory (a worksheet of 60 MB is a few MB
    here), to be read back in pieces: a part made before the parts it changes are written."""

    def __init__(self) -> None:
        self._packer = zlib.compressobj(1)  # fast: the bytes are compressed again in the zip
        self._packed: list[bytes] = []
        self._pending: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        self._pending.append(data)
        self._size += len(data)
        if self._size >= _COPY_PIECE:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._packed.append(self._packer.compress(b"".join(self._pending)))
            self._pending, self._size = [], 0

    def close(self) -> None:
        self._flush()
        self._packed.append(self._packer.flush())

    def pieces(self) -> Iterator[bytes]:
        unpacker = zlib.decompressobj()
        for packed in self._packed:
            yield unpacker.decompress(packed)
        yield unpacker.flush()
