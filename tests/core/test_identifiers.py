"""Identifiers are identifiers: hostile IDs and community codes are problems on their cells, no path
built from them leaves its output folder, and an ID once issued is never issued again."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kopienas.adapters.files import LinkRefused, write_file
from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail.transports.outbox import OutboxTransport
from kopienas.core import contract
from kopienas.core.identifiers import is_identifier
from kopienas.core.models import Community, Programme
from kopienas.core.safepaths import UnsafePath, inside
from kopienas.core.validation import validate
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, make_workbook, write_config
from tests.support.hostile import HOSTILE

# Text a hostile or careless coordinator can type: path pieces, separators, controls, lookalikes.
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.sampled_from(list("./\\~-_:aZ0ā\x00 \u2215\uff0e\u0420\u2024")), min_size=1, max_size=12),
    st.text(min_size=1, max_size=60),
)


@given(hostile_text)
@settings(max_examples=300, deadline=None)
def test_an_identifier_is_letters_digits_and_dashes_only(text):
    if is_identifier(text):
        assert len(text) <= 40 and text[0] != "-" and not text.endswith("-")
        assert all(c.isalnum() or c == "-" for c in text)
        assert all(c.isascii() or c in "ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž" for c in text)
        assert text.casefold() not in ("con", "nul", "prn", "aux")


@pytest.mark.parametrize("bad", HOSTILE)
def test_every_hostile_example_is_refused(bad):
    assert not is_identifier(bad)


@pytest.mark.parametrize("good", ["DGP-2020-07", "DGP", "RĒZ-2021-1", "7", "a-b-c"])
def test_ordinary_ids_and_codes_are_identifiers(good):
    assert is_identifier(good)


@given(st.lists(hostile_text, min_size=1, max_size=3))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_path_built_from_data_is_inside_its_folder_or_refused(tmp_path, parts):
    root = tmp_path / "out" / "drafts"
    root.mkdir(parents=True, exist_ok=True)
    try:
        path = inside(root, *parts)
    except UnsafePath as e:
        assert "\x00" not in str(e)
        return
    assert root.resolve() in path.parents


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    root = tmp_path / "drafts"
    root.mkdir()
    (root / "DGP-2020-07").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        inside(root, "DGP-2020-07", "..", "..", "x")
    with pytest.raises(LinkRefused):  # the link itself is refused by the file door
        write_file(inside(root, "DGP-2020-07") / "draft.md", b"x", mode=0o644, root=tmp_path)
    assert not (tmp_path / "draft.md").exists()


@given(hostile_text)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_outbox_file_for_any_key_stays_in_the_outbox(tmp_path, key):
    outbox = OutboxTransport(tmp_path / "outbox")
    path = outbox.path_for(key)
    assert path.parent == (tmp_path / "outbox").resolve()


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# A workbook cannot hold control characters (NUL and the like): those go through the core tests.
workbook_text = hostile_text.map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)).filter(lambda t: t.strip())


@pytest.mark.slow
@given(id_=workbook_text, code=workbook_text)
@example(id_="=1+1", code="../../x")
@example(id_="../../x", code="=1+1")
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_hostile_ids_and_codes_never_write_outside_the_output_folder(cli, tmp_path_factory, id_, code):
    tmp = tmp_path_factory.mktemp("hostile")
    work = tmp / "work"
    work.mkdir()
    path = make_workbook(
        work / "wb.xlsx",
        {
            "Aktivitātes": activity_rows(
                activity(id=id_, press_release="Jā"),
                activity(id="", community="X", press_release="Jā"),
            ),
            "Kopienas": [*COMMUNITIES, [code, "X"]],
            "Iestādes": INSTITUTIONS,
            "Partneri": PARTNERS,
        },
    )
    wb = load_workbook(path)  # typed as text, as a coordinator would (not as a formula)
    for ws, ref, value in ((wb["Aktivitātes"], "A2", id_), (wb["Kopienas"], "A4", code)):
        ws[ref].value = value
        ws[ref].data_type = "s"
    wb.save(path)
    cfg = write_config(work / "cfg", path)
    out = work / "cfg" / "out"
    before = _files(tmp)
    result = cli("--config", cfg, "run")
    assert result.exit_code in (0, 1), result.output
    created = _files(tmp) - before
    assert all(out in p.parents or p in (out, path) for p in created), sorted(created)
    assert all(p.parent.parent == out / "drafts" for p in created if p.name == "draft.md")
    ws = load_workbook(path)["Aktivitātes"]
    check = ws.cell(2, 18).value
    if not is_identifier(id_.strip()) and id_.strip():
        assert "nav derīgs ID" in check  # a problem on the ID cell, naming the column
    if not is_identifier(code.strip()) and code.strip():
        assert ws.cell(3, 1).value is None  # no ID built from a code that is not an identifier


def test_a_hostile_id_is_a_latvian_problem_on_its_cell(cli, workbook_with):
    path, cfg = workbook_with(activity(id="../../x"), activity(id="x/../DGP-2020-07"))
    result = cli("--config", cfg, "drafts")
    assert result.exit_code == 0
    ws = load_workbook(path)["Aktivitātes"]
    assert ws.cell(2, 19).value == "Nav sagatavots: rindā ir kļūdas (skat. “Pārbaude”)."
    drafts = Path(cfg).parent / "out" / "drafts"
    assert not drafts.exists() or not any(drafts.iterdir())
    assert ws.cell(2, 18).value.startswith("ID: “../../x” nav derīgs ID (tikai burti, cipari un domuzīmes")
    assert "izdzēsiet, un rīks piešķirs jaunu" in ws.cell(3, 18).value
    assert ws.cell(2, 1).comment.text.startswith("[kopienas] ID: “../../x” nav derīgs ID")


# -- an ID once issued is never issued again --------------------------------------------------------
def _programme(ids: list[str]) -> Programme:
    from kopienas.core.models import Activity

    rows = tuple(
        Activity(
            row=i + 2, id=x, title=f"t{i}", community="DGP", start=date(2020, 9, 24), end=None, community_code="DGP"
        )
        for i, x in enumerate(ids)
    )
    return Programme(rows, (Community("DGP", "Daugavpils", row=2),), (), ())


@given(st.lists(st.tuples(st.sampled_from(["add", "delete", "run"]), st.integers(0, 20)), max_size=30))
@settings(max_examples=200, deadline=None)
def test_no_id_is_ever_issued_twice_whatever_rows_are_added_and_deleted(steps):
    headers = contract.ACTIVITIES.headers()
    sheet: list[str] = []  # the ID column; "" for a new row
    ledger: dict[tuple[str, int], int] = {}
    ever: list[str] = []
    for op, n in [*steps, ("run", 0)]:
        if op == "add":
            sheet.insert(n % (len(sheet) + 1), "")
        elif op == "delete" and sheet:
            sheet.pop(n % len(sheet))
        else:
            report = validate(_programme(sheet), headers, date(2026, 1, 1), issued=ledger)
            for key, k in report.issued.items():
                ledger[key] = max(ledger.get(key, 0), k)
            new = [v.activity_id for v in report.verdicts if v.assigned_id]
            assert not set(x.casefold() for x in new) & set(x.casefold() for x in ever)
            ever += new
            sheet = [v.activity_id for v in report.verdicts]
    assert len(ever) == len(set(ever))


def test_a_deleted_rows_id_is_not_given_to_the_next_new_row(cli, workbook_with):
    path, cfg = workbook_with(activity(id="DGP-2020-01"), activity(id="", title="Otrā"), activity(id="", title="Trešā"))
    cli("--config", cfg, "validate")
    ws = load_workbook(path)["Aktivitātes"]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["DGP-2020-01", "DGP-2020-02", "DGP-2020-03"]
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    ws.delete_rows(4)  # DGP-2020-03 goes …
    ws.cell(4, 1).value = None
    ws.cell(4, 2).value = "Jauna"  # … and a new row comes
    ws.cell(4, 3).value = "DGP"
    ws.cell(4, 4).value = "24.09.2020"
    wb.save(path)
    cli("--config", cfg, "validate")
    ws = load_workbook(path)["Aktivitātes"]
    assert ws.cell(4, 1).value == "DGP-2020-04"
    with Ledger(Path(cfg).parent / "out" / "ledger.sqlite") as ledger:
        from kopienas.adapters.issued_ids import highest_issued

        assert highest_issued(ledger, str(path.resolve())) == {("dgp", 2020): 4}


def test_a_copy_written_elsewhere_does_not_use_up_numbers(cli, tmp_path):
    """`make run` reads the sample and writes a copy: the same rows get the same IDs every run."""
    tabs = {"Aktivitātes": activity_rows(activity(id="")), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS}
    src = make_workbook(tmp_path / "sample.xlsx", tabs)
    copy = tmp_path / "out" / "copy.xlsx"
    cfg = write_config(tmp_path / "cfg", src)
    text = Path(cfg).read_text(encoding="utf-8").replace("[source]\n", f'[source]\nwrite_to = "{copy}"\n')
    Path(cfg).write_text(text, encoding="utf-8")
    for _ in range(2):
        cli("--config", cfg, "validate")
        assert load_workbook(copy)["Aktivitātes"].cell(2, 1).value == "DGP-2020-01"


def test_the_ledger_file_keeps_ids_apart_from_other_tables(tmp_path):
    from kopienas.adapters.issued_ids import highest_issued, record_issued

    with Ledger(tmp_path / "l.sqlite") as ledger:
        record_issued(ledger, "a", {("dgp", 2020): 5})
        record_issued(ledger, "a", {("dgp", 2020): 3})  # never lowered
        record_issued(ledger, "b", {("dgp", 2020): 1})
        assert highest_issued(ledger, "a") == {("dgp", 2020): 5}
        assert highest_issued(ledger, "b") == {("dgp", 2020): 1}
    assert os.path.exists(tmp_path / "l.sqlite")


def test_a_pass_that_issues_nothing_new_writes_nothing_to_the_ledger(tmp_path):
    from kopienas.adapters.issued_ids import highest_issued, record_issued

    with Ledger(tmp_path / "l.sqlite") as ledger:
        record_issued(ledger, "a", {("dgp", 2020): 5, ("rzk", 2021): 2})
        before = ledger.db.total_changes
        record_issued(ledger, "a", {("dgp", 2020): 5, ("rzk", 2021): 1})
        assert ledger.db.total_changes == before
        record_issued(ledger, "a", {("dgp", 2020): 6, ("rzk", 2021): 2})
        assert ledger.db.total_changes == before + 1
        assert highest_issued(ledger, "a") == {("dgp", 2020): 6, ("rzk", 2021): 2}
