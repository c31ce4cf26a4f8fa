"""The one-line errors of the tool's own files: the run lock, the ledger, a file being replaced,
and a mail header refused (Latvian, then English after a slash)."""

from __future__ import annotations

# --- the run lock (adapters/runlock.py) ---------------------------------------------------------------


def scheduler_running(tool: str, pid: object, since: str, since_en: str) -> str:
    return (
        f"Rīka {tool} plānotājs jau darbojas (PID {pid}, kopš {since}); otrs nav vajadzīgs. "
        f"/ The kopienas scheduler is already running (PID {pid}, since {since_en}); one is enough."
    )


def run_in_progress(tool: str, pid: object, since: str, since_en: str) -> str:
    return (
        f"Cits rīka {tool} process jau darbojas (PID {pid}, kopš {since}); mēģiniet vēlāk. "
        f"/ Another kopienas run is in progress (PID {pid}, since {since_en}); try again later."
    )


def lock_unopenable(path: object, why: str | None) -> str:
    return f"Nevar atvērt slēdzenes failu {path}: {why}. / Cannot open the lock file {path}."


def lock_unwritable(path: object, why: str | None) -> str:
    return f"Nevar ierakstīt slēdzenes failu {path}: {why}. / Cannot write the lock file {path}."


# --- the ledger (adapters/ledger.py, adapters/ledger_file.py) ------------------------------------------


def ledger_unusable(path: object, why: object) -> str:
    return (
        f"Žurnāls {path} nav lietojams ({why}); nekas netika sūtīts. Pārbaudiet vai pārvietojiet failu. "
        f"/ The ledger {path} cannot be used ({why}); nothing was sent."
    )


def ledger_unopenable(path: object, why: str | None) -> str:
    return f"Nevar atvērt žurnālu {path}: {why}. / Cannot open the ledger."


def ledger_refused(path: object, why: tuple[str, str]) -> str:
    """`why`: (Latvian, English), one of LEDGER_WHY."""
    return (
        f"Žurnāls {path} {why[0]}; nekas netika sūtīts. Atjaunojiet to no rezerves kopijas vai izdzēsiet "
        f"(tad rīks sāks jaunu žurnālu). / The ledger {path} {why[1]}; nothing was sent."
    )


LEDGER_WHY = {
    "empty": ("ir tukšs (0 baitu)", "is empty (0 bytes)"),
    "foreign": ("nav kopienas žurnāls (cita programma vai cits fails)", "is not a kopienas ledger"),
    "newer": ("ir no jaunākas kopienas versijas", "was made by a newer kopienas"),
}

# --- files (adapters/files.py) --------------------------------------------------------------------------

READ_ONLY = "nav rakstīšanas tiesību / permission denied"  # the strerror of a target the user may not write

# --- mail headers (adapters/mail/headers.py): (English, Latvian) ----------------------------------------

HEADER_PROBLEMS = {
    "control": (
        "contains a line break, a control character or an unencodable character",
        "satur rindas pārnesumu, vadības rakstzīmi vai neiekodējamu rakstzīmi",
    ),
    "several": (
        "contains several addresses where one is expected",
        "satur vairākas adreses, kur gaidīta viena",
    ),
    "empty": ("contains no address", "nesatur adresi"),
    "invalid": ("is not a valid e-mail address", "nav derīga e-pasta adrese"),
    "header-name": ("is not a valid header name", "nav derīgs galvenes nosaukums"),
    "content-id": (
        "may only contain letters, digits and . _ @ -",
        "drīkst saturēt tikai burtus, ciparus un . _ @ -",
    ),
    "reserved": (
        "is set by build_message itself and cannot be overridden",
        "to iestata build_message, to nevar aizstāt",
    ),
}

# The strerror of a symbolic link at a name the tool writes (adapters.files).
LINK_REFUSED = "simboliska saite, caur kuru rīks neraksta / a symbolic link, never written through (remove it)"
