"""Write-back edits the workbook in place: every part and every cell that is not the tool's stays
byte for byte, on workbooks made by openpyxl and on fixtures saved by LibreOffice (formulas with
cached values, x14 dropdowns, sparklines, a text box, custom XML, a macro workbook)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from tests.helpers import (
    COMMUNITIES,
    INSTITUTIONS,
    PARTNERS,
    ROOT,
    activity,
    activity_rows,
    make_workbook,
    standard_tabs,
    write_config,
)
from tests.xlsx_diff import cells, column_of, m, only_tool_changes, parts, rels_of, sheet_part, value

FIXTURES = ROOT / "tests" / "fixtures"
TAB = "Aktivitātes"


def run(cli, path: Path, tmp_path: Path, *args: str):
    cfg = write_config(tmp_path / "cfg", path)
    return cli("--config", cfg, "validate", *args)


def tool_columns(pkg) -> set[str]:
    return {c for h in ("Pārbaude", "Relīzes melnraksts") if (c := column_of(pkg, TAB, h))}


@pytest.fixture(params=["libreoffice.xlsx", "libreoffice.xlsm"])
def fixture_copy(request, tmp_path) -> Path:
    target = tmp_path / request.param
    shutil.copy(FIXTURES / request.param, target)
    return target


def test_a_libreoffice_workbook_keeps_every_part_and_cell_but_the_tools(cli, fixture_copy, tmp_path):
    before = parts(fixture_copy)
    result = run(cli, fixture_copy, tmp_path)
    assert result.exit_code == 1, result.output
    after = parts(fixture_copy)
    report = only_tool_changes(before, after, TAB, tool_columns(after))
    assert report.problems == []
    # what the tool owns is there
    strings = []
    sheet = cells(after[sheet_part(after, TAB)])
    check = column_of(after, TAB, "Pārbaude")
    assert value(sheet[f"{check}2"], strings) == "Labi"
    assert value(sheet[f"{check}3"], strings).startswith("Kopā (381) nesakrīt")
    assert value(sheet["A4"], strings) == "PRE-2020-01"  # an assigned ID, as an inline string
    # formulas keep their cached values; ID cells holding a formula are never overwritten
    assert sheet["C2"].findtext(m("f")) == "Kopienas!A2" and sheet["C2"].findtext(m("v")) == "DGP"
    assert sheet["A5"].find(m("f")) is not None and sheet["A6"].find(m("f")) is not None
    # shapes, sparklines, x14 dropdowns and custom XML are all still there, unchanged
    for name in ("xl/drawings/drawing1.xml", "customXml/item1.xml", "customXml/itemProps1.xml", "xl/sharedStrings.xml"):
        assert after[name] == before[name]
    xml = after[sheet_part(after, TAB)]
    assert b"x14:dataValidation " in xml and b"x14:sparklineGroup " in xml and b'<drawing r:id="rIdTextBox"/>' in xml


def test_a_macro_workbook_stays_a_macro_workbook(cli, tmp_path):
    path = tmp_path / "aktivitates.xlsm"
    shutil.copy(FIXTURES / "libreoffice.xlsm", path)
    before = parts(path)
    run(cli, path, tmp_path)
    after = parts(path)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    types = etree.fromstring(after["[Content_Types].xml"])
    main = next(o for o in types if o.get("PartName") == "/xl/workbook.xml")
    assert main.get("ContentType") == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert any(o.get("Extension") == "bin" and "vbaProject" in o.get("ContentType") for o in types)
    assert "vbaProject" in {kind for kind, _ in rels_of(after, "xl/workbook.xml").values()}
    assert load_workbook(path, keep_vba=True).vba_archive is not None


def test_two_in_place_runs_over_formula_cells_give_the_same_verdicts_as_one(cli, fixture_copy, tmp_path):
    first = json.loads(run(cli, fixture_copy, tmp_path, "--format", "json").output)
    once = parts(fixture_copy)
    second = json.loads(run(cli, fixture_copy, tmp_path, "--format", "json").output)
    assert first["problems"] == second["problems"]
    assert not any(p["column"] == "Kopiena" for p in first["problems"])  # =Kopienas!A2 is read as DGP
    twice = parts(fixture_copy)
    # the second run changes nothing more: same cells, same styles (nothing appended twice)
    assert twice[sheet_part(twice, TAB)] == once[sheet_part(once, TAB)]
    assert twice["xl/styles.xml"] == once["xl/styles.xml"]


def test_the_tools_notes_come_with_their_drawing_and_go_when_fixed(cli, fixture_copy, tmp_path):
    run(cli, fixture_copy, tmp_path)
    pkg = parts(fixture_copy)
    sheet = sheet_part(pkg, TAB)
    targets = {kind: target for kind, target in rels_of(pkg, sheet).values()}
    comments = etree.fromstring(pkg[targets["comments"]])
    authors = [a.text for a in comments.iter(m("author"))]
    ours = {c.get("ref") for c in comments.iter(m("comment")) if authors[int(c.get("authorId"))] == "kopienas"}
    assert {"K3", "M3"} <= ours and "F2" not in ours  # F2 is the coordinator's and stays
    vml = etree.fromstring(pkg[targets["vmlDrawing"]])
    x = "{urn:schemas-microsoft-com:office:excel}"
    shapes = {(int(d.findtext(x + "Row")), int(d.findtext(x + "Column"))) for d in vml.iter(x + "ClientData")}
    assert {(2, 10), (2, 12), (1, 5)} <= shapes  # K3, M3 and the coordinator's F2 (0-based)
    wb = load_workbook(fixture_copy)
    wb[TAB]["K3"], wb[TAB]["M3"] = 380, "26825598"
    wb.save(fixture_copy)
    run(cli, fixture_copy, tmp_path)
    reread = load_workbook(fixture_copy)[TAB]
    assert reread["K3"].comment is None and reread["K3"].fill.fill_type is None
    assert reread["F2"].comment.text.startswith("Jāprecizē")


def test_an_openpyxl_workbook_keeps_every_part_and_cell_but_the_tools(cli, tmp_path):
    rows = activity_rows(activity(id="A-1", total="=I2+J2"), activity(id="", total=1), activity(id="=B4"))
    rows[0].append("Piezīmes")
    rows[1].append("koordinatora piezīme")
    path = make_workbook(
        tmp_path / "wb.xlsx",
        {
            "Kopienas": COMMUNITIES,
            TAB: rows,
            "Iestādes": INSTITUTIONS,
            "Partneri": PARTNERS,
            "Kopsavilkums": [["Darbīgās kopienas — kopsavilkums pa kopienām un gadiem"]],  # an earlier run's
        },
    )
    before = parts(path)
    assert run(cli, path, tmp_path).exit_code == 1
    after = parts(path)
    report = only_tool_changes(before, after, TAB, tool_columns(after))
    assert report.problems == []
    assert after[sheet_part(after, "Kopsavilkums")] != before[sheet_part(before, "Kopsavilkums")]
    assert load_workbook(path)["Kopsavilkums"]["A1"].value.startswith("Darbīgās kopienas")


def test_a_stray_cell_in_the_far_corner_changes_nothing_about_the_write(cli, tmp_path):
    written = {}
    for name, stray in (("plain", False), ("stray", True)):
        path = make_workbook(tmp_path / f"{name}.xlsx", standard_tabs(activity(total=1)))
        if stray:
            wb = load_workbook(path)
            wb[TAB]["XFD1048576"] = "x"
            wb.save(path)
        size = path.stat().st_size
        assert run(cli, path, tmp_path / name).exit_code == 1
        written[name] = path.stat().st_size - size
        pkg = parts(path)
        assert column_of(pkg, TAB, "Pārbaude") == "R"  # right of the table, not beyond XFD
    assert value(cells(pkg[sheet_part(pkg, TAB)])["XFD1048576"], []) == "x"
    # the same write but for the stray row's own verdict (nothing is silently ignored), not a megabyte
    assert abs(written["stray"] - written["plain"]) < 1000


@pytest.mark.slow
def test_no_tool_column_beyond_xfd(cli, tmp_path):
    rows = activity_rows(activity(total=1))
    rows[0] += [f"Papildu {i}" for i in range(16384 - len(rows[0]))]
    path = make_workbook(tmp_path / "wide.xlsx", {"Kopienas": COMMUNITIES, TAB: rows, "Iestādes": INSTITUTIONS})
    before = path.read_bytes()
    result = run(cli, path, tmp_path)
    assert result.exit_code == 3 and "nav brīvas kolonnas" in result.output
    assert path.read_bytes() == before


def test_text_xml_cannot_hold_is_escaped_and_cut_at_the_cell_limit(tmp_path):
    from kopienas.adapters.sources.workbook.inplace import apply_plan
    from kopienas.core.writeback import RowUpdate, WritePlan

    path = make_workbook(tmp_path / "wb.xlsx", standard_tabs(activity(id="A-1")))
    long = "x" * 40000
    plan = WritePlan(
        tab=TAB,
        id_header="ID",
        title_header="Nosaukums",
        tool_headers=("Pārbaude", "Relīzes melnraksts"),
        marked_headers=(),
        updates=(RowUpdate(2, "A-1", "Rudens talka", {"Pārbaude": "a\x01b _x0041_ c", "Relīzes melnraksts": long}),),
    )
    path.write_bytes(apply_plan(path.read_bytes(), plan, rows_as_read=True).data)
    ws = load_workbook(path)[TAB]
    header = [c.value for c in ws[1]]
    check, draft = (
        ws.cell(2, header.index("Pārbaude") + 1).value,
        ws.cell(2, header.index("Relīzes melnraksts") + 1).value,
    )
    assert check == "ab _x005F_x0041_ c"  # no control character; `_x0041_` escaped, as Excel reads it
    assert len(draft) == 32767 and draft.endswith("…")


def test_init_writes_nothing_into_a_workbook_an_openpyxl_save_would_damage(cli, fixture_copy, tmp_path):
    before = fixture_copy.read_bytes()
    result = cli("--config", write_config(tmp_path / "cfg", fixture_copy), "init")
    assert result.exit_code == 2, result.output
    [line] = [x for x in result.output.splitlines() if "kopienas init nemainīs" in x]
    assert "makrosi" in line or fixture_copy.suffix == ".xlsx"
    assert "formulu saglabātās vērtības" in line and "teksta lodziņi" in line
    assert fixture_copy.read_bytes() == before
