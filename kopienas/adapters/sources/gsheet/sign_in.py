"""What to tell a person when Google's sign-in (the token endpoint) refuses the key or cannot be
reached: one line and an exit code, never the library's traceback."""

from __future__ import annotations

from kopienas.adapters.sources._base import SourceError
from kopienas.core.words import google as said


def explain_sign_in(error: Exception) -> SourceError:
    """Google's sign-in (the token endpoint) refused the key, or could not be reached."""
    from google.auth.exceptions import RefreshError, TransportError

    if isinstance(error, TransportError):
        return SourceError(said.SIGN_IN_UNREACHABLE, usage=False)
    if isinstance(error, RefreshError):
        return SourceError(said.SIGN_IN_REFUSED)
    return SourceError(said.sign_in_failed(type(error).__name__), usage=False)
