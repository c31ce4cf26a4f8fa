"""One run at a time: a second run is refused with exit code 4, a killed run leaves nothing that
stops the next one."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.runlock import Holder, RunBusy, RunLock, lock_path, scheduler_lock_path
from kopienas.config import load_config
from kopienas.core.errors import ExitCode
from tests.helpers import ROOT, activity, write_config

KOPIENAS = Path(sys.executable).parent / "kopienas"


def test_a_second_holder_is_refused_with_the_first_ones_pid_and_start(tmp_path):
    path = tmp_path / "ledger.sqlite.lock"
    refused: list[RunBusy] = []
    with RunLock(path, "run", zone=ZoneInfo("Europe/Riga")):
        thread = threading.Thread(target=lambda: _try(path, refused))  # another thread = another holder
        thread.start()
        thread.join()
    [busy] = refused
    assert busy.exit_code == ExitCode.BUSY == 4
    assert busy.holder.pid == os.getpid() and busy.holder.job == "run"
    started = busy.holder.started_at.astimezone(ZoneInfo("Europe/Riga"))  # Riga time
    since, since_en = f"plkst. {started.hour}.{started.minute:02d}", f"{started:%H:%M}"
    assert str(busy) == (
        f"Cits rīka “kopienas” process jau darbojas (PID {os.getpid()}, kopš {since}); mēģiniet vēlāk. "
        f"/ Another kopienas run is in progress (PID {os.getpid()}, since {since_en}); try again later."
    )
    with RunLock(path, "run"):  # released: the next run gets it
        pass


def _try(path: Path, refused: list) -> None:
    try:
        with RunLock(path, "validate", zone=ZoneInfo("Europe/Riga")):
            pass
    except RunBusy as e:
        refused.append(e)


def test_the_lock_has_one_owner_a_second_taker_is_refused_even_in_the_same_process(tmp_path):
    path = tmp_path / "x.lock"
    with RunLock(path, "schedule"):
        assert Holder.parse(path.read_text()).job == "schedule"
        with pytest.raises(RunBusy), RunLock(path, "run"):
            pass
    assert path.read_text() == ""  # emptied, not deleted, on release


@pytest.mark.parametrize("leftover", ["", "garbage {", '{"pid": 999999999, "job": "run", "started_at": null}'])
def test_a_leftover_lock_file_does_not_stop_a_run(tmp_path, leftover):
    path = tmp_path / "x.lock"
    path.write_text(leftover)
    with RunLock(path, "run"):
        assert Holder.parse(path.read_text()).pid == os.getpid()


def test_a_busy_message_without_holder_details_still_reads_well():
    assert "(PID ?, kopš ?)" in str(RunBusy(Holder.parse("")))


def test_read_only_commands_take_no_lock(cli, workbook_with, tmp_path):
    _, cfg = workbook_with(activity())
    config = load_config(cfg)
    with _held_elsewhere(lock_path(config)):
        assert cli("--config", cfg, "validate", "--no-write-back").exit_code == 0
        assert cli("--config", cfg, "status").exit_code == 0
        busy = cli("--config", cfg, "validate")
    assert busy.exit_code == 4
    assert busy.output.count("\n") == 1 and "Cits rīka “kopienas” process jau darbojas (PID 4242" in busy.output


def test_a_second_scheduler_is_refused(cli, workbook_with):
    _, cfg = workbook_with(activity())
    with _held_elsewhere(scheduler_lock_path(load_config(cfg))):
        result = cli("--config", cfg, "schedule")
    assert result.exit_code == 4 and "Rīka “kopienas” plānotājs jau darbojas (PID 4242" in result.output


class _held_elsewhere:
    """The lock as another process would hold it: its own open file, its own flock."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "w")
        fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        started = datetime.now(UTC).isoformat()
        self.file.write(f'{{"pid": 4242, "job": "run", "started_at": "{started}"}}')
        self.file.flush()

    def __exit__(self, *exc):
        self.file.close()


@pytest.mark.slow
def test_two_real_runs_one_refused_then_kill_9_and_a_clean_run(sample_copy, tmp_path):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    config = load_config(cfg)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.slow_run", "--config", str(cfg), "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stderr.readline().strip() == "holding"

        second = subprocess.run(
            [sys.executable, "-m", "kopienas", "--config", str(cfg), "run"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 4
        assert second.stdout == ""
        [line] = second.stderr.splitlines()
        assert f"Cits rīka “kopienas” process jau darbojas (PID {holder.pid}, kopš " in line
        assert "mēģiniet vēlāk. / Another kopienas run is in progress" in line

        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        holder.kill()
        holder.stderr.close()

    assert lock_path(config).exists()  # the killed run's file is still there …
    third = subprocess.run(
        [str(KOPIENAS), "--config", str(cfg), "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert third.returncode == 1, third.stderr  # … and does not matter: a normal run (the sample has problems)
    with Ledger(config.ledger) as ledger:
        assert [r.outcome for r in ledger.runs("run")] == ["problems", "running"]  # newest first; the killed one
