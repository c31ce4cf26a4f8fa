"""One door for placement: a verdict lands only on a row whose ID and checked content still match
what it was made from (a new row without an ID matched by its content); any other row gets nothing
now, is reported, and is checked by the next run. Both backends, whatever a coordinator does
between the tool's read and its write: insert, delete, reorder, rows with the same title."""

from __future__ import annotations

import itertools
import uuid

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
from kopienas.adapters.sources.workbook.source import WorkbookSource
from kopienas.app.pipeline import check, writeback_plan
from kopienas.config import load_config
from kopienas.core import contract
from kopienas.outputs.report import report_text
from tests.helpers import (
    ACTIVITY_HEADERS,
    COMMUNITIES,
    INSTITUTIONS,
    activity,
    activity_rows,
    gsheet_config,
    make_workbook,
    sheet_tabs,
    write_config,
)

TITLES = ("Talka", "Koncerts")
CHECK_COL = len(ACTIVITY_HEADERS)  # 0-based: the tool's `Pārbaude` comes right after the contract's columns
_serial = itertools.count(10)

# A row: (title, has an ID, valid); a bad row's total does not add up.
rows_st = st.lists(st.tuples(st.sampled_from(TITLES), st.booleans(), st.booleans()), min_size=1, max_size=6)
edits_st = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "swap", "copy"]),
        st.integers(0, 20),
        st.integers(0, 20),
        st.sampled_from(TITLES),
        st.booleans(),
    ),
    max_size=4,
)


def _row(title: str, has_id: bool, valid: bool) -> dict:
    return activity(id=f"DGP-2020-{next(_serial)}" if has_id else "", title=title, total=380 if valid else 1)


def _edited(rows: list[dict], edits) -> list[dict]:
    rows = list(rows)
    for op, i, j, title, valid in edits:
        if op == "insert":
            rows.insert(i % (len(rows) + 1), _row(title, False, valid))
        elif op == "delete" and rows:
            rows.pop(i % len(rows))
        elif op == "swap" and rows:
            a, b = i % len(rows), j % len(rows)
            rows[a], rows[b] = rows[b], rows[a]
        elif op == "copy" and rows:
            rows.insert(j % (len(rows) + 1), {**rows[i % len(rows)], "id": ""})  # the same title and cells
    return rows


def _assert_each_verdict_fits_its_row(table: list[list]) -> None:
    """Every `Pārbaude` written says what the row it stands on holds: `Labi` exactly on rows whose
    total adds up."""
    header = table[0]
    total, check_col = header.index("Kopā"), header.index(contract.CHECK.header)
    for row in table[1:]:
        verdict = row[check_col] if check_col < len(row) else None
        if verdict:
            valid = str(row[total]) == "380"
            assert (verdict == contract.OK_WORD) == valid, (row, verdict)


SAME_TITLE_ONE_DELETED = ([("Talka", False, True), ("Talka", False, False)], [("delete", 0, 0, "Talka", True)])


@given(rows_st, edits_st)
@example(*SAME_TITLE_ONE_DELETED)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_workbook_no_verdict_lands_on_a_wrong_row(tmp_path, rows, edits):
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    read_rows = [_row(*r) for r in rows]
    path = make_workbook(
        folder / "wb.xlsx",
        {"Aktivitātes": activity_rows(*read_rows), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS},
    )
    config = load_config(write_config(folder / "cfg", path))
    source = WorkbookSource(path)
    checked = check(config, source)
    # Meanwhile the coordinator edits and saves.
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    ws.delete_rows(2, ws.max_row)
    for values in activity_rows(*_edited(read_rows, edits))[1:]:
        ws.append(values)
    wb.save(path)
    result = source.write(writeback_plan(config, checked))
    table = [list(r) for r in load_workbook(path)["Aktivitātes"].iter_rows(values_only=True)]
    _assert_each_verdict_fits_its_row(table)
    assert result.written + len(result.skipped) + len(result.changed) == len(read_rows)


def test_the_example_from_the_field_is_reported(tmp_path):
    """Two new rows titled alike, one deleted between read and write: the other keeps its problem."""
    rows, _ = SAME_TITLE_ONE_DELETED
    read_rows = [_row(*r) for r in rows]
    path = make_workbook(
        tmp_path / "wb.xlsx",
        {"Aktivitātes": activity_rows(*read_rows), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS},
    )
    config = load_config(write_config(tmp_path / "cfg", path))
    source = WorkbookSource(path)
    checked = check(config, source)
    wb = load_workbook(path)
    wb["Aktivitātes"].delete_rows(2)
    wb.save(path)
    result = source.write(writeback_plan(config, checked))
    ws = load_workbook(path)["Aktivitātes"]
    assert ws.cell(2, CHECK_COL + 1).value.startswith("Kopā (1) nesakrīt")
    text = report_text(checked.report, source.name, result)
    assert "(“Talka”) mainīta vai pārvietota pēc pārbaudes; tās rezultāts netika ierakstīts" in text


@given(rows_st, edits_st)
@example(*SAME_TITLE_ONE_DELETED)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_google_sheet_no_verdict_lands_on_a_wrong_row(sheets, tmp_path, rows, edits):
    read_rows = [_row(*r) for r in rows]
    tabs = {"Aktivitātes": activity_rows(*read_rows), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS}
    key = sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW")
    config = load_config(gsheet_config(tmp_path / uuid.uuid4().hex, key, sheets.url))
    source = GoogleSheetSource.from_config(config)
    checked = check(config, source)
    sheets.delete_rows(key, "Aktivitātes", 2, len(read_rows) + 1)  # meanwhile, in the browser
    edited = _edited(read_rows, edits)
    if edited:
        fresh = sheet_tabs({"Aktivitātes": activity_rows(*edited)})["Aktivitātes"][1:]
        sheets.insert_rows(key, "Aktivitātes", 2, fresh)
    result = source.write(writeback_plan(config, checked))
    _assert_each_verdict_fits_its_row(sheets.values(key, "Aktivitātes", render="UNFORMATTED_VALUE"))
    assert result.written + len(result.skipped) + len(result.changed) == len(read_rows)


def test_every_write_places_rows_through_the_one_door():
    """Each source places its updates with `locate_rows`, always with a reader of the row's cells
    (the content check); no other code maps a plan's update to a row."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "kopienas"
    calls = []
    for py in root.rglob("*.py"):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "locate_rows":
                calls.append((py.relative_to(root).as_posix(), len(node.args) + len(node.keywords)))
    assert sorted(calls) == [
        ("adapters/sources/gsheet/source.py", 3),
        ("adapters/sources/workbook/inplace.py", 3),
    ]
