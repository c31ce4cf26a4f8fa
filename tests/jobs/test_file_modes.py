"""Files holding contacts or secrets — the ledger (and SQLite's -wal/-shm beside it), the outbox's
mails and index, the checked workbook copy — are created readable by their owner only, whatever
the umask; the press office's drafts stay readable."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.config import load_config
from tests.helpers import write_config


def _modes(folder) -> dict[str, int]:
    return {str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(umask=st.integers(0, 0o177))  # any umask that leaves the owner able to read and write
def test_contacts_and_secrets_are_private_whatever_the_umask(cli, tmp_path_factory, sample_copy, umask):
    folder = tmp_path_factory.mktemp("state")
    cfg = write_config(folder / "etc", sample_copy)
    text = cfg.read_text(encoding="utf-8").replace("[output]", f'write_to = "{folder / "copy.xlsx"}"\n\n[output]')
    cfg.write_text(text, encoding="utf-8")
    config = load_config(cfg)
    old = os.umask(umask)
    try:
        assert cli("--config", cfg, "run").exit_code == 1  # the sample has rows with problems
        assert cli("--config", cfg, "summary", "--dry-run").exit_code in (0, 1)
    finally:
        os.umask(old)
    modes = _modes(config.output)
    private = {
        name: mode
        for name, mode in modes.items()
        if name.startswith(("outbox/", "dry-run/")) or name.startswith(config.ledger.name)
    }
    private = {k: v for k, v in private.items() if not k.endswith(".lock")}  # the lock holds a PID only
    assert any(k.endswith(".eml") for k in private) and "outbox/index.html" in private
    assert config.ledger.name in private
    assert {k: oct(v) for k, v in private.items() if v & 0o077} == {}
    assert stat.S_IMODE((folder / "copy.xlsx").stat().st_mode) & 0o077 == 0
    drafts = [mode for name, mode in modes.items() if name.startswith("drafts/")]
    assert drafts and all(mode & 0o004 or umask & 0o004 for mode in drafts)  # for the press office


def test_init_makes_a_workbook_with_the_usual_mode_for_the_coordinators_to_share(cli, tmp_path):
    for umask, expected in ((0o022, 0o644), (0o002, 0o664), (0o077, 0o600)):
        workbook = tmp_path / f"umask{umask:o}" / "aktivitates.xlsx"
        cfg = write_config(workbook.parent / "etc", workbook)
        old = os.umask(umask)
        try:
            assert cli("--config", cfg, "init").exit_code == 0
        finally:
            os.umask(old)
        assert oct(stat.S_IMODE(workbook.stat().st_mode)) == oct(expected)
