"""Failures that are foreseeable wherever they surface — a full disk, a file that cannot be
written, text that cannot be encoded — turned into one clear line and an exit code."""

from __future__ import annotations

import errno

from kopienas.core.errors import ExitCode, KopienasError

_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _no_room(where: str) -> KopienasError:
    return KopienasError(
        f"diskā nav vietas ({where}); nekas nav ierakstīts pa pusei — atbrīvojiet vietu un palaidiet vēlreiz. "
        f"/ No space left on the disk ({where}); free some space and run again.",
        ExitCode.FAILED,
    )


def known_failure(error: BaseException) -> KopienasError | None:
    """The one line for a foreseeable failure that reached the top, or None for a defect."""
    if isinstance(error, OSError) and error.errno in _NO_ROOM:
        return _no_room(str(error.filename or "?"))
    if type(error).__name__ == "OperationalError" and "disk is full" in str(error):  # sqlite3, not imported
        return _no_room("žurnāls / the ledger")
    if isinstance(error, OSError) and error.filename:
        return KopienasError(
            f"nevar izmantot failu {error.filename}: {error.strerror}; nekas nav ierakstīts pa pusei. "
            f"/ Cannot use {error.filename}: {error.strerror}.",
            ExitCode.FAILED,
        )
    if isinstance(error, UnicodeError):
        # A codec's own message quotes the characters it choked on, which may be a secret's.
        return KopienasError(
            f"neparedzēta kļūda: teksts nav kodējams ({type(error).__name__}); darbs apturēts. "
            "Sīkāk: KOPIENAS_DEBUG=1. / Text could not be encoded; the run stopped safely.",
            ExitCode.FAILED,
        )
    return None
