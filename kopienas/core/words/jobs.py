"""What the jobs say: their names in a failure line, and the lines of their reports."""

from __future__ import annotations

# The jobs (steps of `run`), as named in a failure line.
DRAFTS = "melnraksti / drafts"
PRESS_OFFICE = "preses dienests / press office"
FIXLISTS = "labojumu saraksti / fix-lists"
SUMMARIES = "nedēļas kopsavilkumi / weekly summaries"
MAIL = "pasts / mail"
GOOGLE_DOCS = "Google dokumenti / Google Docs"

SUMMARY_TABLE_HEADERS = ("Partneris", "Adreses", "Valoda", "Temats", "Notika", "Plānots", "Kļūdainas")
NO_USABLE_ADDRESS = "nav derīgas e-pasta adreses (skat. lapu “Partneri”) / no usable address"


def job_failed(failure: str) -> str:
    return f"Neizdevās darbs {failure}"


def summaries_withheld(why: str) -> str:
    return f"  Kopsavilkumi netiek sūtīti: {why}"


def not_sent(name: str, why: str) -> str:
    return f"  Netiek sūtīts: {name} – {why}"


def not_sent_to_partner(name: str, why: str) -> str:
    return f"  Netiek sūtīts partnerim {name}: {why}"


def not_sent_to_coordinator(name: str, why: str) -> str:
    return f"  Netiek sūtīts koordinatoram “{name}”: {why}"


def failed_line(error: str) -> str:
    return f"  Neizdevās: {error}"


def outbox_line(folder: object) -> str:
    return f"Pastkaste: {folder}/index.html"


def draft_column_written(target: str) -> str:
    return f"“Relīzes melnraksts” ierakstīts: {target}."


def press_office_heading(address: str) -> str:
    return f"Preses dienestam ({address}):"


def no_marked_row(activity_id: str) -> str:
    return f"Nav rindas ar ID {activity_id}, kurai prasīta relīze. / No marked row with ID {activity_id}."


def no_active_partner(quoted: str, name: str) -> str:
    return f"Nav aktīva partnera {quoted} lapā “Partneri”. / No active partner “{name}”."


def summary_template_broken(error: object) -> str:
    return f"nedēļas kopsavilkumu veidne ir bojāta: {error} / a summary template is broken"


def fixlist_template_broken(error: object) -> str:
    return f"labojumu saraksta veidne ir bojāta: {error} / a fix-list template is broken"


def partner_row(name: str, row: int) -> str:
    return f"{name or '—'} ({row}. rinda)"


def chart_failed(who: str, error: Exception) -> str:
    return f"{who}: diagrammu nevar uzzīmēt ({type(error).__name__}: {error})"


def witness_says_sent(state_tab: str, in_sheet: str, ledger: object, week: str) -> str:
    """Why a week's summaries are not sent although the ledger has no record of them."""
    return (
        f"lapā “{state_tab}” ierakstīts, ka kopsavilkumi par {in_sheet} jau sūtīti, bet žurnālā "
        f"{ledger} par {week} nekā nav (žurnāls zaudēts vai aizstāts); nesūtu vēlreiz – ja tiešām vajag, "
        f"`kopienas summary --week {week} --resend`. / The sheet says {in_sheet} was sent; the ledger has no record."
    )


def delivery_failed(what: str, why: str) -> str:
    return f"  Neizdevās: {what} – {why}"


def mail_server_said(error: str) -> str:
    return f"  Pasta serveris: {error}"


def active_cell(error: str) -> str:
    """Why a partner's row is not mailed: its “Aktīvs” cell."""
    return f"“Aktīvs”: {error}"
