"""Drafts as Google Docs in a Drive folder, linked from the sheet, against the local emulator."""

from __future__ import annotations

import email
from datetime import datetime
from email import policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters.sources.gsheet.rich_text import linked_string
from kopienas.core.words.docs import DOC_LINK_TEXT
from kopienas.core.writeback import Link
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, gsheet_config, sheet_tabs

TAB = "Aktivitātes"


def new_sheet(sheets, *rows):
    tabs = {TAB: activity_rows(*rows), "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS}
    return sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW")


def two_rows():
    return (
        activity(),
        activity(id="DGP-2020-08", title="Ziemas svētki", start=datetime(2020, 12, 20), end=None, total=None),
    )


def setup(sheets, tmp_path, *rows, access="writer", extra=""):
    key = new_sheet(sheets, *(rows or two_rows()))
    folder = sheets.create_folder(access=access)
    cfg = gsheet_config(tmp_path / "g", key, sheets.url, f'\n[drafts]\ndrive_folder = "{folder}"\n{extra}')
    return key, folder, cfg


def draft_cells(sheets, key):
    """(text, link) of each row's `Relīzes melnraksts`, the link read from the cell's text runs."""
    values = sheets.values(key, TAB)
    col = values[0].index("Relīzes melnraksts")
    out = []
    for row in range(2, len(values) + 1):
        cell = sheets.cell(key, TAB, f"{chr(ord('A') + col)}{row}")
        runs = cell.get("textFormatRuns", [])
        links = [r["format"]["link"]["uri"] for r in runs if "link" in r.get("format", {})]
        text = cell.get("userEnteredValue", {}).get("stringValue", "")
        assert "formulaValue" not in cell.get("userEnteredValue", {})
        out.append((text, links[0] if links else None))
    return out


def test_a_run_makes_one_doc_per_press_row_links_it_and_a_second_run_makes_nothing(cli, sheets, tmp_path):
    key, folder, cfg = setup(sheets, tmp_path)
    first = cli("--config", cfg, "run")
    assert first.exit_code == 0, first.output
    docs = sheets.docs_in(folder)
    assert sorted(d.name for d in docs) == [
        "2020-09-24 Rudens talka (DGP-2020-07)",
        "2020-12-20 Ziemas svētki (DGP-2020-08)",
    ]
    by_name = {d.name: d for d in docs}
    assert "Rudens talka" in sheets.doc_text(by_name["2020-09-24 Rudens talka (DGP-2020-07)"].id)
    cells = draft_cells(sheets, key)
    assert [text.startswith(DOC_LINK_TEXT + " (atjaunināts ") for text, _ in cells] == [True, True]
    assert {link for _, link in cells} == {f"https://docs.google.com/document/d/{d.id}/edit?usp=drivesdk" for d in docs}
    assert "Google dokumenti: 2 jauni" in first.output

    sheets.reset_calls()
    second = cli("--config", cfg, "run")
    assert second.exit_code == 0, second.output
    calls = sheets.call_counts()
    assert "drive.files.create.upload" not in calls and "drive.files.update.upload" not in calls, calls
    assert len(sheets.docs_in(folder)) == 2
    assert draft_cells(sheets, key) == cells  # same links, same times


def test_a_changed_row_updates_its_doc_in_place(cli, sheets, tmp_path):
    key, folder, cfg = setup(sheets, tmp_path)
    assert cli("--config", cfg, "run").exit_code == 0
    before = {d.name: d.id for d in sheets.docs_in(folder)}
    links_before = draft_cells(sheets, key)
    title_col = sheets.values(key, TAB)[0].index("Nosaukums")
    sheets.set_values(key, TAB, f"{chr(ord('A') + title_col)}2", [["Lielā rudens talka"]])
    sheets.reset_calls()
    result = cli("--config", cfg, "run")
    assert result.exit_code == 0, result.output
    calls = sheets.call_counts()
    assert calls.get("drive.files.update.upload") == 1 and "drive.files.create.upload" not in calls, calls
    after = {d.name: d.id for d in sheets.docs_in(folder)}
    assert after["2020-09-24 Lielā rudens talka (DGP-2020-07)"] == before["2020-09-24 Rudens talka (DGP-2020-07)"]
    doc = after["2020-09-24 Lielā rudens talka (DGP-2020-07)"]
    assert "Lielā rudens talka" in sheets.doc_text(doc) and sheets.drive_file(doc).version == 2
    assert [link for _, link in draft_cells(sheets, key)] == [link for _, link in links_before]
    assert "atjaunināts: DGP-2020-07" in result.output


def test_a_deleted_or_trashed_doc_is_made_again_and_reported(cli, sheets, tmp_path):
    key, folder, cfg = setup(sheets, tmp_path)
    assert cli("--config", cfg, "run").exit_code == 0
    first, second = sorted(sheets.docs_in(folder), key=lambda d: d.name)
    sheets.delete_file(first.id)
    sheets.trash_file(second.id)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 0, result.output
    assert result.output.count("izveidots no jauna") == 2
    live = sheets.docs_in(folder)
    assert len(live) == 2 and not {d.id for d in live} & {first.id, second.id}
    assert {link for _, link in draft_cells(sheets, key)} == {
        f"https://docs.google.com/document/d/{d.id}/edit?usp=drivesdk" for d in live
    }


def test_a_folder_not_shared_is_one_line_exit_2_and_the_verdicts_are_still_written(cli, sheets, tmp_path):
    bad = activity(id="DGP-2020-09", title="Bez kopienas", community="XXX")
    for access in (None, "reader"):
        key, folder, cfg = setup(sheets, tmp_path / str(access), *two_rows(), bad, access=access)
        result = cli("--config", cfg, "run")
        assert result.exit_code == 2, result.output
        [line] = [x for x in result.stderr.splitlines() if x.startswith("kopienas:")]
        assert folder in line and "drafts.drive_folder" in line and "kopīgojiet" in line
        assert "Traceback" not in result.output
        values = sheets.values(key, TAB)
        check = values[0].index("Pārbaude")
        assert [r[check] for r in values[1:]][:2] == ["Labi", "Labi"] and "Kopiena" in values[3][check]
        assert all("mape nav pieejama" in text and link is None for text, link in draft_cells(sheets, key)[:2])


def test_a_missing_folder_names_it(cli, sheets, tmp_path):
    key = new_sheet(sheets, activity())
    cfg = gsheet_config(
        tmp_path / "g",
        key,
        sheets.url,
        '\n[drafts]\ndrive_folder = "https://drive.google.com/drive/folders/1NoSuchFolder00"\n',
    )
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2 and "1NoSuchFolder00" in result.stderr


def test_a_bad_drive_folder_setting_is_one_line(cli, sheets, tmp_path):
    key = new_sheet(sheets, activity())
    cfg = gsheet_config(tmp_path / "g", key, sheets.url, '\n[drafts]\ndrive_folder = "my folder"\n')
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2 and "`drafts.drive_folder` must be" in result.stderr


def test_the_press_office_mail_carries_the_link_and_the_docx(cli, sheets, tmp_path):
    _, folder, cfg = setup(sheets, tmp_path, activity(), extra='\n[mail]\npress_office = "prese@example.lv"\n')
    assert cli("--config", cfg, "run").exit_code == 0
    [doc] = sheets.docs_in(folder)
    [path] = list((tmp_path / "g" / "out" / "outbox").glob("draft*.eml"))
    mail = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    link = f"https://docs.google.com/document/d/{doc.id}/edit?usp=drivesdk"
    assert link in mail.get_body(("plain",)).get_content() and link in mail.get_body(("html",)).get_content()
    assert [a.get_filename() for a in mail.iter_attachments()] == ["DGP-2020-07.docx"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(min_size=1, max_size=40),
    bounds=st.tuples(st.integers(0, 45), st.integers(0, 45)),
)
def test_a_link_run_always_covers_exactly_its_characters(text, bounds):
    # Any text (emoji and other characters outside the BMP included): the runs Google gets index UTF-16
    # code units, start inside the text, and the linked span is the asked-for characters.
    start, end = sorted(b % (len(text) + 1) for b in bounds)
    cell = linked_string(text, Link("https://docs.google.com/document/d/x/edit", start, end))
    assert cell["userEnteredValue"] == {"stringValue": text}
    runs = cell.get("textFormatRuns", [])
    if start >= end:
        assert runs == []
        return
    units = len(text.encode("utf-16-le")) // 2
    indexes = [r["startIndex"] for r in runs]
    assert indexes == sorted(set(indexes)) and all(0 <= i < units for i in indexes)
    [linked] = [r for r in runs if "link" in r["format"]]
    stop = next((r["startIndex"] for r in runs if r["startIndex"] > linked["startIndex"]), units)
    assert text.encode("utf-16-le")[2 * linked["startIndex"] : 2 * stop].decode("utf-16-le") == text[start:end]


def test_drive_failing_after_the_retries_is_one_line_exit_3_and_the_verdicts_are_written(cli, sheets, tmp_path):
    key, folder, cfg = setup(sheets, tmp_path)
    sheets.fail_next(5, status=503, kind="drive.files.create.upload")
    result = cli("--config", cfg, "run")
    assert result.exit_code == 3, result.output
    [line] = [x for x in result.stderr.splitlines() if x.startswith("kopienas:")]
    assert "Google Drive: 503" in line and "Traceback" not in result.output
    assert all(text.startswith("Google dokuments nav atjaunināts") for text, _ in draft_cells(sheets, key))
    sheets.clear_faults()
    assert cli("--config", cfg, "run").exit_code == 0 and len(sheets.docs_in(folder)) == 2


_STEPS = st.lists(st.sampled_from(["edit", "delete", "trash", "nothing", "unmark"]), min_size=1, max_size=3)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_STEPS, which=st.lists(st.integers(0, 1), min_size=4, max_size=4))
def test_whatever_happens_between_runs_each_press_row_has_exactly_one_live_doc_with_its_text(
    sheets, tmp_path_factory, steps, which
):
    # Rows edited, unmarked for the press, their Docs deleted or trashed by someone, in any order:
    # after each run every press row links to one live Doc in the folder that says what the row
    # says, a Doc survives (same id) unless it was deleted or trashed, and nothing is duplicated.
    from kopienas.app.jobs.run import run_all
    from kopienas.config import load_config

    key, folder, cfg = setup(sheets, tmp_path_factory.mktemp("life"))
    config = load_config(cfg)
    titles = ["Rudens talka", "Ziemas svētki"]
    marked = [True, True]
    header = sheets.values(key, TAB)[0]
    title_col, press_col = chr(ord("A") + header.index("Nosaukums")), chr(ord("A") + header.index("Relīze"))
    assert run_all(config, mail=False).exit_code == 0
    for n, (step, row) in enumerate(zip(steps, which, strict=False)):
        ids_before = {link for _, link in draft_cells(sheets, key) if link}
        docs = {f"https://docs.google.com/document/d/{d.id}/edit?usp=drivesdk": d.id for d in sheets.docs_in(folder)}
        _, row_link = draft_cells(sheets, key)[row]
        mine = docs.get(row_link or "")
        if step == "edit":
            titles[row] = f"{titles[row]} {n}"
            sheets.set_values(key, TAB, f"{title_col}{row + 2}", [[titles[row]]])
        elif step == "unmark":
            marked[row] = False
            sheets.set_values(key, TAB, f"{press_col}{row + 2}", [["Nē"]])
        elif step in ("delete", "trash") and mine:
            (sheets.delete_file if step == "delete" else sheets.trash_file)(mine)
        assert run_all(config, mail=False).exit_code == 0
        cells = draft_cells(sheets, key)
        live = {f"https://docs.google.com/document/d/{d.id}/edit?usp=drivesdk": d for d in sheets.docs_in(folder)}
        for i, (_, link) in enumerate(cells):
            if not marked[i]:  # no longer for the press: its cell and its Doc are left as they were
                continue
            assert link in live, (step, cells)
            assert titles[i] in sheets.doc_text(live[link].id)
            if not (i == row and step in ("delete", "trash")):
                assert link in ids_before or not ids_before  # kept, so a bookmark keeps working
        assert len({link for (_, link), m in zip(cells, marked, strict=True) if m}) == sum(
            marked
        )  # no two rows share one
        assert len(live) <= 2


def test_the_programme_release_is_one_doc_kept_in_place_and_made_again_when_deleted(cli, sheets, tmp_path):
    _, folder, cfg = setup(sheets, tmp_path)

    def release(day: str):
        result = cli("--config", cfg, "drafts", "--programme", "--year", "2020", env={"KOPIENAS_TODAY": day})
        assert result.exit_code == 0, result.output
        return result.output

    first = release("2020-11-02")
    [doc] = sheets.docs_in(folder)
    link = f"https://docs.google.com/document/d/{doc.id}/edit?usp=drivesdk"
    assert doc.name == "Programmas relīze 2020" and "Darbīgās kopienas" in sheets.doc_text(doc.id)
    assert f"  Google dokuments (izveidots): {link}" in first
    assert (tmp_path / "g" / "out" / "drafts" / "programme-2020" / "draft.docx").exists()

    sheets.reset_calls()
    assert f"  Google dokuments (bez izmaiņām): {link}" in release("2020-11-02")  # the same release: no upload
    assert "drive.files.update.upload" not in sheets.call_counts()

    # A later day is a new release: the same Doc (same id, same link) gets its text.
    assert f"  Google dokuments (atjaunināts): {link}" in release("2020-12-01")
    assert [d.id for d in sheets.docs_in(folder)] == [doc.id] and sheets.drive_file(doc.id).version == 2

    sheets.delete_file(doc.id)
    third = release("2020-12-01")
    [again] = sheets.docs_in(folder)
    assert again.id != doc.id
    assert f"no jauna (iepriekšējais bija izdzēsts vai atkritnē)): {link.replace(doc.id, again.id)}" in third


def test_the_programme_release_in_english_has_its_own_doc(cli, sheets, tmp_path):
    _, folder, cfg = setup(sheets, tmp_path)
    assert cli("--config", cfg, "drafts", "--programme", "--year", "2020").exit_code == 0
    result = cli("--config", cfg, "drafts", "--programme", "--year", "2020", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert sorted(d.name for d in sheets.docs_in(folder)) == ["Programmas relīze 2020", "Programmas relīze 2020 (en)"]


def test_a_programme_release_whose_folder_is_missing_is_one_line_and_the_files_are_written(cli, sheets, tmp_path):
    key = new_sheet(sheets, activity())
    extra = '\n[drafts]\ndrive_folder = "https://drive.google.com/drive/folders/1NoSuchFolder00"\n'
    cfg = gsheet_config(tmp_path / "g", key, sheets.url, extra)
    result = cli("--config", cfg, "drafts", "--programme", "--year", "2020")
    assert result.exit_code == 2 and "1NoSuchFolder00" in result.stderr and "Traceback" not in result.output
    assert (tmp_path / "g" / "out" / "drafts" / "programme-2020" / "draft.docx").exists()
    assert "Programmas relīze par 2020. gadu sagatavota" in result.output
