"""Over messy workbooks — random extra cells, formulas, styles, notes, merges and widths — a run's
write-back changes nothing but the tool's cells: every other zip part and every other cell stays
byte for byte."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kopienas.cli import main
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, write_config
from tests.xlsx_diff import column_of, only_tool_changes, parts

TAB = "Aktivitātes"
WIDTH = 17  # the contract's columns

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
values = st.one_of(
    st.none(),
    texts,
    st.integers(-(10**6), 10**6),
    st.sampled_from(["=1+1", "=A2", '="x"&"y"', "=SUM(I2:J2)", "=Kopienas!A2", "=NA()", "''"]),
)
colours = st.sampled_from(["FFFFFF00", "FF00FF00", "FFFCE4E4", "FFE7E6E6", "FF000000"])
extras = st.lists(
    st.tuples(st.integers(1, 12), st.integers(1, WIDTH + 4), values, st.one_of(st.none(), colours), st.booleans()),
    max_size=25,
)
notes = st.lists(
    st.tuples(st.integers(2, 8), st.integers(1, WIDTH + 3), texts, st.sampled_from(["Arvita", ""])), max_size=5
)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["", "DGP-2020-01", "DGP-2020-02", "=B2", "X-1"]),
            "total": st.sampled_from([380, 381, None, "=I2+J2"]),
            "phone": st.sampled_from(["26825598", "1", None]),
            "community": st.sampled_from(["DGP", "PRE", "NAV", "=Kopienas!A2"]),
        }
    ),
    min_size=1,
    max_size=6,
)


def messy_workbook(path: Path, data: dict) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for title, tab in (("Kopienas", COMMUNITIES), (TAB, activity_rows(*[activity(**r) for r in data["rows"]]))):
        ws = wb.create_sheet(title)
        for r in tab:
            ws.append(r)
    for title, tab in (("Iestādes", INSTITUTIONS), ("Partneri", PARTNERS)):
        ws = wb.create_sheet(title)
        for r in tab:
            ws.append(r)
    ws = wb[TAB]
    for row, col, value, colour, bold in data["extras"]:
        if row == 1 and col <= WIDTH:
            continue  # the header stays the contract's
        cell = ws.cell(row, col)
        if value is not None:
            cell.value = value
        if colour:
            cell.fill = PatternFill("solid", fgColor=colour)
        if bold:
            cell.font = Font(bold=True, italic=True)
            cell.number_format = "0.00"
    for row, col, text, author in data["notes"]:
        ws.cell(row, col).comment = Comment(text or "piezīme", author)
    if data["merge"]:
        ws.merge_cells("F3:G4")
    ws.column_dimensions["B"].width = data["width"]
    wb.create_sheet("Aprēķini").append(["=SUM(Aktivitātes!I2:I20)", 1, "teksts"])
    wb.save(path)


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"rows": rows, "extras": extras, "notes": notes, "merge": st.booleans(), "width": st.integers(5, 60)}
    )
)
def test_only_the_tools_cells_change_in_a_messy_workbook(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "wb.xlsx"
        messy_workbook(path, data)
        before = parts(path)
        result = CliRunner().invoke(main, ["--config", str(write_config(folder / "cfg", path)), "validate"])
        assert result.exit_code in (0, 1), result.output
        after = parts(path)
        tool = {c for h in ("Pārbaude", "Relīzes melnraksts") if (c := column_of(after, TAB, h))}
        assert tool and not (tool & {get_column_letter(c) for c in range(1, WIDTH + 1)})
        report = only_tool_changes(before, after, TAB, tool)
        assert report.problems == []
        # a second run adds nothing to the styles: formats are reused, never appended twice
        CliRunner().invoke(main, ["--config", str(write_config(folder / "cfg", path)), "validate"])
        assert parts(path)["xl/styles.xml"] == after["xl/styles.xml"]
