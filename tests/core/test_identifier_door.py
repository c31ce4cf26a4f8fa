"""One door for identifiers: one parser and one issuer with bounded parts, so every ID the tool
issues passes its own rule on the next run and every number it reads fits the ledger; issued
numbers kept under the spreadsheet's identity, not its path; a formula in the ID column read as its
value, and an empty result a problem on the cell, never replaced."""

from __future__ import annotations

import ast
import re
import zipfile
from datetime import date
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kopienas.core import contract
from kopienas.core.identifiers import (
    MAX_CODE_LENGTH,
    MAX_NUMBER,
    IdAssigner,
    format_issued,
    is_identifier,
    is_issuing_code,
    parse_issued,
)
from kopienas.core.models import Activity, Community, Programme
from kopienas.core.validation import validate
from tests.helpers import COMMUNITIES, INSTITUTIONS, activity, activity_rows, make_workbook, write_config

KOPIENAS = Path(__file__).resolve().parents[2] / "kopienas"
# A regular expression with a four-digit year between dashes: the shape of an issued ID.
_YEAR_BETWEEN = re.compile(r"-\(\[0-9\]\{4\}\)-|-\(\\d\{4\}\)-")
codes = st.text(alphabet=st.sampled_from(list("ABCxyz09ĀŽ-")), min_size=1, max_size=45)


@given(codes, st.integers(0, 12000), st.integers(-5, MAX_NUMBER + 5))
@example("A" * 33, 2020, 1)
@settings(max_examples=400, deadline=None)
def test_every_issued_id_passes_the_tools_own_rule_and_parses_back(code, year, number):
    new_id = format_issued(code, year, number)
    if new_id is None:
        assert not is_issuing_code(code) or not 1000 <= year <= 9999 or not 1 <= number <= MAX_NUMBER
        return
    assert is_identifier(new_id)
    parsed = parse_issued(new_id)
    assert parsed is not None and (parsed.code, parsed.year, parsed.number) == (code.casefold(), year, number)


@given(st.text(alphabet=st.sampled_from(list("DGP-0123456789")), min_size=1, max_size=60))
@example("DGP-2020-12345678901234567890")
@settings(max_examples=400, deadline=None)
def test_every_parsed_number_fits_the_ledger(text):
    parsed = parse_issued(text)
    if parsed is not None:
        assert 1 <= parsed.number <= MAX_NUMBER < 2**63 and 1000 <= parsed.year <= 9999


@given(st.lists(codes, min_size=1, max_size=4), st.integers(1, 30))
@settings(max_examples=150, deadline=None)
def test_the_issuer_gives_only_ids_that_pass_the_rule_and_each_once(code_list, rounds):
    assigner = IdAssigner(set(), {})
    seen: set[str] = set()
    for i in range(rounds):
        new_id = assigner.next(code_list[i % len(code_list)], 2020)
        if new_id is not None:
            assert is_identifier(new_id) and new_id.casefold() not in seen
            seen.add(new_id.casefold())


def test_no_id_is_left_once_every_number_is_used():
    assert IdAssigner(set(), {("dgp", 2020): MAX_NUMBER}).next("DGP", 2020) is None


def test_a_long_code_is_a_problem_on_the_code_and_no_id_is_issued():
    code = "A" * 33
    row = Activity(row=2, id="", title="t", community=code, start=date(2020, 9, 24), end=None, community_code=code)
    programme = Programme((row,), (Community(code, code, row=2),), (), ())
    report = validate(programme, contract.ACTIVITIES.headers(), date(2020, 10, 1))
    assert not report.verdicts[0].assigned_id and report.verdicts[0].activity_id == ""
    assert any(f"līdz {MAX_CODE_LENGTH} zīmēm" in p.message for p in report.sheet_problems)


def _standard(path: Path, *rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return make_workbook(path, {"Aktivitātes": activity_rows(*rows), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})


def test_a_twenty_digit_number_in_an_id_stops_nothing(cli, tmp_path):
    path = _standard(tmp_path / "wb.xlsx", activity(id="DGP-2020-12345678901234567890"), activity(id="", title="Jauna"))
    cfg = write_config(tmp_path / "cfg", path)
    for _ in range(2):
        result = cli("--config", cfg, "validate")
        assert result.exit_code == 0, result.output
        assert "OverflowError" not in result.output and "neparedzēta" not in result.output
    ws = load_workbook(path)["Aktivitātes"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["DGP-2020-12345678901234567890", "DGP-2020-01"]


def test_a_33_letter_code_is_refused_on_its_cell_not_issued(cli, tmp_path):
    long_code = "D" * 33
    communities = [COMMUNITIES[0], [long_code, *COMMUNITIES[1][1:]]]
    path = make_workbook(
        tmp_path / "wb.xlsx",
        {
            "Aktivitātes": activity_rows(activity(id="", community=long_code)),
            "Kopienas": communities,
            "Iestādes": INSTITUTIONS,
        },
    )
    cfg = write_config(tmp_path / "cfg", path)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 1
    assert f"kopienas kods “{long_code[:39]}" in result.output and f"līdz {MAX_CODE_LENGTH} zīmēm" in result.output
    ws = load_workbook(path)["Aktivitātes"]
    assert ws.cell(2, 1).value is None  # no ID the rule would reject on the next run
    assert "nav derīga koda, tāpēc ID nevar piešķirt" in ws.cell(2, len(activity_rows()[0]) + 1).value


def test_a_moved_workbook_keeps_its_issued_numbers(cli, tmp_path):
    path = _standard(
        tmp_path / "a" / "wb.xlsx", activity(id=""), activity(id="", title="Otrā"), activity(id="", title="Trešā")
    )
    cli("--config", write_config(tmp_path / "cfg", path), "validate")
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["DGP-2020-01", "DGP-2020-02", "DGP-2020-03"]
    ws.delete_rows(4)  # DGP-2020-03 goes …
    wb.save(path)
    moved = tmp_path / "b" / "renamed.xlsx"
    moved.parent.mkdir()
    path.rename(moved)  # … the file is moved and renamed …
    wb = load_workbook(moved)
    wb["Aktivitātes"].append(activity_rows(activity(id="", title="Jauna"))[1])  # … and a new row comes
    wb.save(moved)
    (tmp_path / "cfg" / "kopienas.toml").unlink()
    result = cli("--config", write_config(tmp_path / "cfg", moved), "validate")
    assert result.exit_code == 0, result.output
    assert load_workbook(moved)["Aktivitātes"].cell(4, 1).value == "DGP-2020-04"


def _with_cached_value(path: Path, formula: str, value: str) -> None:
    """Give the formula cell the result a spreadsheet program would have saved with it."""
    source = path.read_bytes()
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode())
                data = re.sub(rb'<c r="A2"(?: [^>]*)?><f>', b'<c r="A2" t="str"><f>', data)
            zout.writestr(item, data)
    assert source != out.read_bytes()
    out.replace(path)


def test_a_formula_in_the_id_column_is_read_as_its_value(cli, tmp_path):
    path = _standard(tmp_path / "wb.xlsx", activity(id='=CONCAT("DGP-2020-","05")'), activity(id="", title="Jauna"))
    _with_cached_value(path, 'CONCAT("DGP-2020-","05")', "DGP-2020-05")
    result = cli("--config", write_config(tmp_path / "cfg", path), "validate")
    assert result.exit_code == 0, result.output
    ws = load_workbook(path)["Aktivitātes"]
    assert ws.cell(2, 1).value == '=CONCAT("DGP-2020-","05")' and ws.cell(3, 1).value == "DGP-2020-06"


def test_a_formula_with_an_empty_result_is_a_problem_never_replaced(cli, tmp_path):
    path = _standard(tmp_path / "wb.xlsx", activity(id='=IF(1=2,"x","")'))
    cfg = write_config(tmp_path / "cfg", path, '\n[mail]\npress_office = "prese@example.com"\n')
    for _ in range(3):  # every run the same: no new ID, no draft, no press mail
        result = cli("--config", cfg, "run")
        assert result.exit_code == 1, result.output
        ws = load_workbook(path)["Aktivitātes"]
        assert ws.cell(2, 1).value == '=IF(1=2,"x","")'
        check = ws.cell(2, len(activity_rows()[0]) + 1).value
        assert check.startswith("ID: šūnā ir formula ar tukšu rezultātu")
    drafts = tmp_path / "cfg" / "out" / "drafts"
    assert not drafts.exists() or not any(drafts.iterdir())
    outbox = tmp_path / "cfg" / "out" / "outbox"
    assert not [p for p in outbox.rglob("*.eml") if b"prese@example.com" in p.read_bytes()]


def test_there_is_one_parser_and_one_issuer():
    """No module but kopienas/core/identifiers.py builds `<code>-<year>-<number>` or parses it."""
    offenders = []
    for py in KOPIENAS.rglob("*.py"):
        if py.name == "identifiers.py" and py.parent.name == "core":
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                dashes = [v for v in node.values if isinstance(v, ast.Constant) and v.value == "-"]
                if len(dashes) >= 2 and sum(isinstance(v, ast.FormattedValue) for v in node.values) >= 3:
                    offenders.append(f"{py.relative_to(KOPIENAS)}:{node.lineno} formats an ID")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _YEAR_BETWEEN.search(node.value):
                offenders.append(f"{py.relative_to(KOPIENAS)}:{node.lineno} parses an ID")
            issues = isinstance(node, ast.Call) and getattr(node.func, "id", "") == "IdAssigner"
            if issues and py.name != "validation.py":
                offenders.append(f"{py.relative_to(KOPIENAS)}:{node.lineno} issues IDs")
    assert offenders == []
