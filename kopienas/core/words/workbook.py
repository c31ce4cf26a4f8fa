"""The one-line errors of a local workbook (`.xlsx`) as a source: reading it, writing into it and
`kopienas init` on it (Latvian, then English after a slash). `shown` is the file's path as shown."""

from __future__ import annotations


def not_found(shown: str) -> str:
    return (
        f"Darbgrāmata nav atrasta: {shown}. Pārbaudiet `source.location` konfigurācijā vai --source. "
        f"/ Workbook not found: {shown}."
    )


def cannot_read(shown: str, why: str | None) -> str:
    return f"Nevar nolasīt darbgrāmatu {shown}: {why}. / Cannot read the workbook."


def not_a_workbook(shown: str, kind: str) -> str:
    return f"Nevar atvērt darbgrāmatu {shown}: tā nav derīgs .xlsx fails ({kind}). / Cannot open {shown} as an .xlsx workbook."


def too_large(shown: str, limit: str) -> str:
    return (
        f"Darbgrāmata {shown} ir lielāka, nekā rīks lasa ({limit}); nekas netika ierakstīts. "
        f"/ The workbook {shown} is beyond the tool's limits; nothing was written."
    )


def open_elsewhere(target: object, lock: str) -> str:
    return (
        f"Darbgrāmata {target} ir atvērta citā programmā (atrasts {lock}); "
        "aizveriet to un palaidiet vēlreiz. / The workbook is open elsewhere: close it and run again."
    )


def tab_gone(tab: str) -> str:
    return f"Darbgrāmatā vairs nav lapas “{tab}”. / The tab “{tab}” is gone."


def no_room(tab: str) -> str:
    return (
        f"Lapā “{tab}” aiz tabulas nav brīvas kolonnas (līdz XFD) rīka kolonnai; "
        f"atbrīvojiet kolonnu tabulas labajā pusē. / No free column right of the table for the tool's column."
    )


def cannot_edit(shown: str, why: object) -> str:
    return (
        f"Darbgrāmatu {shown} nevar droši papildināt ({why}); nekas nav ierakstīts. "
        "/ The workbook cannot be edited safely; nothing was written."
    )


def kept_changing(target: object) -> str:
    return (
        f"Darbgrāmata {target} tika mainīta, kamēr kopienas to saglabāja; nekas nav ierakstīts, "
        "palaidiet vēlreiz. / The workbook kept changing while it was being saved; nothing was written."
    )


def cannot_save(target: object, why: str | None) -> str:
    return (
        f"Nevar saglabāt darbgrāmatu {target}: {why or 'nav rakstīšanas tiesību'}. "
        "Pārbaude nav ierakstīta, bet tās rezultāti ir atskaitē. / Cannot save the workbook."
    )


# --- `kopienas init` on a workbook ----------------------------------------------------------------

PROTECTION = "pelēks virsraksts un piezīme “Nerakstiet šeit”"  # how the tool's columns are marked
INPUT_ERROR_TITLE = "Pārbaudiet vērtību"
INPUT_ERRORS = {  # what Excel says when a typed value doesn't fit (the coordinator may keep it)
    "list": "Izvēlieties vērtību no saraksta.",
    "range": "Izvēlieties kopienu no lapas “Kopienas” (vai ierakstiet tās kodu).",
    "checkbox": "Rakstiet “Jā” vai “Nē”.",
    "date": "Rakstiet datumu, piemēram, 24.09.2020.",
    "count": "Rakstiet veselu skaitli, 0 vai vairāk.",
}
# What saving through openpyxl would lose, by what `lossy.openpyxl_would_lose` finds.
LOST = {
    "macros": "makrosi",
    "cached_values": "formulu saglabātās vērtības",
    "extensions": "Excel 2010 izvēlnes un mini diagrammas",
    "drawings": "attēli, teksta lodziņi un diagrammas",
    "custom_xml": "pielāgotie XML dati",
}


def new_must_be_xlsx(path: object) -> str:
    return (
        f"Darbgrāmata {path} neeksistē, un jaunu var izveidot tikai .xlsx failā. "
        f"/ {path} does not exist; a new workbook must be an .xlsx file."
    )


def init_would_lose(path: object, lost: str) -> str:
    return (
        f"kopienas init nemainīs {path}: saglabājot tiktu zaudēts — {lost}. "
        "Ievietojiet pārbaudes kopijā bez tā vai pievienojiet tās ar roku; `kopienas validate` "
        "darbgrāmatu papildina droši. / init would lose part of this workbook: nothing was written."
    )


# -- the read limits (kopienas.adapters.sources.workbook.bounds): what was over which limit ------
def over_parts(count: int, limit: int) -> str:
    return f"{count} daļas, vairāk nekā {limit} / parts over {limit}"


def over_inflated(mib: int, limit_mib: int) -> str:
    return f"{mib} MiB atpakotā veidā, vairāk nekā {limit_mib} MiB / inflated"


def over_part_size(part: str, mib: int, limit_mib: int) -> str:
    return f"daļa {part}: {mib} MiB atpakotā veidā, vairāk nekā {limit_mib} MiB / part size"


def over_ratio(part: str, ratio: int, limit: int) -> str:
    return f"daļa {part} saspiesta {ratio} reizes, vairāk nekā {limit} / compression ratio"


def over_rows(part: str, limit: int) -> str:
    return f"lapā {part} rindas aiz {limit} / rows over {limit}"


def over_columns(part: str, limit: int) -> str:
    return f"lapā {part} kolonnas aiz {limit} (XFD) / columns over {limit}"


def over_cell(part: str, ref: str) -> str:
    return f"lapā {part} šūna “{ref}…” aiz lapas robežām / a cell beyond a sheet's limits"


def over_strings(part: str, limit: int) -> str:
    return f"{part}: vairāk nekā {limit} kopīgo virkņu / shared strings over {limit}"
