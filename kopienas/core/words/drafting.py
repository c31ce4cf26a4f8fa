"""What the drafts job says about each marked row: made, unchanged or not made, and why."""

from __future__ import annotations

ROW_HAS_PROBLEMS = "rindā ir kļūdas (skat. “Pārbaude”)"
CANCELLED = "aktivitāte ir atcelta"
BAD_FOLDER_NAME = "ID nav derīgs mapes nosaukums"
NOTE_TEMPLATE_BROKEN = "Nav sagatavots: melnraksta veidne ir bojāta."
NOTE_NOT_WRITTEN = "Nav sagatavots: melnrakstu nevarēja ierakstīt."
NOTE_NOT_MADE = "Nav sagatavots: melnrakstu nevarēja izveidot (skat. žurnālu)."


def row_label(row: int) -> str:
    return f"{row}. rinda"


def not_made_note(why: str) -> str:
    return f"Nav sagatavots: {why}."


def template_broken(error: object) -> str:
    return f"melnraksta veidne ir bojāta: {error} / a draft template is broken"


def cannot_write(folder: object, why: object) -> str:
    return f"nevar ierakstīt melnrakstu mapē {folder}: {why} / cannot write the draft"


def cannot_make(row: int, label: str, error: Exception) -> str:
    return f"{row}. rinda ({label}): melnrakstu nevar izveidot – {type(error).__name__}: {error}"


def made_line(activity_id: str, folder: str, dry_run: bool) -> str:
    verb = "Tiktu sagatavots" if dry_run else "Sagatavots"
    return f"  {verb}: {activity_id} → {folder}/ (draft.md, draft.html, draft.docx)"


def unchanged_line(activity_id: str, folder: str) -> str:
    return f"  Bez izmaiņām: {activity_id} → {folder}/"


def not_made_line(label: str, why: str) -> str:
    return f"  Nav sagatavots: {label} – {why}"


def error_line(error: str) -> str:
    return f"  Kļūda: {error}"


def cannot_read_draft(error: object) -> str:
    return f"Nevar nolasīt melnrakstu: {error}"


def programme_release_planned(year: int, folder: str) -> str:
    return f"Tiktu sagatavota programmas relīze par {year}. gadu → {folder}/"


def programme_release_made(year: int, folder: str) -> str:
    return f"Programmas relīze par {year}. gadu sagatavota: {folder}/ (draft.md, draft.html, draft.docx)"


def programme_doc_name(year: int, lang: str) -> str:
    """The progress release's name in Drive, beside the rows' `2020-09-24 Rudens talka (DGP-2020-07)`."""
    return f"Programmas relīze {year}" + ("" if lang == "lv" else f" ({lang})")


def programme_doc_line(action: str, link: str) -> str:
    return f"  Google dokuments ({action}): {link}"


def press_withheld_line(activity_id: str, tab: str) -> str:
    """A draft's press-office mail the sheet's witness names, of which the ledger knows nothing."""
    return (
        f"  Nepārliecināti: {activity_id} — lapā “{tab}” ierakstīts, ka melnraksts preses dienestam jau nodots, bet "
        f"žurnālā par to nekā nav (žurnāls zaudēts vai aizstāts); nesūtu vēlreiz — ja tiešām vajag, "
        f"`kopienas drafts --id {activity_id} --force`. / The sheet says this draft was mailed; not sent again."
    )
