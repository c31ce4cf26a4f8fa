"""What `doctor` asks Google, changing nothing: does the key or the sign-in still work (and, for a
sign-in, how old it is and whether its app is in "Testing", where it ends after 7 days), are the
Sheets and Drive APIs enabled for the project, and may this identity make Docs in the drafts folder.

Each finding is (name, ok, detail, fix); the fix, when a person must act, is the same one line the
jobs print (core/words/google).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

from kopienas.adapters.calls import classify, classify_answer, policy_of, token_request
from kopienas.adapters.sources._base import SourceError
from kopienas.config import Config
from kopienas.core.errors import KopienasError
from kopienas.core.words import google as words


class Finding(NamedTuple):
    name: str
    ok: bool
    detail: str
    fix: str = ""


def google_findings(config: Config) -> list[Finding]:
    from kopienas.adapters.sources.gsheet.access import load_credentials

    try:
        credentials = load_credentials(config)
    except KopienasError as e:
        return [Finding("Google credentials", False, str(e), "give the service-account key (`source.credentials`)")]
    account = getattr(credentials, "service_account_email", "") or ""
    if type(credentials).__name__ == "AnonymousCredentials":
        return [Finding("Google credentials", True, f"none needed for the API at {config.sheets_api}")]
    signed = _credentials(config, credentials, account)
    if not signed.ok:
        return [signed]
    found = [signed, _apis(config, credentials)]
    if config.drive_folder:
        found.append(_folder(config, credentials, account))
    return found


def _credentials(config: Config, credentials: Any, account: str) -> Finding:
    from google.auth.exceptions import GoogleAuthError

    from kopienas.adapters.sources.gsheet.errors import explain_refusal

    try:
        credentials.refresh(token_request(policy_of(config), config.sheets_api))
    except GoogleAuthError as e:
        line = str(explain_refusal(e, account))
        reason = classify(e).reason or type(e).__name__
        who = account or "the signed-in user"
        return Finding("Google credentials", False, f"Google refused the key of {who} ({reason})", line)
    if account:
        return Finding("Google credentials", True, f"service account {account}; share the sheet with it as an editor")
    return Finding("Google credentials", True, "the Google user signed in with `kopienas auth`" + _age(config))


def _age(config: Config) -> str:
    """How old the sign-in is and, where Google said so, when it ends."""
    from kopienas.adapters.sources.gsheet.access import sign_in_record

    try:
        data = sign_in_record(config)
        made = datetime.fromisoformat(data.get("signed_in_at") or "")
    except (OSError, ValueError):
        return ""
    now = datetime.now(UTC)
    text = f", signed in {(now - made).days} day(s) ago"
    ends = data.get("refresh_token_expires_at")
    if ends:
        left = (datetime.fromisoformat(ends) - now).days
        text += (
            f"; the OAuth app is in Testing status: the sign-in ends in {max(left, 0)} day(s) "
            "(publish the app, or run `kopienas auth` again then)"
        )
    return text


def _apis(config: Config, credentials: Any) -> Finding:
    """One cheap call to each API: a project that has not enabled one is answered SERVICE_DISABLED."""
    from kopienas.adapters.calls import google_session
    from kopienas.adapters.sources.gsheet.access import spreadsheet_id

    session = google_session(credentials, config.sheets_api, policy_of(config))
    key = spreadsheet_id(config.source)
    probes = {
        "sheets.googleapis.com": f"https://sheets.googleapis.com/v4/spreadsheets/{key}?fields=spreadsheetId",
        "drive.googleapis.com": f"https://www.googleapis.com/drive/v3/files/{key}?fields=id&supportsAllDrives=true",
    }
    for service, url in probes.items():
        try:
            response = session.request("GET", url)
        except Exception:  # no answer: the source check says so
            continue
        answer = classify_answer(response.status_code, response.text)
        if answer.reason == "SERVICE_DISABLED":
            service = answer.service or service
            return Finding(
                "Google APIs", False, f"{service} is not enabled", words.service_disabled(service, answer.link)
            )
    return Finding("Google APIs", True, "Google Sheets API and Google Drive API are enabled")


def _folder(config: Config, credentials: Any, account: str) -> Finding:
    """The drafts folder exists for this identity, takes new files from it, and — a service account
    owning no files — is in a shared drive."""
    from kopienas.adapters.calls import google_session
    from kopienas.adapters.sources.gsheet.drive import API, FOLDER_MIME, Drive, DriveCallError, FolderUnavailable

    drive = Drive(google_session(credentials, config.sheets_api, policy_of(config)), account, retry_seconds=0)
    folder = config.drive_folder
    try:
        meta = drive.call("GET", f"{API}/{folder}", params={"fields": "id,mimeType,trashed,driveId,capabilities"})
    except DriveCallError as e:
        if e.reason == "SERVICE_DISABLED" or classify_answer(e.status, e.body).reason == "SERVICE_DISABLED":
            return Finding("drafts folder", False, folder, str(e))
        return Finding(
            "drafts folder", False, f"{folder}: {e.status} {e.reason}", str(FolderUnavailable(folder, account))
        )
    except SourceError as e:
        return Finding("drafts folder", False, folder, str(e))
    if meta.get("mimeType") != FOLDER_MIME or meta.get("trashed"):
        return Finding(
            "drafts folder",
            False,
            f"{folder} is not a folder (or is in the trash)",
            str(FolderUnavailable(folder, account)),
        )
    if (meta.get("capabilities") or {}).get("canAddChildren") is False:
        return Finding("drafts folder", False, f"{folder} is shared read-only", str(FolderUnavailable(folder, account)))
    if account and not meta.get("driveId"):
        return Finding(
            "drafts folder", False, f"{folder} is in a My Drive, not a shared drive", words.no_storage(folder, account)
        )
    where = f"in shared drive {meta['driveId']}" if meta.get("driveId") else "in My Drive"
    return Finding("drafts folder", True, f"{folder} ({where}) takes new Docs from this identity")
