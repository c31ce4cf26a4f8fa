"""The workbook file is replaced the way editors do: mode, owner and symlinks survive, and a
coordinator's save during the tool's save is never lost."""

from __future__ import annotations

import os
import stat

import pytest
from openpyxl import load_workbook

import kopienas.adapters.files as files
from tests.helpers import activity

TAB = "Aktivitātes"


def verdict(path, row):
    ws = load_workbook(path)[TAB]
    col = next(c.column for c in ws[1] if c.value == "Pārbaude")
    return ws.cell(row, col).value


def test_mode_0664_survives(cli, workbook_with):
    path, cfg = workbook_with(activity(total=1))
    path.chmod(0o664)
    assert cli("--config", cfg, "validate").exit_code == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert verdict(path, 2).startswith("Kopā (1)")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_owner_and_group_survive(cli, workbook_with):
    path, cfg = workbook_with(activity(total=1))
    os.chown(path, 4321, 4322)
    cli("--config", cfg, "validate")
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (4321, 4322) and verdict(path, 2).startswith("Kopā (1)")


def test_a_symlinked_workbook_gets_the_verdicts_in_its_target(cli, workbook_with, tmp_path):
    real, cfg = workbook_with(activity(total=1))
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "kopīgā.xlsx"
    real.rename(target)
    real.symlink_to(target)  # the config names the link
    cli("--config", cfg, "validate")
    assert real.is_symlink() and os.readlink(real) == str(target)
    assert verdict(target, 2).startswith("Kopā (1)")
    assert [p.name for p in shared.iterdir()] == ["kopīgā.xlsx"]  # the temporary file was beside the target
    assert [p.name for p in real.parent.iterdir() if p.name.startswith(".kopienas-")] == []


def coordinator_saves(path, title="Jauna rinda"):
    """A coordinator inserts a row at the top with their own activity, and saves."""
    wb = load_workbook(path)
    ws = wb[TAB]
    ws.insert_rows(2)
    ws["A2"], ws["B2"] = "NEW-1", title
    wb.save(path)


def test_a_save_during_the_tools_save_is_not_lost(cli, workbook_with, monkeypatch):
    path, cfg = workbook_with(activity(id="A-1"), activity(id="A-2", total=1))
    real = files.current_stamp
    saved = []

    def coordinator_saves_just_before_the_rename(target, at):
        if not saved:
            coordinator_saves(target)
            saved.append(True)
        return real(target, at)

    monkeypatch.setattr(files, "current_stamp", coordinator_saves_just_before_the_rename)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 1 and saved
    ws = load_workbook(path)[TAB]
    col = next(c.column for c in ws[1] if c.value == "Pārbaude")
    got = {ws.cell(r, 1).value: (ws.cell(r, 2).value, ws.cell(r, col).value) for r in range(2, ws.max_row + 1)}
    assert got["NEW-1"] == ("Jauna rinda", None)  # their row is there, untouched
    assert got["A-1"][1] == "Labi" and got["A-2"][1].startswith("Kopā (1)")  # verdicts found their rows by ID


def test_a_workbook_that_keeps_changing_stops_with_one_line_and_exit_3(cli, workbook_with, monkeypatch):
    path, cfg = workbook_with(activity(id="A-1", total=1))
    real = files.current_stamp
    saves = []

    def always_saving(target, at):
        coordinator_saves(target, f"Rinda {len(saves)}")
        saves.append(True)
        return real(target, at)

    monkeypatch.setattr(files, "current_stamp", always_saving)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 3 and len(saves) == 2
    last = [line for line in result.output.splitlines() if "tika mainīta" in line]
    assert len(last) == 1 and "nekas nav ierakstīts" in last[0]
    ws = load_workbook(path)[TAB]
    assert ws["B2"].value == "Rinda 1" and ws["B3"].value == "Rinda 0"  # both of their saves kept
    assert "Pārbaude" not in [c.value for c in ws[1]]


def test_atomic_write_keeps_the_old_file_when_the_write_fails(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old")

    def broken(handle):
        handle.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        files.write_file(path, broken, mode=None)
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_atomic_write_gives_a_new_file_the_umask_mode_or_the_one_asked(tmp_path):
    old = os.umask(0o022)
    try:
        files.write_file(tmp_path / "shared.txt", b"x", mode=None)
        files.write_file(tmp_path / "private.txt", b"x", mode=0o600)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "shared.txt").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private.txt").stat().st_mode) == 0o600
