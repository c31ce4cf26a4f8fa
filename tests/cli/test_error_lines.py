"""A setting's value echoed in an error never breaks the one line or steers the terminal."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CONTROLS = st.text(st.sampled_from("\r\n\t\x1b\x00\x85\u2028ab/"), min_size=1, max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(location=CONTROLS)
def test_a_workbook_path_with_control_characters_is_one_visible_line(cli, tmp_path, location):
    cfg = tmp_path / "kopienas.toml"
    cfg.write_text(f"[source]\nlocation = {json.dumps('nav-' + location)}\n", encoding="utf-8")
    result = cli("--config", cfg, "validate", "--no-write-back")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("kopienas: ") and "neparedzēta" not in line
    assert not any(ch in line for ch in "\r\t\x1b\x00\x85\u2028")
