"""The bilingual labels of `kopienas status` (Latvian / English): for the operator's terminal."""

from __future__ import annotations

from kopienas.core.words.dates import time_phrase
from kopienas.core.words.numbers import noun_form

RUNS_COLUMNS = ("darbs / job", "sākums / start", "beigas / finish", "iznākums / outcome", "skaiti / counts")
RUNS_TITLE = "Pēdējās palaišanas / Last runs"
PLAN_COLUMNS = ("darbs / job", "kad / when", "nākamā / next")
PLAN_TITLE = "Nākamās plānotās / Next scheduled"
NOW = "tūlīt / now"
PROBLEM_COLUMNS = ("rinda / row", "ID", "kolonna / column", "kļūda / problem")


def running_now(job: str, pid: object, since: str) -> str:
    return f"Šobrīd darbojas / running now: {job} (PID {pid}, kopš {since})"


def failing_heading(count: int, checked: str) -> str:
    heading = f"Rindas ar kļūdām / Rows still failing: {count}"
    return heading + (f" (pārbaudīts / checked {checked})" if checked else "")


def rows_without_coordinator(rows: str, operator: str) -> str:
    """Who hears about rows no coordinator can be told about: Latvian, then English."""
    if operator:
        return (
            f"Rindas bez sasniedzama koordinatora ({rows}): to kļūdas saņem {operator}. "
            f"/ Rows no coordinator can be told about ({rows}): their problems go to {operator}."
        )
    return (
        f"Rindas bez sasniedzama koordinatora ({rows}): to kļūdas nesaņem neviens – iestatiet `mail.operator`. "
        f"/ Rows no coordinator can be told about ({rows}): nobody gets their problems — set `mail.operator`."
    )


def mails_this_week(week: str, sent: str, failed: str, queued: str) -> str:
    line = f"Vēstules šonedēļ / Mails this week ({week}): nosūtītas / sent {sent}; neizdevās / failed {failed}"
    return line + (f"; rindā / queued {queued}" if queued else "")


# The ledger's names as a person reads them: job names, outcomes, counts, schedule rules.
STATUS_JOBS = {
    "run": "viss darbs / run",
    "validate": "pārbaude / validate",
    "validation": "pārbaude un melnraksti / validation",
    "watch": "sekošana / watch",
    "drafts": "melnraksti / drafts",
    "summary": "nedēļas kopsavilkumi / summaries",
    "fixlists": "labojumu saraksti / fix-lists",
    "schedule": "plānotājs / scheduler",
}
STATUS_OUTCOMES = {
    "ok": "izdevās / ok",
    "problems": "ar kļūdām / with problems",
    "failed": "neizdevās / failed",
    "running": "notiek / running",
}
STATUS_MAIL_KINDS = {
    "fixlist": ("labojumu saraksti", "fix-lists"),
    "summary": ("kopsavilkumi", "summaries"),
    "draft": ("melnraksti", "drafts"),
    "alert": ("brīdinājumi", "alerts"),
    "unaddressed": ("rindas bez koordinatora", "rows without a coordinator"),
}
_LV_WEEKDAYS = ["pirmdienās", "otrdienās", "trešdienās", "ceturtdienās", "piektdienās", "sestdienās", "svētdienās"]
_EN_WEEKDAYS = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"]
# Each count of a run: (Latvian, English) with {n} and the noun forms agreeing; zero is left out
# unless the key is in _STATUS_ALWAYS (a run that read 0 rows says so).
_STATUS_COUNTS = {
    "rows": ("{n} {rinda}", "{n} rows"),
    "rows_with_problems": ("{n} ar kļūdām", "{n} with problems"),
    "drafts_made": ("{n} {melnraksts}", "{n} drafts"),
    "made": ("{n} {melnraksts}", "{n} drafts made"),
    "unchanged": ("{n} nemainīti", "{n} unchanged"),
    "skipped": ("{n} nesagatavoti", "{n} skipped"),
    "mails_sent": ("{n} {vēstule}", "{n} mails"),
    "sent": ("{n} {vēstule}", "{n} mails"),
    "already_sent": ("{n} jau agrāk", "{n} sent before"),
    "mails_failed": ("{n} neizdevās", "{n} failed"),
    "failed": ("{n} neizdevās", "{n} failed"),
    "mails_uncertain": ("{n} nezināmi", "{n} uncertain"),
    "uncertain": ("{n} nezināmi", "{n} uncertain"),
    "rejected": ("{n} netiek sūtīti", "{n} not sent"),
    "planned": ("{n} sagatavoti", "{n} planned"),
    "failed_jobs": ("{n} darbi neizdevās", "{n} jobs failed"),
    "docs_created": ("{n} jauni dokumenti", "{n} new docs"),
    "docs_updated": ("{n} atjaunoti dokumenti", "{n} docs updated"),
    "docs_recreated": ("{n} dokumenti no jauna", "{n} docs recreated"),
}
_STATUS_ALWAYS = {"rows", "mails_sent", "sent"}


def _status_count(key: str, n: int) -> tuple[str, str] | None:
    if key not in _STATUS_COUNTS or (not n and key not in _STATUS_ALWAYS):
        return None
    lv, en = _STATUS_COUNTS[key]
    forms = {noun: noun_form(n, noun) for noun in ("rinda", "melnraksts", "vēstule")}
    return lv.format(n=n, **forms), en.format(n=n)


def status_counts(counts: dict[str, object]) -> str:
    """A run's counts in words: "16 rindas, 5 ar kļūdām, 8 vēstules aizgāja / 16 rows, 5 with
    problems, 8 mails out"; rows no coordinator can be told about on a line of their own."""
    pairs = []
    for key, value in counts.items():
        if isinstance(value, int) and not isinstance(value, bool):
            pair = _status_count(key, value)
            if pair:
                pairs.append(pair)
    if counts.get("dry_run"):
        pairs.append(("izmēģinājums", "dry run"))
    text = ", ".join(lv for lv, _ in pairs) + " / " + ", ".join(en for _, en in pairs) if pairs else "—"
    orphans = counts.get("rows_without_coordinator")
    if isinstance(orphans, list) and orphans:
        rows = ", ".join(f"{r}." for r in orphans)
        text += f"\nbez koordinatora / no coordinator: {rows}"
    return text


def status_rule(rule: str) -> str:
    """A job's times as the scheduler describes them ("every 15 min", "Mondays 08:00", "daily
    16:00") in Latvian, then English: "ik 15 min / every 15 min"."""
    words = rule.split()
    if words[0] == "every":
        unit = "min" if words[-1] == "min" else "s"
        return f"ik {words[1]} {unit} / {rule}"
    hour, _, minute = words[-1].partition(":")
    clock = time_phrase(int(hour), int(minute or 0)) if hour.isdigit() else words[-1]
    if words[0] == "daily":
        return f"katru dienu {clock} / {rule}"
    if words[0] in _EN_WEEKDAYS:
        return f"{_LV_WEEKDAYS[_EN_WEEKDAYS.index(words[0])]} {clock} / {rule}"
    return rule


def status_mail_kinds(counts: dict[str, int]) -> str:
    """ "8 (labojumu saraksti 3, kopsavilkumi 5 / fix-lists 3, summaries 5)"."""
    total = sum(counts.values())
    if not counts:
        return str(total)
    names = [(STATUS_MAIL_KINDS.get(k, (k, k)), n) for k, n in counts.items()]
    lv = ", ".join(f"{lv} {n}" for (lv, _), n in names)
    en = ", ".join(f"{en} {n}" for (_, en), n in names)
    return f"{total} ({lv} / {en})"
