"""docs/operator.md, followed step by step as an operator would, for a local workbook and for a
Google Sheet (the local emulator): its command blocks are read from the guide itself, so the guide
and this test cannot drift. Everything happens in a throwaway root — a folder standing in for
/etc, /opt, /var/lib and /srv — with a real service user made by `useradd` and the jobs run as it
with `runuser`, as systemd would start them (User=, the units' Environment= and drop-ins).

Only `systemctl` itself is left out (there is no systemd here): instead the installed unit's
ExecStart runs as its User= with its Environment=. The suite runs as root (CI does)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import sheet_rows_from_workbook
from tests.support.google_key import ACCOUNT, key_file
from tests.support.google_key import token_endpoint as token_endpoint

pytestmark = pytest.mark.slow  # a wheel built and installed twice, a minute or two

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "operator.md"
SAMPLE = ROOT / "examples" / "aktivitates.xlsx"
UV = shutil.which("uv", path=str(Path(sys.executable).parent))
SYSTEM_PLACES = ("/etc/", "/opt/", "/var/lib/", "/var/log/", "/srv/")


def guide_blocks(case: str) -> list[str]:
    """The guide's shell blocks for `case` ("workbook" or "google") and for both, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh guide=(all|workbook|google)\n(.*?)^```$", text, re.M | re.S)
    return [body for which, body in blocks if which in ("all", case)]


def commands(block: str) -> list[str]:
    """One command per entry: continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    return [line.split("  #")[0].strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def in_throwaway_root(command: str, root: Path, user: str) -> str:
    command = " " + command
    for place in SYSTEM_PLACES:
        command = command.replace(" " + place, f" {root}{place}").replace("=" + place, f"={root}{place}")
        command = command.replace(":" + place, f":{root}{place}").replace('"' + place, f'"{root}{place}')
    # The service user: a name of its own, so suites running at once do not share one.
    command = re.sub(r"(useradd .*|runuser -u |--group |-[og] |chown |crontab -u )kopienas\b", rf"\g<1>{user}", command)
    command = command.replace(f"{user}:kopienas", f"{user}:{user}")
    if UV:  # the same lock, installed from uv's cache instead of downloading every wheel again
        command = re.sub(r"(\S+)/\.venv/bin/pip install", rf"{UV} pip install --python \1/.venv/bin/python", command)
    return command.strip()


@pytest.fixture
def throwaway(tmp_path):
    assert os.geteuid() == 0, "this test follows the guide as root: run the suite as root (CI does)"
    # A root the service user can walk into (pytest's own folders are root's only).
    root = Path(tempfile.mkdtemp(prefix="kopienas-guide-"))
    root.chmod(0o755)
    (root / "etc" / "systemd" / "system").mkdir(parents=True)  # there on any machine with systemd
    user = f"kop{os.getpid() % 100000}{len(os.listdir(tempfile.gettempdir())) % 1000}"
    dist = root / "dist"
    yield root, user, dist
    subprocess.run(["userdel", user], capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


def make_dist(dist: Path, scratch: Path) -> None:
    """What `make dist` makes: the wheel (built from a copy, leaving the repository clean), the lock, deploy/."""
    src = scratch / "src"
    shutil.copytree(ROOT / "kopienas", src / "kopienas", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w", dist, "."],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    shutil.copy(ROOT / "requirements.lock", dist / "requirements.lock")
    shutil.copytree(ROOT / "deploy", dist / "deploy")
    dist.chmod(0o755)


def follow(case: str, root: Path, user: str, dist: Path, env: dict) -> list[tuple[str, subprocess.CompletedProcess]]:
    done = []
    for block in guide_blocks(case):
        for command in commands(block):
            if command.startswith("systemctl"):
                continue  # no systemd here: the unit is started by hand below
            done.append((command, run_as_root(in_throwaway_root(command, root, user), dist, env)))
    return done


def run_as_root(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    # A root shell's usual umask (022), whatever this suite was started with.
    result = subprocess.run(
        ["/bin/sh", "-c", f"umask 022 && {command}"], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    print(f"# {command}\n{result.stdout}{result.stderr}".rstrip())
    assert result.returncode == 0, (command, result.stdout, result.stderr)
    return result


def start_unit(
    root: Path, name: str, env: dict, user: str, credentials: Path | None = None
) -> subprocess.CompletedProcess:
    """The installed unit with its drop-ins, started the way systemd would: as User=, with the
    Environment= lines, %d the credentials folder (LoadCredential=), ExecStart then ExecStartPost."""
    units = root / "etc" / "systemd" / "system"
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    files = [units / name, *sorted((units / f"{name}.d").glob("*.conf"))]
    environment = dict(env)
    for path in files:
        one = configparser.ConfigParser(strict=False, interpolation=None)
        one.optionxform = str
        one.read(path, encoding="utf-8")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("Environment="):
                key, _, value = line.removeprefix("Environment=").partition("=")
                environment[key] = value.replace("%d", str(credentials or "")).replace("%C", str(root / "cache"))
        parser.read(path, encoding="utf-8")
    service = parser["Service"]
    if "LoadCredential" in service:
        assert credentials is not None
        credential, _, source = service["LoadCredential"].partition(":")
        shutil.copy(root / source.lstrip("/"), credentials / credential)
        shutil.chown(credentials / credential, user=user)
    for option in ("ReadWritePaths",):
        if option in service:
            assert all(Path(root / p.lstrip("/")).is_dir() for p in service[option].split()), service[option]
    assert service["User"] == "kopienas"  # the guide's service user, here under its own name
    exec_start = in_throwaway_root(" " + service["ExecStart"], root, user).strip()
    return subprocess.run(
        ["runuser", "-u", user, "--", *exec_start.split()],
        cwd=root / "var" / "lib" / "kopienas",
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOPIENAS_", "GOOGLE_", "PYENV", "VIRTUAL_ENV"))}
    # A server's root shell: the system's python3, not a developer's (pyenv under /root, which the
    # service user could not run).
    env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    env["KOPIENAS_TODAY"] = "2020-10-05"
    return env


def test_the_guide_installs_a_local_workbook_setup_that_runs_as_the_service_user(throwaway, tmp_path):
    root, user, dist = throwaway
    make_dist(dist, tmp_path)
    done = follow("workbook", root, user, dist, _env())
    assert [c for c, _ in done if "doctor" in c], "the guide checks with doctor"
    doctor = next(r for c, r in done if "doctor" in c)
    assert "✓ files this user needs" in doctor.stdout and doctor.stdout.rstrip().endswith("All checks passed.")
    config = root / "etc" / "kopienas" / "kopienas.toml"
    assert oct(config.stat().st_mode & 0o777) == "0o640" and config.stat().st_gid != 0  # the service's group
    workbook = root / "srv" / "kopienas" / "aktivitates.xlsx"
    assert workbook.stat().st_mode & 0o060 == 0o060  # the coordinators' group may open and save it

    # The coordinators fill the workbook (here: the sample), then the timer's unit runs.
    shutil.copy(SAMPLE, workbook)
    ran = start_unit(root, "kopienas-run.service", _env(), user)
    assert ran.returncode == 1, ran.stdout + ran.stderr  # 1: rows with problems (SuccessExitStatus)
    assert "Rezultāti ierakstīti" in ran.stdout and "Ierakstītas pastkastē" in ran.stdout
    ledger = root / "var" / "lib" / "kopienas" / "kopienas.sqlite"
    assert ledger.stat().st_mode & 0o077 == 0  # the ledger stays private
    print(ran.stdout[-600:])

    # A workbook folder the service user cannot write: doctor says so and how to fix it.
    os.chmod(workbook.parent, 0o755)
    shutil.chown(workbook.parent, user="root", group="root")
    broken = subprocess.run(
        ["runuser", "-u", user, "--", str(root / "opt/kopienas/.venv/bin/kopienas"), "--config", str(config), "doctor"],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
    )
    print(broken.stdout)
    assert broken.returncode == 2
    line = next(x for x in broken.stdout.splitlines() if "files this user needs" in x)
    assert line.startswith("✗") and f"not writable by {user}" in line and "chmod g+rwxs" in line


def test_the_guide_installs_a_google_sheet_setup_that_runs_as_the_service_user(
    throwaway,
    tmp_path,
    sheets,
    token_endpoint,
):
    root, user, dist = throwaway
    make_dist(dist, tmp_path)
    key = sheets.create_spreadsheet("Aktivitātes", sheet_rows_from_workbook(SAMPLE), value_input_option="RAW")
    # The key downloaded from the Cloud console; its tokens come from a local endpoint.
    key_file(dist / "service-account.json", f"http://127.0.0.1:{token_endpoint.server_port}/token")
    env = _env() | {"KOPIENAS_SHEETS_API": sheets.url}  # the local emulator instead of Google
    blocks = [b.replace("SHEET_ID", key) for b in guide_blocks("google")]
    assert len(blocks) == len(guide_blocks("google")) and any(key in b for b in blocks)
    done = [
        (command, run_as_root(in_throwaway_root(command, root, user), dist, env))
        for block in blocks
        for command in commands(block)
        if not command.startswith("systemctl")
    ]
    doctor = next(r for c, r in done if "doctor" in c)
    assert doctor.stdout.rstrip().endswith("All checks passed.") and ACCOUNT in doctor.stdout
    installed_key = root / "etc" / "kopienas" / "service-account.json"
    assert oct(installed_key.stat().st_mode & 0o777) == "0o640"

    credentials = root / "run" / "credentials"
    credentials.mkdir(parents=True)
    ran = start_unit(root, "kopienas-run.service", env, user, credentials)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "Pārbaudītas 16 rindas" in ran.stdout
    print(ran.stdout[-400:])
