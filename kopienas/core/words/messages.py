"""The tool's own sentences that carry counts, times or names: console lines, alerts, sheet notes.

Every count goes through `count_phrase`/`agree` (numbers.py), every moment through `timestamp` or
`moment_phrase` (dates.py), every quotation through `quote` (quotes.py). A group of zero is left
out of a list rather than printed as "0 …".
"""

from __future__ import annotations

from datetime import datetime

from kopienas.core.words.dates import timestamp, zone_label
from kopienas.core.words.numbers import agree, count_phrase, noun_form
from kopienas.core.words.quotes import quote

TOOL_NAME = quote("kopienas")
TOOL_NOTE = f"Šo kolonnu aizpilda rīks {TOOL_NAME}; ko te ierakstīsiet, tiks pārrakstīts."
PROTECTION_NOTE = f"Šo kolonnu aizpilda rīks {TOOL_NAME}; nerakstiet tajā — rīks to pārrakstīs."
NOTHING_TO_DO = "Nekas nav jāmaina: tabulā jau ir visas vajadzīgās lapas, kolonnas un ievades palīdzība."
DRY_RUN_SAID = "Izmēģinājums bez sūtīšanas: vēstules ierakstītas {folder}/ (nekas nav nosūtīts)."


def _listed(parts: list[str], nothing: str) -> str:
    return ", ".join(parts) if parts else nothing


# --- validation report ---------------------------------------------------------------------------


def rows_checked(n: int, with_problems: int) -> str:
    """ "Pārbaudītas 11 rindas; 2 rindās ir kļūdas." / "Pārbaudīta 1 rinda; kļūdu nav." """
    if n == 0:
        return "Lapā nav nevienas aktivitātes rindas."
    head = f"{agree(n, 'Pārbaudīta', 'Pārbaudītas')} {count_phrase(n, 'rinda')}"
    if not with_problems:
        return f"{head}; kļūdu nav."
    return f"{head}; {count_phrase(with_problems, 'rindā')} ir kļūdas."


def rows_written(target: str, n: int) -> str:
    return f"Rezultāti ierakstīti: {target} ({count_phrase(n, 'rinda')})."


def row_changed_line(activity_id: str, title: str) -> str:
    """A row changed between the tool's read and its write: its verdict waits for the next run."""
    return (
        f"  Rinda ar ID {activity_id or '—'} (“{title}”) mainīta vai pārvietota pēc pārbaudes; tās rezultāts "
        "netika ierakstīts — nākamā palaišana to pārbaudīs no jauna."
    )


def merged_cell_line(cell: str) -> str:
    """A tool cell inside a coordinator's merged range: nothing written there, the merge kept."""
    return (
        f"  Šūna {cell} ir apvienota ar citām; rīks tajā neko neraksta, lai apvienojums paliktu — ja vēlaties "
        "redzēt rezultātu, atdaliet šūnas."
    )


# --- drafts ------------------------------------------------------------------------------------


def drafts_summary(made: int, unchanged: int, skipped: int, *, dry_run: bool = False) -> str:
    """ "Relīžu melnraksti: 1 jauns, 2 bez izmaiņām, 1 nav sagatavots." (empty groups left out)"""
    new = ("tiktu sagatavots", "tiktu sagatavoti") if dry_run else ("jauns", "jauni")
    parts = []
    if made:
        parts.append(f"{made} {agree(made, *new)}")
    if unchanged:
        parts.append(f"{unchanged} bez izmaiņām")
    if skipped:
        parts.append(f"{skipped} {agree(skipped, 'nav sagatavots', 'nav sagatavoti')}")
    return f"Relīžu melnraksti: {_listed(parts, 'nav neviena')}."


def draft_made_note(folder: str, made_at: datetime) -> str:
    """The `Relīzes melnraksts` cell: "out/drafts/DGP-2020-07/ (sagatavots 01.12.2026. plkst. 22.52)"."""
    return f"{folder}/ (sagatavots {timestamp(made_at)})"


# --- mail ---------------------------------------------------------------------------------------


def delivery_summary(sent: int, already: int, failed: int, *, outbox: bool = False) -> str:
    """ "Nosūtītas 2 vēstules; 1 vēstule bija nosūtīta jau agrāk; 1 vēstule netika nosūtīta." With
    `outbox` nothing left the machine: "Ierakstītas pastkastē 2 vēstules (nav nosūtītas …)"."""
    parts = []
    if sent and outbox:
        parts.append(
            f"{agree(sent, 'Ierakstīta', 'Ierakstītas')} pastkastē {count_phrase(sent, 'vēstule')} "
            f'({agree(sent, "nav nosūtīta", "nav nosūtītas")}; sūtīšanai iestatiet `mail.transport` = "smtp") '
            f"/ {count_phrase(sent, 'vēstule', 'en')} written to the outbox, not sent"
        )
    elif sent:
        parts.append(f"{agree(sent, 'Nosūtīta', 'Nosūtītas')} {count_phrase(sent, 'vēstule')}")
    if already:
        parts.append(
            f"{count_phrase(already, 'vēstule')} {agree(already, 'bija nosūtīta', 'bija nosūtītas')} jau agrāk"
        )
    if failed:
        parts.append(f"{count_phrase(failed, 'vēstule')} {agree(failed, 'netika nosūtīta', 'netika nosūtītas')}")
    if not parts:
        return "Nav nosūtāmu vēstuļu."
    return "; ".join(parts[:1] + [p[:1].lower() + p[1:] if p[0].isalpha() else p for p in parts[1:]]) + "."


def not_attempted(n: int) -> str:
    return f"  {count_phrase(n, 'vēstule')} {agree(n, 'netika mēģināta', 'netika mēģinātas')} (tiks nākamajā reizē)"


def mails_planned(fixlists: int, summaries: int, drafts: int, subject: str) -> str:
    """ "Vēstules: 1 labojumu saraksts koordinatoram, 2 nedēļas kopsavilkumi partneriem (…)." """
    parts = []
    if fixlists:
        parts.append(
            f"{count_phrase(fixlists, 'labojumu saraksts')} {agree(fixlists, 'koordinatoram', 'koordinatoriem')}"
        )
    if summaries:
        parts.append(
            f"{count_phrase(summaries, 'nedēļas kopsavilkums')} {agree(summaries, 'partnerim', 'partneriem')} ({subject})"
        )
    if drafts:
        parts.append(f"{count_phrase(drafts, 'melnraksts')} preses dienestam")
    return f"Vēstules: {_listed(parts, 'šoreiz nav ko sūtīt')}."


# --- alerts --------------------------------------------------------------------------------------


def alert_subject(job: str, failures: int) -> str:
    return (
        f"kopienas: darbs {quote(job)} neizdodas {count_phrase(failures, 'reizi')} pēc kārtas "
        f"/ job {quote(job)} failed {count_phrase(failures, 'reizi', 'en')} in a row"
    )


def _when(moment: datetime | None, lang: str = "lv") -> str:
    return f"{timestamp(moment, lang)} ({zone_label(moment.tzinfo, lang)})" if moment else "—"


def alert_text(
    job: str, host: str, failures: int, since: datetime | None, next_try: datetime | None, error: str
) -> str:
    """The operator's mail when a job keeps failing (Latvian, then English)."""
    next_lv = f"mēģinās vēlreiz {_when(next_try)}" if next_try else "mēģinās vēlreiz nākamajā reizē"
    next_en = f"tries again at {_when(next_try, 'en')}" if next_try else "tries again at its next time"
    return (
        f"Darbs {quote(job)} datorā {host} kopš {_when(since)} ir neizdevies {count_phrase(failures, 'reizi')} "
        f"pēc kārtas.\nPēdējā kļūda: {error}\n\n"
        f"Darbs turpinās un {next_lv}. Šī vēstule netiks sūtīta vēlreiz, kamēr darbs neizdosies vismaz "
        f"vienu reizi; kad tas atkal izdosies, saņemsiet vienu vēstuli.\n"
        f"Stāvoklis: `kopienas status`; pārbaude: `kopienas doctor`; žurnāls: `journalctl -u kopienas-*`.\n\n"
        f"The job {quote(job)} on {host} has failed {count_phrase(failures, 'reizi', 'en')} in a row since "
        f"{_when(since, 'en')}.\nLast error: {error}\n\n"
        f"It keeps running and {next_en}. No further alert is sent until the job has succeeded once; "
        f"when it does, you get one mail saying so.\n"
        f"Status: `kopienas status`; checks: `kopienas doctor`; log: `journalctl -u kopienas-*`.\n"
    )


def recovery_subject(job: str) -> str:
    return f"kopienas: darbs {quote(job)} atkal izdodas / job {quote(job)} works again"


def recovery_text(job: str, host: str, failures: int, since: datetime | None, now: datetime, error: str) -> str:
    """The operator's mail when a job that was alerted about works again."""
    return (
        f"Darbs {quote(job)} datorā {host} atkal izdevās ({_when(now)}) pēc tam, kad "
        f"{count_phrase(failures, 'reizi')} pēc kārtas neizdevās (kopš {_when(since)}). Pēdējā kļūda bija: {error}\n\n"
        f"The job {quote(job)} on {host} succeeded again ({_when(now, 'en')}) after {failures} failed "
        f"{noun_form(failures, 'run', 'en')} in a row (since {_when(since, 'en')}). The last error was: {error}\n"
    )


def more_rows(n: int) -> str:
    """Under a cut-off table: "… un vēl 5 rindas / and 5 more rows"."""
    return f"… un vēl {count_phrase(n, 'rinda')} / and {count_phrase(n, 'row', 'en')} more"


# --- the press office's mail ----------------------------------------------------------------------


def press_office_intro(docx_name: str, folder: str, lang: str = "lv") -> str:
    """The greeting and the one line saying what is attached and where the other files are."""
    if lang == "en":
        return (
            f"Hello,\n\nAttached is the press-release draft as a Word document ({docx_name}); the same draft "
            f"as HTML and Markdown is in {folder}/."
        )
    return (
        f"Labdien!\n\nPielikumā ir relīzes melnraksts Word formātā ({docx_name}); tas pats melnraksts HTML un "
        f"Markdown formātā ir mapē {folder}/."
    )


def press_office_subject(title: str, activity_id: str, lang: str = "lv") -> str:
    word = "Press-release draft" if lang == "en" else "Relīzes melnraksts"
    return f"{word}: {title} ({activity_id})"


def docs_summary(created: int = 0, updated: int = 0, recreated: int = 0, unchanged: int = 0) -> str:
    """ "Google dokumenti: 2 jauni, 1 atjaunināts, 3 bez izmaiņām." (empty groups left out)"""
    parts = []
    if created:
        parts.append(f"{created} {agree(created, 'jauns', 'jauni')}")
    if updated:
        parts.append(f"{updated} {agree(updated, 'atjaunināts', 'atjaunināti')}")
    if recreated:
        parts.append(f"{recreated} {agree(recreated, 'izveidots no jauna', 'izveidoti no jauna')}")
    if unchanged:
        parts.append(f"{unchanged} bez izmaiņām")
    return f"Google dokumenti: {_listed(parts, 'nav neviena')}."


# --- deliveries whose answer never came -------------------------------------------------------------


def uncertain_delivery(what: str, why: str, retries: int) -> str:
    """A delivery whose answer never came after the whole message went (it may have arrived)."""
    later = f"vēlāk to sūtīs vēlreiz ne vairāk kā {retries}×" if retries else "vēlreiz to nesūtīs"
    return f"  Neskaidri: {what} – savienojums pārtrūka pēc vēstules nosūtīšanas, tā var būt saņemta; {later} ({why})"


def uncertain_held(what: str) -> str:
    """An ambiguous delivery retried as often as allowed: not sent again."""
    return (
        f"  Neskaidri, vairs netiek sūtīts: {what} – pārjautājiet saņēmējam, vai vēstule pienāca "
        "(vajadzības gadījumā: summary --resend)"
    )


# The detail a mail's ledger entry gets when a run ended (killed) while it was being handed over.
INTERRUPTED_DETAIL = "palaišana tika pārtraukta sūtīšanas laikā / the run ended while sending"


def interrupted_delivery(what: str, retries: int) -> str:
    """A mail whose hand-over a killed run left unanswered: it may have arrived."""
    later = f"sūtu vēlreiz (ne vairāk kā {retries}×), tā var pienākt divreiz" if retries else "vēlreiz to nesūtu"
    return (
        f"  Neskaidri: {what} — iepriekšējā palaišana tika pārtraukta tās sūtīšanas laikā, tā var būt saņemta; {later}"
    )
