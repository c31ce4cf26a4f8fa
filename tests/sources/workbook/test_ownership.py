"""Ownership is explicit (workbook): the tool writes only into the tab and columns it made and
marked, its notes carry its tag, and a coordinator's colour comes back once a problem is fixed."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from kopienas.core import contract
from kopienas.core.models import Note
from kopienas.core.ownership import MARK_FILL, TAG, decide_mark, is_tool_note, remembered_fill, tool_shaped
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, make_workbook, write_config

HEADERS = contract.ACTIVITIES.headers()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def col(ws, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1]


def test_a_coordinators_own_tab_named_like_the_tools_is_not_replaced(cli, workbook_with, tmp_path):
    tabs = {
        "Aktivitātes": activity_rows(activity()),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
        "Kopsavilkums": [["Mūsu pašu kopsavilkums"], ["Daugavpils", 12]],
    }
    path, cfg = workbook_with(tabs=tabs)
    before = digest(path)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2
    assert "Lapa “Kopsavilkums” nav rīka veidota" in one_line(result.output)
    assert "tabs.totals" in one_line(result.output)
    assert digest(path) == before  # nothing written: not the verdicts either
    assert "Traceback" not in result.output


def test_a_config_mapping_a_tool_column_onto_a_coordinator_column_is_refused(cli, workbook_with):
    path, cfg = workbook_with(activity(), config_extra='\n[headers.tool]\ncheck = "Apraksts"\n')
    before = digest(path)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    line = one_line(result.output)
    assert "`headers.tool.check` = “Apraksts”" in line and "headers.activities.description" in line
    assert digest(path) == before
    assert load_workbook(path)["Aktivitātes"].cell(2, 7).value == "Aktīvisti sakopa parkus."
    assert not (cfg.parent / "out" / "drafts").exists()  # refused before any write, drafts too


def test_a_tool_header_on_a_coordinators_own_column_is_refused(cli, workbook_with, tmp_path):
    rows = activity_rows(activity(), activity(id="DGP-2020-08"))
    rows[0].append("Pārbaude")  # a coordinator's own checking column
    rows[1].append("pārbaudīju, viss ok")
    path, cfg = workbook_with(tabs={"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})
    before = digest(path)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2
    assert "Kolonna “Pārbaude” lapā “Aktivitātes” nav rīka veidota" in one_line(result.output)
    assert digest(path) == before


def test_an_earlier_versions_unmarked_tool_column_is_adopted_and_marked(cli, workbook_with):
    rows = activity_rows(activity(), activity(id="DGP-2020-08", total=1))
    rows[0].append("Pārbaude")
    rows[1].append("Labi")
    rows[2].append("Kopā (1) nesakrīt ar bērnu un pieaugušo summu (332 + 48 = 380); izlabojiet.")
    path, cfg = workbook_with(tabs={"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 1
    ws = load_workbook(path)["Aktivitātes"]
    header = ws.cell(1, col(ws, "Pārbaude"))
    assert header.comment.text.startswith(TAG)
    assert [c.value for c in ws[1]].count("Pārbaude") == 1
    assert ws.cell(2, col(ws, "Pārbaude")).value == "Labi"
    # and the totals tab the tool makes carries its marker, so the next run rewrites it
    assert load_workbook(path)["Kopsavilkums"]["A1"].comment.text.startswith(TAG)
    assert cli("--config", cfg, "validate").exit_code == 1


def test_a_coordinator_note_that_begins_like_the_tools_is_never_touched(cli, workbook_with):
    path, cfg = workbook_with(activity(total=381), activity(id="DGP-2020-08"))
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    ws.cell(2, col(ws, "Kopā")).comment = Comment("Pārbaude: jāpārjautā skolai", "Arvita")
    ws.cell(3, col(ws, "Kopā")).comment = Comment("Pārbaude: te viss kārtībā", "Arvita")
    wb.save(path)
    cli("--config", cfg, "validate")
    ws = load_workbook(path)["Aktivitātes"]
    assert ws.cell(2, col(ws, "Kopā")).comment.text == "Pārbaude: jāpārjautā skolai"
    assert ws.cell(3, col(ws, "Kopā")).comment.text == "Pārbaude: te viss kārtībā"
    assert ws.cell(2, col(ws, "Kopā")).fill.fgColor.rgb == "FFFCE4E4"  # the mark still shows


def test_a_coordinators_fill_on_a_flagged_cell_comes_back_when_fixed(cli, workbook_with):
    path, cfg = workbook_with(activity(total=381))
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    ws.cell(2, col(ws, "Kopā")).fill = PatternFill("solid", fgColor="FFFFFF00")
    wb.save(path)
    cli("--config", cfg, "validate")
    ws = load_workbook(path)["Aktivitātes"]
    total = ws.cell(2, col(ws, "Kopā"))
    assert total.fill.fgColor.rgb == "FFFCE4E4"
    assert total.comment.text.splitlines()[-1] == f"{TAG} šūnas krāsa pirms atzīmes: #FFFF00"
    wb = load_workbook(path)
    wb["Aktivitātes"].cell(2, col(ws, "Kopā")).value = 380
    wb.save(path)
    assert cli("--config", cfg, "validate").exit_code == 0
    total = load_workbook(path)["Aktivitātes"].cell(2, col(ws, "Kopā"))
    assert total.comment is None
    assert total.fill.fill_type == "solid" and total.fill.fgColor.rgb == "FFFFFF00"


# -- the same rules, as properties ------------------------------------------------------------------
coordinator_notes = st.one_of(
    st.none(),
    st.sampled_from(["Pārbaude: jāprecizē", "Pārbaude:", "kopienas", "[kopiena] x", "Labi"]).map(Note),
    st.text(min_size=1, max_size=20).filter(lambda t: not t.startswith(TAG)).map(Note),
)
fills = st.sampled_from([None, "#FFFF00", "#00B050", "theme:4:0.39", MARK_FILL])


@given(
    note=coordinator_notes,
    fill=fills,
    steps=st.lists(st.tuples(st.booleans(), st.sampled_from([None, "#00B050", "#FFFF00", ""])), max_size=8),
)
@settings(max_examples=400, deadline=None)
def test_marks_never_take_a_coordinators_note_and_give_their_colour_back(note, fill, steps):
    """Any history of problems appearing and going, with the coordinator recolouring meanwhile:
    their note is never changed, and once fixed the cell has their latest colour and no tool note."""
    theirs = note
    latest = fill if fill != MARK_FILL else None
    for problem, recolour in [*steps, (False, None)]:
        change = decide_mark("Kopā (1) nesakrīt." if problem else None, note, fill)
        if change is not None:
            if change.note is not None:
                assert theirs is None or is_tool_note(note), "a coordinator's note was changed"
                note = Note(change.note, "kopienas") if change.note else None
            if change.fill is not None:
                fill = change.fill or None
        if theirs is not None:
            assert note == theirs
        if problem and (theirs is None) and fill != MARK_FILL:
            raise AssertionError("a problem cell without a coordinator note is not marked")
        if recolour is not None:  # the coordinator recolours the cell (or takes its colour off)
            fill = recolour or None
            latest = fill
    assert note == theirs
    assert fill == latest


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_only_what_the_tool_writes_is_tool_shaped(text):
    """A coordinator's own text in a column named like the tool's is not taken for the tool's,
    unless it is exactly what the tool writes there."""
    t = text.strip().removeprefix("'")
    if tool_shaped("check", text, HEADERS) and t.strip():
        assert t == "Labi" or all(
            line.strip().casefold().startswith(tuple(h.casefold() for h in HEADERS.values()))
            for line in t.splitlines()
            if line.strip()
        )
    if tool_shaped("draft", text, HEADERS) and t.strip():
        assert t.startswith("Nav sagatavots") or t.endswith(")")


@given(
    values=st.lists(
        st.one_of(st.sampled_from(["Labi", "ok", "Kopā (1) nesakrīt.", ""]), st.text(max_size=10)),
        min_size=1,
        max_size=4,
    )
)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_column_named_like_the_tools_is_written_only_when_the_tool_could_have_made_it(cli, tmp_path_factory, values):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    values = [ILLEGAL_CHARACTERS_RE.sub("", v) for v in values]
    tmp = tmp_path_factory.mktemp("col")
    rows = activity_rows(*[activity(id=f"DGP-2020-{i + 10}") for i in range(len(values))])
    rows[0].append("Pārbaude")
    for r, v in zip(rows[1:], values, strict=True):
        r.append(v)
    path = make_workbook(tmp / "wb.xlsx", {"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})
    before = digest(path)
    result = cli("--config", write_config(tmp / "cfg", path), "validate")
    adoptable = all(tool_shaped("check", v, HEADERS) for v in values)
    if adoptable:
        assert result.exit_code == 0
        assert load_workbook(path)["Aktivitātes"].cell(1, 18).comment.text.startswith(TAG)
    else:
        assert result.exit_code == 2 and digest(path) == before


def test_remembered_fill_is_read_from_the_last_line_only():
    assert remembered_fill(Note(f"{TAG} x\n{TAG} šūnas krāsa pirms atzīmes: #00B050")) == "#00B050"
    assert remembered_fill(Note("Pārbaude: x\n[kopienas] šūnas krāsa pirms atzīmes: #00B050 un vēl")) is None


def test_init_marks_the_columns_it_adds_and_never_a_coordinators_own(cli, workbook_with):
    rows = activity_rows(activity())
    rows[0].append("Pārbaude")
    rows[1].append("pārbaudīju pati")
    path, cfg = workbook_with(tabs={"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})
    assert cli("--config", cfg, "init").exit_code == 0
    ws = load_workbook(path)["Aktivitātes"]
    assert ws.cell(1, col(ws, "Relīzes melnraksts")).comment.text.startswith(TAG)  # added: the tool's
    assert not ws.cell(1, col(ws, "Pārbaude")).comment.text.startswith(TAG)  # theirs: help only
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2 and "Kolonna “Pārbaude”" in one_line(result.output)
    assert load_workbook(path)["Aktivitātes"].cell(2, col(ws, "Pārbaude")).value == "pārbaudīju pati"


TOTALS_TITLE = "Darbīgās kopienas – kopsavilkums pa kopienām un gadiem"
tab_cells = st.one_of(st.none(), st.just(TOTALS_TITLE), st.text(max_size=8), st.integers())


@given(st.lists(st.lists(tab_cells, max_size=3), max_size=4), st.booleans())
@settings(max_examples=300, deadline=None)
def test_a_tab_is_rewritten_only_when_it_is_the_tools(rows, marked):
    """Whatever a tab named like the tool's holds, the tool takes it only when it is empty, marked,
    or begins with the tool's own title line."""
    import pytest

    from kopienas.core.models import table_from_rows
    from kopienas.core.ownership import OwnershipError, claim_tab, tab_note

    title = TOTALS_TITLE
    notes = {(1, 0): Note(tab_note())} if marked else {}
    table = table_from_rows("Kopsavilkums", rows, notes=notes)
    ours = marked or not table.header or (table.header_row == 1 and str(table.header[0]) == title)
    if ours:
        assert claim_tab(table, [[title]]).startswith(TAG)
    else:
        with pytest.raises(OwnershipError):
            claim_tab(table, [[title]])


def test_two_tool_columns_under_one_header_are_refused(cli, workbook_with):
    path, cfg = workbook_with(activity(), config_extra='\n[headers.tool]\ndraft = "Pārbaude"\n')
    before = digest(path)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2 and "`headers.tool.draft` = “Pārbaude”" in one_line(result.output)
    assert digest(path) == before
