"""Google Drive v3, through the same authorized HTTP session as gspread: the spreadsheet's
`version` (what `watch` polls) and the press drafts as Google Docs in one folder.

The narrow interface the jobs use is `DocFolder` (drafts) and `VersionFeed` (watch); `Drive`
implements both over plain REST calls (multipart upload with conversion to a Google Doc).
What is worth another try (5xx, 429, Drive's rate-limit 403s) is tried again with backoff, like the
Sheets calls; what a person must fix gets one line (see `kopienas.adapters.calls`).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from kopienas.adapters.sources._base import Doc, DocGone, SourceError
from kopienas.config import Config
from kopienas.core.errors import ExitCode
from kopienas.core.models import Snapshot
from kopienas.core.words import google as said

API = "https://www.googleapis.com/drive/v3/files"
UPLOAD = "https://www.googleapis.com/upload/drive/v3/files"
DOC_MIME = "application/vnd.google-apps.document"
FOLDER_MIME = "application/vnd.google-apps.folder"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ALL_DRIVES = {"supportsAllDrives": "true"}  # folders in shared drives work too


class VersionFeed(Protocol):
    def version(self) -> str:
        """Moves whenever the watched file may have changed."""
        ...


class Drive:
    def __init__(self, session: Any, account: str = "", *, retry_seconds: float = 60.0, sleep=time.sleep):
        self.session = session  # google.auth AuthorizedSession (redirected to a local API in tests)
        self.account = account
        self.retry_seconds = retry_seconds
        self.sleep = sleep

    @classmethod
    def from_config(cls, config: Config) -> Drive:
        from kopienas.adapters.calls import google_session, policy_of
        from kopienas.adapters.sources.gsheet.access import load_credentials

        credentials = load_credentials(config)
        account = getattr(credentials, "service_account_email", "") or ""
        session = google_session(credentials, config.sheets_api, policy_of(config))
        return cls(session, account, retry_seconds=config.retry_seconds)

    @classmethod
    def of_source(cls, source: Any, config: Config) -> Drive:
        """The Drive of an open GoogleSheetSource: its session and its account."""
        return cls(source.client.http_client.session, source.account, retry_seconds=config.retry_seconds)

    # -- calls ---------------------------------------------------------------------------------
    def call(self, method: str, url: str, *, params: dict[str, str] | None = None, **kwargs: Any) -> Any:
        """One Drive call; returns the decoded JSON. What is worth another try is tried again (the
        call policy's `classify`: 5xx, 429, rate-limit 403s, no answer); else DriveCallError."""
        import requests
        from google.auth.exceptions import GoogleAuthError

        from kopienas.adapters.calls import Backoff, retryable
        from kopienas.adapters.sources.gsheet.sign_in import explain_sign_in

        backoff = Backoff(self.retry_seconds, self.sleep)
        while True:
            try:
                response = self.session.request(method, url, params={**_ALL_DRIVES, **(params or {})}, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as e:
                error = DriveCallError(0, type(e).__name__, str(e)[:200])
            except GoogleAuthError as e:  # the token endpoint refused, or was not reached
                raise explain_sign_in(e, self.account) from None
            else:
                if response.status_code < 300:
                    return response.json() if response.content else {}
                error = DriveCallError.of(response)
            if not retryable(error):
                raise error
            backoff.wait(error)

    def file_version(self, file_id: str) -> str:
        """The file's `version` and `modifiedTime` together: Drive promises only that they change
        when the file does (not by how much, nor at once), so `watch` takes them as a hint."""
        meta = self.call("GET", f"{API}/{file_id}", params={"fields": "version,modifiedTime"})
        return f"{meta.get('version', '')}@{meta.get('modifiedTime', '')}"

    def folder(self, folder_id: str) -> DriveFolder:
        return DriveFolder(self, folder_id)


class DriveCallError(SourceError):
    def __init__(self, status: int, reason: str, message: str, body: Any = None):
        super().__init__(f"Google Drive: {status} {reason}: {message}", usage=False)
        self.status, self.reason, self.message = status, reason, message
        self.body = body if body is not None else {}  # Google's answer, for `calls.classify`
        self.fixed_by_person = False

    @classmethod
    def of(cls, response: Any) -> DriveCallError:
        from kopienas.adapters.calls import Kind, classify_answer

        answer = classify_answer(response.status_code, response.text)
        made = cls(response.status_code, answer.reason, answer.message or response.text[:200], response.text)
        if answer.reason == "insufficientPermissions":  # a sign-in made before Drive was asked for
            made.args = (said.NO_DRIVE_SCOPE,)
            made.exit_code, made.usage = ExitCode.USAGE, True
        elif answer.reason == "SERVICE_DISABLED":
            made.args = (said.service_disabled(answer.service or "drive.googleapis.com", answer.link),)
            made.exit_code, made.usage = ExitCode.USAGE, True
        made.fixed_by_person = answer.kind is Kind.PERSON
        return made


class FolderUnavailable(SourceError):
    """The drafts folder does not exist, or the account may not add files to it (exit 2)."""

    def __init__(self, folder: str, account: str, why: str = ""):
        who = account or "the service account"
        super().__init__(said.folder_unavailable(folder, who, why), usage=True)
        self.folder = folder


class WatchedFile:
    """`watch`'s look at a Google Sheet: the Drive version and modification time as the hint (one
    Drive call, no Sheets quota), the values (one Sheets call; two on a big sheet) only when the
    hint moved."""

    def __init__(
        self, drive: Drive, file_id: str, values: Callable[[], Snapshot], reads: Callable[[], int] = lambda: 2
    ):
        self.drive, self.file_id, self.values = drive, file_id, values
        self.look_reads = reads  # Sheets reads the next look costs (what `watch`'s budget is charged)

    def version(self) -> str:
        return self.drive.file_version(self.file_id)

    def content(self) -> Snapshot:
        return self.values()


class DriveFolder:
    def __init__(self, drive: Drive, folder_id: str):
        self.drive, self.id = drive, folder_id
        self._checked = False

    def _unavailable(self, error: DriveCallError) -> SourceError:
        if error.status == 404 or error.reason in ("insufficientFilePermissions", "forbidden", "notFound"):
            return FolderUnavailable(self.id, self.drive.account)
        if error.reason == "storageQuotaExceeded" or (error.reason == "quotaExceeded" and self.drive.account):
            return SourceError(said.no_storage(self.id, self.drive.account), usage=True)
        if error.reason == "quotaExceeded":
            return SourceError(said.storage_full(self.id), usage=True)
        return error

    def check(self) -> None:
        """The folder exists, is a folder and is not in the trash (once per run)."""
        if self._checked:
            return
        try:
            meta = self.drive.call("GET", f"{API}/{self.id}", params={"fields": "id,mimeType,trashed"})
        except DriveCallError as e:
            raise self._unavailable(e) from None
        if meta.get("mimeType") != FOLDER_MIME or meta.get("trashed"):
            raise FolderUnavailable(self.id, self.drive.account)
        self._checked = True

    def live_docs(self) -> set[str]:
        self.check()
        ids: set[str] = set()
        token = ""
        while True:
            params = {
                "q": f"'{self.id}' in parents and trashed = false",
                "fields": "nextPageToken,files(id)",
                "pageSize": "1000",
                "includeItemsFromAllDrives": "true",
            }
            if token:
                params["pageToken"] = token
            page = self.drive.call("GET", API, params=params)
            ids.update(f["id"] for f in page.get("files", []))
            token = page.get("nextPageToken", "")
            if not token:
                return ids

    def create(self, name: str, docx: bytes) -> Doc:
        self.check()
        body, content_type = multipart_body({"name": name, "mimeType": DOC_MIME, "parents": [self.id]}, docx)
        try:
            made = self.drive.call(
                "POST",
                UPLOAD,
                params={"uploadType": "multipart", "fields": "id,webViewLink"},
                data=body,
                headers={"Content-Type": content_type},
            )
        except DriveCallError as e:
            raise self._unavailable(e) from None
        return Doc(made["id"], made.get("webViewLink") or doc_link(made["id"]))

    def update(self, file_id: str, name: str, docx: bytes) -> Doc:
        body, content_type = multipart_body({"name": name}, docx)
        try:
            done = self.drive.call(
                "PATCH",
                f"{UPLOAD}/{file_id}",
                params={"uploadType": "multipart", "fields": "id,webViewLink,trashed"},
                data=body,
                headers={"Content-Type": content_type},
            )
        except DriveCallError as e:
            if e.status == 404:
                raise DocGone(file_id) from None
            raise
        if done.get("trashed"):
            raise DocGone(file_id)
        return Doc(done["id"], done.get("webViewLink") or doc_link(done["id"]))


def doc_link(file_id: str) -> str:
    return f"https://docs.google.com/document/d/{file_id}/edit"


def multipart_body(metadata: dict[str, Any], media: bytes, media_type: str = DOCX_MIME) -> tuple[bytes, str]:
    """A multipart/related body: the file's metadata as JSON, then its content."""
    boundary = f"kopienas-{uuid.uuid4().hex}"
    head = (
        f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
        f"{json.dumps(metadata, ensure_ascii=False)}\r\n"
        f"--{boundary}\r\nContent-Type: {media_type}\r\n\r\n"
    ).encode()
    return head + media + f"\r\n--{boundary}--\r\n".encode(), f"multipart/related; boundary={boundary}"
