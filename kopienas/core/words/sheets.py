"""The coordinators' sentences about the sheet itself: its tabs and columns, the rows the tool
leaves alone, planned activities left behind, and texts cut to fit a cell (Latvian; English after a
slash in the one-line errors an operator reads)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from kopienas.core.language import agree, count_phrase, join_list
from kopienas.core.words.dates import numeric_date


def _column_list(columns: Iterable[tuple[str, str, str]]) -> str:
    """“Kopā” (vai domājāt “Kopa”?), “ID” — each (header, closest, setting) of a missing column."""
    out = []
    for header, closest, setting in columns:
        notes = ([f"iestatījums {setting}"] if setting else []) + ([f"vai domājāt “{closest}”?"] if closest else [])
        out.append(f"“{header}”" + (f" ({'; '.join(notes)})" if notes else ""))
    return join_list(out)


def columns_stop_line(tab: str, header_row: int, columns: list[tuple[str, str, str]]) -> str:
    """One line: the columns a tab cannot be checked without, and what to do. Nothing is written."""
    word = "kolonnas" if len(columns) == 1 else "kolonnu"
    headers = ", ".join(f"“{h}”" for h, _, _ in columns)
    return (
        f"Lapā “{tab}” ({header_row}. rindā virsraksti) nav {word} {_column_list(columns)}; lapa netika "
        "pārbaudīta un nekas netika ierakstīts. Pārdēvējiet virsrakstu (vai izlabojiet iestatījumu "
        "konfigurācijā) vai pievienojiet kolonnu ar `kopienas init`. "
        f"/ The tab “{tab}” lacks {headers}: nothing was checked or written."
    )


def columns_missing_line(tab: str, headers: list[str]) -> str:
    """Said once: optional columns a tab does not have, so nothing in them is checked."""
    one = len(headers) == 1
    return (
        f"Lapā “{tab}” nav {'kolonnas' if one else 'kolonnu'} {join_list(f'“{h}”' for h in headers)}: "
        f"{'tā netiek pārbaudīta' if one else 'tās netiek pārbaudītas'}; "
        f"`kopienas init` {'to' if one else 'tās'} pievieno."
    )


def column_not_added(tab: str, header: str, closest: str) -> str:
    """`init` leaves a column alone that looks renamed rather than add a second, empty one."""
    return (
        f"Lapā “{tab}” kolonna “{header}” netika pievienota: vai tā ir “{closest}”? Ja jā, pārdēvējiet "
        f"virsrakstu par “{header}” (vai iestatiet to konfigurācijā); ja nē, pārdēvējiet “{closest}” un "
        "palaidiet `kopienas init` vēlreiz."
    )


def rows_below_line(blank_row: int, first: int, last: int, count: int) -> str:
    """The rows under the activities table (a second table, notes): left alone, and said so."""
    where = f"{first}." if first == last else f"{first}.–{last}."
    return (
        f"Zem tukšās {blank_row}. rindas ir vēl {count_phrase(count, 'rinda')} ({where}), kas nav aktivitātes "
        "(nav kopienas no lapas “Kopienas”); rīks tās nepārbauda un nemaina. Ja tās ir aktivitātes, "
        "izdzēsiet tukšo rindu."
    )


def overdue_planned(column: str, status_typed: str, start: date) -> str:
    """A planned activity whose start has passed: it would silently drop out of the summaries."""
    what = f"“{status_typed}”" if status_typed else "tukšs (nozīmē “Plānota”)"
    return (
        f"{column}: {what}, bet sākums {numeric_date(start)} jau pagājis – izvēlieties “Notikusi” vai “Atcelta” "
        "(vai izlabojiet datumu)."
    )


OVERDUE_LABEL = "No tām plānotas, bet sākums jau pagājis"  # a line of tab Kopsavilkums


def overdue_summary(n: int) -> str:
    return f"Plānotas, bet sākums jau pagājis: {count_phrase(n, 'rinda')}."


def unaddressed_line(n: int, operator: str) -> str:
    """Rows whose problems no coordinator can be mailed about."""
    rows = count_phrase(n, "rinda")
    # The pronouns agree with the count: "1 rinda … tās problēmas … lai to saņemtu … Tā redzama".
    if operator:
        its = agree(n, "tās problēmas nosūtītas", "to problēmas nosūtītas")
        return f"{rows} bez sasniedzama koordinatora: {its} operatoram ({operator})."
    return (
        f"{rows} bez sasniedzama koordinatora (nav derīga E-pasta ne rindā, ne lapā “Kopienas”); "
        f"iestatiet `mail.operator`, lai {agree(n, 'tās problēmas', 'to problēmas')} saņemtu pa e-pastu. "
        f"{agree(n, 'Tā redzama', 'Tās redzamas')} arī `kopienas status`."
    )


def capped_lines(lines: Sequence[str], limit: int) -> str:
    """Lines joined one per line, within `limit` characters: the first ones in full, then
    “… un vēl 12 problēmas”. A single line longer than a fifth of the limit is cut with “…”."""
    longest = max(limit // 5, 1)
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        line = line if len(line) <= longest else line[: longest - 1] + "…"
        rest = len(lines) - i - 1
        tail = len(more_problems(rest)) + 1 if rest else 0
        if used + len(line) + tail + (1 if out else 0) > limit:
            return "\n".join([*out, more_problems(len(lines) - i)])
        out.append(line)
        used += len(line) + (1 if len(out) > 1 else 0)
    return "\n".join(out)


def more_problems(n: int) -> str:
    return f"… un vēl {count_phrase(n, 'problēma')}"


# --- `kopienas init` (core/sheet_setup.py): what it changed, one line each ------------------------------


def example_refused(tab: str, rows: str) -> str:
    return (
        f"Lapā “{tab}” jau ir dati ({rows}); piemēru var ielikt tikai tukšā tabulā. "
        f"/ The tab “{tab}” already has rows: the example goes only into an empty spreadsheet."
    )


def tab_created(tab: str, columns: str) -> str:
    return f"Izveidota lapa “{tab}” (virsraksti ar paskaidrojumiem, iesaldēti): {columns}."


def in_tab(tab: str) -> str:
    return f"Lapā “{tab}”"


def columns_added(where: str, columns: str) -> str:
    return f"{where} pievienotas kolonnas labajā pusē: {columns}."


def header_frozen(where: str) -> str:
    return f"{where} virsrakstu rinda iesaldēta."


def header_notes_added(where: str, columns: str) -> str:
    return f"{where} paskaidrojumi pie virsrakstiem: {columns}."


def input_help_added(where: str, described: str) -> str:
    return f"{where} ievades palīdzība (tikai brīdina): {described}."


def tool_columns_protected(where: str, columns: str, protection: str) -> str:
    return f"{where} rīka kolonnas {columns}: {protection}."


def example_written(where: str, rows: str) -> str:
    return f"{where} ierakstīts piemērs: {rows}."


# --- writing (both sources) ------------------------------------------------------------------------


def id_column_gone(tab: str, header: str) -> str:
    return (
        f"Lapā “{tab}” vairs nav kolonnas “{header}”; nekas netika ierakstīts (rīks neveido "
        f"otru ID kolonnu). / The column “{header}” is gone: nothing was written."
    )
