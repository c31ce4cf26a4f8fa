"""The command line's own lines (Latvian, then English after a slash): a failure that reached the
top of a command, the sign-in of `kopienas auth`, and the one command help that names a column."""

from __future__ import annotations

# The help of `kopienas drafts`, as `kopienas --help` lists it (the column and value as in the sheet).
DRAFTS_HELP = "Press-release drafts for rows marked `Relīze: Jā`."

LEDGER = "žurnāls / the ledger"  # where the disk was full, when it was the ledger (SQLite)


def unexpected(kind: str, error: object) -> str:
    return (
        f"neparedzēta kļūda ({kind}: {error}); darbs apturēts, nekas nav ierakstīts pa pusei. "
        "Sīkāk: KOPIENAS_DEBUG=1. / Unexpected error; the run stopped safely."
    )


def no_room(where: str) -> str:
    return (
        f"diskā nav vietas ({where}); nekas nav ierakstīts pa pusei – atbrīvojiet vietu un palaidiet vēlreiz. "
        f"/ No space left on the disk ({where}); free some space and run again."
    )


def cannot_use_file(filename: object, why: str) -> str:
    return f"nevar izmantot failu {filename}: {why}; nekas nav ierakstīts pa pusei. / Cannot use {filename}: {why}."


def unencodable(kind: str) -> str:
    # Only the codec's class: its own message quotes the characters it choked on, which may be a secret's.
    return (
        f"neparedzēta kļūda: teksts nav kodējams ({kind}); darbs apturēts. "
        "Sīkāk: KOPIENAS_DEBUG=1. / Text could not be encoded; the run stopped safely."
    )


def client_file_refused(path: object, why: object) -> str:
    return f"{path}: nav derīgs OAuth klienta fails ({why}). / Not an OAuth client file."


def token_saved(path: object) -> str:
    return f"Pieteikšanās saglabāta: {path} (tikai jums lasāms). / Token saved."
