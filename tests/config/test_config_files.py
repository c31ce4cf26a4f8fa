"""Finding the config, said out loud; no config is one line and nothing created; every broken
config file is one line naming the file (or the key) and the fix, exit 2, never a traceback."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kopienas.config.files as config_files
from kopienas.config import STARTER_CONFIG, load_config
from tests.helpers import activity


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """A folder with no config anywhere on the search path (home and /etc moved aside)."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setattr(config_files, "SYSTEM_CONFIG", tmp_path / "etc" / "kopienas.toml")
    return tmp_path


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("command", ["run", "validate", "summary", "fixlists", "drafts", "status", "doctor"])
def test_no_config_is_one_line_exit_2_and_nothing_is_created(cli, nowhere, command):
    before = _tree(nowhere)
    result = cli(command)
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "no config file found" in line and "kopienas init-config" in line
    for place in ("--config", "KOPIENAS_CONFIG", "./config/kopienas.toml", "~/.config/kopienas/kopienas.toml"):
        assert place in line
    assert _tree(nowhere) == before  # no out/, no ledger


def test_the_search_order(nowhere, monkeypatch):
    etc = config_files.SYSTEM_CONFIG
    user = nowhere / "home" / ".config" / "kopienas" / "kopienas.toml"
    local = nowhere / "work" / "config" / "kopienas.toml"
    env = nowhere / "env.toml"
    explicit = nowhere / "explicit.toml"
    for path in (etc, user, local, env, explicit):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'[source]\nlocation = "{path.stem}.xlsx"\n', encoding="utf-8")
    monkeypatch.setenv("KOPIENAS_CONFIG", str(env))
    found = []
    for remove in (explicit, env, local, user, etc):
        config = load_config(str(explicit) if explicit.exists() else None)
        found.append((config.path.resolve(), config.found_by))
        if remove is env:
            monkeypatch.delenv("KOPIENAS_CONFIG")
        else:
            remove.unlink()
    assert found == [
        (explicit, "--config"),
        (env, "KOPIENAS_CONFIG"),
        (local, "./config/kopienas.toml"),
        (user, "~/.config/kopienas/kopienas.toml"),
        (etc, str(etc)),
    ]


def test_the_first_log_line_names_the_config_in_use(cli, workbook_with):
    _, cfg = workbook_with(activity())
    quiet = cli("--config", cfg, "run")
    assert quiet.exit_code == 0 and quiet.stderr == ""  # nothing logged, nothing to name
    told = cli("--config", cfg, "-v", "run")
    assert told.stderr.splitlines()[0].endswith(f"INFO config {cfg} (from --config)")
    scheduled = cli("--config", cfg, "schedule", "--once")
    assert f"INFO config {cfg} (from --config)" in scheduled.stderr.splitlines()[0]


def test_a_warning_is_preceded_by_the_config_line(cli, workbook_with, tmp_path):
    password = tmp_path / "password"
    password.write_text("x" * 12, encoding="utf-8")
    password.chmod(0o644)  # the transport warns about a readable password file
    _, cfg = workbook_with(
        activity(), config_extra=f'[mail]\ntransport = "smtp"\n[mail.smtp]\nuser = "u"\npassword_file = "{password}"\n'
    )
    result = cli("--config", cfg, "fixlists")
    lines = result.stderr.splitlines()
    assert f"config {cfg} (from --config)" in lines[0] and "mode 644" in lines[1]


def test_relative_paths_resolve_against_the_configs_folder(tmp_path, monkeypatch):
    folder = tmp_path / "etc" / "kopienas"
    folder.mkdir(parents=True)
    (folder / "kopienas.toml").write_text(
        '[source]\nlocation = "sheet.xlsx"\ncredentials = "keys/sa.json"\n[output]\nfolder = "../../var/lib"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    config = load_config(folder / "kopienas.toml")
    assert config.source == str(folder / "sheet.xlsx")
    assert config.credentials == folder / "keys" / "sa.json"
    assert config.output == tmp_path / "var" / "lib" and config.ledger == tmp_path / "var" / "lib" / "kopienas.sqlite"
    assert config.templates == Path(__import__("kopienas").__file__).parent / "templates"  # the packaged wording


def test_init_config_writes_the_commented_starter_and_never_overwrites(cli, nowhere):
    result = cli("init-config", "--source", "gsheet:abc123", "--state", "/var/lib/kopienas")
    assert result.exit_code == 0, result.output
    written = nowhere / "work" / "config" / "kopienas.toml"
    assert "doctor" in result.output and str(written.relative_to(nowhere / "work")) in result.output
    text = written.read_text(encoding="utf-8")
    assert text.count("\n#") > 20  # commented
    config = load_config(None)
    assert config.found_by == "./config/kopienas.toml" and config.source == "gsheet:abc123"
    assert config.ledger == Path("/var/lib/kopienas/kopienas.sqlite")
    assert os.stat(written).st_mode & 0o007 == 0
    again = cli("init-config")
    assert again.exit_code == 2 and "already exists" in again.output
    assert written.read_text(encoding="utf-8") == text


def test_the_packaged_starter_is_valid_and_documents_every_section():
    data = tomllib.loads(STARTER_CONFIG.read_text(encoding="utf-8"))
    assert {"source", "output", "ledger", "mail", "schedule"} <= set(data)
    text = STARTER_CONFIG.read_text(encoding="utf-8")
    for key in ("credentials", "operator", "password_file", "templates", "[mail.smtp]", "[drafts]", "[translation]"):
        assert key in text, key


@pytest.mark.parametrize(
    "content, says",
    [
        ("timezone = 'Europe/Riga'\n".encode("utf-16"), "not UTF-8 text"),
        (b'[source]\nlocation = "\xe2\x28\xa1.xlsx"\n', "save the file as UTF-8"),
        (b"[source]\nretry_seconds = nan\n", "`source.retry_seconds` must be between"),
        (b"[mail.smtp]\nport = 0\n", "`mail.smtp.port` must be between 1 and 65535"),
        (b"[mail.smtp]\ntimeout = -1\n", "`mail.smtp.timeout` must be between"),
        (b"[schedule]\nalert_after_failures = true\n", "`schedule.alert_after_failures` must be an integer"),
        (b'[source]\nlocation = "a\\u0000b.xlsx"\n', "NUL character"),
        (b"tabs = 3\n", "`tabs` must be a table"),
        (b'[mail]\nsender = ["a@b.lv"]\n', "`mail.sender` must be a string, not list"),
    ],
)
def test_a_broken_config_file_is_one_line_exit_2(cli, tmp_path, content, says):
    cfg = tmp_path / "kopienas.toml"
    cfg.write_bytes(content)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"kopienas: {cfg}") and says in line, line


def test_an_unreadable_or_folder_config_is_one_line(cli, cli_as_user, tmp_path):
    assert "is a folder" in cli("--config", tmp_path, "run").output
    cfg = tmp_path / "kopienas.toml"
    cfg.write_text("", encoding="utf-8")
    cfg.chmod(0o000)
    try:
        result = cli_as_user("--config", cfg, "run")
    finally:
        cfg.chmod(0o600)
    assert result.exit_code == 2 and "permission denied" in result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"kopienas: {cfg}"), line


# -- the class: any mutation of a valid config --------------------------------------------------
_VALID = {
    "timezone": "Europe/Riga",
    "source": {"location": "wb.xlsx", "retry_seconds": 0},
    "output": {"folder": "out"},
    "mail": {"transport": "outbox", "sender": "K <k@example.com>", "smtp": {"port": 587, "timeout": 5.0}},
    "schedule": {"summary_time": "08:00", "alert_after_failures": 3},
}
_WRONG_VALUES = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text("abc", min_size=1, max_size=3), st.integers(), max_size=2),
)


def _toml(data: dict, prefix: str = "") -> str:
    import json

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float):
            return "nan" if v != v else ("inf" if v == float("inf") else "-inf" if v == float("-inf") else repr(v))
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(k)} = {value(x)}" for k, x in v.items()) + "}"
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        return str(v)

    plain = "".join(f"{json.dumps(k)} = {value(v)}\n" for k, v in data.items() if not isinstance(v, dict))
    tables = "".join(
        f"\n[{prefix}{json.dumps(k)}]\n" + _toml(v, f"{prefix}{json.dumps(k)}.")
        for k, v in data.items()
        if isinstance(v, dict)
    )
    return plain + tables


@st.composite
def _mutated(draw):
    import copy

    data = copy.deepcopy(_VALID)
    section = draw(st.sampled_from([None, "source", "output", "mail", "schedule"]))
    table = data if section is None else data[section]
    kind = draw(st.sampled_from(["wrong value", "unknown key"]))
    if kind == "unknown key":
        table[draw(st.text("xyz_", min_size=1, max_size=6))] = draw(_WRONG_VALUES)
    else:
        key = draw(st.sampled_from(sorted(k for k in table if not isinstance(table[k], dict))))
        table[key] = draw(_WRONG_VALUES)
    text = _toml(data).encode("utf-8")
    if draw(st.booleans()):  # and sometimes a byte that is not UTF-8, or another encoding
        at = draw(st.integers(0, len(text)))
        text = draw(st.sampled_from([text[:at] + b"\xff" + text[at:], text.decode().encode("utf-16")]))
    return text


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_mutated())
def test_any_mutated_config_is_ok_or_one_line_exit_2(cli, tmp_path, content):
    cfg = tmp_path / "kopienas.toml"
    cfg.write_bytes(content)
    result = cli("--config", cfg, "validate", "--no-write-back")
    # Refused, or (a mutation that left a valid config) the workbook it names is missing: one line.
    assert result.exit_code == 2, result.output
    [line] = result.output.strip().splitlines()
    assert line.startswith("kopienas: ") and "neparedzēta" not in line, line


def test_a_templates_folder_without_the_wording_is_one_line(cli, tmp_path, sample_copy):
    cfg = tmp_path / "kopienas.toml"
    cfg.write_text(f'templates = "nav"\n[source]\nlocation = "{sample_copy}"\n', encoding="utf-8")
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "`templates`" in line and "remove `templates`" in line


def test_run_checks_its_schedule_before_the_sheet_is_touched(cli, tmp_path, sample_copy):
    from tests.helpers import write_config

    before = sample_copy.read_bytes()
    cfg = write_config(tmp_path / "etc", sample_copy, '\n[schedule]\nsummary_time = "8:0"\n')
    result = cli("--config", cfg, "run")
    assert result.exit_code == 2 and "`schedule.summary_time`" in result.output
    assert sample_copy.read_bytes() == before and not (tmp_path / "etc" / "out" / "drafts").exists()
