"""The packaged product, as an operator installs it: the wheel built from this tree, installed with
the locked dependencies into a fresh venv outside the repository, run from another folder with a
config written by `kopienas init-config` somewhere else. Drafts and mails come out; without a
config it says how to make one and creates nothing. (One test: the build and install happen once.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

SAMPLE = ROOT / "examples" / "aktivitates.xlsx"


def _sh(*args, cwd: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


UV = shutil.which("uv", path=str(Path(sys.executable).parent))  # installed into the project's venv by `make`


def _installer(venv_python: Path) -> list:
    """uv, else the fresh venv's own pip."""
    if UV:
        return [UV, "pip", "install", "--python", venv_python]
    return [venv_python, "-m", "pip", "install", "--disable-pip-version-check"]


@pytest.mark.slow
def test_the_wheel_installed_in_a_fresh_venv_runs_the_whole_job_from_anywhere(tmp_path):
    # Build from a copy of the sources, so the build leaves nothing in the repository; the top-level
    # `templates` link to the packaged wording comes along and must not disturb the build.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "templates"):
        shutil.copy(ROOT / name, src / name, follow_symlinks=False)
    shutil.copytree(ROOT / "kopienas", src / "kopienas", ignore=shutil.ignore_patterns("__pycache__"))
    assert (src / "templates").is_symlink() and (src / "templates" / "drafts").is_dir()
    if UV:  # the sdist first, then the wheel from the sdist, as a package index would
        build = [UV, "build", "--out-dir", tmp_path / "dist", src]
    else:
        build = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            tmp_path / "dist",
            src,
        ]
    built = _sh(*build, cwd=src)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (tmp_path / "dist").glob("kopienas-*.whl")

    venv = tmp_path / "opt" / "kopienas"
    made = _sh(sys.executable, "-m", "venv", *(["--without-pip"] if UV else []), venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    install = _installer(python)
    deps = _sh(*install, "--require-hashes", "--no-deps", "-r", ROOT / "requirements.lock", cwd=tmp_path)
    assert deps.returncode == 0, deps.stdout + deps.stderr
    pkg = _sh(*install, "--no-deps", wheel, cwd=tmp_path)
    assert pkg.returncode == 0, pkg.stdout + pkg.stderr
    kopienas = venv / "bin" / "kopienas"

    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOPIENAS_", "GOOGLE_", "PYTHON"))}
    env |= {"HOME": str(tmp_path / "home"), "KOPIENAS_TODAY": "2020-10-05", "XDG_CONFIG_HOME": str(tmp_path / "home")}
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLE, data / "aktivitates.xlsx")

    # No config anywhere (this test runs where /etc/kopienas does not exist): one line, nothing made.
    if not Path("/etc/kopienas/kopienas.toml").exists():
        none = _sh(kopienas, "run", cwd=elsewhere, env=env)
        assert none.returncode == 2 and "kopienas init-config" in none.stderr, none.stderr
        assert len(none.stderr.strip().splitlines()) == 1 and list(elsewhere.iterdir()) == []

    cfg = tmp_path / "etc" / "kopienas" / "kopienas.toml"
    state = tmp_path / "var" / "lib" / "kopienas"
    starter = _sh(
        kopienas,
        "init-config",
        cfg,
        "--source",
        "../../data/aktivitates.xlsx",
        "--state",
        state,
        cwd=elsewhere,
        env=env,
    )
    assert starter.returncode == 0, starter.stderr

    run = _sh(kopienas, "--config", cfg, "-v", "run", cwd=elsewhere, env=env)
    assert run.returncode == 1, run.stdout + run.stderr  # the sample has rows with problems, on purpose
    assert f"config {cfg} (from --config)" in run.stderr.splitlines()[0]
    assert "Traceback" not in run.stderr and "neparedzēta" not in run.stdout + run.stderr
    drafts = sorted(state.glob("drafts/*/draft.md"))
    assert drafts and "Darbīgās kopienas" in drafts[0].read_text(encoding="utf-8")
    summaries = sorted(state.glob("outbox/summary_*2020-W40*.eml"))
    assert summaries and (state / "outbox" / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []  # nothing in the folder it ran from

    doctor = _sh(kopienas, "--config", cfg, "doctor", cwd=elsewhere, env=env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    where = _sh(python, "-c", "import kopienas; print(kopienas.__file__)", cwd=elsewhere, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout  # the installed copy, not the repo's
