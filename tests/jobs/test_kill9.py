"""kill -9 at random moments of real runs, then a clean run: nothing lost, nothing broken, no
mail twice (beyond the one in flight, which keeps its Message-ID)."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest
from openpyxl import load_workbook

from tests.helpers import write_config
from tests.smtp_server import PASSWORD, USER, _test_ca

KILLS = 8


@pytest.mark.slow
def test_random_kills_then_a_clean_run(sample_copy, tmp_path, smtp_server):
    ca = tmp_path / "ca.pem"
    _test_ca().cert_pem.write_to_path(str(ca))
    cfg = write_config(
        tmp_path / "cfg",
        sample_copy,
        (
            f'\n[mail]\ntransport = "smtp"\nsender = "kopienas@example.com"\n[mail.smtp]\nhost = "{smtp_server.host}"\n'
            f'port = {smtp_server.port}\nuser = "{USER}"\nca_file = "{ca}"\n'
        ),
    )
    env = {**os.environ, "KOPIENAS_SMTP_PASSWORD": PASSWORD, "KOPIENAS_TODAY": "2026-11-21"}
    command = [sys.executable, "-m", "kopienas", "--config", str(cfg), "run"]
    rng = random.Random(9)

    survived = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        else:
            survived += 1  # finished before the kill: also a valid outcome
        proc.wait()
        load_workbook(sample_copy).close()  # the workbook opens after every kill

    clean = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert clean.returncode == 1, clean.stderr  # rows with problems, as the sample has

    ws = load_workbook(sample_copy)["Aktivitātes"]
    header = [c.value for c in ws[1]]
    checks = [row[header.index("Pārbaude")] for row in ws.iter_rows(min_row=2, values_only=True) if any(row)]
    assert len(checks) == 16 and all(checks)  # no verdict lost
    assert not list(sample_copy.parent.glob(".kopienas-*.xlsx"))

    db = sqlite3.connect(tmp_path / "cfg" / "out" / "ledger.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    states = Counter(s for (s,) in db.execute("SELECT state FROM mails"))
    assert states == {"sent": 8}  # 5 partner addresses' summaries + 3 fix-lists, all confirmed

    by_message_id = Counter(r.message["Message-ID"] for r in smtp_server.received)
    assert len(by_message_id) == 8  # every mail arrived
    duplicates = sum(n - 1 for n in by_message_id.values())
    assert duplicates <= KILLS - survived  # at most one in flight per kill, with the same Message-ID
