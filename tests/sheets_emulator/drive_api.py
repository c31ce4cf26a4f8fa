"""The Drive v3 calls gspread and kopienas make: create, get, list, copy and delete a spreadsheet
file; folders and Google Docs (uploads, updates, export) live in `drive_files`.

Every spreadsheet of the store is a Drive file; its `version` goes up with every write.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import drive_files, fieldmask
from .drive_files import DOC_MIME, FOLDER_MIME, DriveFile, new_file_id
from .errors import DriveError
from .request import ApiRequest
from .store import Spreadsheet, Store, new_spreadsheet_id

SHEETS_MIME = "application/vnd.google-apps.spreadsheet"
_FILE_DEFAULT = ("kind", "id", "name", "mimeType")
_FILE_FIELDS = {
    "kind",
    "id",
    "name",
    "mimeType",
    "createdTime",
    "modifiedTime",
    "parents",
    "trashed",
    "starred",
    "webViewLink",
    "description",
    "owners",
    "capabilities",
    "version",
    "driveId",
    "shared",
    "ownedByMe",
    "lastModifyingUser",
    "permissions",
    "permissionIds",
    "viewedByMe",
    "viewedByMeTime",
    "properties",
}


def file_json(spreadsheet: Spreadsheet) -> dict:
    body = {
        "kind": "drive#file",
        "id": spreadsheet.id,
        "name": spreadsheet.title,
        "mimeType": SHEETS_MIME,
        "createdTime": spreadsheet.created,
        "modifiedTime": spreadsheet.modified,
        "trashed": False,
        "starred": False,
        "webViewLink": f"https://docs.google.com/spreadsheets/d/{spreadsheet.id}/edit?usp=drivesdk",
        "version": str(spreadsheet.version),
    }
    if spreadsheet.parents:
        body["parents"] = list(spreadsheet.parents)
    return body


def _select(body: dict, fields: str | None, default: tuple[str, ...], known: dict) -> dict:
    """Apply Drive's `fields` parameter (Drive, unlike Sheets, tolerates spaces in it)."""
    if not fields:
        return {k: v for k, v in body.items() if k in default}
    try:
        paths = fieldmask.parse(fields.replace(" ", ""))
    except fieldmask.MaskSyntaxError:
        raise DriveError(
            400, f"Invalid field selection {fields}", reason="invalidParameter", location="fields"
        ) from None
    for path in paths:
        allowed = known
        for name in path:
            if name == "*" or allowed is None:
                break
            if name not in allowed:
                raise DriveError(400, f"Invalid field selection {name}", reason="invalidParameter", location="fields")
            allowed = allowed[name]
    return fieldmask.project(body, fieldmask.tree(paths))


_FILE_MASK = dict.fromkeys(_FILE_FIELDS)
_LIST_MASK = {"kind": None, "nextPageToken": None, "incompleteSearch": None, "files": _FILE_MASK}
_COMMENTS_MASK = {"kind": None, "nextPageToken": None, "comments": None}


def _file(store: Store, req: ApiRequest) -> Spreadsheet:
    spreadsheet = store.get(req.path["file_id"])
    if spreadsheet is None:
        raise drive_files.not_found(req.path["file_id"])
    return spreadsheet


def _any_file(store: Store, req: ApiRequest) -> Spreadsheet | DriveFile:
    found = store.get(req.path["file_id"]) or drive_files.in_reach(req, drive_files.visible(store, req.path["file_id"]))
    if found is None:
        raise drive_files.not_found(req.path["file_id"])
    return found


def _json(found: Spreadsheet | DriveFile) -> dict:
    return found.json() if isinstance(found, DriveFile) else file_json(found)


def _answer(found: Spreadsheet | DriveFile, req: ApiRequest) -> dict:
    return _select(_json(found), req.one("fields"), _FILE_DEFAULT, _FILE_MASK)


def create(store: Store, req: ApiRequest) -> dict:
    body = req.body or {}
    if body.get("mimeType") in (FOLDER_MIME, DOC_MIME):  # metadata only: a folder, or an empty Doc
        for parent in body.get("parents") or []:
            drive_files.writable_folder(store, parent, req)
        drive_id = drive_files.owner_check(store, req, body.get("parents") or [])
        made = DriveFile(new_file_id(), body.get("name") or "Untitled", body["mimeType"], body.get("parents") or [])
        made.drive_id = drive_id
        store.files[made.id] = made
        return _answer(made, req)
    if body.get("mimeType") != SHEETS_MIME:
        raise DriveError(400, f"Only {SHEETS_MIME} files can be created in the Sheets emulator.", reason="badRequest")
    spreadsheet = store.create(body.get("name") or "Untitled spreadsheet")
    spreadsheet.parents = list(body.get("parents") or [])
    return _select(file_json(spreadsheet), req.one("fields"), _FILE_DEFAULT, _FILE_MASK)


def upload_create(store: Store, req: ApiRequest) -> dict:
    return _answer(drive_files.upload_create(store, req, req.raw_body, req.content_type), req)


def upload_update(store: Store, req: ApiRequest) -> dict:
    return _answer(drive_files.upload_update(store, req, req.raw_body, req.content_type), req)


def update(store: Store, req: ApiRequest) -> dict:
    found = _any_file(store, req)
    if isinstance(found, Spreadsheet):
        raise DriveError(501, "The emulator does not update spreadsheet files' metadata.", reason="notImplemented")
    drive_files.update_metadata(found, req.body or {})
    found.version += 1
    return _answer(found, req)


def export(store: Store, req: ApiRequest) -> tuple[bytes, str]:
    return drive_files.export_text(store, req).encode("utf-8"), "text/plain; charset=UTF-8"


def get(store: Store, req: ApiRequest) -> dict:
    found = _any_file(store, req)
    if isinstance(found, Spreadsheet) and store.version_mode == "lag":
        return _select(_lagging(store, found), req.one("fields"), _FILE_DEFAULT, _FILE_MASK)
    return _answer(found, req)


def _lagging(store: Store, spreadsheet: Spreadsheet) -> dict:
    """The file as Drive may show it just after a change: the version before it, for one read."""
    body = file_json(spreadsheet)
    shown = store.shown_versions.get(spreadsheet.id)
    store.shown_versions[spreadsheet.id] = spreadsheet.version
    if shown is not None and shown != spreadsheet.version:
        body["version"] = str(shown)
    return body


def delete(store: Store, req: ApiRequest) -> None:
    found = _any_file(store, req)
    if isinstance(found, DriveFile):
        del store.files[found.id]
    else:
        del store.spreadsheets[found.id]
    return None


def copy_file(store: Store, req: ApiRequest) -> dict:
    source = _file(store, req)
    body = req.body or {}
    duplicate = source.snapshot()
    duplicate.id = new_spreadsheet_id()
    duplicate.properties["title"] = body.get("name") or f"Copy of {source.title}"
    duplicate.parents = list(body.get("parents") or source.parents)
    store.commit(duplicate)
    duplicate.created = duplicate.modified
    return _select(file_json(duplicate), req.one("fields"), _FILE_DEFAULT, _FILE_MASK)


def list_files(store: Store, req: ApiRequest) -> dict:
    matches = _query(req.one("q") or "")
    every = [*store.spreadsheets.values(), *(f for f in store.files.values() if f.access is not None)]
    files = [s for s in every if matches(_View.of(s))]
    size = int(req.one("pageSize") or 100)
    start = int(req.one("pageToken") or 0)
    body = {
        "kind": "drive#fileList",
        "incompleteSearch": False,
        "files": [_json(s) for s in files[start : start + size]],
    }
    if start + size < len(files):
        body["nextPageToken"] = str(start + size)
    default = ("kind", "incompleteSearch", "files", "nextPageToken")
    if not req.one("fields"):
        body["files"] = [{k: v for k, v in f.items() if k in _FILE_DEFAULT} for f in body["files"]]
    return _select(body, req.one("fields"), default, _LIST_MASK)


def list_comments(store: Store, req: ApiRequest) -> dict:
    _file(store, req)
    body = {"kind": "drive#commentList", "comments": []}  # comments are not emulated; there are none
    return _select(body, req.one("fields"), ("kind", "comments"), _COMMENTS_MASK)


_STRING = r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"""


class _View(NamedTuple):
    """What a query looks at, for a spreadsheet and any other file alike."""

    title: str
    mime: str
    parents: list
    trashed: bool

    @classmethod
    def of(cls, found: Spreadsheet | DriveFile) -> _View:
        if isinstance(found, DriveFile):
            return cls(found.name, found.mime_type, found.parents, found.trashed)
        return cls(found.title, SHEETS_MIME, found.parents, False)


_CLAUSES = [
    (re.compile(rf"mimeType\s*(=|!=)\s*{_STRING}"), lambda s, op, v: (v == s.mime) == (op == "=")),
    (re.compile(rf"name\s*(=|!=)\s*{_STRING}"), lambda s, op, v: (s.title == v) == (op == "=")),
    (re.compile(rf"name\s+(contains)\s*{_STRING}"), lambda s, op, v: v.lower() in s.title.lower()),
    (re.compile(rf"parents\s+(in)\s*{_STRING}"), lambda s, op, v: v in s.parents),
    (re.compile(rf"{_STRING}\s+(in)\s+parents"), None),
    (re.compile(r"trashed\s*(=|!=)\s*(true|false)()"), lambda s, op, v: (s.trashed == (v == "true")) == (op == "=")),
]


def _query(q: str):
    """A predicate for the subset of Drive's query language gspread and tests use."""
    tests = []
    for clause in re.split(r"\s+and\s+", q.strip(), flags=re.IGNORECASE) if q.strip() else []:
        for regex, test in _CLAUSES:
            m = regex.fullmatch(clause.strip())
            if m:
                if test is None:  # "'folder' in parents": the string comes first
                    value = m.group(1) if m.group(1) is not None else m.group(2)
                    tests.append(lambda s, v=_unescape(value): v in s.parents)
                else:
                    value = m.group(2) if m.group(2) is not None else m.group(3)
                    tests.append(lambda s, t=test, op=m.group(1), v=_unescape(value or ""): t(s, op, v))
                break
        else:
            raise DriveError(400, "Invalid Value", reason="invalid", location="q")
    return lambda spreadsheet: all(test(spreadsheet) for test in tests)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
