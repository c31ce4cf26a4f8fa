"""One parsed API call, with the query-parameter checks Google applies."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ApiError, DriveError, invalid
from .identities import ANYONE, Identity
from .schema import ENUMS, snake

# System parameters every Google API accepts.
STANDARD_PARAMS = {
    "fields",
    "alt",
    "prettyPrint",
    "key",
    "quotaUser",
    "$.xgafv",
    "access_token",
    "callback",
    "upload_protocol",
    "uploadType",
    "oauth_token",
    "userIp",
}


@dataclass
class ApiRequest:
    method: str
    kind: str  # e.g. "values.batchGet"; see server.ROUTES
    path: dict  # parameters taken from the URL path, already decoded
    query: dict[str, list[str]] = field(default_factory=dict)
    body: object = None
    raw_body: bytes = b""  # as sent (uploads are parsed from it)
    content_type: str = ""
    identity: Identity = ANYONE  # who calls: from the bearer token (see identities)

    @property
    def is_drive(self) -> bool:
        return self.kind.startswith("drive.")

    def one(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def enum(self, name: str, enum_name: str, default: str) -> str:
        value = self.one(name)
        if value is None or value == "":
            return default
        if value not in ENUMS[enum_name]:
            raise invalid(
                f"Invalid value at '{snake(name)}' (type.googleapis.com/google.apps.sheets.v4.{enum_name}), \"{value}\""
            )
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.one(name)
        if value is None:
            return default
        if value.lower() not in ("true", "false"):
            raise invalid(f"Invalid value at '{snake(name)}' (TYPE_BOOL), \"{value}\"")
        return value.lower() == "true"

    def check_query(self, allowed: set[str]) -> None:
        for name in self.query:
            if name not in allowed and name not in STANDARD_PARAMS:
                if self.is_drive:
                    raise DriveError(400, f"Invalid parameter: {name}", reason="invalidParameter", location=name)
                raise invalid(
                    f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
                    f"Field '{name}' could not be found in request message.",
                    field="",
                )

    def spreadsheet(self, store):
        """The spreadsheet named in the path, or Google's 404."""
        spreadsheet = store.get(self.path.get("spreadsheet_id", ""))
        if spreadsheet is None:
            raise ApiError(404)
        return spreadsheet
