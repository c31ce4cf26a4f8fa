"""HTTP plumbing: which handler a request goes to, and the threaded server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

from . import batch_update, drive_api, spreadsheets_api, values_api
from .errors import ApiError, DriveError
from .request import ApiRequest

_SS = r"/v4/spreadsheets/(?P<spreadsheet_id>[^/:]+)"
_FILE = r"/drive/v3/files/(?P<file_id>[^/]+)"

# (HTTP method, path pattern, call kind, handler). Paths are matched still percent-encoded, so an
# encoded ":" inside a range can't be mistaken for the ":append" / ":clear" suffix.
ROUTES = [
    ("GET", _SS, "spreadsheets.get", spreadsheets_api.get),
    ("POST", r"/v4/spreadsheets", "spreadsheets.create", spreadsheets_api.create),
    ("POST", _SS + ":getByDataFilter", "spreadsheets.getByDataFilter", spreadsheets_api.get_by_data_filter),
    ("POST", _SS + ":batchUpdate", "spreadsheets.batchUpdate", batch_update.batch_update),
    ("GET", _SS + "/values:batchGet", "values.batchGet", values_api.batch_get),
    ("POST", _SS + "/values:batchUpdate", "values.batchUpdate", values_api.batch_update),
    ("POST", _SS + "/values:batchClear", "values.batchClear", values_api.batch_clear),
    ("POST", _SS + "/values/(?P<range>.+):append", "values.append", values_api.append),
    ("POST", _SS + "/values/(?P<range>.+):clear", "values.clear", values_api.clear),
    ("GET", _SS + "/values/(?P<range>.+)", "values.get", values_api.get),
    ("PUT", _SS + "/values/(?P<range>.+)", "values.update", values_api.update),
    ("POST", r"/drive/v3/files", "drive.files.create", drive_api.create),
    ("POST", r"/upload/drive/v3/files", "drive.files.create.upload", drive_api.upload_create),
    ("PATCH", r"/upload/drive/v3/files/(?P<file_id>[^/]+)", "drive.files.update.upload", drive_api.upload_update),
    ("PATCH", _FILE, "drive.files.update", drive_api.update),
    ("GET", _FILE + "/export", "drive.files.export", drive_api.export),
    ("GET", r"/drive/v3/files", "drive.files.list", drive_api.list_files),
    ("GET", _FILE, "drive.files.get", drive_api.get),
    ("DELETE", _FILE, "drive.files.delete", drive_api.delete),
    ("POST", _FILE + "/copy", "drive.files.copy", drive_api.copy_file),
    ("GET", _FILE + "/comments", "drive.comments.list", drive_api.list_comments),
]
_COMPILED = [(method, re.compile(pattern), kind) for method, pattern, kind, _ in ROUTES]
HANDLERS = {kind: handler for _, _, kind, handler in ROUTES}

_VALUE_READ = {"majorDimension", "valueRenderOption", "dateTimeRenderOption"}
_VALUE_WRITE = {
    "valueInputOption",
    "includeValuesInResponse",
    "responseValueRenderOption",
    "responseDateTimeRenderOption",
}
_DRIVE = {
    "supportsAllDrives",
    "supportsTeamDrives",
    "includeItemsFromAllDrives",
    "includeTeamDriveItems",
    "includePermissionsForView",
    "includeLabels",
    "q",
    "pageSize",
    "pageToken",
    "orderBy",
    "corpora",
    "driveId",
    "spaces",
    "teamDriveId",
    "ignoreDefaultVisibility",
    "keepRevisionForever",
    "ocrLanguage",
    "useContentAsIndexableText",
    "enforceSingleParent",
    "acknowledgeAbuse",
    "includeDeleted",
}
_UPLOADS = {"drive.files.create.upload", "drive.files.update.upload"}
# Query parameters each call accepts besides Google's standard ones; others are a 400, as in Google.
QUERY_PARAMS = {
    "drive.files.export": {"mimeType"},
    "drive.files.update": _DRIVE | {"addParents", "removeParents"},
    "drive.files.update.upload": _DRIVE | {"addParents", "removeParents"},
    "spreadsheets.get": {"includeGridData", "ranges", "excludeTablesInBandedRanges"},
    "values.get": _VALUE_READ,
    "values.batchGet": _VALUE_READ | {"ranges"},
    "values.update": _VALUE_WRITE,
    "values.append": _VALUE_WRITE | {"insertDataOption"},
}


def route(method: str, raw_path: str) -> tuple[str, dict] | None:
    """(kind, path params) for a request, or None if no API lives there."""
    for route_method, pattern, kind in _COMPILED:
        m = pattern.fullmatch(raw_path)
        if m and route_method == method:
            return kind, {k: unquote(v) for k, v in m.groupdict().items()}
    return None


def call(
    store, method: str, kind: str, path_params: dict, query: str, raw_body: bytes, identity=None
) -> tuple[int, dict | None]:
    """Run one routed API call against the store; (status, JSON body or None for an empty reply)."""
    req = ApiRequest(method, kind, path_params, parse_qs(query, keep_blank_values=True))
    req.raw_body, req.content_type = bytes(raw_body), getattr(raw_body, "content_type", "")
    if identity is not None:
        req.identity = identity
    if raw_body.strip() and kind not in _UPLOADS:
        try:
            req.body = json.loads(raw_body)
        except ValueError:
            if req.is_drive:
                raise DriveError(400, "Parse Error", reason="parseError") from None
            raise ApiError(400, "Invalid JSON payload received. Unexpected token.") from None
    req.check_query(QUERY_PARAMS.get(kind, _DRIVE if req.is_drive else set()))
    with store.lock:
        body = HANDLERS[kind](store, req)
    if isinstance(body, tuple):  # raw content (files.export): (bytes, content type)
        return 200, Reply(200, body[0], body[1])
    return (204, None) if body is None else (200, body)


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=UTF-8"
    trickle: float = 0.0  # seconds between the body's bytes (a server that trickles)
    # The answer's JSON written compactly, in bytes: what the call log counts, whether the body
    # went out pretty-printed (as Google sends it) or not (big answers, for speed) — a client's
    # gzip makes the whitespace all but free, and the count is the same at every size. -1: the body.
    content_bytes: int = -1

    @property
    def size(self) -> int:
        return self.content_bytes if self.content_bytes >= 0 else len(self.body)


class RequestBody(bytes):
    """A request's body, with the Content-Type it came with (uploads are multipart)."""

    content_type = ""
    authorization = ""  # the Authorization header it came with


def json_reply(status: int, body: dict | Reply | None) -> Reply:
    if isinstance(body, Reply):
        return body
    if body is None:
        return Reply(status, b"", "text/html")
    compact = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(compact) > 100_000:
        # Google pretty-prints every answer; whitespace means nothing to a client, and Python's
        # pretty printer is many times slower than the compact one, which big grids feel.
        return Reply(status, compact)
    pretty = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    return Reply(status, pretty, content_bytes=len(compact))


def not_found_page(path: str) -> Reply:
    """What Google's front end answers for a path no API serves."""
    page = (
        f"<!DOCTYPE html>\n<html lang=en><title>Error 404 (Not Found)!!1</title>"
        f"<p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>{path}</code> "
        f"was not found on this server. <ins>That’s all we know.</ins>"
    )
    return Reply(404, page.encode("utf-8"), "text/html; charset=UTF-8")


class DropConnection(Exception):
    """Raised by the app to close the socket without answering."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like Google's front end
    server_version = "ESF"
    sys_version = ""
    timeout = 60  # an idle keep-alive connection is closed after this
    disable_nagle_algorithm = True  # headers and body are two writes; without this each call waits ~40 ms

    def setup(self):
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self):
        self.server.connections.discard(self.connection)
        super().finish()

    def log_message(self, *args):  # quiet: tests read assertions, not access logs
        pass

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = RequestBody(self.rfile.read(length) if length else b"")
        raw_body.content_type = self.headers.get("Content-Type", "")
        raw_body.authorization = self.headers.get("Authorization", "")
        try:
            reply = self.server.app(self.command, self.path, raw_body)
        except DropConnection:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "private")
        self.send_header("Vary", "Origin, X-Origin, Referer")
        self.end_headers()
        if not reply.trickle:
            self.wfile.write(reply.body)
            return
        self.close_connection = True
        for i in range(len(reply.body)):  # one byte at a time, until the client gives up
            try:
                self.wfile.write(reply.body[i : i + 1])
                self.wfile.flush()
            except OSError:
                return
            time.sleep(reply.trickle)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app: Callable[[str, str, bytes], Reply], port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.app = app
        self.connections: set = set()
        self.thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"sheets-emulator:{self.server_port}",
            daemon=True,
        )

    def start(self) -> None:
        self.thread.start()

    def handle_error(self, request, client_address) -> None:
        # A client that gave up waiting (read timeout) or a dropped connection is expected, not a bug.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        for connection in list(self.connections):  # wake keep-alive threads blocked on a read
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.thread.join(timeout=5)
