"""One door for mail state: every mail is queued in the ledger in the same transaction as the fact
that causes it (a draft recorded and its press-office mail queued together) and sent from that
queue; the sheet's state tab witnesses what must survive a lost ledger (press mails and summaries).
kill -9 at every step of a run, with and without losing the ledger, then clean runs: each mail
arrives exactly once, or the clean run reports it as uncertain."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import COMMUNITIES, INSTITUTIONS, ROOT, activity, activity_rows, make_workbook, write_config

PARTNERS = [
    ["Nosaukums", "E-pasts", "Kopienas", "Valoda", "Aktīvs"],
    ["Izglītības pārvalde", "parvalde@example.com", "DGP", "lv", "Jā"],
]
# The words of a clean run that owns up to a mail it cannot vouch for.
REPORTED = ("Neskaidri", "Nepārliecināti", "nesūtu vēlreiz")


def _setup(folder: Path, server) -> tuple[Path, Path]:
    folder.mkdir(parents=True)
    rows = activity_rows(activity(), activity(id="DGP-2020-08", title="Ziemas koncerts"))
    wb = make_workbook(
        folder / "wb.xlsx",
        {"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS},
    )
    cfg = write_config(
        folder / "cfg",
        wb,
        '\n[mail]\ntransport = "smtp"\nsender = "kopienas@example.com"\npress_office = "prese@example.com"\n'
        f'\n[mail.smtp]\nhost = "{server.host}"\nport = {server.port}\nsecurity = "none"\ntimeout = 5\n',
    )
    return wb, cfg


def _run(cfg: Path, kill_at: int = 0, count_into: Path | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "KOPIENAS_TODAY": "2020-09-29T09:00",
        "KOPIENAS_KILL_AT": str(kill_at),
        "PYTHONPATH": str(ROOT),
    }
    if count_into is not None:
        env["KOPIENAS_STEP_COUNT"] = str(count_into)
    command = [sys.executable, "-m", "tests.support.kill_at", "--config", str(cfg), "run"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)


def _lose_ledger(cfg: Path) -> None:
    for path in (cfg.parent / "out").glob("ledger.sqlite*"):
        path.unlink()


def _ids(server) -> Counter:
    return Counter(r.message["Message-ID"] for r in server.received)


SHARDS = 3  # the kill points spread over a few tests, so parallel workers share them


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
def test_kill_9_at_every_step_each_mail_once_or_reported(tmp_path, plain_smtp_server, shard):
    server = plain_smtp_server
    _, cfg = _setup(tmp_path / "reference", server)
    counted = tmp_path / "steps"
    reference = _run(cfg, count_into=counted)
    assert reference.returncode == 0, reference.stderr
    expected = _ids(server)
    assert len(expected) >= 3 and set(expected.values()) == {1}  # two press mails and the partner's summary
    steps = int(counted.read_text())
    assert steps >= 12
    for k in range(1 + shard, steps + 1, SHARDS):
        server.received.clear()
        killed_at = tmp_path / f"kill-{k}"
        _, cfg = _setup(killed_at, server)
        killed = _run(cfg, kill_at=k)
        assert killed.returncode == -9, (k, killed.stderr[-2000:])
        before = list(server.received)  # what the killed run handed over
        lost = tmp_path / f"kill-{k}-ledger-lost"
        shutil.copytree(killed_at, lost)
        for folder, lose in ((killed_at, False), (lost, True)):
            server.received[:] = before
            config = folder / "cfg" / "kopienas.toml"
            if lose:
                _lose_ledger(config)
            clean = _run(_moved(config, killed_at, folder))
            said = clean.stdout + clean.stderr
            assert clean.returncode == 0 and "Traceback" not in said, (k, lose, said[-3000:])
            got = _ids(server)
            assert set(got) <= set(expected), (k, lose)
            for message_id in expected:
                n = got[message_id]
                reported = any(word in said for word in REPORTED)
                assert n == 1 or (n in (0, 2) and reported), (k, lose, message_id, n, said[-3000:])
        shutil.rmtree(killed_at)
        shutil.rmtree(lost)


def _moved(config: Path, was: Path, now: Path) -> Path:
    """The copied config pointing at its own folder."""
    if was != now:
        config.write_text(config.read_text(encoding="utf-8").replace(str(was), str(now)), encoding="utf-8")
    return config
