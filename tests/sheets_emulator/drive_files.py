"""Drive files that are not spreadsheets: folders and Google Docs made by uploading a `.docx`.

What is emulated, as Drive v3 does it: `files.create` with a multipart upload (metadata, then the
content), converted to a Google Doc when the metadata asks for `application/vnd.google-apps.document`;
`files.update` with new content (same id, `version` up by one); `files.get`/`list`/`delete` on them;
`files.export` of a Doc as `text/plain`. Access: a folder is shared with the caller as "writer" or
"reader", or not at all — then Drive answers as if it did not exist (404), as it does for files
nobody shared with you.
"""

from __future__ import annotations

import io
import json
import re
import secrets
import string
from dataclasses import dataclass, field

from .errors import DriveError
from .request import ApiRequest
from .store import Store, now_rfc3339

DOC_MIME = "application/vnd.google-apps.document"
FOLDER_MIME = "application/vnd.google-apps.folder"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONVERTIBLE = {DOCX_MIME, "text/plain"}
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


def new_file_id() -> str:
    """A Drive-like id (44 characters of [A-Za-z0-9_-]), from the OS's randomness: a test that
    seeds `random` (hypothesis does) never gets the same folder or Doc twice."""
    return "1" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(43))


@dataclass
class DriveFile:
    id: str
    name: str
    mime_type: str
    parents: list = field(default_factory=list)
    access: str | None = "writer"  # the caller's role: "writer", "reader", or None (not shared)
    trashed: bool = False
    version: int = 1
    text: str = ""  # a Doc's text (what export to text/plain gives)
    content: bytes = b""  # a file kept as uploaded (not converted)
    created: str = field(default_factory=now_rfc3339)
    modified: str = field(default_factory=now_rfc3339)
    drive_id: str | None = None  # the shared drive it is in (None: someone's My Drive)

    def json(self) -> dict:
        kind = (
            "document" if self.mime_type == DOC_MIME else "drive/folders" if self.mime_type == FOLDER_MIME else "file"
        )
        link = (
            f"https://drive.google.com/drive/folders/{self.id}"
            if kind == "drive/folders"
            else f"https://docs.google.com/{kind}/d/{self.id}/edit?usp=drivesdk"
        )
        body = {
            "kind": "drive#file",
            "id": self.id,
            "name": self.name,
            "mimeType": self.mime_type,
            "createdTime": self.created,
            "modifiedTime": self.modified,
            "trashed": self.trashed,
            "starred": False,
            "version": str(self.version),
            "webViewLink": link,
        }
        if self.parents:
            body["parents"] = list(self.parents)
        if self.drive_id:
            body["driveId"] = self.drive_id
        if self.mime_type == FOLDER_MIME:  # Drive's File.capabilities (only the one the tool reads)
            body["capabilities"] = {"canAddChildren": self.access == "writer"}
        return body


def visible(store: Store, file_id: str) -> DriveFile | None:
    """The file as the caller sees it: None when it does not exist or is not shared with them."""
    found = store.files.get(file_id)
    if found is None:
        return None
    if found.access is None:
        return None
    return found


def not_found(file_id: str) -> DriveError:
    return DriveError(404, f"File not found: {file_id}.", reason="notFound", location="fileId")


def in_reach(req: ApiRequest, found: DriveFile | None) -> DriveFile | None:
    """Items in shared drives exist only for callers that say they support them (Drive v3's
    `supportsAllDrives`: without it such a file is "not found")."""
    if found is not None and found.drive_id and not req.flag("supportsAllDrives"):
        return None
    return found


def owner_check(store: Store, req: ApiRequest, parents: list) -> str | None:
    """The shared drive a new file lands in; a service account, which owns no files, may create
    one nowhere else (see identities.no_storage)."""
    drive_ids = {store.files[p].drive_id for p in parents if p in store.files}
    drive_id = next(iter(drive_ids), None)
    if req.identity.is_service_account and not drive_id:
        from .identities import no_storage

        raise no_storage(older=store.older_storage_refusal)
    return drive_id


def writable_folder(store: Store, folder_id: str, req: ApiRequest | None = None) -> DriveFile:
    folder = visible(store, folder_id)
    if req is not None:
        folder = in_reach(req, folder)
    if folder is None:
        raise not_found(folder_id)
    if folder.access != "writer":
        raise DriveError(
            403,
            f"The user does not have sufficient permissions for file {folder_id}.",
            reason="insufficientFilePermissions",
        )
    if folder.mime_type != FOLDER_MIME:
        raise DriveError(400, "A shortcut or a file cannot be a parent.", reason="badRequest")
    return folder


def parse_upload(req: ApiRequest, raw_body: bytes, content_type: str) -> tuple[dict, str, bytes]:
    """(metadata, media type, media) of a `uploadType=multipart` body (multipart/related)."""
    upload_type = req.one("uploadType")
    if upload_type != "multipart":
        raise DriveError(
            400, f"Invalid upload type: {upload_type!r}; the emulator takes multipart.", reason="badRequest"
        )
    match = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not content_type.startswith("multipart/related") or not match:
        raise DriveError(400, "Bad content type. Please use multipart.", reason="badContent")
    delimiter = b"--" + match[1].encode()
    chunks = raw_body.split(delimiter)
    parts = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, content = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        headers = dict(
            (k.strip().lower(), v.strip()) for k, _, v in (line.partition(":") for line in head.decode().split("\r\n"))
        )
        parts.append((headers.get("content-type", ""), content[:-2] if content.endswith(b"\r\n") else content))
    if len(parts) != 2 or not parts[0][0].startswith("application/json"):
        raise DriveError(400, "Multipart upload must have metadata (JSON) and media parts.", reason="badContent")
    try:
        metadata = json.loads(parts[0][1] or b"{}")
    except ValueError:
        raise DriveError(400, "Parse Error", reason="parseError") from None
    return metadata, parts[1][0].split(";")[0].strip(), parts[1][1]


def _set_content(file: DriveFile, media_type: str, media: bytes) -> None:
    if file.mime_type != DOC_MIME:
        file.content = media
        return
    if media_type not in _CONVERTIBLE:
        raise DriveError(400, f"Conversion from {media_type} to a Google Doc is not supported.", reason="badRequest")
    if media_type == "text/plain":
        file.text = media.decode("utf-8")
        return
    import docx  # python-docx: the text Google shows is the document's paragraphs

    try:
        document = docx.Document(io.BytesIO(media))
    except Exception:
        raise DriveError(400, "The uploaded file is not a valid .docx document.", reason="badContent") from None
    file.text = "\n".join(p.text for p in document.paragraphs)


def upload_create(store: Store, req: ApiRequest, raw_body: bytes, content_type: str) -> DriveFile:
    metadata, media_type, media = parse_upload(req, raw_body, content_type)
    parents = list(metadata.get("parents") or [])
    for parent in parents:
        writable_folder(store, parent, req)
    drive_id = owner_check(store, req, parents)
    file = DriveFile(new_file_id(), metadata.get("name") or "Untitled", metadata.get("mimeType") or media_type, parents)
    file.drive_id = drive_id
    _set_content(file, media_type, media)
    store.files[file.id] = file
    return file


def upload_update(store: Store, req: ApiRequest, raw_body: bytes, content_type: str) -> DriveFile:
    file_id = req.path["file_id"]
    file = in_reach(req, visible(store, file_id))
    if file is None:
        raise not_found(file_id)
    metadata, media_type, media = parse_upload(req, raw_body, content_type)
    update_metadata(file, metadata)
    _set_content(file, media_type, media)
    file.version += 1
    file.modified = now_rfc3339()
    return file


def update_metadata(file: DriveFile, metadata: dict) -> None:
    if "parents" in metadata:
        raise DriveError(
            403,
            "The parents field is not directly writable in update requests. Use the addParents and "
            "removeParents parameters instead.",
            reason="fieldNotWritable",
        )
    if file.access != "writer":
        raise DriveError(
            403,
            f"The user does not have sufficient permissions for file {file.id}.",
            reason="insufficientFilePermissions",
        )
    if "name" in metadata:
        file.name = metadata["name"]
    if "trashed" in metadata:
        file.trashed = bool(metadata["trashed"])


def export_text(store: Store, req: ApiRequest) -> str:
    file_id = req.path["file_id"]
    file = visible(store, file_id)
    if file is None:
        raise not_found(file_id)
    if file.mime_type != DOC_MIME:
        raise DriveError(403, "Export only supports Docs Editors files.", reason="fileNotExportable")
    if req.one("mimeType") != "text/plain":
        raise DriveError(400, "The requested conversion is not supported.", reason="badRequest", location="convertTo")
    return file.text
