"""A Google service account as a test meets it: a key file with a fresh RSA key, and Google's
OAuth token endpoint on loopback (a token, or the answer for a revoked key)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class _TokenEndpoint(BaseHTTPRequestHandler):
    """Google's OAuth token endpoint as a service-account key meets it: a token, or the answer
    for a key that was revoked or deleted."""

    revoked = False

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.server.revoked:  # type: ignore[attr-defined]
            status, body = 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        else:
            status, body = 200, {"access_token": "ya29.test-token", "expires_in": 3599, "token_type": "Bearer"}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def token_endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TokenEndpoint)
    server.revoked = False  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


ACCOUNT = "kopienas@darbigas-kopienas.iam.gserviceaccount.com"


def key_file(path: Path, token_uri: str) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    info = {
        "type": "service_account",
        "project_id": "darbigas-kopienas",
        "private_key_id": "0123456789abcdef",
        "private_key": pem.decode(),
        "client_email": ACCOUNT,
        "client_id": "1234567890",
        "token_uri": token_uri,
    }
    path.write_text(json.dumps(info), encoding="utf-8")
    path.chmod(0o600)
    return path
