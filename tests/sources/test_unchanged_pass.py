"""A pass costs what changed: a cell that already holds the plan is not written, and a pass with
nothing to change writes nothing — the workbook is not even opened for writing, Google gets no
write call."""

from __future__ import annotations

import os

from openpyxl import load_workbook

from kopienas.config import load_config
from tests.helpers import (
    activity,
    activity_rows,
    google_pass,
    google_sheet,
    gsheet_config,
    with_ledger,
)


def _stat(path):
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, path.read_bytes()


def _rows(n: int) -> list[dict]:
    # every third row with a problem: the tool's notes and fills are part of what must already match
    return [activity(id=f"DGP-2020-{i:04d}", total=1 if i % 3 == 0 else 380) for i in range(1, n + 1)]


def test_an_unchanged_workbook_is_left_as_it_was(cli, workbook_with):
    path, cfg = workbook_with(*_rows(12), activity(id="", title="Bez ID"))
    assert cli("--config", cfg, "validate").exit_code == 1
    before = _stat(path)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 1
    assert _stat(path) == before  # same inode, same mtime, same bytes


def test_a_fixed_cell_is_written_and_nothing_else_is_repeated(cli, workbook_with):
    path, cfg = workbook_with(*_rows(6))
    cli("--config", cfg, "validate")
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    total = next(c.column for c in ws[1] if c.value == "Kopā")
    ws.cell(4, total).value = 380  # row of DGP-2020-0003, fixed
    wb.save(path)
    before = os.stat(path).st_ino
    cli("--config", cfg, "validate")
    ws = load_workbook(path)["Aktivitātes"]
    check = next(c.column for c in ws[1] if c.value == "Pārbaude")
    assert ws.cell(4, check).value == "Labi" and ws.cell(4, total).comment is None
    assert ws.cell(7, check).value.startswith("Kopā (1)")
    assert os.stat(path).st_ino != before  # replaced, as a change should be
    after = _stat(path)
    cli("--config", cfg, "validate")
    assert _stat(path) == after


def _google(sheets, tmp_path, n):
    key = google_sheet(sheets, activity_rows(*_rows(n)))
    return key, with_ledger(load_config(gsheet_config(tmp_path, key, sheets.url)))


def test_an_unchanged_google_sheet_gets_no_write_call(sheets, tmp_path):
    _, config = _google(sheets, tmp_path, 300)
    assert google_pass(config).written == 300
    sheets.reset_calls()
    assert google_pass(config).written == 0
    kinds = [c.kind for c in sheets.calls]
    assert not [k for k in kinds if k.endswith(("batchUpdate", ".update", ".append", ".clear"))], kinds
    # The read (the values, then the notes and colours where the tool owns or may have marked),
    # and no second read before a write.
    assert kinds == ["values.batchGet", "spreadsheets.getByDataFilter"]
    # The download is the values plus those notes and colours, and no more.
    values = sheets.response_bytes[0]
    assert sum(sheets.response_bytes) <= 2.6 * values, (sheets.response_bytes, values)
