"""The words of what the tool writes as tables and reports: the `Kopsavilkums` and `Rīka stāvoklis`
tabs, the validation report, the fix-list subject and the summary's chart title."""

from __future__ import annotations

# --- tab `Kopsavilkums` (outputs/totals_tab.py) -------------------------------------------------------

TOTALS_HEADER = (
    "Kopiena",
    "Gads",
    "Notikušas",
    "Plānotas",
    "Atceltas",
    "Bērni un jaunieši",
    "Pieaugušie",
    "Dalībnieki kopā",
    "Iestādes",
)
TOTALS_TITLE = "Darbīgās kopienas — kopsavilkums pa kopienām un gadiem"
TOTALS_NOTE = "Skaitļi tikai no rindām bez kļūdām; dalībnieki un iestādes — no notikušajām aktivitātēm."
PROGRAMME_TOTAL = "Programmā kopā"
ROWS_LEFT_OUT = "Rindas ar kļūdām, kas nav ieskaitītas"


def updated_line(moment: str, zone: str) -> str:
    return f"Atjaunināts: {moment} ({zone})"


# --- tab `Rīka stāvoklis` (outputs/state_tab.py) ------------------------------------------------------

STATE_TITLE_LINE = (
    "Šo lapu raksta kopienas rīks; lūdzu, nelabojiet to. / Written by the kopienas tool; please do not edit."
)
LAST_WEEK_LABEL = "Pēdējā nedēļa, par kuru sūtīti partneru kopsavilkumi"
IDENTITY_LABEL = "Darbgrāmatas identitāte (ID numuriem)"
PRESS_LABEL = "Preses dienestam nosūtīts melnraksts"


# --- the validation report (outputs/report.py) --------------------------------------------------------


def report_heading(source: str, tab: str) -> str:
    return f"Pārbaude: {source}, lapa {tab}"


def id_assigned(row: int, activity_id: str) -> str:
    return f"  {row}. rindai piešķirts ID {activity_id}"


def row_problem(row: int, activity_id: str, message: str) -> str:
    ident = f" (ID {activity_id})" if activity_id else ""
    return f"  {row}. rinda{ident}: {message}"


def tab_problem(tab: str, row: int, message: str) -> str:
    return f"  Lapa {tab}, {row}. rinda: {message}"


def row_gone(original_id: str, title: str) -> str:
    return f"  Rinda ar ID {original_id or '—'} ({title}) vairs nav lapā; tai nekas netika ierakstīts."


ALL_ROWS_FINE = "Visas rindas ir kārtībā."


# --- fix lists (outputs/fixlist.py) and the summary's chart (outputs/summary/chart.py) ----------------


def fixlist_subject(rows: str, tab: str, *, for_operator: bool) -> str:
    if for_operator:
        return f"Darbīgās kopienas – {rows} bez koordinatora lapā “{tab}”"
    return f"Darbīgās kopienas – {rows} jāizlabo lapā “{tab}”"


CHART_TITLE = {"lv": "Dalībnieki pa kopienām, {year}", "en": "Participants per community, {year}"}
