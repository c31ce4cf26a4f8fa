"""What to tell a person when Google's sign-in (the token endpoint) refuses the key or cannot be
reached: one line and an exit code, never the library's traceback."""

from __future__ import annotations

from kopienas.adapters.sources._base import SourceError


def explain_sign_in(error: Exception, account: str = "") -> SourceError:
    """Google's sign-in (the token endpoint) refused the key, or could not be reached."""
    from google.auth.exceptions import RefreshError, TransportError

    if isinstance(error, TransportError):
        return SourceError(
            "Nevar sazināties ar Google pieteikšanās serveri (oauth2.googleapis.com); nekas netika ierakstīts. "
            "Pārbaudiet tīklu un mēģiniet vēlāk. / Cannot reach Google's sign-in server; nothing was written.",
            usage=False,
        )
    if isinstance(error, RefreshError):
        from kopienas.adapters.sources.gsheet.errors import explain_refusal

        return explain_refusal(error, account)
    return SourceError(
        f"Google pieteikšanās neizdevās ({type(error).__name__}). / Signing in to Google failed.", usage=False
    )
