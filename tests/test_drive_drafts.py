"""Drafts as Google Docs in a Drive folder, linked from the sheet, against the local emulator."""

from __future__ import annotations

import email
from datetime import datetime
from email import policy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters.sources.gsheet.rich_text import linked_string
from kopienas.core.doc_phrases import DOC_LINK_TEXT
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
