"""`kopienas status` loads only what it uses: the libraries for checking rows, spelling numbers,
writing Word files and drawing charts stay unloaded (they cost a noticeable part of its start)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import activity

HEAVY = ("phonenumbers", "num2words", "email_validator", "matplotlib", "docx")

PROBE = """
import sys
from kopienas.cli import main
try:
    main(["--config", sys.argv[1], "status"])
except SystemExit as e:
    code = e.code
print("EXIT", code, file=sys.stderr)
print("LOADED", *sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2:])), file=sys.stderr)
"""


def test_status_imports_none_of_the_heavy_libraries(workbook_with, tmp_path):
    _, cfg = workbook_with(activity())
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(cfg), *HEAVY], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert "EXIT 0" in out.stderr, out.stderr
    assert out.stderr.splitlines()[-1] == "LOADED", out.stderr


def test_the_install_compiles_bytecode():
    """`make run` installs with bytecode compiled, so the first runs do not compile it on the way."""
    from pathlib import Path

    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "$(UV) install" in line]
    assert installs and all("--compile-bytecode" in line for line in installs), installs


# What a check of a workbook never needs: mail (SMTP, TLS), templates, English numbers, Word files,
# charts, Google's client; nor the locale data of lists and numbers when it prints only counts.
NOT_FOR_VALIDATE = ("smtplib", "ssl", "jinja2", "num2words", "docx", "matplotlib", "gspread", "babel")


def test_validate_of_a_workbook_imports_no_mail_templates_or_google(workbook_with, tmp_path):
    _, cfg = workbook_with(activity())
    probe = PROBE.replace('"status"', '"validate"')
    out = subprocess.run(
        [sys.executable, "-c", probe, str(cfg), *NOT_FOR_VALIDATE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert "EXIT 0" in out.stderr, out.stderr
    assert out.stderr.splitlines()[-1] == "LOADED", out.stderr
