"""Busy is not broken: a workbook open in another program ends a run with exit 4 and one line that
names who has it open; nothing is written, nothing is mailed, the ledger says "busy", and the
operator's alert streak does not count it — from `run` under cron or from the scheduler."""

from __future__ import annotations

import os
import sqlite3

import pytest

from kopienas.adapters.sources import SourceBusy
from kopienas.adapters.sources.memory import MemorySource
from kopienas.adapters.sources.workbook.busy import lock_files, open_elsewhere
from kopienas.app.jobs.run import run_all
from kopienas.app.unattended.plan import When
from kopienas.app.unattended.scheduler import ScheduledJob, Scheduler
from kopienas.config import load_config
from kopienas.core.errors import ExitCode
from kopienas.core.models import table_from_rows
from kopienas.core.writeback import WritePlan
from tests.helpers import write_config

LIBREOFFICE = "Ilze Bērziņa,ilze,birojs-1,07.12.2026 05:18,file:///home/ilze/.config/libreoffice/4;"


def excel_owner_file(name: str) -> bytes:
    """Excel's 165-byte `~$` owner file, as LibreOffice's own writer lays it out: the length, the
    name in one-byte characters padded with spaces to byte 55, then the length and UTF-16 name."""
    one_byte = name.encode("cp1252", errors="replace")
    data = bytes([len(name)]) + one_byte + b" " * (54 - len(one_byte))
    data += bytes([len(name), 0]) + name.encode("utf-16-le")
    return data.ljust(165, b"\0")


def _setup(tmp_path, sample_copy, extra: str = ""):
    mail = '\n[mail]\noperator = "it@example.lv"\n\n[schedule]\nalert_after_failures = 1\n' + extra
    cfg = write_config(tmp_path / "etc", sample_copy, mail)
    return cfg, load_config(cfg)


def _verdicts(config) -> list[str]:
    return [r[0] for r in sqlite3.connect(config.ledger).execute("SELECT outcome FROM runs ORDER BY id")]


def _streak(config) -> tuple[int, int]:
    row = sqlite3.connect(config.ledger).execute("SELECT failures, alerted FROM job_streaks WHERE job = 'run'")
    return row.fetchone() or (0, 0)


def test_the_owner_files_name_who_has_the_workbook_open(tmp_path):
    book = tmp_path / "aktivitates.xlsx"
    book.write_bytes(b"PK")
    assert open_elsewhere(book) is None
    (tmp_path / f".~lock.{book.name}#").write_text(LIBREOFFICE, encoding="utf-8")
    assert open_elsewhere(book).who == "Ilze Bērziņa"
    (tmp_path / f".~lock.{book.name}#").write_text(",ilze,birojs-1,07.12.2026 05:18,;", encoding="utf-8")
    assert open_elsewhere(book).who == "ilze"  # no full name in LibreOffice's settings: the login
    (tmp_path / f".~lock.{book.name}#").unlink()
    (tmp_path / f"~${book.name}").write_bytes(excel_owner_file("Jānis Ozoliņš"))
    found = open_elsewhere(book)
    assert (found.lock_file, found.who) == (f"~${book.name}", "Jānis Ozoliņš")
    (tmp_path / f"~${book.name}").write_bytes(b"")
    assert open_elsewhere(book).who == ""  # there but empty: open, by someone unnamed


def test_one_list_of_owner_files_serves_the_writer_and_watch(tmp_path):
    book = tmp_path / "aktivitates.xlsx"
    assert [p.name for p in lock_files(book)] == [".~lock.aktivitates.xlsx#", "~$aktivitates.xlsx", "~$tivitates.xlsx"]


def test_a_run_on_a_workbook_open_in_libreoffice_is_busy_and_does_nothing(cli, tmp_path, sample_copy):
    cfg, config = _setup(tmp_path, sample_copy)
    (sample_copy.parent / f".~lock.{sample_copy.name}#").write_text(LIBREOFFICE, encoding="utf-8")
    before = (sample_copy.read_bytes(), os.stat(sample_copy).st_ino)
    for _ in range(3):
        result = cli("--config", cfg, "run")
        assert result.exit_code == ExitCode.BUSY == 4
        assert "atvērta citā programmā (atvēris Ilze Bērziņa)" in result.output
        assert "open in another program by Ilze Bērziņa" in result.output
    assert (sample_copy.read_bytes(), os.stat(sample_copy).st_ino) == before
    assert not config.outbox.exists() or not list(config.outbox.glob("*.eml"))  # no mail, no alert
    assert not (config.output / "drafts").exists()
    assert _verdicts(config) == ["busy"] * 3
    assert _streak(config) == (0, 0)


def test_the_scheduler_counts_a_busy_workbook_as_busy_not_as_a_failure(tmp_path, sample_copy):
    _, config = _setup(tmp_path, sample_copy)
    (sample_copy.parent / f"~${sample_copy.name}").write_bytes(excel_owner_file("Jānis Ozoliņš"))
    results: list[str] = []

    def action() -> int:
        outcome = run_all(config, mail=False)
        if outcome.error:
            raise outcome.error
        return outcome.exit_code

    scheduler = Scheduler(
        [ScheduledJob("validation", When(seconds=900), action, "run")],
        on_result=lambda job, cause: results.append(cause),
        alert=lambda job: pytest.fail("no alert for a busy workbook"),
        alert_after=1,
    )
    assert scheduler.run_once() == ExitCode.BUSY
    assert results == []  # not counted at all: neither a success nor a failure
    assert _verdicts(config) == ["busy"]


def test_the_memory_backend_is_a_whole_source():
    table = table_from_rows("Aktivitātes", [["ID", "Nosaukums"], ["DGP-2020-01", "Talka"]])
    source = MemorySource({"Aktivitātes": table})
    feed = source.change_feed()
    first = feed.version()
    assert source.read().tables["Aktivitātes"].rows == table.rows and source.identity() == "memory:sheet"
    plan = WritePlan("Aktivitātes", "ID", "Nosaukums", (), (), ())
    assert source.write(plan).written == 0 and source.written == [plan]
    assert feed.version() != first  # its own write moves the version, as Drive's does
    source.busy_by = "Ilze"
    assert feed.version() is None  # watch waits
    with pytest.raises(SourceBusy) as busy:
        source.write(plan)
    assert busy.value.exit_code == ExitCode.BUSY and "Ilze" in str(busy.value)
    assert source.docs_folder("folder") is None  # a memory sheet has no Drive
