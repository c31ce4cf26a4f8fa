"""Google's answers turned into one line that says what to do."""

from __future__ import annotations

from typing import Any

from kopienas.adapters.calls import Kind, classify
from kopienas.adapters.sources._base import SourceError
from kopienas.core.words import google as said


def explain(error: Exception, key: str, account: str = "") -> SourceError:
    from google.auth.exceptions import RefreshError
    from gspread.exceptions import APIError

    if isinstance(error, RefreshError):  # the key was revoked or deleted, or the user's sign-in withdrawn
        return explain_refusal(error, account)
    if isinstance(error, APIError):
        return _explain_answer(error, key, account)
    return SourceError(said.unreachable(type(error).__name__), usage=False)


def explain_refusal(error: Exception, account: str) -> SourceError:
    """The token endpoint refused: an expired user sign-in (the Testing app's 7 days) or a dead key."""
    answer = classify(error)
    if answer.reason == "invalid_grant" and not account:
        return SourceError(said.sign_in_expired())
    reason = ": ".join(p for p in (answer.reason, answer.message) if p)[:160] or "refused"
    return SourceError(said.key_refused(reason))


def _explain_answer(error: Any, key: str, account: str) -> SourceError:
    answer = classify(error)
    code = answer.status
    if answer.reason == "SERVICE_DISABLED":
        return SourceError(said.service_disabled(answer.service or "sheets.googleapis.com", answer.link))
    if answer.kind is not Kind.PERSON:
        return SourceError(said.gave_up("Google Sheets", code), usage=False)
    if code == 404:
        return SourceError(said.sheet_not_found(key))
    if code == 403:
        return SourceError(said.not_shared(key, account))
    if code == 400 and "Unable to parse range" in answer.message:
        return SourceError(said.TAB_GONE_DURING_RUN, usage=False)
    if code == 401:
        return SourceError(said.CREDENTIALS_REFUSED)
    return SourceError(said.api_error(code, answer.message[:200]), usage=False)


def explain_partial(error: Exception, written: int, total: int) -> SourceError:
    """A write that stopped between two batches: each row is wholly written or wholly as before."""
    code = getattr(error, "code", None) or type(error).__name__
    return SourceError(said.write_stopped(code, written, total), usage=False)
