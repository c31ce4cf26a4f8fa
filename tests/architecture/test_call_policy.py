"""The one door for outgoing calls: no connection is opened in kopienas/ outside the call policy
(`kopienas.adapters.calls`), its classification of answers, and its deadline against servers that
trickle, for HTTP and SMTP alike."""

from __future__ import annotations

import ast
import contextlib
import socket
import threading
import time
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters.calls import Backoff, Kind, Policy, classify_answer, http_session
from tests.sheets_emulator import identities

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "kopienas" / "adapters" / "calls"

# What opens a connection or sends a request: constructors and functions of the network libraries.
OPENERS = {
    "SMTP",
    "SMTP_SSL",
    "LMTP",
    "urlopen",
    "HTTPConnection",
    "HTTPSConnection",
    "create_connection",
    "AuthorizedSession",
    "AuthorizedHttp",
    "Client",  # gspread.Client
    "authorize",
    "service_account",
    "service_account_from_dict",
    "oauth",
    "Session",  # requests.Session
    "InstalledAppFlow",
    "from_client_secrets_file",
    "run_local_server",
    "fetch_token",
    "PoolManager",
}
REQUESTS_VERBS = {"get", "post", "put", "patch", "delete", "head", "request", "options"}
NETWORK_MODULES = {"requests", "urllib3", "httpx", "http.client", "urllib.request", "smtplib", "gspread"}


def _opened(path: Path) -> list[str]:
    """`module:line name` of every call in `path` that would open a connection itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    imported = {}  # local name -> module it came from
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update({(a.asname or a.name).split(".")[0]: a.name for a in node.names})
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.update({a.asname or a.name: node.module for a in node.names})
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        module = imported.get(owner, "") if owner else imported.get(name, "")
        network = any(module == m or module.startswith(m + ".") for m in NETWORK_MODULES) or module.startswith(
            ("google.auth.transport", "google_auth_oauthlib")
        )
        if name in OPENERS and (network or name in {"SMTP", "SMTP_SSL", "urlopen", "AuthorizedSession"}):
            found.append(f"{where}:{node.lineno} {name}")
        elif network and owner and name in REQUESTS_VERBS:
            found.append(f"{where}:{node.lineno} {owner}.{name}")
        elif name == "Request" and module.startswith("google.auth.transport"):
            found.append(f"{where}:{node.lineno} Request")  # the token endpoint's transport
        elif name == "connect" and owner not in ("sqlite3",) and module != "sqlite3" and _smtp_like(owner):
            found.append(f"{where}:{node.lineno} {owner}.connect")
    return found


def _smtp_like(owner: str) -> bool:
    return "smtp" in owner.lower() or owner in ("client", "server", "conn", "sock")


def test_no_outgoing_call_outside_the_policy():
    outside = [
        hit for path in sorted((ROOT / "kopienas").rglob("*.py")) if POLICY not in path.parents for hit in _opened(path)
    ]
    assert outside == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "_scan_sample.py"  # not in the package: other tests read every module there
    sample.write_text(
        "import smtplib\nimport requests\nfrom google.auth.transport.requests import Request, AuthorizedSession\n"
        "import gspread\nfrom urllib.request import urlopen\n"
        "smtplib.SMTP('h')\nrequests.get('u')\nRequest()\nAuthorizedSession(None)\ngspread.Client(auth=None)\n"
        "urlopen('u')\nrequests.Session()\n",
        encoding="utf-8",
    )
    names = [hit.split()[-1] for hit in _opened(sample)]
    assert names == ["SMTP", "requests.get", "Request", "AuthorizedSession", "Client", "urlopen", "Session"]


# -- classification --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "status, body, kind, reason",
    [
        (500, "<!DOCTYPE html><title>Error 500 (Server Error)!!1</title>", Kind.RETRY, ""),
        (502, "", Kind.RETRY, ""),
        (
            503,
            {"error": {"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE"}},
            Kind.RETRY,
            "",
        ),
        (429, {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}, Kind.WAIT, ""),
        (403, identities.rate_limited("userRateLimitExceeded").body(), Kind.WAIT, "userRateLimitExceeded"),
        (403, identities.rate_limited("rateLimitExceeded").body(), Kind.WAIT, "rateLimitExceeded"),
        (403, identities.no_storage().body(), Kind.PERSON, "storageQuotaExceeded"),
        (403, identities.no_storage(older=True).body(), Kind.PERSON, "quotaExceeded"),
        (403, identities.service_disabled(drive=False), Kind.PERSON, "SERVICE_DISABLED"),
        (403, identities.service_disabled(drive=True), Kind.PERSON, "SERVICE_DISABLED"),
        (400, identities.EXPIRED, Kind.PERSON, "invalid_grant"),
        (
            403,
            {"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}},
            Kind.PERSON,
            "",
        ),
    ],
)
def test_each_answer_is_classified(status, body, kind, reason):
    answer = classify_answer(status, body)
    assert (answer.kind, answer.reason) == (kind, reason)
    if reason == "SERVICE_DISABLED":
        assert answer.link.startswith("https://console.developers.google.com/apis/api/") and answer.service


# -- the deadline ----------------------------------------------------------------------------------
class _Trickler:
    """A TCP server on 127.0.0.1 that answers every connection one byte per `pause` seconds."""

    def __init__(self, payload: bytes, pause: float, *, speaks_first: bool = False):
        self.payload, self.pause, self.speaks_first = payload, pause, speaks_first
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(1)
            if not self.speaks_first:
                with contextlib.suppress(OSError):
                    conn.recv(65536)  # the request (for SMTP: nothing yet; the timeout passes)
            for i in range(len(self.payload)):
                try:
                    conn.sendall(self.payload[i : i + 1])
                except OSError:
                    return
                time.sleep(self.pause)

    def close(self) -> None:
        self.sock.close()


def test_an_http_server_trickling_headers_cannot_stretch_a_call():
    server = _Trickler(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 400 + b"\r\n\r\n", 0.05)
    session = http_session(Policy(connect=1, read=1, deadline=1.5))
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        session.get(f"http://127.0.0.1:{server.port}/")
    assert time.monotonic() - started < 3
    server.close()


def test_an_smtp_server_trickling_its_greeting_cannot_stretch_the_run(tmp_path):
    from kopienas.adapters.mail.transports.smtp import SmtpSettings, SmtpTransport

    server = _Trickler(b"220 " + b"x" * 400 + b"\r\n", 0.05, speaks_first=True)  # 20 s of greeting
    settings = SmtpSettings(host="127.0.0.1", port=server.port, security="none", timeout=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        SmtpTransport(settings).open_session()
    seconds = time.monotonic() - started
    print(f"smtp trickle: {type(caught.value).__name__}: {caught.value} after {seconds:.1f} s")
    assert seconds < 5 and "Traceback" not in str(caught.value)
    server.close()


# -- property: any sequence of faults ------------------------------------------------------------
FAULTS = st.sampled_from(["500-html", "503", "429", "403-rate", "drop", "ok"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(faults=st.lists(FAULTS, min_size=1, max_size=6))
def test_any_sequence_of_passing_faults_ends_in_one_answer_or_one_line(sheets, faults):
    """Each passing fault is tried again while time is left; the call then succeeds with the data,
    or fails with the last fault: never a wrong answer, never a person's fault invented."""
    from google.auth.credentials import AnonymousCredentials

    from kopienas.adapters.sources.gsheet.drive import Drive, DriveCallError
    from kopienas.adapters.sources.gsheet.http import sheets_session

    sheets.clear_faults()
    folder = sheets.create_folder()
    for fault in faults:
        if fault == "drop":
            sheets.drop_next_connection(1, kind="drive.files.get")
        elif fault != "ok":
            status = int(fault.split("-")[0])
            sheets.fail_next(
                1,
                status=status,
                kind="drive.files.get",
                html=fault.endswith("html"),
                reason="userRateLimitExceeded" if fault.endswith("rate") else None,
            )
    naps: list[float] = []
    drive = Drive(sheets_session(AnonymousCredentials(), sheets.url), retry_seconds=600, sleep=naps.append)
    failing = len([f for f in faults if f != "ok"])
    meta = drive.call("GET", f"https://www.googleapis.com/drive/v3/files/{folder}", params={"fields": "id"})
    assert meta == {"id": folder}
    assert len(naps) == failing  # one wait per passing fault, none more
    # With no time to wait, the first passing fault is the answer: one line, never a wrong success.
    sheets.clear_faults()
    if failing:
        sheets.fail_next(1, status=503, kind="drive.files.get")
        with pytest.raises(DriveCallError) as caught:
            Drive(sheets_session(AnonymousCredentials(), sheets.url), retry_seconds=0).call(
                "GET", f"https://www.googleapis.com/drive/v3/files/{folder}"
            )
        assert caught.value.status == 503


def test_backoff_counts_the_calls_own_time():
    clock = iter([0.0, 0.0, 0.0, 0.0, 59.0]).__next__
    backoff = Backoff(60.0, sleep=lambda s: None, clock=clock)
    backoff.wait(TimeoutError())  # 0 s spent: waits
    with pytest.raises(TimeoutError):
        backoff.wait(TimeoutError())  # 59 s of calls + the wait would pass 60 s
