"""One door for settings and refusals: every tab name is checked at load against the sheet
programs' rules, naming the setting; every refusal of what is not the tool's comes before anything
is written (drafts included) and names the right setting; a coordinator's merge over a tool cell
is kept, the cell left and the reason reported."""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kopienas.config import ConfigError, load_config
from kopienas.core.tab_names import FORBIDDEN, MAX_TAB_NAME, tab_name_problem
from tests.helpers import ACTIVITY_HEADERS, activity, make_workbook, standard_tabs, write_config

names = st.one_of(
    st.text(min_size=0, max_size=40),
    st.text(alphabet=st.sampled_from(list("Kops[]:*?/\\' ā")), min_size=0, max_size=35),
)


@given(names)
@example("Kopsavilkums [2020]")
@example("K" * 32)
@example("'Kopsavilkums")
@settings(max_examples=300, deadline=None)
def test_a_tab_name_passes_only_what_every_sheet_program_accepts(name):
    if tab_name_problem(name) is None:
        assert 0 < len(name) <= MAX_TAB_NAME and not set(name) & set(FORBIDDEN)
        assert name.strip() and not name.startswith("'") and not name.endswith("'")


@given(st.sampled_from(["totals", "state", "activities"]), names)
@example("totals", "Kopsavilkums [2020]")
@example("totals", "K" * 32)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_refused_name_stops_the_load_naming_its_setting(tmp_path, key, name):
    folder = tmp_path / uuid.uuid4().hex
    cfg = write_config(folder, folder / "wb.xlsx", f'\n[tabs]\n{key} = "{_toml(name)}"\n')
    try:
        config = load_config(cfg)
    except ConfigError as e:
        assert tab_name_problem(name) is not None and f"`tabs.{key}`" in str(e) and "\n" not in str(e)
        return
    assert tab_name_problem(name) is None and config.tabs[key] == name


def _toml(text: str) -> str:
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in text)


def test_totals_with_forbidden_characters_is_one_line_and_nothing_written(cli, workbook_with):
    path, cfg = workbook_with(activity(), config_extra='\n[tabs]\ntotals = "Kopā [2020]"\n')
    before = path.read_bytes()
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    assert "`tabs.totals` = 'Kopā [2020]': a tab's name cannot hold any of" in result.output
    assert path.read_bytes() == before


def test_totals_over_31_characters_is_refused(cli, workbook_with):
    name = "Programmas kopsavilkums pa kopienām"
    path, cfg = workbook_with(activity(), config_extra=f'\n[tabs]\ntotals = "{name}"\n')
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2 and "at most 31 characters" in result.output and "`tabs.totals`" in result.output
    assert load_workbook(path).sheetnames.count(name[:31]) == 0


@given(st.text(alphabet=st.sampled_from(list("Kopsavilkums ĀŽ-()0123")), min_size=1, max_size=31))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_accepted_name_is_one_tab_however_often_the_tool_runs(cli, tmp_path, name):
    if tab_name_problem(name) is not None or name.casefold() in ("kopienas", "aktivitātes", "iestādes", "partneri"):
        return
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    path = make_workbook(folder / "wb.xlsx", standard_tabs(activity()))
    cfg = write_config(folder / "cfg", path, f'\n[tabs]\ntotals = "{name}"\n')
    for _ in range(2):
        assert cli("--config", cfg, "validate").exit_code == 0
    assert load_workbook(path).sheetnames.count(name) == 1


def test_a_coordinators_state_tab_is_refused_before_any_draft_naming_tabs_state(cli, tmp_path):
    tabs = standard_tabs(activity()) | {"Rīka stāvoklis": [["Mana piezīme", "svarīgi"]]}
    path = make_workbook(tmp_path / "wb.xlsx", tabs)
    cfg = write_config(tmp_path / "cfg", path)
    before = path.read_bytes()
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2, result.output
    assert "`tabs.state`" in result.output and "`tabs.totals`" not in result.output
    assert path.read_bytes() == before
    drafts = tmp_path / "cfg" / "out" / "drafts"
    assert not drafts.exists() or not any(drafts.iterdir())


def test_a_coordinators_merge_over_a_tool_cell_is_kept(cli, tmp_path):
    tabs = standard_tabs(activity(), activity(id="DGP-2020-08", total=1))
    tabs["Aktivitātes"][0] = [*ACTIVITY_HEADERS, "Pārbaude"]
    path = make_workbook(tmp_path / "wb.xlsx", tabs)
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    check_col = len(ACTIVITY_HEADERS) + 1
    last = ws.cell(3, check_col - 1).coordinate
    merged = f"{last}:{ws.cell(3, check_col).coordinate}"  # the coordinator's cell spread over the tool's
    ws.merge_cells(merged)
    wb.save(path)
    result = cli("--config", write_config(tmp_path / "cfg", path), "validate")
    assert result.exit_code == 1, result.output
    ws = load_workbook(path)["Aktivitātes"]
    assert merged in [str(r) for r in ws.merged_cells.ranges]
    assert ws.cell(2, check_col).value == "Labi"
    held = ws.cell(3, check_col).coordinate
    assert f"Šūna {held} ir apvienota ar citām; rīks tajā neko neraksta" in result.output


def test_every_tab_setting_goes_through_the_name_rule(tmp_path):
    from kopienas.core import contract

    for key in [t.key for t in contract.TABS] + ["totals", "state"]:
        folder = tmp_path / key
        cfg = write_config(folder, folder / "wb.xlsx", f'\n[tabs]\n{key} = "a/b"\n')
        try:
            load_config(cfg)
        except ConfigError as e:
            assert f"`tabs.{key}`" in str(e)
        else:
            raise AssertionError(f"tabs.{key} = 'a/b' was accepted")


def test_every_job_refuses_before_it_makes_drafts():
    """No second door: in every module that makes drafts, the refusal of what is not the tool's
    comes first (a draft is a write)."""
    import ast
    from pathlib import Path

    app = Path(__file__).resolve().parents[2] / "kopienas" / "app"
    for py in app.rglob("*.py"):
        for fn in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef):
                continue
            lines = {}
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    lines.setdefault(node.func.id, node.lineno)
            # The drafts step makes them; every job that takes it refuses first.
            if "drafts_step" in lines:
                assert lines.get("refuse_foreign", 10**9) < lines["drafts_step"], f"{py.name}:{fn.name}"
            if "make_drafts" in lines:
                assert fn.name == "drafts_step" or "refuse_foreign" in lines, f"{py.name}:{fn.name}"
