"""Comparing two workbook packages part by part and cell by cell (for the write-back tests)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MARK_COLOR = "FFFCE4E4"


def m(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def parts(path_or_bytes: Path | bytes) -> dict[str, bytes]:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def rels_of(pkg: dict[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of a part."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in pkg:
        return {}
    out = {}
    for r in etree.fromstring(pkg[rels]):
        target = r.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[r.get("Id")] = (r.get("Type", "").rsplit("/", 1)[-1], resolved)
    return out


def sheet_part(pkg: dict[str, bytes], title: str) -> str:
    workbook = etree.fromstring(pkg["xl/workbook.xml"])
    rels = rels_of(pkg, "xl/workbook.xml")
    for s in workbook.iter(m("sheet")):
        if s.get("name") == title:
            return rels[s.get(f"{{{R}}}id")][1]
    raise KeyError(title)


def cells(xml: bytes) -> dict[str, etree._Element]:
    root = etree.fromstring(xml)
    return {c.get("r"): c for c in root.iter(m("c"))}


def canon(element: etree._Element, drop: tuple[str, ...] = ()) -> bytes:
    copy = etree.fromstring(etree.tostring(element))
    for attr in drop:
        copy.attrib.pop(attr, None)
    return etree.tostring(copy, method="c14n")


def column_of(pkg: dict[str, bytes], title: str, header: str) -> str | None:
    part = sheet_part(pkg, title)
    strings = shared_strings(pkg)
    for ref, c in cells(pkg[part]).items():
        if value(c, strings) == header and ref.rstrip("0123456789") and ref[len(ref.rstrip("0123456789")) :] == "1":
            return ref.rstrip("0123456789")
    return None


def shared_strings(pkg: dict[str, bytes]) -> list[str]:
    if "xl/sharedStrings.xml" not in pkg:
        return []
    root = etree.fromstring(pkg["xl/sharedStrings.xml"])
    return ["".join(t.text or "" for t in si.iter(m("t"))) for si in root.iter(m("si"))]


def value(c: etree._Element, strings: list[str]) -> object:
    t = c.get("t", "n")
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(m("t")))
    v = c.findtext(m("v"))
    if v is None:
        return None
    return strings[int(v)] if t == "s" else v


@dataclass
class Styles:
    xfs: list[etree._Element]
    fills: list[etree._Element]

    @classmethod
    def of(cls, pkg: dict[str, bytes]) -> Styles:
        root = etree.fromstring(pkg["xl/styles.xml"])
        box = root.find(m("cellXfs"))
        fills = root.find(m("fills"))
        return cls(list(box) if box is not None else [], list(fills) if fills is not None else [])

    def fill(self, s: str | None) -> str | None:
        xf = self.xfs[int(s or 0)]
        pattern = self.fills[int(xf.get("fillId", "0"))].find(m("patternFill"))
        if pattern is None or pattern.get("patternType") != "solid":
            return None
        fg = pattern.find(m("fgColor"))
        return fg.get("rgb") if fg is not None else None


@dataclass
class Report:
    changed_parts: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def only_tool_changes(before: dict[str, bytes], after: dict[str, bytes], tab: str, tool_columns: set[str]) -> Report:
    """Every difference between two packages that is not the tool's: parts other than the ones the
    writer may edit, coordinator cells (anything but the tool's columns, IDs it filled in and the
    mark fill it puts on or takes off), the sheet's other elements, and existing styles, content
    types and relationships (which may only grow)."""
    report = Report()
    sheet = sheet_part(before, tab)
    sheet_rels = rels_of(before, sheet)
    own = {sheet, "xl/styles.xml", "[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
    own.add(posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels"))
    own |= {target for kind, target in sheet_rels.values() if kind in ("comments", "vmlDrawing")}
    if "Kopsavilkums" in _titles(before):
        own.add(sheet_part(before, "Kopsavilkums"))
    for name, data in before.items():
        if name not in after:
            if name != "xl/calcChain.xml":
                report.problems.append(f"part removed: {name}")
        elif after[name] != data:
            report.changed_parts.add(name)
            if name not in own:
                report.problems.append(f"part changed: {name}")
    _grows_only(report, before, after)
    b_cells, a_cells = cells(before[sheet]), cells(after[sheet])
    b_styles, a_styles = Styles.of(before), Styles.of(after)
    for ref, c in b_cells.items():
        col = ref.rstrip("0123456789")
        if col in tool_columns:
            continue
        new = a_cells.get(ref)
        if new is None:
            report.problems.append(f"cell removed: {ref}")
            continue
        if canon(c) == canon(new):
            continue
        if col == "A" and c.find(m("f")) is None and value(c, shared_strings(before)) in (None, ""):
            continue  # an ID the tool filled in
        if canon(c, ("s",)) == canon(new, ("s",)):
            old_fill, new_fill = b_styles.fill(c.get("s")), a_styles.fill(new.get("s"))
            if MARK_COLOR in (old_fill, new_fill) and _same_but_fill(b_styles, a_styles, c.get("s"), new.get("s")):
                continue
        report.problems.append(f"cell changed: {ref}: {canon(c)!r} -> {canon(new)!r}")
    # the rest of the sheet: everything but the cells, the extent, column widths and the note drawing link
    report.problems += _sheet_rest(before[sheet], after[sheet])
    return report


def _titles(pkg: dict[str, bytes]) -> list[str]:
    return [s.get("name") for s in etree.fromstring(pkg["xl/workbook.xml"]).iter(m("sheet"))]


def _same_but_fill(b: Styles, a: Styles, s_old: str | None, s_new: str | None) -> bool:
    old, new = b.xfs[int(s_old or 0)], a.xfs[int(s_new or 0)]
    return canon(old, ("fillId", "applyFill")) == canon(new, ("fillId", "applyFill"))


def _grows_only(report: Report, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    b, a = etree.fromstring(before["xl/styles.xml"]), etree.fromstring(after["xl/styles.xml"])
    for b_box in b:
        a_box = a.find(b_box.tag)
        b_items = [canon(x) for x in b_box]
        a_items = [canon(x) for x in a_box] if a_box is not None else []
        if a_items[: len(b_items)] != b_items:
            report.problems.append(f"styles renumbered: {etree.QName(b_box).localname}")
    for name in before:
        if (name.endswith(".rels") or name == "[Content_Types].xml") and name in after:
            old = {canon(x) for x in etree.fromstring(before[name])}
            new = {canon(x) for x in etree.fromstring(after[name])}
            if not old <= new and name != "xl/_rels/workbook.xml.rels":
                report.problems.append(f"entries lost from {name}")
    b_wb, a_wb = etree.fromstring(before["xl/workbook.xml"]), etree.fromstring(after["xl/workbook.xml"])
    for root in (b_wb, a_wb):
        for s in root.iter(m("sheets")):
            s.getparent().remove(s)
    if canon(b_wb) != canon(a_wb):
        report.problems.append("workbook.xml changed beyond its list of sheets")


def _sheet_rest(before: bytes, after: bytes) -> list[str]:
    def rest(xml: bytes) -> list[bytes]:
        root = etree.fromstring(xml)
        skip = {m(t) for t in ("sheetData", "dimension", "cols", "legacyDrawing", "mergeCells")}
        return [canon(child) for child in root if child.tag not in skip]

    return [] if rest(before) == rest(after) else ["the sheet's other elements changed"]


_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def with_workbook_part(data: bytes, name: str, body: bytes, kind: str, rel_id: str) -> bytes:
    """The package with one more part of the workbook, `xl/<name>` (e.g. "sharedStrings.xml", kind
    "sharedStrings"): the part, its relationship from the workbook, and its content type."""
    rel = f'<Relationship Id="{rel_id}" Type="{_OFFICE_RELS}{kind}" Target="{name}"/></Relationships>'
    override = f'<Override PartName="/xl/{name}" ContentType="{_SPREADSHEETML}{kind}+xml"/></Types>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                part = part.replace(b"</Relationships>", rel.encode())
            elif info.filename == "[Content_Types].xml":
                part = part.replace(b"</Types>", override.encode())
            dst.writestr(info, part)
        dst.writestr(f"xl/{name}", body)
    return out.getvalue()
