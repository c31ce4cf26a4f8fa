"""A tab the tool owns and rewrites whole (`Kopsavilkums`): its worksheet part, made from rows.

A missing tab is added at the end (a new worksheet part, its relationship, content type and
<sheet> entry in workbook.xml); an existing one gets a new worksheet part in the same place.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from kopienas.adapters.sources.workbook.notes_xml import Notes
from kopienas.adapters.sources.workbook.package import (
    CT_WORKSHEET,
    NS_MAIN,
    NS_R,
    REL_COMMENTS,
    REL_VML,
    REL_WORKSHEET,
    Package,
    child,
    q,
    rels_name,
)
from kopienas.adapters.sources.workbook.refs import MAX_COLUMN, ref, xml_text
from kopienas.adapters.sources.workbook.sheet_xml import Children
from kopienas.adapters.sources.workbook.styles_xml import Styles
from kopienas.core.headers import find_title


def write_owned_tab(
    package: Package,
    styles: Styles,
    title: str,
    rows: list[list[object]],
    note: str | None,
    author: str,
    widths: Sequence[float] = (),
) -> None:
    """Write the tab whole, with its column widths; `note` (the tool's marker) goes on A1."""
    root = _sheet(styles, rows, widths)
    sheets = {s.name: s for s in package.sheets()}
    found = find_title(sheets, title)
    existing = sheets[found] if found is not None else None
    if existing is not None:
        part = existing.part
        # The old part's own notes go with it; nothing in the new part refers to its other parts.
        for kind in (REL_COMMENTS, REL_VML):
            for _, target in package.targets(part, kind):
                package.remove(target)
                package.remove_override(target)
        package.remove(rels_name(part))
        package.put_xml(part, root)
    else:
        part = _add_sheet(package, title, root)
    if note:
        notes = Notes(package, part, Children(root))
        notes.put("A1", note, author)
        notes.close()


def _add_sheet(package: Package, title: str, root: etree._Element) -> str:
    part = package.unique_part("xl/worksheets/sheet{}.xml")
    package.put_xml(part, root)
    package.ensure_override(part, CT_WORKSHEET)
    rel_id = package.add_rel(package.workbook_part, REL_WORKSHEET, part)
    workbook = package.xml(package.workbook_part)
    sheets = child(workbook, "sheets")
    ids = [int(s.get("sheetId", "0")) for s in sheets if (s.get("sheetId") or "").isdigit()]
    entry = etree.SubElement(sheets, q("sheet"), name=title[:31], sheetId=str(max(ids, default=0) + 1))
    entry.set(f"{{{NS_R}}}id", rel_id)
    return part


def _sheet(styles: Styles, rows: list[list[object]], widths: Sequence[float]) -> etree._Element:
    root = etree.fromstring(f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}"/>')
    width = min(max((len(r) for r in rows), default=1), MAX_COLUMN) or 1
    etree.SubElement(root, q("dimension"), ref=f"A1:{ref(max(len(rows), 1), width)}")
    views = etree.SubElement(root, q("sheetViews"))
    etree.SubElement(views, q("sheetView"), workbookViewId="0")
    etree.SubElement(root, q("sheetFormatPr"), defaultRowHeight="15")
    if widths:
        cols = etree.SubElement(root, q("cols"))
        for i, w in enumerate(widths[:MAX_COLUMN], start=1):
            etree.SubElement(cols, q("col"), min=str(i), max=str(i), width=f"{w:g}", customWidth="1")
    data = etree.SubElement(root, q("sheetData"))
    header_row = next((i for i, row in enumerate(rows, start=1) if len(row) > 3), None)
    title_style = styles.derive(0, bold=True, size=13) if rows else 0
    header_style = styles.derive(0, bold=True) if header_row else 0
    for r, values in enumerate(rows, start=1):
        row = etree.SubElement(data, q("row"), r=str(r))
        for c, value in enumerate(values[:MAX_COLUMN], start=1):
            style = title_style if (r, c) == (1, 1) else header_style if r == header_row else 0
            cell = _cell(r, c, value, style)
            if cell is not None:
                row.append(cell)
    etree.SubElement(
        root, q("pageMargins"), left="0.7", right="0.7", top="0.75", bottom="0.75", header="0.3", footer="0.3"
    )
    return root


def _cell(row: int, col: int, value: object, style: int) -> etree._Element | None:
    if value is None or value == "":
        return None
    c = etree.Element(q("c"), r=ref(row, col))
    if style:
        c.set("s", str(style))
    if isinstance(value, bool):
        c.set("t", "b")
        etree.SubElement(c, q("v")).text = "1" if value else "0"
    elif isinstance(value, int | float):
        etree.SubElement(c, q("v")).text = repr(value) if isinstance(value, float) else str(value)
    else:
        c.set("t", "inlineStr")
        t = etree.SubElement(etree.SubElement(c, q("is")), q("t"))
        t.text = xml_text(str(value))
    return c
