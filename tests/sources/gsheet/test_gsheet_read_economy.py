"""What a Google read downloads: every cell's note and colour under a mask naming nothing most cells
have, the values once, and the ID column's formulas only where an ID is blank (a formula mask over
every cell answers `{"userEnteredValue": {}}` for each filled cell: as much again as the values)."""

from __future__ import annotations

import pytest

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
from kopienas.config import load_config
from kopienas.core.cells import column_letter
from kopienas.core.ownership import TAG, OwnershipError
from tests.helpers import (
    PARTNERS,
    activity,
    activity_rows,
    google_pass,
    google_sheet,
    gsheet_config,
    with_ledger,
)


def _config(sheets, tmp_path, rows):
    key = google_sheet(sheets, activity_rows(*rows))
    return key, with_ledger(load_config(gsheet_config(tmp_path, key, sheets.url)))


def test_a_steady_pass_downloads_the_values_and_notes_and_colours_smaller_than_them(sheets, tmp_path):
    # every third row with a problem: its cell carries the tool's note and colour
    rows = [activity(id=f"DGP-2020-{i:04d}", total=1 if i % 3 == 0 else 380) for i in range(1, 301)]
    _, config = _config(sheets, tmp_path, rows)
    assert google_pass(config).written == 300
    sheets.reset_calls()
    assert google_pass(config).written == 0
    # The tabs as the last full read found them: the values at once, then the notes and colours of
    # the header rows and of the rows whose verdict is not "Labi" (a third of them), by sheet id.
    assert [c.kind for c in sheets.calls] == ["values.batchGet", "spreadsheets.getByDataFilter"]
    assert "formulaValue" not in sheets.calls[1].path
    values, notes_and_colours = sheets.response_bytes
    # With every cell's formula asked for too, the first answer was twice as big as the values; with
    # every cell's note and colour, about two thirds of them here (the tool's notes are long).
    assert notes_and_colours < values / 2, sheets.response_bytes


def test_formulas_are_asked_of_the_blank_ids_alone_and_only_when_there_are_some(sheets, tmp_path):
    rows = [activity(id=f"DGP-2020-{i:02d}") for i in range(1, 8)]
    rows[2], rows[4] = activity(id="", title="Trešā"), activity(id="", title="Piektā")  # rows 4 and 6
    key, config = _config(sheets, tmp_path, rows)
    sheets.set_values(key, "Aktivitātes", "A6", [['=IF(1=2,"x","")']], value_input_option="USER_ENTERED")
    sheets.reset_calls()
    snapshot = GoogleSheetSource.from_config(config).read()
    assert [c.kind for c in sheets.calls] == ["spreadsheets.get", "values.batchGet", "spreadsheets.get"]
    assert "!A4:A6&" in sheets.calls[2].path and "formulaValue" in sheets.calls[2].path
    ids = [row[0] for _, row in snapshot.tables["Aktivitātes"].rows]
    assert [type(v).__name__ for v in ids[2:5]] == ["str", "str", "FormulaWithoutValue"]

    google_pass(config)  # row 4 gets its ID; row 6 keeps its formula
    sheets.reset_calls()
    GoogleSheetSource.from_config(config).read()
    assert "!A6:A6&" in sheets.calls[2].path

    sheets.set_values(key, "Aktivitātes", "A6", [["DGP-2020-99"]], value_input_option="RAW")
    sheets.reset_calls()
    GoogleSheetSource.from_config(config).read()
    assert [c.kind for c in sheets.calls] == ["values.batchGet", "spreadsheets.getByDataFilter"]  # every ID filled in


def test_watch_looks_at_a_small_sheet_in_one_call_and_at_a_big_one_in_two(sheets, tmp_path, monkeypatch):
    from kopienas.adapters.sources.gsheet import source as gsheet_source

    key, config = _config(sheets, tmp_path, [activity(id="DGP-2020-01"), activity(id="DGP-2020-02", total=7)])
    feed = GoogleSheetSource.from_config(config).change_feed()
    sheets.reset_calls()
    assert feed.look_reads() == 1
    first = feed.content()
    assert [c.kind for c in sheets.calls] == ["spreadsheets.get"]  # titles and values in one answer
    rows = dict(first.tables["Aktivitātes"].rows)
    assert rows[3][0] == "DGP-2020-02" and 7 in rows[3]
    sheets.set_values(key, "Aktivitātes", "B3", [["Cita talka"]], value_input_option="RAW")
    assert dict(feed.content().tables["Aktivitātes"].rows)[3][1] == "Cita talka"

    monkeypatch.setattr(gsheet_source, "LOOK_CELLS", 10)  # the sheet seen last is now "big"
    assert feed.look_reads() == 2
    sheets.reset_calls()
    assert dict(feed.content().tables["Aktivitātes"].rows)[3][1] == "Cita talka"
    assert [c.kind for c in sheets.calls] == ["spreadsheets.get", "values.batchGet"]


def _column_of(sheets, key, header):
    return sheets.values(key, "Aktivitātes")[0].index(header) + 1  # 1-based


def test_a_mark_on_a_row_whose_verdict_a_coordinator_changed_is_still_taken_off_when_fixed(sheets, tmp_path):
    rows = [activity(id=f"DGP-2020-{i:02d}", total=1 if i == 2 else 380) for i in range(1, 5)]
    key, config = _config(sheets, tmp_path, rows)
    google_pass(config)  # row 3 ("Kopā" wrong) gets its note and colour
    total, check = _column_of(sheets, key, "Kopā"), _column_of(sheets, key, "Pārbaude")
    assert sheets.notes(key, "Aktivitātes")[(3, total)].startswith(TAG)
    # A coordinator fixes the total and writes over the tool's verdict: neither the tool's OK nor its problem.
    sheets.set_values(key, "Aktivitātes", f"{column_letter(total)}3", [[380]], value_input_option="RAW")
    sheets.set_values(key, "Aktivitātes", f"{column_letter(check)}3", [["izlabots"]], value_input_option="RAW")
    sheets.reset_calls()
    google_pass(config)
    assert sheets.calls[1].kind == "spreadsheets.getByDataFilter"  # the tabs as last seen
    assert (3, total) not in sheets.notes(key, "Aktivitātes")
    assert (3, total) not in sheets.background(key, "Aktivitātes")
    assert sheets.values(key, "Aktivitātes")[2][check - 1] == "Labi"


def test_a_row_gone_wrong_since_its_ok_keeps_its_coordinators_note_though_its_cells_were_not_read(sheets, tmp_path):
    rows = [activity(id=f"DGP-2020-{i:02d}") for i in range(1, 5)]
    key, config = _config(sheets, tmp_path, rows)
    google_pass(config)  # every row "Labi": no row's cells are read for notes and colours next time
    total = _column_of(sheets, key, "Kopā")
    sheets.set_note(key, "Aktivitātes", f"{column_letter(total)}4", "Koordinatora piezīme")
    sheets.set_values(key, "Aktivitātes", f"{column_letter(total)}4", [[1]], value_input_option="RAW")
    table = GoogleSheetSource.from_config(config).read().tables["Aktivitātes"]
    assert table.decor_rows is not None and 4 not in table.decor_rows and (4, total - 1) not in table.notes
    google_pass(config)
    assert sheets.notes(key, "Aktivitātes")[(4, total)] == "Koordinatora piezīme"  # decided on the cell as written
    assert sheets.background(key, "Aktivitātes")[(4, total)]  # the tool's colour alone
    assert sheets.values(key, "Aktivitātes")[3][_column_of(sheets, key, "Pārbaude") - 1].startswith("Kopā (1)")


def test_a_tab_renamed_since_the_last_full_read_is_read_whole_again(sheets, tmp_path):
    key, config = _config(sheets, tmp_path, [activity(id="DGP-2020-01"), activity(id="DGP-2020-02", total=1)])
    google_pass(config)
    sheets.rename_sheet(key, "Partneri", "Partneri (vecie)")
    sheets.add_sheet(key, "Partneri")
    sheets.set_values(key, "Partneri", "A1", PARTNERS, value_input_option="RAW")
    sheets.reset_calls()
    snapshot = GoogleSheetSource.from_config(config).read()
    kinds = [c.kind for c in sheets.calls]
    # The titles are all there, but "Partneri" is another sheet now: found out, then read whole.
    assert kinds == ["values.batchGet", "spreadsheets.getByDataFilter", "spreadsheets.get", "values.batchGet"]
    assert "Partneri (vecie)" in snapshot.tables
    sheets.reset_calls()
    GoogleSheetSource.from_config(config).read()
    assert [c.kind for c in sheets.calls] == ["values.batchGet", "spreadsheets.getByDataFilter"]


def test_the_tools_tab_made_by_a_coordinator_after_the_last_full_read_is_not_written(sheets, tmp_path):
    from kopienas.adapters.sources import SourceError

    key, config = _config(sheets, tmp_path, [activity(id="DGP-2020-01"), activity(id="DGP-2020-02", total=1)])
    google_pass(config)
    sheets.rename_sheet(key, "Kopsavilkums", "Vecais kopsavilkums")
    GoogleSheetSource.from_config(config).read()  # read whole: the tool's tab is missing now
    sheets.add_sheet(key, "Kopsavilkums", [["Mūsu pašu tabula"]])  # a coordinator's, under the tool's title
    sheets.set_values(key, "Aktivitātes", "A2", [["DGP-2020-09"]], value_input_option="RAW")  # something to write
    with pytest.raises(SourceError) as refused:
        google_pass(config)
    assert "Kopsavilkums" in str(refused.value) and "nekas netika ierakstīts" in str(refused.value)
    assert sheets.values(key, "Kopsavilkums") == [["Mūsu pašu tabula"]]
    with pytest.raises(OwnershipError):  # read whole next time: not the tool's tab, refused as always
        google_pass(config)
    assert sheets.values(key, "Kopsavilkums") == [["Mūsu pašu tabula"]]


def test_a_steady_pass_leaves_the_ledger_as_it_was(sheets, tmp_path):
    rows = [activity(id=f"DGP-2020-{i:02d}", total=1 if i == 2 else 380) for i in range(1, 6)]
    _, config = _config(sheets, tmp_path, rows)
    google_pass(config)
    google_pass(config)  # the first steady pass: the tabs as the full read left them
    with Ledger(config.ledger) as ledger:
        before = ledger.db.execute("SELECT source, tabs FROM known_tabs").fetchall()
    sheets.reset_calls()
    changes = _total_changes_after(lambda: google_pass(config), config.ledger)
    assert sheets.calls[0].kind == "values.batchGet"  # steady: the kept tabs were used
    assert changes == 0
    with Ledger(config.ledger) as ledger:
        assert ledger.db.execute("SELECT source, tabs FROM known_tabs").fetchall() == before
    assert not list(config.ledger.parent.glob("*.json"))  # no second store beside the ledger


def _total_changes_after(action, path) -> int:
    """Rows the ledger's file gained, lost or changed while `action` ran (SQLite's data_version
    moves when another connection commits a change)."""
    with Ledger(path) as ledger:
        version = ledger.db.execute("PRAGMA data_version").fetchone()[0]
        action()
        return ledger.db.execute("PRAGMA data_version").fetchone()[0] - version


def test_the_tabs_kept_are_the_last_full_reads_until_forgotten(tmp_path):
    from kopienas.adapters.sources.gsheet.known_tabs import KnownTabs

    Ledger(tmp_path / "l.sqlite").close()
    known = KnownTabs(tmp_path / "l.sqlite", "key", ("Aktivitātes",))
    known.keep({"Aktivitātes": 0, "Kopienas": 7})
    assert known.load() == {"Aktivitātes": 0, "Kopienas": 7}
    assert KnownTabs(tmp_path / "l.sqlite", "other", ("Aktivitātes",)).load() is None  # by spreadsheet
    assert KnownTabs(tmp_path / "l.sqlite", "key", ("Aktivitātes", "Jauna")).load() is None  # a tab not seen
    known.keep(None)
    assert known.load() is None


def test_the_tabs_are_never_kept_in_a_ledger_that_is_not_there(tmp_path):
    """A new ledger tells a run that no mail went out before it: reading a sheet never makes one."""
    from kopienas.adapters.sources.gsheet.known_tabs import KnownTabs

    known = KnownTabs(tmp_path / "l.sqlite", "key", ("Aktivitātes",))
    known.keep({"Aktivitātes": 0})
    assert not (tmp_path / "l.sqlite").exists() and known.load() is None
