"""Errors answered the way Google answers them.

The Sheets API (and every newer Google API) wraps errors as
``{"error": {"code", "message", "status", "details"?}}``; Drive v3 still uses the older shape
``{"error": {"code", "message", "errors": [{"domain", "reason", "message", ...}]}}``. Clients look
at these bodies (gspread's retry logic reads ``errors[0].domain`` for Drive), so both are kept.
"""

from __future__ import annotations

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
    "or other valid authentication credential. "
    "See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    409: "The operation was aborted.",
    500: "Internal error encountered.",
    501: "Method not implemented.",
    502: "The service is currently unavailable.",
    503: "The service is currently unavailable.",
    504: "The request timed out. Please try again.",
}

# Drive v3: (reason, domain, message) per status.
_DRIVE = {
    400: ("badRequest", "global", "Bad Request"),
    401: ("authError", "global", "Invalid Credentials"),
    403: ("forbidden", "global", "Forbidden"),
    404: ("notFound", "global", "Not Found"),
    429: ("rateLimitExceeded", "usageLimits", "Rate Limit Exceeded"),
    500: ("internalError", "global", "Internal Error"),
    503: ("backendError", "global", "Backend Error"),
}


def quota_message(write: bool) -> str:
    kind = "Write" if write else "Read"
    return (
        f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} requests per minute per user' "
        "of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'."
    )


def _quota_details(write: bool) -> list[dict]:
    kind = "write" if write else "read"
    return [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "quota_location": "global",
                "quota_metric": f"sheets.googleapis.com/{kind}_requests",
                "quota_limit": f"{kind.title()}RequestsPerMinutePerUser",
                "quota_limit_value": "60",
                "service": "sheets.googleapis.com",
                "consumer": "projects/000000000000",
            },
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {
                    "description": "Request a higher quota limit.",
                    "url": "https://cloud.google.com/docs/quotas/help/request_increase",
                }
            ],
        },
    ]


class ApiError(Exception):
    """An error response of the Sheets API; raise it anywhere in a handler."""

    def __init__(self, code: int, message: str | None = None, *, details: list | None = None):
        super().__init__(message or _MESSAGES.get(code, ""))
        self.code = code
        self.message = message or _MESSAGES.get(code, "")
        self.details = details

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message, "status": STATUS_NAMES.get(self.code, "UNKNOWN")}
        if self.details:
            error["details"] = self.details
        return {"error": error}


class DriveError(ApiError):
    """An error response of Drive v3 (older body shape)."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        reason: str | None = None,
        location: str | None = None,
        domain: str | None = None,
    ):
        default_reason, default_domain, default_message = _DRIVE.get(code, ("unknown", "global", "Error"))
        super().__init__(code, message or default_message)
        self.reason = reason or default_reason
        self.domain = domain or default_domain
        self.location = location

    def body(self) -> dict:
        item = {"message": self.message, "domain": self.domain, "reason": self.reason}
        if self.location:
            item.update(location=self.location, locationType="parameter")
        return {"error": {"code": self.code, "message": self.message, "errors": [item]}}


def invalid(message: str, field: str | None = None) -> ApiError:
    """400 INVALID_ARGUMENT; with `field`, adds the BadRequest details Google sends for bad payloads."""
    details = None
    if field is not None:
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": field, "description": message}] if field else [{"description": message}],
            }
        ]
    return ApiError(400, message, details=details)


REQUEST_BYTES = 10 * 1024 * 1024  # the largest request body Google accepts
CELL_CHARS = 50_000  # the most characters Google keeps in one cell


def too_large() -> ApiError:
    return ApiError(400, f"Request payload size exceeds the limit: {REQUEST_BYTES} bytes.")


def cell_too_long(where: str | None = None) -> ApiError:
    message = f"Your input contains more than the maximum of {CELL_CHARS} characters in a single cell."
    return invalid(f"Invalid {where}: {message}" if where else message)


def check_cell_text(entered: dict | None, where: str | None = None) -> None:
    """Google's 400 for a value (text or formula) longer than a cell holds."""
    if entered:
        for key in ("stringValue", "formulaValue"):
            text = entered.get(key)
            if isinstance(text, str) and len(text) > CELL_CHARS:
                raise cell_too_long(where)


def not_found() -> ApiError:
    return ApiError(404)


def injected(code: int, *, drive: bool, write: bool) -> ApiError:
    """The error `SheetsEmulator.fail_next` answers with, in the shape the endpoint family uses."""
    if drive:
        return DriveError(code)
    if code == 429:
        return ApiError(429, quota_message(write), details=_quota_details(write))
    return ApiError(code)
