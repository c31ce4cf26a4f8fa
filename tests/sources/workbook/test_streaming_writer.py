"""The write-back streams the sheet and splices in only what the plan changes. Over random sheets
(values, formulas, fills, notes, rows without IDs, an existing tool column or none) and random
plans (verdicts, assigned IDs, marks that add and remove notes and fills):

- an openpyxl read of the result holds the plan's cells, and every other cell as it was;
- every row the plan does not name keeps its bytes;
- rows found again by ID in an unchanged file give the same bytes as rows taken where they were read;
- carrying out the same plan again changes nothing more.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from kopienas.adapters.sources.workbook.inplace import apply_plan
from kopienas.core.ownership import Mark
from kopienas.core.writeback import RowUpdate, WritePlan
from tests.xlsx_diff import with_workbook_part

TAB = "Lapa"
HEADERS = ["ID", "Nosaukums", "Kopā", "Vieta"]
TOOL = "Pārbaude"
SHEET = "xl/worksheets/sheet1.xml"

cell_values = st.one_of(st.none(), st.integers(0, 999), st.sampled_from(["Rīga", "a & b", " x ", "=1+1", "=A2"]))
rows_st = st.lists(
    st.fixed_dictionaries(
        {
            "has_id": st.booleans(),
            "total": cell_values,
            "place": cell_values,
            "fill": st.sampled_from([None, "FFFFFF00", "FFFCE4E4"]),
            "note": st.sampled_from([None, "koordinatora", "[kopienas] veca"]),
        }
    ),
    min_size=1,
    max_size=8,
)
updates_st = st.lists(
    st.fixed_dictionaries(
        {
            "text": st.sampled_from(["Labi", "Kopā: kļūda\notrā rinda", "", "garš " * 30]),
            "new_id": st.booleans(),
            "total": st.sampled_from([None, Mark("[kopienas] kļūda", "#FCE4E4"), Mark("", ""), Mark(None, "")]),
            "place": st.sampled_from([None, Mark("[kopienas] vieta", "#FCE4E4"), Mark("", None)]),
        }
    ),
    min_size=8,
    max_size=8,
)


def workbook(rows: list[dict], tool_column: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = TAB
    ws.append(HEADERS + ([TOOL] if tool_column else []))
    for i, r in enumerate(rows, start=2):
        ws.append([f"A-{i}" if r["has_id"] else None, f"Darbība {i}", r["total"], r["place"]])
        if r["fill"]:
            ws.cell(i, 3).fill = PatternFill("solid", fgColor=r["fill"])
        if r["note"]:
            ws.cell(i, 3).comment = Comment(r["note"], "kopienas" if r["note"].startswith("[") else "Arvita")
    wb.create_sheet("Cita").append(["=Lapa!A2", 1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plan_for(rows: list[dict], picks: list[dict], chosen: list[bool]) -> WritePlan:
    updates = []
    for i, (r, u, take) in enumerate(zip(rows, picks, chosen, strict=False), start=2):
        if not take:
            continue
        marks = {h: m for h, m in (("Kopā", u["total"]), ("Vieta", u["place"])) if m is not None}
        new_id = f"N-{i}" if u["new_id"] and not r["has_id"] else ""
        updates.append(RowUpdate(i, f"A-{i}" if r["has_id"] else "", f"Darbība {i}", {TOOL: u["text"]}, new_id, marks))
    return WritePlan(
        tab=TAB,
        id_header="ID",
        title_header="Nosaukums",
        tool_headers=(TOOL,),
        marked_headers=("Kopā", "Vieta"),
        updates=tuple(updates),
        header_notes={TOOL: "[kopienas] rīka kolonna"},
        known_headers=(*HEADERS, TOOL),
    )


def sheet_rows(data: bytes) -> dict[int, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(SHEET)
    return {int(m.group(1)): m.group(0) for m in re.finditer(rb'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', xml, re.S)}


def state(data: bytes) -> dict[str, tuple]:
    """Every cell of the tab as openpyxl reads it: value, fill colour, note and author, wrapping."""
    ws = load_workbook(io.BytesIO(data))[TAB]
    out = {}
    for row in ws.iter_rows():
        for c in row:
            fill = c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None
            note = (c.comment.text, c.comment.author) if c.comment else None
            out[c.coordinate] = (c.value, fill, note, bool(c.alignment.wrap_text))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_st, updates_st, st.lists(st.booleans(), min_size=8, max_size=8), st.booleans())
def test_the_streaming_writer_changes_what_the_plan_says_and_nothing_else(rows, picks, chosen, tool_column):
    data = workbook(rows, tool_column)
    plan = plan_for(rows, picks, chosen)
    applied = apply_plan(data, plan, rows_as_read=True)
    before, after = state(data), state(applied.data)
    expected = dict(before)
    tool = "E"
    expected[f"{tool}1"] = (TOOL, after[f"{tool}1"][1], ("[kopienas] rīka kolonna", "kopienas"), False)
    for u in plan.updates:
        r = u.row
        text = u.values[TOOL]
        expected[f"{tool}{r}"] = (text or None, None, before.get(f"{tool}{r}", (None, None, None))[2], True)
        if u.new_id:
            expected[f"A{r}"] = (u.new_id, *before[f"A{r}"][1:])
        for header, col in (("Kopā", "C"), ("Vieta", "D")):
            mark = u.marks.get(header)
            if mark is None:
                continue
            value, fill, note, wrap = expected.get(f"{col}{r}", (None, None, None, False))
            if mark.note is not None:
                note = (mark.note, "kopienas") if mark.note else None
            if mark.fill is not None:
                fill = "FFFCE4E4" if mark.fill else None
            expected[f"{col}{r}"] = (value, fill, note, wrap)
    assert {k: v for k, v in after.items() if v[:3] != (None, None, None)} == {
        k: v for k, v in expected.items() if v[:3] != (None, None, None)
    }
    # rows the plan does not name keep their bytes (the header row changes only for a new tool column)
    named = {u.row for u in plan.updates} | ({1} if not tool_column else set())
    old_rows, new_rows = sheet_rows(data), sheet_rows(applied.data)
    assert all(new_rows[n] == raw for n, raw in old_rows.items() if n not in named)
    # found again by ID in the same file: the same rows, the same bytes
    assert apply_plan(data, plan, rows_as_read=False).data == applied.data
    # the same plan again: nothing more changes
    again = apply_plan(applied.data, plan, rows_as_read=True).data
    assert sheet_rows(again) == new_rows and state(again) == after


def test_a_plan_that_changes_no_row_leaves_the_sheet_part_as_it_was():
    data = workbook([{"has_id": True, "total": 1, "place": "Rīga", "fill": None, "note": None}], tool_column=True)
    plan = replace(plan_for([], [], []), header_notes={})  # the tool column is there, with its note
    applied = apply_plan(data, plan, rows_as_read=True)
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(applied.data)) as b:
        assert a.read(SHEET) == b.read(SHEET)


def test_a_big_sheet_is_streamed_in_pieces_and_rows_cut_between_them_are_whole(monkeypatch):
    from kopienas.adapters.sources.workbook import sheet_xml

    monkeypatch.setattr(sheet_xml, "CHUNK", 97)  # rows and end tags fall across every read
    rows = [{"has_id": True, "total": i, "place": "Rīga", "fill": None, "note": None} for i in range(30)]
    data = workbook(rows, tool_column=False)
    plan = plan_for(rows, [{"text": "Labi", "new_id": False, "total": None, "place": None}] * 30, [True] * 30)
    applied = apply_plan(data, plan, rows_as_read=True)
    ws = load_workbook(io.BytesIO(applied.data))[TAB]
    assert [c.value for c in ws["E"]] == [TOOL] + ["Labi"] * 30
    assert [c.value for c in ws["C"]][1:] == list(range(30))


def with_calc_chain(data: bytes) -> bytes:
    """The package with a calculation chain naming E2 (as Excel keeps one for formula cells)."""
    chain = (
        b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="E2" i="1"/></calcChain>'
    )
    return with_workbook_part(data, "calcChain.xml", chain, "calcChain", "rIdCalc")


def formula_workbook(tool_formula: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = TAB
    ws.append([*HEADERS, TOOL])
    ws.append(["A-2", "Darbība 2", "=1+1", "Rīga", "=1+2" if tool_formula else None])
    out = io.BytesIO()
    wb.save(out)
    return with_calc_chain(out.getvalue())


def test_overwriting_a_formula_drops_the_calculation_chain_that_names_it():
    rows = [{"has_id": True, "total": 1, "place": None, "fill": None, "note": None}]
    plan = plan_for(rows, [{"text": "Labi", "new_id": False, "total": None, "place": None}], [True])
    applied = apply_plan(formula_workbook(tool_formula=True), plan, rows_as_read=True)
    with zipfile.ZipFile(io.BytesIO(applied.data)) as z:
        assert "xl/calcChain.xml" not in z.namelist()
        assert b"calcChain" not in z.read("xl/_rels/workbook.xml.rels")
        assert b"calcChain" not in z.read("[Content_Types].xml")
    ws = load_workbook(io.BytesIO(applied.data))[TAB]
    assert ws["E2"].value == "Labi" and ws["C2"].value == "=1+1"


def test_a_formula_left_alone_keeps_the_calculation_chain():
    rows = [{"has_id": True, "total": 1, "place": None, "fill": None, "note": None}]
    plan = plan_for(rows, [{"text": "Labi", "new_id": False, "total": None, "place": None}], [True])
    data = formula_workbook(tool_formula=False)
    applied = apply_plan(data, plan, rows_as_read=True)
    with zipfile.ZipFile(io.BytesIO(applied.data)) as z, zipfile.ZipFile(io.BytesIO(data)) as before:
        assert z.read("xl/calcChain.xml") == before.read("xl/calcChain.xml")
        assert z.read("xl/_rels/workbook.xml.rels") == before.read("xl/_rels/workbook.xml.rels")
