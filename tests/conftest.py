from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from hypothesis import settings

from kopienas.adapters import secrets
from kopienas.cli import main
from tests.helpers import SAMPLE, make_workbook, standard_tabs, write_config

# The suite runs on two shared cores beside other work: an example's time says nothing about the
# code, so no per-example deadline (the slow ones carry the `slow` marker instead).
settings.register_profile("kopienas", deadline=None)
settings.load_profile("kopienas")

pytest_plugins = ["tests.smtp_server"]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    # Tests never pick up a developer's settings, credentials or mail password.
    for var in ("KOPIENAS_CONFIG", "KOPIENAS_SMTP_PASSWORD", "GOOGLE_APPLICATION_CREDENTIALS", "KOPIENAS_SHEETS_API"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KOPIENAS_TODAY", "2026-11-21")
    secrets.clear()  # each test starts with a process that has loaded no secret


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    target = tmp_path / "aktivitates.xlsx"
    shutil.copy(SAMPLE, target)
    return target


@pytest.fixture
def cli():
    """Run the CLI in-process; returns click's Result (exit_code, output)."""
    runner = CliRunner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


# What root uses to read and write whatever the permission bits say: dropped for `cli_as_user`.
_OVERRIDES = "-dac_override,-dac_read_search"


@pytest.fixture
def cli_as_user(tmp_path):
    """Run the CLI as its own process that the file permission bits bind, as they bind a
    coordinator: under root (CI), with the capabilities that let root ignore them dropped
    (`setpriv`, util-linux). Returns `exit_code` and `output` (stdout, then stderr)."""

    def invoke(*args: str):
        command = [sys.executable, "-m", "kopienas", *(str(a) for a in args)]
        if os.geteuid() == 0:
            command = ["setpriv", f"--bounding-set={_OVERRIDES}", f"--inh-caps={_OVERRIDES}", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)
        return SimpleNamespace(exit_code=done.returncode, output=done.stdout + done.stderr)

    return invoke


@pytest.fixture
def workbook_with(tmp_path):
    """Build a workbook with the standard tabs and the given activity rows, plus its config."""

    def build(*rows: dict, tabs: dict | None = None, config_extra: str = "") -> tuple[Path, Path]:
        path = make_workbook(tmp_path / "wb.xlsx", tabs or standard_tabs(*rows))
        return path, write_config(tmp_path / "cfg", path, config_extra)

    return build


@pytest.fixture(scope="session")
def _emulator_process():
    from tests.sheets_emulator import SheetsEmulator

    with SheetsEmulator() as emu:
        yield emu


@pytest.fixture
def sheets(_emulator_process):
    """The local Sheets API emulator (one per test session), with faults and call log reset."""
    emu = _emulator_process
    emu.clear_faults()
    emu.reset_calls()
    emu.errors.clear()
    yield emu
    assert emu.errors == [], emu.errors
    emu.clear_faults()
