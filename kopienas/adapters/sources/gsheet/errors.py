"""Google's answers turned into one line that says what to do."""

from __future__ import annotations

from kopienas.adapters.sources._base import SourceError


def explain(error: Exception, key: str, account: str = "") -> SourceError:
    from google.auth.exceptions import RefreshError
    from gspread.exceptions import APIError

    if isinstance(error, RefreshError):  # the key was revoked or deleted, or the user's sign-in withdrawn
        reason = str(error.args[0])[:160] if error.args else "refused"
        return SourceError(
            f"Google noraidīja piekļuves atslēgu ({reason}); izveidojiet jaunu servisa konta atslēgu "
            f"(`source.credentials`) vai palaidiet `kopienas auth`. / Google refused the key ({reason}): "
            "create a new service-account key where `source.credentials` points, or run `kopienas auth` again."
        )

    if isinstance(error, APIError):
        code = error.code
        if code == 404:
            return SourceError(
                f"Google tabula {key} nav atrasta: pārbaudiet saiti vai ID. / Spreadsheet {key} not found."
            )
        if code == 403:
            who = account or "servisa kontu"
            return SourceError(
                f"Nav piekļuves tabulai {key}: kopīgojiet to ar {who} (rediģētājs). / "
                f"No access: share the sheet with {account or 'the service account'} as an editor."
            )
        if code == 400 and "Unable to parse range" in str(error.error.get("message", "")):
            return SourceError(
                "Tabulā vairs nav lapas, ko rīks izmanto (tā pārdēvēta vai izdzēsta darba laikā); nekas netika "
                "ierakstīts. Palaidiet vēlreiz. / A tab was renamed or deleted during the run; nothing was written.",
                usage=False,
            )
        if code == 401:
            return SourceError("Google noraidīja piekļuves atslēgu. / Google refused the credentials.")
        if code == 429 or code >= 500:
            return SourceError(
                f"Google Sheets neatbild ({code}) arī pēc atkārtotiem mēģinājumiem; nekas netika ierakstīts. "
                f"Mēģiniet vēlāk. / Google Sheets kept failing ({code}); nothing was written.",
                usage=False,
            )
        return SourceError(f"Google Sheets kļūda {code}: {error.error.get('message', '')}", usage=False)
    return SourceError(
        f"Nevar sazināties ar Google Sheets ({type(error).__name__}); nekas netika ierakstīts. / "
        "Cannot reach Google Sheets; nothing was written.",
        usage=False,
    )


def explain_partial(error: Exception, written: int, total: int) -> SourceError:
    """A write that stopped between two batches: each row is wholly written or wholly as before."""
    code = getattr(error, "code", None) or type(error).__name__
    return SourceError(
        f"Google Sheets pārtrauca rakstīšanu ({code}): ierakstītas {written} no {total} rindu pārbaudēm, pārējās "
        f"ierakstīs nākamā palaišana. / Google Sheets stopped the write ({code}): {written} of {total} rows written; "
        "the next run writes the rest.",
        usage=False,
    )
