"""The emulator's Drive v3 answers what Google's does for the calls kopienas makes: uploads with
conversion, updates in place, versions, listing by folder and trash, export, and the refusals
(404 notFound, 403 insufficientFilePermissions, fieldNotWritable, fileNotExportable, bad uploads)."""

from __future__ import annotations

import io
import json

import docx
import pytest
import requests

from kopienas.adapters.sources.gsheet.drive import DOC_MIME, DOCX_MIME, multipart_body

API = "/drive/v3/files"
UPLOAD = "/upload/drive/v3/files"


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(sheets, metadata, media=b"", method="POST", path=UPLOAD, media_type=DOCX_MIME, **params):
    body, content_type = multipart_body(metadata, media, media_type)
    return requests.request(
        method,
        sheets.url + path,
        params={"uploadType": "multipart", **params},
        data=body,
        headers={"Content-Type": content_type},
        timeout=10,
    )


def _error(response) -> tuple[int, str]:
    error = response.json()["error"]
    assert error["code"] == response.status_code and error["errors"][0]["domain"] in ("global", "usageLimits")
    return response.status_code, error["errors"][0]["reason"]


def test_a_docx_uploaded_as_a_google_doc_is_converted_updated_in_place_and_exported(sheets):
    folder = sheets.create_folder()
    made = _upload(sheets, {"name": "Rudens talka", "mimeType": DOC_MIME, "parents": [folder]}, _docx("Sveiki", "Otrā"))
    assert made.status_code == 200
    assert set(made.json()) == {"kind", "id", "name", "mimeType"}  # Drive's default fields
    file_id = made.json()["id"]
    export = requests.get(f"{sheets.url}{API}/{file_id}/export", params={"mimeType": "text/plain"}, timeout=10)
    assert export.text == "Sveiki\nOtrā" and export.headers["Content-Type"].startswith("text/plain")

    got = requests.get(f"{sheets.url}{API}/{file_id}", params={"fields": "version,trashed,parents"}, timeout=10).json()
    assert got == {"version": "1", "trashed": False, "parents": [folder]}
    updated = _upload(
        sheets, {"name": "Lielā talka"}, _docx("Jauns"), method="PATCH", path=f"{UPLOAD}/{file_id}", fields="id,name"
    )
    assert updated.json() == {"id": file_id, "name": "Lielā talka"}
    assert sheets.doc_text(file_id) == "Jauns" and sheets.drive_file(file_id).version == 2


def test_listing_by_folder_leaves_out_the_trash_and_what_is_elsewhere(sheets):
    folder, other = sheets.create_folder(), sheets.create_folder()
    ids = [_upload(sheets, {"name": n, "mimeType": DOC_MIME, "parents": [folder]}, _docx(n)).json()["id"] for n in "ab"]
    _upload(sheets, {"name": "c", "mimeType": DOC_MIME, "parents": [other]}, _docx("c"))
    sheets.trash_file(ids[1])

    def listed(q: str) -> set[str]:
        answer = requests.get(f"{sheets.url}{API}", params={"q": q, "fields": "files(id)"}, timeout=10).json()
        return {f["id"] for f in answer["files"]}

    assert listed(f"'{folder}' in parents and trashed = false") == {ids[0]}
    assert listed(f"'{folder}' in parents and trashed = true") == {ids[1]}
    assert listed(f"'{folder}' in parents") == set(ids)


def test_a_spreadsheets_version_goes_up_with_every_write_and_not_with_a_read(sheets):
    key = sheets.create_spreadsheet("v", {"Sheet1": [["a"]]})

    def version() -> int:
        return int(requests.get(f"{sheets.url}{API}/{key}", params={"fields": "version"}, timeout=10).json()["version"])

    start = version()
    requests.get(f"{sheets.url}/v4/spreadsheets/{key}", timeout=10)
    assert version() == start
    sheets.set_values(key, "Sheet1", "A1", [["b"]])
    body = {"requests": [{"updateCells": {"start": {"sheetId": 0}, "rows": [{"values": [{}]}], "fields": "note"}}]}
    requests.post(f"{sheets.url}/v4/spreadsheets/{key}:batchUpdate", data=json.dumps(body), timeout=10)
    assert version() == start + 2


@pytest.mark.parametrize(
    "access, expected",
    [(None, (404, "notFound")), ("reader", (403, "insufficientFilePermissions"))],
)
def test_a_folder_not_shared_or_read_only_is_refused(sheets, access, expected):
    folder = sheets.create_folder(access=access)
    answer = _upload(sheets, {"name": "x", "mimeType": DOC_MIME, "parents": [folder]}, _docx("x"))
    assert _error(answer) == expected
    if access is None:
        assert answer.json()["error"]["message"] == f"File not found: {folder}."
        got = requests.get(f"{sheets.url}{API}/{folder}", timeout=10)
        assert _error(got) == (404, "notFound")


def test_the_refusals_of_uploads_updates_and_exports(sheets):
    folder = sheets.create_folder()
    doc = _upload(sheets, {"name": "d", "mimeType": DOC_MIME, "parents": [folder]}, _docx("d")).json()["id"]
    plain = _upload(sheets, {"name": "f.docx", "parents": [folder]}, _docx("f")).json()["id"]  # kept as a .docx
    export = requests.get(f"{sheets.url}{API}/{plain}/export", params={"mimeType": "text/plain"}, timeout=10)
    assert _error(export) == (403, "fileNotExportable")
    moved = _upload(sheets, {"parents": [folder]}, _docx("x"), method="PATCH", path=f"{UPLOAD}/{doc}")
    assert _error(moved) == (403, "fieldNotWritable")
    gone = _upload(sheets, {"name": "x"}, _docx("x"), method="PATCH", path=f"{UPLOAD}/1NoSuchFile0000")
    assert _error(gone) == (404, "notFound")
    wrong_type = requests.post(
        sheets.url + UPLOAD,
        params={"uploadType": "media"},
        data=b"x",
        headers={"Content-Type": "text/plain"},
        timeout=10,
    )
    assert wrong_type.status_code == 400
    not_docx = _upload(sheets, {"name": "x", "mimeType": DOC_MIME, "parents": [folder]}, b"not a zip")
    assert _error(not_docx) == (400, "badContent")
    unknown = requests.get(f"{sheets.url}{API}/{doc}", params={"nosuch": "1"}, timeout=10)
    assert _error(unknown) == (400, "invalidParameter")
