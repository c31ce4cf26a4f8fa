"""Google's answers turned into one line that says what to do."""

from __future__ import annotations

from typing import Any

from kopienas.adapters.calls import Kind, classify
from kopienas.adapters.sources._base import SourceError
from kopienas.core.words import google as words


def explain(error: Exception, key: str, account: str = "") -> SourceError:
    from google.auth.exceptions import RefreshError
    from gspread.exceptions import APIError

    if isinstance(error, RefreshError):  # the key was revoked or deleted, or the user's sign-in withdrawn
        return explain_refusal(error, account)
    if isinstance(error, APIError):
        return _explain_answer(error, key, account)
    return SourceError(
        f"Nevar sazināties ar Google Sheets ({type(error).__name__}); nekas netika ierakstīts. / "
        "Cannot reach Google Sheets; nothing was written.",
        usage=False,
    )


def explain_refusal(error: Exception, account: str) -> SourceError:
    """The token endpoint refused: an expired user sign-in (the Testing app's 7 days) or a dead key."""
    answer = classify(error)
    if answer.reason == "invalid_grant" and not account:
        return SourceError(words.sign_in_expired())
    reason = ": ".join(p for p in (answer.reason, answer.message) if p)[:160] or "refused"
    return SourceError(words.key_refused(reason))


def _explain_answer(error: Any, key: str, account: str) -> SourceError:
    answer = classify(error)
    code = answer.status
    if answer.reason == "SERVICE_DISABLED":
        return SourceError(words.service_disabled(answer.service or "sheets.googleapis.com", answer.link))
    if answer.kind is not Kind.PERSON:
        return SourceError(words.gave_up("Google Sheets", code), usage=False)
    if code == 404:
        return SourceError(f"Google tabula {key} nav atrasta: pārbaudiet saiti vai ID. / Spreadsheet {key} not found.")
    if code == 403:
        return SourceError(words.not_shared(key, account))
    if code == 400 and "Unable to parse range" in answer.message:
        return SourceError(
            "Tabulā vairs nav lapas, ko rīks izmanto (tā pārdēvēta vai izdzēsta darba laikā); nekas netika "
            "ierakstīts. Palaidiet vēlreiz. / A tab was renamed or deleted during the run; nothing was written.",
            usage=False,
        )
    if code == 401:
        return SourceError("Google noraidīja piekļuves atslēgu. / Google refused the credentials.")
    return SourceError(f"Google Sheets kļūda {code}: {answer.message[:200]}", usage=False)


def explain_partial(error: Exception, written: int, total: int) -> SourceError:
    """A write that stopped between two batches: each row is wholly written or wholly as before."""
    code = getattr(error, "code", None) or type(error).__name__
    return SourceError(
        f"Google Sheets pārtrauca rakstīšanu ({code}): ierakstītas {written} no {total} rindu pārbaudēm, pārējās "
        f"ierakstīs nākamā palaišana. / Google Sheets stopped the write ({code}): {written} of {total} rows written; "
        "the next run writes the rest.",
        usage=False,
    )
