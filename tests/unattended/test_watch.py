"""`kopienas watch`: a verdict seconds after an edit, no Sheets call while nothing changes, never
triggered by its own write; the workbook is checked once saved and closed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from openpyxl import load_workbook

from kopienas.app.jobs.run import run_all
from kopienas.app.unattended.watch import watcher_for
from kopienas.config import load_config
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, ROOT, activity, activity_rows, gsheet_config, sheet_tabs

TAB = "Aktivitātes"


def _sheet(sheets):
    tabs = {
        TAB: activity_rows(activity(), activity(id="DGP-2020-08", title="Ziemas svētki")),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    return sheets.create_spreadsheet("Darbīgās kopienas", sheet_tabs(tabs), value_input_option="RAW")


def _column(sheets, key, header):
    values = sheets.values(key, TAB)
    i = values[0].index(header) if header in values[0] else None
    return [row[i] if i is not None and i < len(row) else "" for row in values[1:]]


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _sheets_calls(counts: dict[str, int]) -> dict[str, int]:
    return {k: n for k, n in counts.items() if not k.startswith("drive.")}


@pytest.mark.slow
def test_watch_checks_an_edit_within_seconds_and_costs_no_sheets_call_while_idle(sheets, tmp_path):
    key = _sheet(sheets)
    cfg = gsheet_config(tmp_path / "g", key, sheets.url)
    process = subprocess.Popen(
        [sys.executable, "-m", "kopienas", "--config", str(cfg), "--log-format", "json", "watch", "--every", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"KOPIENAS_SHEETS_API": sheets.url},
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()
    try:
        # The first look checks the sheet as it is; the missed summary and fix-lists catch up.
        _wait(lambda: _column(sheets, key, "Pārbaude") == ["Labi", "Labi"], 20, "".join(lines))
        _wait(lambda: sum('"finished in' in line for line in lines) == 3, 20, "".join(lines))

        # The stamp its own write moved brings one look at the values (no pass), then ten idle
        # seconds: a Drive version call a second, not one Sheets call.
        time.sleep(3)
        sheets.reset_calls()
        time.sleep(10)
        idle = sheets.call_counts()
        assert _sheets_calls(idle) == {}, idle
        assert 8 <= idle.get("drive.files.get", 0) <= 12, idle

        # A coordinator types a total that does not add up: the verdict is there within seconds.
        version_before = sheets.version(key)
        total = sheets.values(key, TAB)[0].index("Kopā")
        sheets.set_values(key, TAB, f"{chr(ord('A') + total)}3", [[999]])
        edited = time.monotonic()
        _wait(lambda: "Kopā (999)" in _column(sheets, key, "Pārbaude")[1], 15, "".join(lines))
        seconds = time.monotonic() - edited
        print(f"edit-to-verdict: {seconds:.2f} s")
        assert seconds < 15

        # Its own write moved the version, and triggered nothing more.
        time.sleep(3)
        after = sheets.call_counts()
        assert after.get("spreadsheets.batchUpdate") == 1, after
        assert sheets.version(key) == version_before + 2  # the edit, then the tool's one write

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
    time.sleep(0.1)
    records = [json.loads(line) for line in lines]
    assert records[-1]["message"] == "stopped (SIGTERM)"
    assert sum(1 for r in records if r["message"].startswith("the spreadsheet changed")) == 2


def test_a_workbook_is_checked_once_saved_and_closed_and_the_tools_own_save_triggers_nothing(workbook_with):
    path, cfg = workbook_with(activity())
    config = load_config(cfg)
    passes: list[int] = []

    def run_pass() -> int:
        outcome = run_all(config, mail=False)
        passes.append(outcome.exit_code)
        return outcome.exit_code

    watcher = watcher_for(config, run_pass)
    watcher.feed.settle_seconds = 0.0
    assert watcher.tick() == 0 and passes == [0]
    assert watcher.tick() is None  # the verdicts it wrote into the workbook are not an edit

    # A coordinator opens the workbook in LibreOffice and saves a broken total: nothing while it is open.
    lock = path.parent / f".~lock.{path.name}#"
    lock.write_text("Anita,anita,host,01.12.2026 10:00,file:///home/anita/.config/libreoffice/4;")
    book = load_workbook(path)
    sheet = book[TAB]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Kopā") + 1, value=999)
    book.save(path)
    assert watcher.tick() is None and len(passes) == 1
    lock.unlink()  # closed
    assert watcher.tick() == 1 and len(passes) == 2
    verdicts = [c.value for c in load_workbook(path)[TAB]["A"]]  # the file opens: saved whole
    assert verdicts
    check = [c.value for c in load_workbook(path)[TAB][1]].index("Pārbaude") + 1
    assert "Kopā (999)" in load_workbook(path)[TAB].cell(row=2, column=check).value
    assert watcher.tick() is None


def test_a_workbook_being_saved_is_looked_at_once_it_holds_still(workbook_with):
    path, cfg = workbook_with(activity())
    config = load_config(cfg)
    passes: list[int] = []
    watcher = watcher_for(config, lambda: passes.append(1) or 0)
    watcher.feed.settle_seconds = 60.0  # just written by the fixture: it may still be being saved
    whole = path.read_bytes()

    def still_writing(seconds: float) -> None:
        with path.open("ab") as f:  # the saving program is not done yet
            f.write(b"\0")

    watcher.feed.sleep = still_writing
    assert watcher.tick() is None and passes == []
    path.write_bytes(whole)
    waited: list[float] = []
    watcher.feed.sleep = waited.append  # it holds still: checked within the same tick
    assert watcher.tick() == 0 and passes == [1] and 59 < waited[0] <= 60


def test_an_edit_typed_while_a_pass_runs_gets_its_verdict_from_one_more_pass_and_then_it_rests(sheets, tmp_path):
    key = _sheet(sheets)
    config = load_config(gsheet_config(tmp_path / "g", key, sheets.url))
    passes: list[int] = []

    def run_pass() -> int:
        passes.append(run_all(config, mail=False).exit_code)
        return passes[-1]

    watcher = watcher_for(config, run_pass)
    total = chr(ord("A") + sheets.values(key, TAB)[0].index("Kopā"))
    # Someone types between the pass's read and its write: the write still has the old verdicts.
    sheets.on_next_call(lambda: sheets.set_values(key, TAB, f"{total}3", [[999]]), kind="spreadsheets.batchUpdate")
    assert watcher.tick() == 0 and _column(sheets, key, "Pārbaude") == ["Labi", "Labi"]
    assert watcher.tick() == 1 and "Kopā (999)" in _column(sheets, key, "Pārbaude")[1]
    assert watcher.tick() is None and watcher.looks == 3  # its own write: one look at the values, no pass
    sheets.reset_calls()
    assert [watcher.tick() for _ in range(3)] == [None, None, None] and passes == [0, 1]
    assert _sheets_calls(sheets.call_counts()) == {}


@pytest.mark.parametrize("mode", ["exact", "lag", "jump", "repeat"])
def test_however_drives_version_moves_an_edit_brings_one_pass_and_the_tools_own_write_none(sheets, tmp_path, mode):
    key = _sheet(sheets)
    config = load_config(gsheet_config(tmp_path / "g", key, sheets.url))
    sheets.set_version_mode(mode)  # +1 a write, shown one read late, +3, or not at all
    passes: list[int] = []

    def run_pass() -> int:
        passes.append(run_all(config, mail=False).exit_code)
        return passes[-1]

    watcher = watcher_for(config, run_pass)
    assert watcher.tick() == 0
    for _ in range(4):  # its own write: at most a look at the values, never a pass
        assert watcher.tick() is None
    sheets.reset_calls()
    assert [watcher.tick() for _ in range(5)] == [None] * 5
    assert _sheets_calls(sheets.call_counts()) == {}, (mode, sheets.call_counts())  # idle: Drive only

    total = chr(ord("A") + sheets.values(key, TAB)[0].index("Kopā"))
    sheets.set_values(key, TAB, f"{total}3", [[999]])
    results = [watcher.tick() for _ in range(6)]
    assert results.count(1) == 1 and set(results) <= {None, 1}, (mode, results)
    assert "Kopā (999)" in _column(sheets, key, "Pārbaude")[1] and passes == [0, 1]


def test_a_workbook_open_in_libreoffice_is_waited_for_said_once_and_no_failure(workbook_with, caplog):
    path, cfg = workbook_with(activity())
    config = load_config(cfg)
    passes: list[int] = []
    watcher = watcher_for(config, lambda: passes.append(1) or 0)
    watcher.feed.settle_seconds = 0.0
    assert watcher.tick() == 0
    lock = path.parent / f".~lock.{path.name}#"
    lock.write_text("Ilze Bērziņa,ilze,birojs,01.12.2026 10:00,file:///home/ilze/.config/libreoffice/4;")
    book = load_workbook(path)
    book[TAB].cell(row=2, column=2, value="Ziemas talka")
    book.save(path)
    with caplog.at_level("INFO"):
        assert [watcher.tick() for _ in range(20)] == [None] * 20  # no pass, no error: it waits
    said = [r.getMessage() for r in caplog.records if "open in another program" in r.getMessage()]
    assert said == [f"{path.name} is open in another program (Ilze Bērziņa); waiting until it is closed"]
    assert passes == [1]
    lock.unlink()
    assert watcher.tick() == 0 and passes == [1, 1]  # closed: the edit is checked at once
    assert watcher.tick() is None


def test_a_pass_that_finds_the_sheet_busy_is_tried_again_soon_without_a_failure(workbook_with):
    from kopienas.adapters.sources import SourceBusy
    from kopienas.adapters.sources._base import OpenElsewhere

    path, cfg = workbook_with(activity())
    now = [0.0]
    outcomes: list[object] = [SourceBusy(OpenElsewhere(str(path), "~$wb.xlsx", "Jānis")), 0]

    def run_pass() -> int:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    watcher = watcher_for(load_config(cfg), run_pass)
    watcher.feed.settle_seconds = 0.0
    watcher.clock = lambda: now[0]
    assert watcher.tick() is None  # busy: not raised, so not counted as a failure
    assert watcher.tick() is None  # not yet due again
    now[0] += 6
    assert watcher.tick() == 0 and outcomes == []


def test_a_coordinator_typing_without_pause_costs_a_bounded_share_of_the_sheets_quota(sheets, tmp_path):
    key = _sheet(sheets)
    config = load_config(gsheet_config(tmp_path / "g", key, sheets.url))
    now = [1000.0]
    watcher = watcher_for(config, lambda: run_all(config, mail=False).exit_code)
    watcher.clock = lambda: now[0]
    total = chr(ord("A") + sheets.values(key, TAB)[0].index("Kopā"))
    watcher.tick()
    sheets.reset_calls()
    for second in range(120):  # an edit every second for two minutes, a tick every second
        sheets.set_values(key, TAB, f"{total}3", [[1000 + second]])
        watcher.tick()
        now[0] += 1
    reads = sum(n for kind, n in _sheets_calls(sheets.call_counts()).items() if kind != "spreadsheets.batchUpdate")
    assert reads <= 20 + 2 * 45, sheets.call_counts()  # 20 at once, then 45 a minute: under the 60 Google allows
    for _ in range(20):
        now[0] += 1
        watcher.tick()
    assert "Kopā (1119)" in _column(sheets, key, "Pārbaude")[1]  # the last edit's verdict, soon after the typing
