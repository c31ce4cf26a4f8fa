"""Who is calling, and the refusals that depend on it, as a fresh Google Cloud project meets them.

Identities come from the bearer token the emulator's own token endpoint (`POST /token`) issues:
a service account (a JWT-bearer assertion signed with its key; the emulator reads the claims,
it does not check the signature) or a user signed in with `kopienas auth` (a refresh token).
A call without a token is a user with access to everything (what the older tests rely on).

Each answer is shaped as Google's, with its source beside it.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs

from .errors import ApiError, DriveError

PROJECT = "123456789012"  # the Cloud project number Google puts in its messages


@dataclass(frozen=True)
class Identity:
    kind: str  # "service_account" | "user"
    email: str

    @property
    def is_service_account(self) -> bool:
        return self.kind == "service_account"


ANYONE = Identity("user", "")


def identity_of(authorization: str, tokens: dict[str, Identity]) -> Identity:
    token = authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""
    return tokens.get(token, ANYONE)


# -- the token endpoint -----------------------------------------------------------------------------
# invalid_grant answers: RFC 6749 §5.2 shape; Google's descriptions as recorded in public threads:
# "Token has been expired or revoked." (github.com/dolfim/django-gmailapi-backend/issues/9 — a
# refresh token of an OAuth app in "Testing" status expires after 7 days: Google's "Using OAuth 2.0
# to Access Google APIs", section "Refresh token expiration"), and "Invalid JWT Signature." for a
# deleted service-account key (tests/test_failure_lines.py records the same).
EXPIRED = {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
BAD_KEY = {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}


@dataclass
class TokenDesk:
    """The token endpoint: access tokens for service accounts and signed-in users."""

    expired_refresh_tokens: set[str]
    revoked_accounts: set[str]
    tokens: dict[str, Identity]
    issued: int = 0

    def answer(self, raw_body: bytes) -> tuple[int, dict]:
        form = {k: v[-1] for k, v in parse_qs(raw_body.decode("utf-8", "replace")).items()}
        grant = form.get("grant_type", "")
        if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            email = _claims(form.get("assertion", "")).get("iss", "")
            if not email or email in self.revoked_accounts:
                return 400, BAD_KEY
            return 200, self._issue(Identity("service_account", email))
        if grant == "refresh_token":
            refresh = form.get("refresh_token", "")
            if refresh in self.expired_refresh_tokens or not refresh:
                return 400, EXPIRED
            return 200, self._issue(Identity("user", refresh.split(":", 1)[-1]))
        return 400, {"error": "unsupported_grant_type", "error_description": f"Invalid grant_type: {grant}"}

    def _issue(self, who: Identity) -> dict:
        token = "ya29." + secrets.token_urlsafe(24)
        self.tokens[token] = who
        self.issued += 1
        # Google's token response: access_token, expires_in, token_type (and scope for users).
        return {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}


def _claims(assertion: str) -> dict:
    try:
        payload = assertion.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


# -- an API not enabled -----------------------------------------------------------------------------
def activation_link(service: str) -> str:
    return f"https://console.developers.google.com/apis/api/{service}/overview?project={PROJECT}"


def _disabled_message(name: str, service: str) -> str:
    return (
        f"{name} has not been used in project {PROJECT} before or it is disabled. Enable it by visiting "
        f"{activation_link(service)} then retry. If you enabled this API recently, wait a few minutes for the "
        "action to propagate to our systems and retry."
    )


def _disabled_details(service: str) -> list[dict]:
    # google.rpc.ErrorInfo with reason SERVICE_DISABLED and metadata.activationUrl, and a Help link:
    # as recorded in github.com/NoeFabris/opencode-antigravity-auth/issues/478 and Google's "AIP-193
    # Errors" (ErrorInfo reason/domain/metadata).
    return [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "SERVICE_DISABLED",
            "domain": "googleapis.com",
            "metadata": {
                "service": service,
                "consumer": f"projects/{PROJECT}",
                "activationUrl": activation_link(service),
                "containerInfo": PROJECT,
                "serviceTitle": "Google Sheets API" if service.startswith("sheets") else "Google Drive API",
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [{"description": "Google developers console API activation", "url": activation_link(service)}],
        },
    ]


def service_disabled(drive: bool) -> dict:
    """The 403 body of a call to an API the project has not enabled."""
    if not drive:
        service = "sheets.googleapis.com"
        message = _disabled_message("Google Sheets API", service)
        return {
            "error": {
                "code": 403,
                "message": message,
                "status": "PERMISSION_DENIED",
                "details": _disabled_details(service),
            }
        }
    # Drive v3 keeps its older `errors` list beside the newer fields: domain usageLimits, reason
    # accessNotConfigured, extendedHelp (recorded in github.com/transloadit/uppy/issues/1300).
    service = "drive.googleapis.com"
    message = _disabled_message("Google Drive API", service)
    return {
        "error": {
            "code": 403,
            "message": message,
            "errors": [
                {
                    "message": message,
                    "domain": "usageLimits",
                    "reason": "accessNotConfigured",
                    "extendedHelp": "https://console.developers.google.com",
                }
            ],
            "status": "PERMISSION_DENIED",
            "details": _disabled_details(service),
        }
    }


# -- a service account owns no files ----------------------------------------------------------------
# Drive's answer when a service account would own a new file outside a shared drive: 403, domain
# usageLimits, reason storageQuotaExceeded (github.com/n8n-io/n8n/issues/26050; the message as in
# github.com/Jumbo810/Upload_Github_Artifacts_TO_GDrive/issues/22; Drive's "Resolve errors" guide,
# developers.google.com/workspace/drive/api/guides/handle-errors). The older answer had reason
# quotaExceeded, "The user has exceeded their Drive storage quota" (github.com/iterative/PyDrive2/issues/238).
NO_STORAGE = (
    "Service Accounts do not have storage quota. Leverage shared drives "
    "(https://developers.google.com/workspace/drive/api/guides/about-shareddrives), or use OAuth delegation "
    "(http://support.google.com/a/answer/7281227) instead."
)


def no_storage(older: bool = False) -> DriveError:
    if older:
        return DriveError(
            403, "The user has exceeded their Drive storage quota", reason="quotaExceeded", domain="usageLimits"
        )
    return DriveError(403, NO_STORAGE, reason="storageQuotaExceeded", domain="usageLimits")


# -- Drive's rate limits are 403s ---------------------------------------------------------------------
# Drive's "Resolve errors" guide: 403 userRateLimitExceeded ("User Rate Limit Exceeded") and 403
# rateLimitExceeded ("Rate Limit Exceeded"), domain usageLimits; both to be retried with
# exponential backoff. gspread's BackOffHTTPClient retries any 403 of domain usageLimits
# (github.com/burnash/gspread/issues/1592 — which retries storageQuotaExceeded too, wrongly).
RATE_MESSAGES = {"userRateLimitExceeded": "User Rate Limit Exceeded", "rateLimitExceeded": "Rate Limit Exceeded"}


def rate_limited(reason: str) -> ApiError:
    return DriveError(403, RATE_MESSAGES.get(reason, "Rate Limit Exceeded"), reason=reason, domain="usageLimits")
