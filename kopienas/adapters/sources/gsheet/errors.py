"""Google's answers turned into one line that says what to do."""

from __future__ import annotations

from kopienas.adapters.sources._base import SourceError
from kopienas.core.words import google as said


def explain(error: Exception, key: str, account: str = "") -> SourceError:
    from google.auth.exceptions import RefreshError
    from gspread.exceptions import APIError

    if isinstance(error, RefreshError):  # the key was revoked or deleted, or the user's sign-in withdrawn
        reason = str(error.args[0])[:160] if error.args else "refused"
        return SourceError(said.key_refused(reason))

    if isinstance(error, APIError):
        code = error.code
        if code == 404:
            return SourceError(said.sheet_not_found(key))
        if code == 403:
            return SourceError(said.no_access(key, account))
        if code == 400 and "Unable to parse range" in str(error.error.get("message", "")):
            return SourceError(said.TAB_GONE_DURING_RUN, usage=False)
        if code == 401:
            return SourceError(said.CREDENTIALS_REFUSED)
        if code == 429 or code >= 500:
            return SourceError(said.kept_failing(code), usage=False)
        return SourceError(said.api_error(code, error.error.get("message", "")), usage=False)
    return SourceError(said.unreachable(type(error).__name__), usage=False)


def explain_partial(error: Exception, written: int, total: int) -> SourceError:
    """A write that stopped between two batches: each row is wholly written or wholly as before."""
    code = getattr(error, "code", None) or type(error).__name__
    return SourceError(said.write_stopped(code, written, total), usage=False)
