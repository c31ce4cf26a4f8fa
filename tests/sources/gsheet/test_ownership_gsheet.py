"""Ownership and identifiers on a Google Sheet, through gspread over HTTP to the local emulator."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters.sources.gsheet.decor import color_token
from kopienas.core.identifiers import is_identifier
from kopienas.core.ownership import TAG
from tests.helpers import COMMUNITIES, activity, activity_rows, google_sheet, gsheet_config
from tests.support.hostile import HOSTILE

YELLOW = {"red": 1, "green": 1}  # as Google gives it: a zero component is left out


def last_line(output: str) -> str:
    return [line for line in output.splitlines() if line.strip()][-1]


def header_col(sheets, key, header) -> int:
    return sheets.values(key, "Aktivitātes")[0].index(header) + 1


def test_a_coordinators_tab_named_like_the_tools_is_not_replaced(cli, sheets, tmp_path):
    key = google_sheet(sheets, activity_rows(activity()), Kopsavilkums=[["Mūsu kopsavilkums"], ["Daugavpils", 12]])
    sheets.reset_calls()
    result = cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")
    assert result.exit_code == 2
    assert "Lapa “Kopsavilkums” nav rīka veidota" in last_line(result.output)
    assert "spreadsheets.batchUpdate" not in sheets.call_counts()  # nothing written at all
    assert sheets.values(key, "Kopsavilkums") == [["Mūsu kopsavilkums"], ["Daugavpils", "12"]]


def test_a_tool_column_mapped_onto_apraksts_is_refused_before_any_write(cli, sheets, tmp_path):
    key = google_sheet(sheets, activity_rows(activity()))
    cfg = gsheet_config(tmp_path, key, sheets.url, '\n[headers.tool]\ncheck = "Apraksts"\n')
    sheets.reset_calls()
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2 and "`headers.tool.check` = “Apraksts”" in last_line(result.output)
    assert "spreadsheets.batchUpdate" not in sheets.call_counts()
    assert not (tmp_path / "out" / "drafts").exists()


def test_columns_and_tab_the_tool_makes_carry_its_marker(cli, sheets, tmp_path):
    key = google_sheet(sheets, activity_rows(activity()))
    cfg = gsheet_config(tmp_path, key, sheets.url)
    assert cli("--config", cfg, "run").exit_code == 0
    notes = sheets.notes(key, "Aktivitātes")
    for header in ("Pārbaude", "Relīzes melnraksts"):
        assert notes[(1, header_col(sheets, key, header))].startswith(TAG)
    assert sheets.notes(key, "Kopsavilkums")[(1, 1)].startswith(TAG)
    assert cli("--config", cfg, "run").exit_code == 0  # and the next run finds them its own


def test_an_earlier_versions_column_is_adopted_a_coordinators_is_refused(cli, sheets, tmp_path):
    rows = activity_rows(activity(), activity(id="DGP-2020-08"))
    rows[0].append("Pārbaude")
    rows[1].append("Labi")
    key = google_sheet(sheets, rows)
    cfg = gsheet_config(tmp_path / "a", key, sheets.url)
    assert cli("--config", cfg, "validate").exit_code == 0
    assert sheets.notes(key, "Aktivitātes")[(1, 18)].startswith(TAG)

    rows[2].append("mans komentārs")
    key = google_sheet(sheets, rows)
    sheets.reset_calls()
    result = cli("--config", gsheet_config(tmp_path / "b", key, sheets.url), "validate")
    assert result.exit_code == 2 and "Kolonna “Pārbaude”" in last_line(result.output)
    assert "spreadsheets.batchUpdate" not in sheets.call_counts()


def test_a_coordinator_note_beginning_parbaude_is_theirs(cli, sheets, tmp_path):
    rows = activity_rows(activity(total=381), activity(id="DGP-2020-08"))
    rows[1][10] = {"value": 381, "note": "Pārbaude: jāpārjautā skolai"}
    rows[2][10] = {"value": 380, "note": "Pārbaude: Kopā (381) nesakrīt"}
    key = google_sheet(sheets, rows)
    cfg = gsheet_config(tmp_path, key, sheets.url)
    cli("--config", cfg, "validate")
    notes = sheets.notes(key, "Aktivitātes")
    assert notes[(2, 11)] == "Pārbaude: jāpārjautā skolai"
    assert notes[(3, 11)] == "Pārbaude: Kopā (381) nesakrīt"
    assert color_token(sheets.background(key, "Aktivitātes")[(2, 11)]) == "#FCE4E4"


def test_a_coordinators_colour_comes_back_when_the_problem_is_fixed(cli, sheets, tmp_path):
    rows = activity_rows(activity(total=381))
    rows[1][10] = {"value": 381, "background": YELLOW}
    key = google_sheet(sheets, rows)
    cfg = gsheet_config(tmp_path, key, sheets.url)
    assert cli("--config", cfg, "validate").exit_code == 1
    assert color_token(sheets.background(key, "Aktivitātes")[(2, 11)]) == "#FCE4E4"
    assert sheets.notes(key, "Aktivitātes")[(2, 11)].endswith("šūnas krāsa pirms atzīmes: #FFFF00")
    sheets.set_values(key, "Aktivitātes", "K2", [[380]], value_input_option="RAW")
    assert cli("--config", cfg, "validate").exit_code == 0
    assert (2, 11) not in sheets.notes(key, "Aktivitātes")
    assert color_token(sheets.background(key, "Aktivitātes")[(2, 11)]) == "#FFFF00"


def test_a_deleted_rows_id_is_not_given_again(cli, sheets, tmp_path):
    key = google_sheet(sheets, activity_rows(activity(id="DGP-2020-01"), activity(id="", title="Otrā")))
    cfg = gsheet_config(tmp_path, key, sheets.url)
    cli("--config", cfg, "validate")
    assert sheets.values(key, "Aktivitātes")[2][0] == "DGP-2020-02"
    sheets.delete_row(key, "Aktivitātes", 3)
    sheets.set_values(key, "Aktivitātes", "A3", [["", "Jauna", "DGP", "24.09.2020"]], value_input_option="RAW")
    cli("--config", cfg, "validate")
    assert sheets.values(key, "Aktivitātes")[2][0] == "DGP-2020-03"


def test_a_copy_of_the_sheet_numbers_on_from_its_original(cli, sheets, tmp_path):
    """File → Make a copy keeps the tool's tab, and with it the identity its issued numbers are
    kept under: the copy never gives out a number the original once had, as a copied workbook."""
    key = google_sheet(sheets, activity_rows(activity(id="DGP-2020-01"), activity(id="", title="Otrā")))
    cli("--config", gsheet_config(tmp_path, key, sheets.url), "validate")
    assert sheets.values(key, "Aktivitātes")[2][0] == "DGP-2020-02"
    assert "Rīka stāvoklis" in sheets.sheet_titles(key)
    sheets.delete_row(key, "Aktivitātes", 3)  # DGP-2020-02 goes, then the sheet is copied
    copy = sheets.create_spreadsheet(
        "Darbīgās kopienas (kopija)", {t: sheets.values(key, t) for t in sheets.sheet_titles(key)}
    )
    sheets.set_values(copy, "Aktivitātes", "A3", [["", "Jauna", "DGP", "24.09.2020"]], value_input_option="RAW")
    (tmp_path / "kopienas.toml").unlink()
    result = cli("--config", gsheet_config(tmp_path, copy, sheets.url), "validate")
    assert "3. rindai piešķirts ID DGP-2020-03" in result.output, result.output
    assert sheets.values(copy, "Aktivitātes")[2][0] == "DGP-2020-03"


@given(st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=30)))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_hostile_ids_in_a_google_sheet_write_nothing_outside_the_output_folder(cli, sheets, tmp_path_factory, bad):
    tmp = tmp_path_factory.mktemp("g")
    key = google_sheet(sheets, activity_rows(activity(id=bad, press_release="Jā")), Kopienas=[*COMMUNITIES, [bad, "X"]])
    cfg = gsheet_config(tmp / "cfg", key, sheets.url)
    before = set(tmp.rglob("*"))
    result = cli("--config", cfg, "run")
    assert result.exit_code in (0, 1), result.output
    out = (tmp / "cfg" / "out").resolve()
    assert all(out in p.resolve().parents for p in set(tmp.rglob("*")) - before if p.resolve() != out)
    text = bad.strip()
    if text and not is_identifier(text) and text == bad:
        check = sheets.values(key, "Aktivitātes")[1][17]
        assert "nav derīgs ID" in check
        assert not (Path(out) / "drafts").exists() or not any((Path(out) / "drafts").iterdir())


@given(
    values=st.lists(
        st.sampled_from(["Labi", "ok", "Kopā (1) nesakrīt.", "", "Nav sagatavots: x", "Jā"]), min_size=1, max_size=3
    )
)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_column_named_like_the_tools_is_written_only_when_the_tool_could_have_made_it(
    cli, sheets, tmp_path_factory, values
):
    from kopienas.core import contract
    from kopienas.core.ownership import tool_shaped

    rows = activity_rows(*[activity(id=f"DGP-2020-{i + 10}") for i in range(len(values))])
    rows[0].append("Pārbaude")
    for r, v in zip(rows[1:], values, strict=True):
        r.append(v)
    key = google_sheet(sheets, rows)
    before = sheets.values(key, "Aktivitātes")
    sheets.reset_calls()
    result = cli("--config", gsheet_config(tmp_path_factory.mktemp("c"), key, sheets.url), "validate")
    if all(tool_shaped("check", v, contract.ACTIVITIES.headers()) for v in values):
        assert result.exit_code == 0
        assert sheets.notes(key, "Aktivitātes")[(1, 18)].startswith(TAG)
    else:
        assert result.exit_code == 2 and "spreadsheets.batchUpdate" not in sheets.call_counts()
        assert sheets.values(key, "Aktivitātes") == before
