"""The deployment files: systemd units that systemd accepts, a crontab line cron can read, and a
GitHub workflow that takes its credentials from secrets only."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
WORKFLOW = DEPLOY / ".github" / "workflows" / "kopienas-scheduled.yml"
KOPIENAS_IN_UNITS = "/opt/kopienas/.venv/bin/kopienas"


def unit(name: str) -> configparser.ConfigParser:
    # systemd allows repeated keys (Environment=); keep the last, as a reader of one value would.
    parser = configparser.ConfigParser(strict=False, interpolation=None, empty_lines_in_values=False)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(SYSTEMD / name, encoding="utf-8")
    return parser


def test_the_scheduler_service_runs_kopienas_watch_hardened_with_its_secrets_outside():
    service = unit("kopienas-scheduler.service")["Service"]
    assert service["ExecStart"].split()[0] == KOPIENAS_IN_UNITS
    assert service["ExecStart"].split()[-1] == "watch"
    assert service["Type"] == "simple" and service["Restart"] == "on-failure"
    assert set(service["RestartPreventExitStatus"].split()) == {"2", "4"}
    assert service["EnvironmentFile"].startswith("-/etc/kopienas/")  # optional: "-"
    assert service["StateDirectory"] == "kopienas"
    assert unit("kopienas-scheduler.service")["Unit"]["OnFailure"] == "kopienas-alert@%n.service"
    # A workbook setup has no Google key: the credential comes through a drop-in only where it exists.
    assert "LoadCredential" not in service
    google = configparser.ConfigParser(strict=False, interpolation=None)
    google.optionxform = str
    google.read(SYSTEMD / "google.conf", encoding="utf-8")
    assert google["Service"]["LoadCredential"].startswith("service-account.json:")
    assert google["Service"]["Environment"] == "GOOGLE_APPLICATION_CREDENTIALS=%d/service-account.json"
    for option in ("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "RestrictAddressFamilies"):
        assert option in service, option
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"


def test_the_timer_starts_kopienas_run_every_15_minutes_and_catches_up():
    service = unit("kopienas-run.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["ExecStart"].split()[0] == KOPIENAS_IN_UNITS and service["ExecStart"].split()[-1] == "run"
    assert set(service["SuccessExitStatus"].split()) == {"1", "4"}  # rows with problems; another run busy
    assert service["EnvironmentFile"] == "-/etc/kopienas/kopienas.env" and service["StateDirectory"] == "kopienas"
    assert unit("kopienas-run.service")["Unit"]["OnFailure"] == "kopienas-alert@%n.service"
    assert service["ExecStartPost"].split()[-3:] == ["alert-unit", "--ok", "%n"]
    timer = unit("kopienas-run.timer")["Timer"]
    assert timer["OnCalendar"] == "*:0/15" and timer["Persistent"] == "true"
    assert timer["Unit"] == "kopienas-run.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    # verify checks that ExecStart exists, so point it at this checkout's kopienas.
    here = str(Path(sys.executable).parent / "kopienas")
    for path in SYSTEMD.glob("*.service"):
        (tmp_path / path.name).write_text(path.read_text().replace(KOPIENAS_IN_UNITS, here))
    for path in SYSTEMD.glob("*.timer"):
        (tmp_path / path.name).write_text(path.read_text())
    for unit_name in ("kopienas-run.service", "kopienas-scheduler.service"):  # with both drop-ins
        dropins = tmp_path / f"{unit_name}.d"
        dropins.mkdir()
        for conf in SYSTEMD.glob("*.conf"):
            (dropins / conf.name).write_text(conf.read_text())
    names = sorted(str(p) for p in tmp_path.iterdir() if p.is_file())
    result = subprocess.run(["systemd-analyze", "verify", *names], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Unknown" not in result.stderr and "Failed" not in result.stderr, result.stderr


_CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")


def test_the_crontab_line_runs_kopienas_every_15_minutes_into_a_log():
    lines = [
        line
        for line in (DEPLOY / "cron" / "kopienas.crontab").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    settings = [line for line in lines if re.match(r"^[A-Z_]+=", line)]
    assert {s.split("=")[0] for s in settings} <= {"SHELL", "PATH", "MAILTO"}
    [entry] = [line for line in lines if line not in settings]
    fields = entry.split(None, 5)
    assert len(fields) == 6, "five time fields and a command"
    assert all(_CRON_FIELD.match(f) for f in fields[:5]), fields[:5]
    assert fields[:5] == ["*/15", "*", "*", "*", "*"]
    command = fields[5]
    assert re.search(r"/kopienas --config \S+ run\b", command)
    assert "flock" not in command  # kopienas locks itself
    assert re.search(r"run 2>&1 \| .*>> ?\S+\.log$", command)
    assert "%" not in command  # cron would turn it into a newline
    assert "PASSWORD" not in entry


def test_every_line_the_cron_job_logs_starts_with_its_time(tmp_path):
    [entry] = [line for line in (DEPLOY / "cron" / "kopienas.crontab").read_text().splitlines() if line[:1] == "*"]
    command = entry.split(None, 5)[5]
    fake = tmp_path / "kopienas"
    fake.write_text("#!/bin/sh\necho 'Pārbaudītas 16 rindas.'\necho 'a log line' >&2\nexit 1\n")
    fake.chmod(0o755)
    log = tmp_path / "kopienas.log"
    command = command.replace("/opt/kopienas/.venv/bin/kopienas", str(fake)).replace(
        "/var/log/kopienas/kopienas.log", str(log)
    )
    command = command.replace("cd /var/lib/kopienas", f"cd {tmp_path}")
    subprocess.run(["/bin/sh", "-c", command], check=True, timeout=60)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00 ", line), line  # Riga: +02:00 or +03:00


def test_the_workflow_takes_every_credential_from_secrets():
    text = WORKFLOW.read_text()
    assert re.search(r"^on:\n  schedule:\n    - cron: \"\*/15 \* \* \* \*\"\n  workflow_dispatch:", text, re.M)
    secrets = set(re.findall(r"\$\{\{\s*secrets\.([A-Z_]+)\s*\}\}", text))
    assert secrets == {"KOPIENAS_SERVICE_ACCOUNT_JSON", "KOPIENAS_SMTP_PASSWORD"}
    assert re.search(r"KOPIENAS_SMTP_PASSWORD: \$\{\{ secrets\.KOPIENAS_SMTP_PASSWORD \}\}", text)
    assert "umask 077" in text and 'chmod 600 "$RUNNER_TEMP/service-account.json"' in text
    for literal in ("BEGIN PRIVATE KEY", "private_key", "password:", "ya29.", "Bearer "):
        assert literal not in text, literal
    assert re.search(r"\bkopienas\b.* run\b", text)


def test_the_workflow_is_valid_yaml():
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"] == [{"cron": "*/15 * * * *"}] and "workflow_dispatch" in triggers
    steps = workflow["jobs"]["run"]["steps"]
    assert any("kopienas" in step.get("run", "") and " run" in step.get("run", "") for step in steps)


def test_the_onfailure_hook_tells_the_operator_through_kopienas():
    service = unit("kopienas-alert@.service")["Service"]
    assert service["Type"] == "oneshot" and service["ExecStart"].split()[0] == KOPIENAS_IN_UNITS
    assert service["ExecStart"].split()[-2:] == ["alert-unit", "%i"]
    assert service["EnvironmentFile"] == "-/etc/kopienas/kopienas.env"


def test_the_workflow_installs_from_the_lock_and_uploads_the_drafts():
    yaml = pytest.importorskip("yaml")
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["run"]["steps"]
    install = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    assert "--require-hashes --no-deps -r requirements.lock" in install and "--no-deps ." in install
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "out/drafts/" and upload["if"] == "always()"


def test_the_alert_unit_command_mails_once_until_the_unit_works_again(cli, tmp_path, sample_copy):
    from tests.helpers import write_config

    cfg = write_config(tmp_path / "etc", sample_copy, '\n[mail]\noperator = "it@example.lv"\n')
    outbox = tmp_path / "etc" / "out" / "outbox"
    for _ in range(2):
        assert cli("--config", cfg, "alert-unit", "kopienas-run.service").exit_code == 0
    [alert] = list(outbox.glob("alert*.eml"))
    assert "kopienas-run.service" in alert.read_text(encoding="utf-8")
    assert cli("--config", cfg, "alert-unit", "--ok", "kopienas-run.service").exit_code == 0
    assert len(list(outbox.glob("recovered*.eml"))) == 1


def test_logrotate_accepts_the_cron_logs_rules_and_rotates_the_log(tmp_path):
    # `make test` installs logrotate (the Makefile's system-tools), so this runs wherever the suite does.
    assert shutil.which("logrotate"), "logrotate is missing: run `make system-tools`"
    rules = DEPLOY / "logrotate" / "kopienas"
    result = subprocess.run(
        ["logrotate", "--debug", "--state", str(tmp_path / "state"), str(rules)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "kopienas.log").write_text("2026-11-23T08:00:01+02:00 Pārbaudītas 16 rindas.\n", encoding="utf-8")
    local = tmp_path / "kopienas.rotate"
    local.write_text(rules.read_text(encoding="utf-8").replace("/var/log/kopienas", str(logs)), encoding="utf-8")
    forced = subprocess.run(
        ["logrotate", "--force", "--state", str(tmp_path / "state"), str(local)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert forced.returncode == 0, forced.stderr
    assert (logs / "kopienas.log.1").read_text(encoding="utf-8").startswith("2026-11-23T08:00:01")
    assert (logs / "kopienas.log").read_bytes() == b""  # truncated in place: a run writing on keeps going


def test_the_logrotate_file_rotates_the_crontabs_log():
    rules = (DEPLOY / "logrotate" / "kopienas").read_text(encoding="utf-8")
    log = re.search(r">> ?(\S+\.log)", (DEPLOY / "cron" / "kopienas.crontab").read_text()).group(1)
    assert re.search(rf"^{re.escape(str(Path(log).parent))}/\*\.log \{{$", rules, re.M), rules
    for word in ("weekly", "rotate 8", "compress", "copytruncate", "missingok"):
        assert word in rules
