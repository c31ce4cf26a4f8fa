"""The coordinators' sentences about identifiers and about what the tool owns (Latvian first,
then English for the operator's one-line errors)."""

from __future__ import annotations

from kopienas.core.identifiers import MAX_CODE_LENGTH, MAX_LENGTH, MAX_NUMBER

_ID_RULE = f"tikai burti, cipari un domuzīmes, līdz {MAX_LENGTH} zīmēm"
_CODE_RULE = f"tikai burti, cipari un domuzīmes, līdz {MAX_CODE_LENGTH} zīmēm"


def invalid_id(column: str, shown: str) -> str:
    return (
        f"{column}: “{shown}” nav derīgs ID ({_ID_RULE}, piemēram, DGP-2020-07); "
        "izlabojiet to vai izdzēsiet, un rīks piešķirs jaunu."
    )


def invalid_code(column: str, shown: str) -> str:
    return f"{column}: kopienas kods “{shown}” nav derīgs ({_CODE_RULE}, piemēram, DGP); izlabojiet to."


# After the column's name, as every unreadable cell's message is.
FORMULA_WITHOUT_VALUE = (
    "šūnā ir formula ar tukšu rezultātu, tāpēc rīks ID nepiešķir (formulu tas nemaina); "
    "izlabojiet formulu, lai tā dod ID, vai ierakstiet ID bez formulas"
)


def no_id_left(column: str, code: str, year: int) -> str:
    return (
        f"{column}: kopienai “{code}” {year}. gadā jau izsniegti visi ID līdz {MAX_NUMBER}; "
        "ierakstiet ID pats vai izvēlieties citu kopienas kodu."
    )


def community_without_code(column: str, community: str, tab: str) -> str:
    return (
        f"{column}: kopienai “{community}” lapā “{tab}” nav derīga koda, tāpēc ID nevar piešķirt; "
        f"izlabojiet kodu lapā “{tab}”."
    )


# Notes and markers the tool writes. Every note of the tool starts with TAG, so a coordinator's
# note (even one that begins “Pārbaude:”) is never taken for the tool's.
TAG = "[kopienas]"
FILL_MEMORY = "šūnas krāsa pirms atzīmes:"
COLUMN_NOTE = "Šo kolonnu aizpilda rīks “kopienas”; ko te ierakstīsiet, tiks pārrakstīts."
LEGACY_COLUMN_NOTE = "Šo kolonnu aizpilda rīks kopienas; ko te ierakstīsiet, tiks pārrakstīts."  # before 2026-12
LEGACY_NOTE_PREFIX = "Pārbaude: "  # a Google note of earlier versions
TAB_NOTE = "Šo lapu veido rīks “kopienas” un pārraksta katrā palaišanā; savus datus turiet citā lapā."
DRAFT_NOT_MADE = "Nav sagatavots"
DRAFT_MADE = "sagatavots"
DOC_UPDATED = "atjaunināts"  # a draft kept as a Google Doc (kopienas.core.words.docs)
DRAFT_NOT_MADE_STARTS = (DRAFT_NOT_MADE, "Google dokuments nav atjaunināts")


def column_not_ours(header: str, tab: str, setting: str) -> str:
    return (
        f"Kolonna “{header}” lapā “{tab}” nav rīka veidota (tajā ir citi dati), tāpēc rīks tajā neraksta; "
        f"pārdēvējiet savu kolonnu vai iestatiet citu nosaukumu `{setting}` konfigurācijā. "
        f"/ The column “{header}” was not made by the tool: rename it or set another `{setting}`; nothing was written."
    )


def tab_not_ours(tab: str, setting: str) -> str:
    return (
        f"Lapa “{tab}” nav rīka veidota (tajā ir citi dati), tāpēc rīks to nepārraksta; pārdēvējiet savu lapu "
        f"vai iestatiet citu nosaukumu `{setting}` konfigurācijā. "
        f"/ The tab “{tab}” was not made by the tool: rename it or set another `{setting}`; nothing was written."
    )


def setting_takes_coordinators(setting: str, name: str, theirs: str) -> str:
    return (
        f"Iestatījums `{setting}` = “{name}” ir tas pats, kas `{theirs}` – tā ir koordinatoru kolonna vai lapa, "
        f"rīks tajā nerakstīs; izvēlieties citu nosaukumu. / `{setting}` names the coordinators' `{theirs}`; "
        "choose another name. Nothing was written."
    )


def tool_headers_clash(setting: str, name: str, other: str) -> str:
    return (
        f"Iestatījums `{setting}` = “{name}” ir tas pats, kas `{other}`: divām rīka kolonnām vajag dažādus "
        f"nosaukumus; izvēlieties citu. / `{setting}` and `{other}` name the same column; choose another name. "
        "Nothing was written."
    )


def with_guide(note: str, guide: str) -> str:
    """A header's note with where the coordinators' guide is (`coordinators_guide` in the config)."""
    return f"{note} Kā aizpildīt: {guide}"


# Why a sheet program refuses a tab's name (after “`tabs.x` = …:” in a setting's error).
TAB_NAME_EMPTY = "a tab's name cannot be empty"
TAB_NAME_APOSTROPHE = "a tab's name cannot begin or end with an apostrophe (')"
TAB_NAME_CONTROL = "a tab's name cannot hold control characters (a line break, a tab)"
TAB_NAME_RESERVED = "Excel keeps the name “History” for itself"


def tab_name_too_long(length: int, limit: int) -> str:
    return f"a tab's name can be at most {limit} characters long (this one has {length}); shorten it"


def tab_name_forbidden(found: str, forbidden: str) -> str:
    return (
        f"a tab's name cannot hold any of {' '.join(forbidden)} (this one has {' '.join(found)}); choose another name"
    )
