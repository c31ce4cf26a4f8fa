"""Make the committed workbook fixtures in tests/fixtures/ (run once; CI needs no LibreOffice).

    apt-get install -y libreoffice-calc-nogui && python scripts/make_xlsx_fixtures.py

1. openpyxl builds a workbook with the standard tabs: formulas in coordinator columns (`Kopiena`
   is `=Kopienas!A2`, `Kopā` is `=I2+J2`), ID cells holding formulas, a coordinator's note and
   fill, and a tab of totals formulas.
2. LibreOffice opens and saves it (`soffice --convert-to xlsx`): its own package layout, styles,
   note drawing, and the formulas' cached values.
3. What LibreOffice does not write itself is added to its package: an Excel-2010 (x14) dropdown
   and a sparkline group in the activities sheet's extension list, a text box (a DrawingML
   shape), a custom XML part and, for the .xlsm, a vbaProject.bin with the macro content types.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows

OUT = ROOT / "tests" / "fixtures"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"

EXT = f"""<extLst xmlns="{MAIN}">
<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}"><x14:dataValidations count="1" xmlns:xm="{XM}">
<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">
<x14:formula1><xm:f>Kopienas!$A$2:$A$10</xm:f></x14:formula1><xm:sqref>C2:C200</xm:sqref></x14:dataValidation>
</x14:dataValidations></ext>
<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups xmlns:xm="{XM}">
<x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/>
<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/><x14:colorFirst rgb="FFD00000"/>
<x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/>
<x14:sparklines><x14:sparkline><xm:f>'Aktivitātes'!I2:K2</xm:f><xm:sqref>R2</xm:sqref></x14:sparkline>
<x14:sparkline><xm:f>'Aktivitātes'!I3:K3</xm:f><xm:sqref>R3</xm:sqref></x14:sparkline></x14:sparklines>
</x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"""

DRAWING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>8</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>
<xdr:to><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>12</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>
<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Teksta lodziņš 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>
<xdr:spPr><a:xfrm><a:off x="600000" y="1500000"/><a:ext cx="1800000" cy="700000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>
<xdr:txBody><a:bodyPr vertOverflow="clip" wrap="square" rtlCol="0" anchor="t"/><a:lstStyle/><a:p><a:r><a:rPr lang="lv-LV" sz="1100"/>
<a:t>Aizpildiet katru rindu līdz piektdienai.</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"""

CUSTOM_XML = '<?xml version="1.0" encoding="UTF-8"?><programma xmlns="urn:kopienas:test"><gads>2020</gads></programma>'
ITEM_PROPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
    '<ds:datastoreItem ds:itemID="{6C9F3C4E-2B0B-4C7B-9E2F-2D7C1B6A1A11}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>'
)
# Not a working VBA project, only its shape: an OLE compound-file signature and some bytes.
VBA_PROJECT = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 16 + b"kopienas test macros " * 20


def base_workbook(path: Path) -> None:
    rows = activity_rows(
        activity(id="DGP-2020-01", community="=Kopienas!A2", total="=I2+J2"),
        activity(id="DGP-2020-02", total=381, phone="1"),
        activity(id="", title="Putru darbnīca", community="=Kopienas!A3"),
        activity(id='="DGP-2020-"&"04"', title="Formulas ID"),
        activity(id='=""', title="Tukšas formulas ID"),
    )
    rows[0] += ["Tendence", "Piezīmes"]
    rows[1] += [None, "koordinatora piezīme"]
    wb = Workbook()
    wb.remove(wb.active)
    for title, tab in (
        ("Kopienas", COMMUNITIES),
        ("Aktivitātes", rows),
        ("Iestādes", INSTITUTIONS),
        ("Partneri", PARTNERS),
    ):
        ws = wb.create_sheet(title)
        for r in tab:
            ws.append(r)
    ws = wb["Aktivitātes"]
    ws["F2"].comment = Comment("Jāprecizē adrese", "Arvita")
    ws["B3"].fill = PatternFill("solid", fgColor="FFFFFF00")
    ws.column_dimensions["G"].width = 40
    sums = wb.create_sheet("Aprēķini")
    sums.append(["Bērni", "Pieaugušie", "Kopā"])
    sums.append(["=SUM(Aktivitātes!I2:I20)", "=SUM(Aktivitātes!J2:J20)", "=A2+B2"])
    wb.save(path)


def libreoffice_save(source: Path, folder: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
    )
    return folder / source.name


def _rels_of(parts: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(parts[name])


def add_features(data: bytes, *, macros: bool) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        order = [i.filename for i in z.infolist()]
        parts = {n: z.read(n) for n in order}
    workbook = etree.fromstring(parts["xl/workbook.xml"])
    wb_rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    rid = next(s.get(f"{{{R}}}id") for s in workbook.iter(f"{{{MAIN}}}sheet") if s.get("name") == "Aktivitātes")
    sheet_part = "xl/" + next(r.get("Target") for r in wb_rels if r.get("Id") == rid).lstrip("/").removeprefix("xl/")
    sheet = etree.fromstring(parts[sheet_part])
    # the text box
    rels_name = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    rels = etree.fromstring(parts[rels_name]) if rels_name in parts else etree.Element(f"{{{PKG}}}Relationships")
    etree.SubElement(
        rels, f"{{{PKG}}}Relationship", Id="rIdTextBox", Target="../drawings/drawing1.xml", Type=f"{R}/drawing"
    )
    drawing = etree.Element(f"{{{MAIN}}}drawing")
    drawing.set(f"{{{R}}}id", "rIdTextBox")
    legacy = sheet.find(f"{{{MAIN}}}legacyDrawing")
    (legacy.addprevious(drawing) if legacy is not None else sheet.append(drawing))
    sheet.append(etree.fromstring(EXT))
    parts[sheet_part] = etree.tostring(sheet, xml_declaration=True, encoding="UTF-8", standalone=True)
    if rels_name not in order:
        order.append(rels_name)
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["xl/drawings/drawing1.xml"] = DRAWING.encode()
    order.append("xl/drawings/drawing1.xml")
    # custom XML
    etree.SubElement(
        wb_rels, f"{{{PKG}}}Relationship", Id="rIdCustom", Target="../customXml/item1.xml", Type=f"{R}/customXml"
    )
    parts["customXml/item1.xml"] = CUSTOM_XML.encode()
    parts["customXml/itemProps1.xml"] = ITEM_PROPS.encode()
    parts["customXml/_rels/item1.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{R}/customXmlProps" Target="itemProps1.xml"/></Relationships>'
    ).encode()
    order += ["customXml/item1.xml", "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels"]
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(
        types,
        f"{{{CT}}}Override",
        PartName="/xl/drawings/drawing1.xml",
        ContentType="application/vnd.openxmlformats-officedocument.drawing+xml",
    )
    etree.SubElement(
        types,
        f"{{{CT}}}Override",
        PartName="/customXml/itemProps1.xml",
        ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
    )
    if macros:
        etree.SubElement(
            wb_rels,
            f"{{{PKG}}}Relationship",
            Id="rIdVBA",
            Target="vbaProject.bin",
            Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        )
        parts["xl/vbaProject.bin"] = VBA_PROJECT
        order.append("xl/vbaProject.bin")
        for o in types:
            if o.get("PartName") == "/xl/workbook.xml":
                o.set("ContentType", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        types.insert(
            0, etree.Element(f"{{{CT}}}Default", Extension="bin", ContentType="application/vnd.ms-office.vbaProject")
        )
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["xl/_rels/workbook.xml.rels"] = etree.tostring(
        wb_rels, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(2020, 9, 24, 12, 0, 0))
            z.writestr(info, parts[name], zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice is needed: apt-get install -y libreoffice-calc-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "aktivitates.xlsx"
        base_workbook(source)
        saved = libreoffice_save(source, folder / "lo").read_bytes()
    (OUT / "libreoffice.xlsx").write_bytes(add_features(saved, macros=False))
    (OUT / "libreoffice.xlsm").write_bytes(add_features(saved, macros=True))
    print("made", OUT / "libreoffice.xlsx", OUT / "libreoffice.xlsm", datetime.now().isoformat(timespec="seconds"))


if __name__ == "__main__":
    main()
