"""Failures that are foreseeable wherever they surface — a full disk, a file that cannot be
written, text that cannot be encoded — turned into one clear line and an exit code."""

from __future__ import annotations

import errno

from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import console

_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _no_room(where: str) -> KopienasError:
    return KopienasError(console.no_room(where), ExitCode.FAILED)


def known_failure(error: BaseException) -> KopienasError | None:
    """The one line for a foreseeable failure that reached the top, or None for a defect."""
    if isinstance(error, OSError) and error.errno in _NO_ROOM:
        return _no_room(str(error.filename or "?"))
    if type(error).__name__ == "OperationalError" and "disk is full" in str(error):  # sqlite3, not imported
        return _no_room(console.LEDGER)
    if isinstance(error, OSError) and error.filename:
        return KopienasError(console.cannot_use_file(error.filename, str(error.strerror)), ExitCode.FAILED)
    if isinstance(error, UnicodeError):
        # Only the codec's name: its own message quotes the characters it choked on, which may be a secret's.
        return KopienasError(console.unencodable(type(error).__name__), ExitCode.FAILED)
    return None
