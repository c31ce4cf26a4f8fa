"""Conformance of the emulator's identities and first-day refusals: each body shaped as Google's
(the sources are cited in tests/sheets_emulator/identities.py)."""

from __future__ import annotations

import base64
import json

import requests

from tests.sheets_emulator.identities import NO_STORAGE, PROJECT


def _jwt(claims: dict) -> str:
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def _token(sheets, **form) -> requests.Response:
    return requests.post(f"{sheets.url}/token", data=form, timeout=10)


def _service_account(sheets) -> dict:
    answer = _token(
        sheets,
        grant_type="urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion=_jwt({"iss": "robot@p.iam.gserviceaccount.com", "aud": "x"}),
    )
    assert answer.status_code == 200
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_the_token_endpoint_issues_tokens_and_refuses_an_expired_sign_in(sheets):
    answer = _token(sheets, grant_type="refresh_token", refresh_token="user:ilze@example.org", client_id="c")
    assert answer.status_code == 200 and set(answer.json()) == {"access_token", "expires_in", "token_type"}
    assert answer.json()["token_type"] == "Bearer"
    sheets.expire_sign_in("user:ilze@example.org")
    refused = _token(sheets, grant_type="refresh_token", refresh_token="user:ilze@example.org", client_id="c")
    assert refused.status_code == 400
    assert refused.json() == {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
    assert sheets.identity(_service_account(sheets)["Authorization"]).is_service_account


def test_service_disabled_bodies_for_sheets_and_drive(sheets):
    key = sheets.create_spreadsheet("x")
    sheets.disable_api("sheets", "drive")
    body = requests.get(f"{sheets.url}/v4/spreadsheets/{key}", timeout=10).json()["error"]
    assert body["code"] == 403 and body["status"] == "PERMISSION_DENIED"
    assert body["message"].startswith(f"Google Sheets API has not been used in project {PROJECT} before")
    [info, help_] = body["details"]
    assert info["reason"] == "SERVICE_DISABLED" and info["domain"] == "googleapis.com"
    assert info["metadata"]["activationUrl"] == (
        f"https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project={PROJECT}"
    )
    assert help_["links"][0]["url"] == info["metadata"]["activationUrl"]
    drive = requests.get(f"{sheets.url}/drive/v3/files/{key}", timeout=10).json()["error"]
    assert drive["errors"][0]["reason"] == "accessNotConfigured" and drive["errors"][0]["domain"] == "usageLimits"
    assert drive["details"][0]["reason"] == "SERVICE_DISABLED" and "drive.googleapis.com" in drive["message"]


def _upload(sheets, folder: str, headers: dict, all_drives: bool = True) -> requests.Response:
    meta = json.dumps({"name": "d", "mimeType": "application/vnd.google-apps.document", "parents": [folder]})
    body = f"--b\r\nContent-Type: application/json\r\n\r\n{meta}\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"
    params = {"uploadType": "multipart", "fields": "id,driveId"} | ({"supportsAllDrives": "true"} if all_drives else {})
    return requests.post(
        f"{sheets.url}/upload/drive/v3/files",
        params=params,
        data=body.encode(),
        headers=headers | {"Content-Type": "multipart/related; boundary=b"},
        timeout=10,
    )


def test_a_service_account_owns_no_files_outside_a_shared_drive(sheets):
    robot = _service_account(sheets)
    refused = _upload(sheets, sheets.create_folder(), robot)
    assert refused.status_code == 403
    assert refused.json()["error"]["errors"] == [
        {"message": NO_STORAGE, "domain": "usageLimits", "reason": "storageQuotaExceeded"}
    ]
    sheets.store.older_storage_refusal = True
    older = _upload(sheets, sheets.create_folder(), robot).json()["error"]["errors"][0]
    assert older["reason"] == "quotaExceeded" and older["domain"] == "usageLimits"
    shared = sheets.create_folder(shared_drive="0ADrive")
    made = _upload(sheets, shared, robot)
    assert made.status_code == 200 and made.json()["driveId"] == "0ADrive"
    assert _upload(sheets, shared, robot, all_drives=False).status_code == 404  # supportsAllDrives missing
    assert _upload(sheets, sheets.create_folder(), {}).status_code == 200  # a signed-in user may


def test_rate_limit_403_and_html_5xx(sheets):
    key = sheets.create_spreadsheet("x")
    sheets.fail_next(1, status=403, reason="userRateLimitExceeded", kind="drive.files.get")
    answer = requests.get(f"{sheets.url}/drive/v3/files/{key}", timeout=10)
    assert answer.status_code == 403
    assert answer.json()["error"]["errors"][0] == {
        "message": "User Rate Limit Exceeded",
        "domain": "usageLimits",
        "reason": "userRateLimitExceeded",
    }
    sheets.fail_next(1, status=500, html=True)
    page = requests.get(f"{sheets.url}/v4/spreadsheets/{key}", timeout=10)
    assert page.status_code == 500 and page.headers["Content-Type"].startswith("text/html")


def test_drives_version_can_jump_repeat_or_lag(sheets):
    key = sheets.create_spreadsheet("x")

    def version() -> int:
        return int(
            requests.get(f"{sheets.url}/drive/v3/files/{key}", params={"fields": "version"}, timeout=10).json()[
                "version"
            ]
        )

    def change() -> None:
        sheets.set_values(key, "Sheet1", "A1", [["x"]])

    start = version()
    sheets.set_version_mode("jump")
    change()
    assert version() == start + 3
    sheets.set_version_mode("repeat")
    change()
    assert version() == start + 3
    sheets.set_version_mode("lag")
    version()
    change()
    assert version() == start + 3  # the first read after a change shows the version before it
    assert version() == start + 4
