"""The catalogue of problem kinds: every problem the checks write beside a row, one entry each.

An entry's `type` is the machine-readable name in `kopienas validate --format json` (the `type` of
each problem): it is part of the output, so it never changes once published. Two entries may share
a `type` when the same rule is said differently on another tab (`invalid_email` on an activity and
on a partner). `say(**values)` is the Latvian sentence for the coordinators; `{col}` is always the
column's header as the coordinators see it. `meaning` is the English line for the README's table
(`docs_table()` renders it; a test keeps the README in step with this catalogue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kopienas.core.words import owned, sheets


@dataclass(frozen=True)
class ProblemKind:
    type: str  # stable: the JSON `type`
    tab: str  # the contract tab the problem is on ("any": a tab's headers and rows)
    meaning: str  # English, for the documentation
    say: Callable[..., str]  # the Latvian sentence


def _fmt(d: date) -> str:
    return f"{d:%d.%m.%Y}."  # one numeric date in every Latvian text: "28.12.2020."


# --- the activities' rows -------------------------------------------------------------------------

CELL_FORMAT = ProblemKind(
    "cell_format",
    "activities",
    "a cell cannot be read as its column's kind (date, number, yes/no)",
    "{col}: {why}.".format,
)
INVALID_ID = ProblemKind(
    "invalid_id",
    "activities",
    "the ID is not letters, digits and hyphens",
    lambda col, value: owned.invalid_id(col, value),
)
NO_ID_LEFT = ProblemKind(
    "no_id_left",
    "activities",
    "every ID number of the row's community and year (up to 999999) is used: none can be given",
    lambda col, code, year: owned.no_id_left(col, code, year),
)
INVALID_COMMUNITY_CODE = ProblemKind(
    "invalid_community_code",
    "activities",
    "the row's community has no usable code, so no ID can be given",
    lambda col, community, tab: owned.community_without_code(col, community, tab),
)
DUPLICATE_ID = ProblemKind(
    "duplicate_id",
    "activities",
    "the ID is already on an earlier row",
    "{col}: “{value}” jau ir {first}. rindā; katrai aktivitātei vajag savu ID – "
    "izdzēsiet šo ID, un rīks piešķirs jaunu.".format,
)
_REQUIRED = "a required cell is empty (title, start date or community)"
REQUIRED_TITLE = ProblemKind("required", "activities", _REQUIRED, "{col}: ierakstiet aktivitātes nosaukumu.".format)
REQUIRED_START = ProblemKind(
    "required",
    "activities",
    _REQUIRED,
    "{col}: ierakstiet sākuma datumu, piemēram, 24.09.2020.".format,
)
REQUIRED_COMMUNITY = ProblemKind(
    "required",
    "activities",
    _REQUIRED,
    "{col}: ierakstiet kopienu no lapas “Kopienas”.".format,
)
NO_COMMUNITIES = "lapa “Kopienas” ir tukša"  # in place of the list of known communities
UNKNOWN_COMMUNITY = ProblemKind(
    "unknown_community",
    "activities",
    "the community is not in tab Kopienas",
    "{col}: “{value}” nav lapā “Kopienas” ({known}); "
    "izvēlieties kādu no tām vai pievienojiet jauno kopienu lapā “Kopienas”.".format,
)
END_BEFORE_START = ProblemKind(
    "end_before_start",
    "activities",
    "the end date is before the start date",
    lambda col, end, start: f"{col}: beigu datums {_fmt(end)} ir pirms sākuma {_fmt(start)}; pārbaudiet abus datumus.",
)
HELD_IN_FUTURE = ProblemKind(
    "held_in_future",
    "activities",
    "marked held, but the start date has not come yet",
    lambda col, start: (
        f"{col}: “Notikusi”, bet sākums {_fmt(start)} vēl nav pienācis; "
        "ja aktivitāte vēl tikai būs, izvēlieties “Plānota” vai izlabojiet datumu."
    ),
)
HELD_BEFORE_END = ProblemKind(
    "held_before_end",
    "activities",
    "marked held, but the end date has not come yet (the activity is still going on)",
    lambda col, end, end_col: (
        f"{col}: “Notikusi”, bet beigas {_fmt(end)} vēl nav pienākušas; kamēr aktivitāte turpinās, "
        f"izvēlieties “Plānota” vai izlabojiet “{end_col}”."
    ),
)
PRESS_WITHOUT_DESCRIPTION = ProblemKind(
    "press_without_description",
    "activities",
    "a press release is asked for, but the description is empty",
    lambda col, release_col: (
        f"{col}: relīzei vajag aprakstu – ierakstiet dažus teikumus par to, kas notika (vai notiks), "
        f"vai “{release_col}” izvēlieties “Nē”."
    ),
)
OVERDUE_PLANNED = ProblemKind(
    "overdue_planned",
    "activities",
    "still planned (or no status) days after its start: it would drop out of the summaries",
    lambda col, typed, start: sheets.overdue_planned(col, typed, start),
)
TOTAL_MISMATCH = ProblemKind(
    "total_mismatch",
    "activities",
    "the total is not children plus adults",
    "{col} ({total}) nesakrīt ar bērnu un pieaugušo summu "
    "({children} + {adults} = {expected}); izlabojiet kādu no skaitļiem "
    "vai atstājiet “{col}” tukšu.".format,
)
UNKNOWN_INSTITUTION = ProblemKind(
    "unknown_institution",
    "activities",
    "an institution's abbreviation is not in tab Iestādes",
    "{col}: saīsinājums “{value}” nav lapā “Iestādes”; "
    "ierakstiet pilnu nosaukumu vai pievienojiet saīsinājumu lapā “Iestādes”.".format,
)
INVALID_PHONE = ProblemKind(
    "invalid_phone",
    "activities",
    "the phone number is not a Latvian or international number",
    "{col}: “{value}” {why}; rakstiet, piemēram, 26825598 vai +371 29 164 099.".format,
)
INVALID_EMAIL = ProblemKind(
    "invalid_email",
    "activities",
    "the e-mail address is not an address",
    "{col}: “{value}” {why}; rakstiet, piemēram, vards.uzvards@inbox.lv.".format,
)
INVALID_LINK = ProblemKind(
    "invalid_link",
    "activities",
    "a link is not a web address (https://…)",
    lambda col, value, www: (
        f"{col}: “{value}” nav derīga saite{f' – rakstiet “https://{www}”' if www else ''}; "
        "saitei jāsākas ar https:// (katra saite savā rindā)."
    ),
)

# --- a tab's headers and rows ---------------------------------------------------------------------

DUPLICATE_HEADER = ProblemKind(
    "duplicate_header",
    "any",
    "two columns have the same header; the first is used",
    "Virsrakstu rindā kolonna “{col}” ir divreiz; rīks ņem pirmo. Pārdēvējiet vai izdzēsiet lieko.".format,
)
MISSING_COLUMN = ProblemKind(
    "missing_column",
    "any",
    "optional columns are missing, so nothing in them is checked",
    lambda tab, headers: sheets.columns_missing_line(tab, headers),
)
ROWS_BELOW_TABLE = ProblemKind(
    "rows_below_table",
    "activities",
    "rows under a blank row that are not activities: left alone",
    lambda blank, first, last, count: sheets.rows_below_line(blank, first, last, count),
)

# --- tab Kopienas ---------------------------------------------------------------------------------

INVALID_CODE = ProblemKind(
    "invalid_code",
    "communities",
    "a community code is not letters, digits and hyphens",
    lambda col, value: owned.invalid_code(col, value),
)

# --- tab Partneri: what would stop or double a partner's mail -------------------------------------

PARTNER_NO_ADDRESS = ProblemKind(
    "no_address",
    "partners",
    "an active partner has no e-mail address",
    "{col}: partnerim “{name}” nav e-pasta adreses.".format,
)
PARTNER_INVALID_EMAIL = ProblemKind(
    "invalid_email",
    "partners",
    "an address is not one plain address; it is not mailed",
    "{col}: “{value}” nav derīga e-pasta adrese ({why}); rakstiet tikai adresi, piemēram, "
    "info@iestade.lv (vairākas – atdalītas ar “;”). Uz šo adresi netiek sūtīts.".format,
)
PARTNER_DUPLICATE_EMAIL = ProblemKind(
    "duplicate_email",
    "partners",
    "the address is already another partner's; it is mailed once",
    "{col}: “{value}” jau ir partnerim “{other}” ({row}. rindā); katra adrese saņem vienu "
    "kopsavilkumu – izdzēsiet to vienā no rindām.".format,
)
PARTNER_DUPLICATE_NAME = ProblemKind(
    "duplicate_name",
    "partners",
    "the partner's name is already on an earlier row",
    "{col}: partneris “{name}” jau ir {row}. rindā; ja tas ir tas pats partneris, apvienojiet "
    "rindas (adreses atdalot ar “;”), ja cits – dodiet tam citu nosaukumu.".format,
)
PARTNER_INVALID_ACTIVE = ProblemKind(
    "invalid_active",
    "partners",
    "`Aktīvs` cannot be read as yes or no; the partner is not mailed",
    "{col}: {why}. Kamēr tas nav izlabots, partnerim netiek sūtīts.".format,
)
PARTNER_UNKNOWN_COMMUNITY = ProblemKind(
    "unknown_community",
    "partners",
    "a community the partner follows is not in tab Kopienas",
    "{col}: “{value}” nav lapā “Kopienas”; rakstiet kodu, nosaukumu vai “Visas”.".format,
)

# Why a partner's address is refused (the {why} of PARTNER_INVALID_EMAIL).
ADDRESS_WHY = {
    "display": "vārds un leņķiekavas “< >” nav atļauti",
    "ascii": "adreses daļā pirms @ drīkst būt tikai latīņu burti bez garumzīmēm, cipari un . _ -",
    "other": "pārbaudiet, vai tā ir pareizi uzrakstīta",
}

CATALOGUE: tuple[ProblemKind, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, ProblemKind))


def docs_table() -> str:
    """The Markdown table of the JSON `type` values, as the README shows it."""
    lines = ["| `type` | tab | what is wrong |", "|---|---|---|"]
    seen: dict[tuple[str, str], list[str]] = {}
    for kind in CATALOGUE:
        meanings = seen.setdefault((kind.type, kind.tab), [])
        if kind.meaning not in meanings:
            meanings.append(kind.meaning)
    for (type_, tab), meanings in seen.items():
        lines.append(f"| `{type_}` | {tab} | {'; '.join(meanings)} |")
    return "\n".join(lines)
