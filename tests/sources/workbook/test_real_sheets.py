"""A new user's own workbook: the file named is the file written; nothing falls through silently;
texts stay within the cell limits and readable."""

from __future__ import annotations

import email
import json
import shutil
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kopienas.config import load_config
from kopienas.core import contract
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.reading import read_programme
from kopienas.core.validation import validate
from kopienas.core.words import sheets as sheet_phrases
from kopienas.core.writeback import plan_from_report
from tests.helpers import (
    COMMUNITIES,
    INSTITUTIONS,
    PARTNERS,
    SAMPLE,
    activity,
    activity_rows,
    make_workbook,
    standard_tabs,
)

CONFIG = load_config("/dev/null")


def project_config(tmp_path):
    """A config like the project's: the sample as the source, verdicts written to a copy."""
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "sample.xlsx")
    cfg = folder / "kopienas.toml"
    cfg.write_text('[source]\nlocation = "sample.xlsx"\nwrite_to = "out/copy.xlsx"\n', encoding="utf-8")
    return folder, cfg


# -- --source: the file named is read and written ------------------------------------------------


def test_validate_source_in_another_folder_writes_that_file(cli, tmp_path, monkeypatch):
    folder, cfg = project_config(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    mine = make_workbook(elsewhere / "mine.xlsx", standard_tabs(activity(id="", total=1)))
    sample_before = (folder / "sample.xlsx").read_bytes()
    monkeypatch.chdir(elsewhere)

    result = cli("--config", cfg, "validate", "--source", "mine.xlsx")

    assert result.exit_code == 1, result.output
    assert "Rezultāti ierakstīti: mine.xlsx (1 rinda)." in result.output
    sheet = load_workbook(mine)["Aktivitātes"]
    assert sheet.cell(2, 1).value == "DGP-2020-01" and sheet.cell(2, 18).value.startswith("Kopā (1)")
    assert not (folder / "out" / "copy.xlsx").exists()  # write_to is the configured source's only
    assert (folder / "sample.xlsx").read_bytes() == sample_before


def test_init_source_creates_that_file_in_another_folder(cli, tmp_path, monkeypatch):
    folder, cfg = project_config(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    result = cli("--config", cfg, "init", "--source", "new.xlsx")

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Darbgrāmata new.xlsx (jauna)"
    assert load_workbook(elsewhere / "new.xlsx").sheetnames == ["Aktivitātes", "Kopienas", "Iestādes", "Partneri"]
    assert not (folder / "out").exists()
    again = cli("--config", cfg, "init", "--source", str(elsewhere / "new.xlsx"))
    assert again.exit_code == 0 and "Nekas nav jāmaina" in again.output


def test_init_on_the_configured_source_names_the_copy_it_writes(cli, tmp_path):
    folder, cfg = project_config(tmp_path)
    result = cli("--config", cfg, "init")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first == f"Darbgrāmata {folder / 'out' / 'copy.xlsx'} (no {folder / 'sample.xlsx'})"


def test_init_does_not_add_a_second_column_for_a_mistyped_header(cli, tmp_path):
    tabs = standard_tabs(activity())
    tabs["Aktivitātes"][0][10] = "Kopa"
    path = make_workbook(tmp_path / "book.xlsx", tabs)
    result = cli("--config", "/dev/null", "init", "--source", path)
    assert result.exit_code == 0, result.output
    assert "kolonna “Kopā” netika pievienota: vai tā ir “Kopa”?" in result.output
    header = [c.value for c in load_workbook(path)["Aktivitātes"][1]]
    assert "Kopā" not in header and header.count("Kopa") == 1 and "Pārbaude" in header


# -- nothing falls through silently --------------------------------------------------------------


def test_a_planned_row_whose_start_has_passed_is_a_problem_on_statuss(cli, tmp_path):
    rows = [
        activity(id="DGP-2026-01", start=datetime(2026, 11, 17), end=None, status="Plānota"),  # 4 days ago
        activity(id="DGP-2026-02", start=datetime(2026, 11, 19), end=None, status="Plānota"),  # 2 days: still fine
        activity(id="DGP-2026-03", start=datetime(2026, 10, 1), end=None, status=None),  # empty = planned
    ]
    path = make_workbook(tmp_path / "book.xlsx", standard_tabs(*rows))
    result = cli("--config", "/dev/null", "validate", "--source", path)
    assert result.exit_code == 1
    assert "Plānotas, bet sākums jau pagājis: 2 rindas." in result.output
    totals = list(load_workbook(path)[contract.TOTALS_TAB].iter_rows(values_only=True))
    assert ("No tām plānotas, bet sākums jau pagājis", 2) in [r[:2] for r in totals]
    sheet = load_workbook(path)["Aktivitātes"]
    assert sheet.cell(2, 18).value == (
        "Statuss: “Plānota”, bet sākums 17.11.2026. jau pagājis – izvēlieties “Notikusi” vai “Atcelta” "
        "(vai izlabojiet datumu)."
    )
    assert sheet.cell(3, 18).value == "Labi"
    assert sheet.cell(4, 18).value.startswith("Statuss: tukšs (nozīmē “Plānota”), bet sākums 01.10.2026")
    assert sheet.cell(2, 16).comment.text.endswith(sheet.cell(2, 18).value)  # the note on Statuss says the same


def test_an_orphan_rows_problems_reach_the_operator_once_and_show_in_status(cli, tmp_path):
    communities = [list(r) for r in COMMUNITIES]
    communities[2][4] = ""  # Preiļi has no coordinator's address
    rows = [activity(), activity(id="PRE-2020-01", community="PRE", email="", total=1)]
    tabs = {
        "Aktivitātes": activity_rows(*rows),
        "Kopienas": communities,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    path = make_workbook(tmp_path / "book.xlsx", tabs)
    cfg = tmp_path / "k.toml"
    cfg.write_text(
        f'[source]\nlocation = "{path}"\n[output]\nfolder = "{tmp_path / "out"}"\n[mail]\noperator = "it@example.lv"\n',
        encoding="utf-8",
    )
    result = cli("--config", cfg, "fixlists")
    assert result.exit_code == 0, result.output
    assert "1 rinda bez sasniedzama koordinatora: tās problēmas nosūtītas operatoram (it@example.lv)." in result.output
    [eml] = list((tmp_path / "out" / "outbox").glob("*.eml"))
    mail = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert mail["To"] == "it@example.lv"
    assert mail["Subject"] == "Darbīgās kopienas – 1 rinda bez koordinatora lapā “Aktivitātes”"
    text = mail.get_body(("plain",)).get_content()
    assert "nav sasniedzama koordinatora" in text and "PRE-2020-01" in text and "Kopā (1) nesakrīt" in text

    assert "bez sasniedzama koordinatora" in cli("--config", cfg, "fixlists").output
    assert len(list((tmp_path / "out" / "outbox").glob("*.eml"))) == 1  # the same list is not sent twice

    status = json.loads(cli("--config", cfg, "status", "--format", "json").stdout)
    assert status["rows_without_coordinator"] == {"rows": [3], "operator": "it@example.lv"}
    text_status = cli("--config", cfg, "status").stdout
    assert "Rindas bez sasniedzama koordinatora (3.)" in text_status


def test_without_an_operator_the_orphan_rows_are_said_with_the_fix(cli, tmp_path):
    communities = [list(r) for r in COMMUNITIES]
    communities[1][4] = ""
    tabs = {
        "Aktivitātes": activity_rows(activity(email="", total=1)),
        "Kopienas": communities,
        "Iestādes": INSTITUTIONS,
    }
    path = make_workbook(tmp_path / "book.xlsx", tabs)
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[source]\nlocation = "{path}"\n[output]\nfolder = "{tmp_path / "out"}"\n', encoding="utf-8")
    result = cli("--config", cfg, "fixlists")
    assert result.exit_code == 0
    assert "1 rinda bez sasniedzama koordinatora" in result.output and "iestatiet `mail.operator`" in result.output


# -- texts within the limits, and readable --------------------------------------------------------

hostile = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["x" * 60_000, "www.x " * 9_000, ";".join(["ftp://a"] * 5_000), "\n".join(["+"] * 20_000)]),
    st.integers(-(10**9), 10**9),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from([c.field for c in contract.ACTIVITIES.columns]), hostile), max_size=4))
def test_hostile_cells_never_produce_a_verdict_or_note_over_the_cap(overrides):
    rows = [activity(**o) for o in overrides]
    tabs = standard_tabs(*rows)
    snapshot = Snapshot({t: table_from_rows(t, r) for t, r in tabs.items()})
    report = validate(
        read_programme(snapshot, CONFIG.sheet), CONFIG.headers["activities"], datetime(2026, 11, 21).date()
    )
    plan = plan_from_report(report, CONFIG.headers["activities"], CONFIG.tool_headers)
    for update in plan.updates:
        for text in (*update.values.values(), *(m.note or "" for m in update.marks.values())):
            assert len(text) <= contract.CELL_TEXT_LIMIT
    for verdict in report.verdicts:
        lines = verdict.check_text().split("\n")
        messages = [p.message for p in verdict.problems]
        assert all("\n" not in m for m in messages)  # one problem, one line: quoted cells are shortened
        if len(lines) < len(messages):  # the first problems in full (or cut), then how many more
            assert lines[-1] == sheet_phrases.more_problems(len(messages) - len(lines) + 1)
            lines = lines[:-1]
        for line, message in zip(lines, messages, strict=False):
            assert line == message or (line.endswith("…") and message.startswith(line[:-1]))


def test_more_problems_agrees_with_the_number():
    assert [sheet_phrases.more_problems(n) for n in (1, 2, 11, 21, 101)] == [
        "… un vēl 1 problēma",
        "… un vēl 2 problēmas",
        "… un vēl 11 problēmas",
        "… un vēl 21 problēma",
        "… un vēl 101 problēma",
    ]
    text = sheet_phrases.capped_lines([f"Saites: {i} nav derīga saite." for i in range(5000)], 1000)
    assert len(text) <= 1000 and text.startswith("Saites: 0 nav") and text.endswith("problēmas")


def test_long_verdicts_wrap_and_the_row_grows_and_kopsavilkums_fits_its_labels(cli, tmp_path):
    bad_links = "\n".join(f"www.piemers{i}.lv" for i in range(6))
    path = make_workbook(tmp_path / "book.xlsx", standard_tabs(activity(links=bad_links, total=1), activity(id="X-1")))
    assert cli("--config", "/dev/null", "validate", "--source", path).exit_code == 1
    book = load_workbook(path)
    sheet = book["Aktivitātes"]
    check = sheet.cell(2, 18)
    assert check.alignment.wrap_text and len(check.value.splitlines()) == 7
    assert sheet.row_dimensions[2].height >= 15 * 7 and sheet.row_dimensions[3].height is None
    totals = book[contract.TOTALS_TAB]
    label = "Rindas ar kļūdām, kas nav ieskaitītas"
    assert totals.column_dimensions["A"].width >= len("Programmā kopā") + 2
    assert totals.column_dimensions["F"].width >= len("Bērni un jaunieši")
    assert any(r[0] == label for r in totals.iter_rows(values_only=True))


# -- the same on a Google Sheet (the emulator) -----------------------------------------------------


def test_a_google_sheet_with_title_lines_a_second_table_and_then_a_missing_column(cli, sheets, tmp_path):
    from tests.helpers import gsheet_config, sheet_tabs

    rows = activity_rows(activity(), activity(id="", title="Bez ID", total=1))
    tab = [["Darbīgās kopienas 2020"], [], *rows, [], ["Kopsavilkums"], ["Mēnesis", "Skaits"], ["Sept.", 2]]
    tabs = {"Aktivitātes": tab, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS}
    key = sheets.create_spreadsheet("Mana tabula", sheet_tabs(tabs), value_input_option="RAW")
    cfg = gsheet_config(tmp_path, key, sheets.url)

    result = cli("--config", cfg, "validate")
    assert result.exit_code == 1, result.output
    assert "Zem tukšās 6. rindas ir vēl 3 rindas (7.–9.)" in result.output
    values = sheets.values(key, "Aktivitātes")
    check = values[2].index("Pārbaude")
    assert values[3][check] == "Labi" and values[4][check].startswith("Kopā (1)") and values[4][0] == "DGP-2020-08"
    assert values[6:] == [["Kopsavilkums"], ["Mēnesis", "Skaits"], ["Sept.", "2"]]  # left alone

    sheets.set_values(key, "Aktivitātes", "K3", [["Kopa"]], value_input_option="RAW")  # a coordinator renames
    before = sheets.values(key, "Aktivitātes")
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2 and "“Kopā” (vai domājāt “Kopa”?)" in result.output
    assert sheets.values(key, "Aktivitātes") == before
