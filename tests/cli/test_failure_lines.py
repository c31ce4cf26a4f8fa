"""Foreseeable failures, wherever they surface, are one clear line with the right exit code:
never a traceback, never "neparedzēta kļūda", nothing on stderr but that line."""

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import ROOT, activity, write_config


def the_line(result, code):
    lines = result.output.strip().splitlines()
    assert result.exit_code == code, result.output
    assert len(lines) == 1 and "neparedzēta" not in lines[0] and "Traceback" not in result.output, result.output
    return lines[0]


@contextmanager
def token_endpoint(status, body):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/token"
    finally:
        server.shutdown()
        server.server_close()


def signed_in_config(tmp_path, sheets, token_uri):
    """A service-account key (a real RSA key, signed as Google's sign-in expects) whose token
    endpoint is `token_uri`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )
    key = tmp_path / "sa.json"
    key.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "kopienas",
                "private_key_id": "k1",
                "private_key": pem,
                "client_email": "robots@kopienas.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": token_uri,
            }
        )
    )
    cfg = tmp_path / "k.toml"
    cfg.write_text(
        f'[source]\nlocation = "gsheet:abc"\napi_url = "{sheets.url}"\ncredentials = "{key}"\nretry_seconds = 0\n'
        f'[output]\nfolder = "{tmp_path / "out"}"\n'
    )
    return cfg


def test_a_revoked_google_key(cli, tmp_path, sheets):
    answer = {
        "error": "invalid_grant",
        "error_description": "Invalid JWT Signature.",
    }  # Google's words for a deleted key
    with token_endpoint(400, answer) as uri:
        line = the_line(cli("--config", signed_in_config(tmp_path, sheets, uri), "validate"), 2)
    assert "Google noraidīja piekļuves atslēgu" in line and "kopienas auth" in line


def test_an_unreachable_token_endpoint(cli, tmp_path, sheets):
    line = the_line(cli("--config", signed_in_config(tmp_path, sheets, "http://127.0.0.1:9/token"), "validate"), 3)
    assert "Nevar sazināties ar Google pieteikšanās serveri" in line


def test_an_unreadable_google_key(cli, tmp_path):
    key = tmp_path / "sa.json"
    key.mkdir()  # not a file one can read
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[source]\nlocation = "gsheet:abc"\ncredentials = "{key}"\n')
    assert f"Servisa konta failu {key} nevar nolasīt" in the_line(cli("--config", cfg, "validate"), 2)


@pytest.mark.parametrize("timeout", ["0", "-5", "1e9", "nan"])
def test_an_invalid_smtp_timeout(cli, workbook_with, timeout):
    _, cfg = workbook_with(activity(), config_extra=f'\n[mail]\ntransport = "smtp"\n[mail.smtp]\ntimeout = {timeout}\n')
    assert "`mail.smtp.timeout` must be between" in the_line(cli("--config", cfg, "summary"), 2)


def test_a_config_that_is_not_utf8(cli, tmp_path):
    cfg = tmp_path / "k.toml"
    cfg.write_bytes('[mail]\nsender = "Darbīgās <a@b.lv>"\n'.encode("cp1257"))
    assert f"{cfg}: not UTF-8 text" in the_line(cli("--config", cfg, "validate"), 2)


def corruptions(good: Path, folder: Path):
    truncated = folder / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    garbage = folder / "garbage.xlsx"
    garbage.write_bytes(b"\x00\x01 not a workbook " * 50)
    broken_sheet = folder / "broken-sheet.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken_sheet, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # XML cut in the middle
            dst.writestr(item, data)
    return [truncated, garbage, broken_sheet]


def test_a_corrupt_workbook(cli, sample_copy, tmp_path):
    for bad in corruptions(sample_copy, tmp_path):
        cfg = write_config(tmp_path / bad.stem, bad)
        result = cli("--config", cfg, "validate")
        assert result.exit_code in (2, 3), result.output
        assert "Nevar atvērt darbgrāmatu" in the_line(result, result.exit_code) or "nav derīgs" in result.output


@pytest.mark.parametrize("week", ["9999-W52", "0001-W01", "1900-W01"])
def test_a_week_out_of_range(cli, workbook_with, week):
    _, cfg = workbook_with(activity())
    assert "ārpus atļautā" in the_line(cli("--config", cfg, "summary", "--week", week, "--dry-run"), 2)


def run_cli(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "kopienas", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("unshare") or sys.platform != "linux", reason="needs Linux mount namespaces")
def test_a_full_disk_is_one_line_and_no_noise_on_stderr(tmp_path, sample_copy):
    disk = tmp_path / "disk"
    disk.mkdir()
    cfg = write_config(tmp_path / "cfg", sample_copy, "")
    text = cfg.read_text().replace(str(tmp_path / "cfg" / "out"), str(disk / "out"))
    cfg.write_text(text)
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not available here")
    script = (
        f"mount -t tmpfs -o size=160k tmpfs {disk} && "
        f'{sys.executable} -m kopienas --config {cfg} run; echo "exit=$?" >&2'
    )
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "KOPIENAS_TODAY": "2026-11-21", "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    *lines, status = done.stderr.strip().splitlines()
    assert status == "exit=3", done.stderr
    assert len(lines) == 1 and "diskā nav vietas" in lines[0], done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_closed_pipe_is_no_noise(tmp_path, sample_copy):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    shell = subprocess.run(
        f"{sys.executable} -m kopienas --config {cfg} validate --no-write-back | head -c 10 >/dev/null",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert shell.stderr == ""
