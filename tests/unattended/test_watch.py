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

        # Ten idle seconds: a Drive version call a second, not one Sheets call.
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


def test_a_workbook_being_saved_waits_a_moment(workbook_with):
    path, cfg = workbook_with(activity())
    config = load_config(cfg)
    passes: list[int] = []
    watcher = watcher_for(config, lambda: passes.append(1) or 0)
    watcher.feed.settle_seconds = 60.0  # just written by the fixture: still "being saved"
    assert watcher.tick() is None and passes == []
    old = time.time() - 120
    os.utime(path, (old, old))
    assert watcher.tick() == 0 and passes == [1]


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
    sheets.reset_calls()
    assert [watcher.tick() for _ in range(3)] == [None, None, None] and passes == [0, 1]
    assert _sheets_calls(sheets.call_counts()) == {}
