"""What to tell a person when Google's sign-in (the token endpoint) refuses the key or cannot be
reached: one line and an exit code, never the library's traceback; `kopienas auth`'s sign-in and
`doctor`'s check of the key."""

from __future__ import annotations

from pathlib import Path

from kopienas.adapters.sources._base import AccessCheck, SourceError
from kopienas.adapters.sources.gsheet.access import SCOPES, load_credentials
from kopienas.config import Config
from kopienas.core.errors import KopienasError


def explain_sign_in(error: Exception) -> SourceError:
    """Google's sign-in (the token endpoint) refused the key, or could not be reached."""
    from google.auth.exceptions import RefreshError, TransportError

    if isinstance(error, TransportError):
        return SourceError(
            "Nevar sazināties ar Google pieteikšanās serveri (oauth2.googleapis.com); nekas netika ierakstīts. "
            "Pārbaudiet tīklu un mēģiniet vēlāk. / Cannot reach Google's sign-in server; nothing was written.",
            usage=False,
        )
    if isinstance(error, RefreshError):
        return SourceError(
            "Google noraidīja piekļuves atslēgu (tā atsaukta, izdzēsta vai nederīga): izveidojiet jaunu servisa konta "
            "atslēgu vai palaidiet `kopienas auth` vēlreiz. / Google refused the key (revoked or deleted): make a new "
            "key or run `kopienas auth` again."
        )
    return SourceError(
        f"Google pieteikšanās neizdevās ({type(error).__name__}). / Signing in to Google failed.", usage=False
    )


def sign_in(client_secrets: Path, open_browser: bool):
    """Google's consent page in a browser (or its address printed); the user's credentials."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), SCOPES)
    return flow.run_local_server(port=0, open_browser=open_browser)


def check_credentials(config: Config) -> AccessCheck:
    """`doctor`'s look at the Google key: there, accepted by Google's sign-in, and whose it is."""
    try:
        credentials = load_credentials(config)
    except KopienasError as e:
        return AccessCheck(False, str(e), "give the service-account key (`source.credentials`)")
    account = getattr(credentials, "service_account_email", "") or ""
    if type(credentials).__name__ == "AnonymousCredentials":
        return AccessCheck(True, f"none needed for the API at {config.sheets_api}")
    from google.auth.exceptions import GoogleAuthError
    from google.auth.transport.requests import Request

    try:
        credentials.refresh(Request())
    except GoogleAuthError as e:
        reason = str(e.args[0]) if e.args else type(e).__name__
        return AccessCheck(
            False,
            f"Google refused the key of {account or 'the signed-in user'} ({reason[:160]})",
            "the key was revoked or deleted: create a new key for the service account and save it where "
            "`source.credentials` points (or run `kopienas auth` again)",
        )
    who = f"service account {account}" if account else "the Google user signed in with `kopienas auth`"
    return AccessCheck(True, f"{who}; share the sheet with it as an editor")
