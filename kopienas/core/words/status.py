"""The bilingual labels of `kopienas status` (Latvian / English): for the operator's terminal."""

from __future__ import annotations

RUNS_COLUMNS = ("darbs / job", "sākums / start", "beigas / finish", "iznākums / outcome", "skaiti / counts")
RUNS_TITLE = "Pēdējās palaišanas / Last runs"
PLAN_COLUMNS = ("darbs / job", "kad / when", "nākamā / next")
PLAN_TITLE = "Nākamās plānotās / Next scheduled"
NOW = "tūlīt / now"
PROBLEM_COLUMNS = ("rinda / row", "ID", "kolonna / column", "kļūda / problem")
NOBODY = "nevienam — iestatiet `mail.operator` / nobody: set `mail.operator`"


def running_now(job: str, pid: object, since: str) -> str:
    return f"Šobrīd darbojas / running now: {job} (PID {pid}, kopš {since})"


def failing_heading(count: int, checked: str) -> str:
    heading = f"Rindas ar kļūdām / Rows still failing: {count}"
    return heading + (f" (pārbaudīts / checked {checked})" if checked else "")


def rows_without_coordinator(rows: str, who: str) -> str:
    return (
        f"Rindas bez sasniedzama koordinatora / Rows no coordinator can be told about: {rows} "
        f"(problēmas sūta / problems go to {who})"
    )


def mails_this_week(week: str, sent: str, failed: str, queued: str) -> str:
    line = f"Vēstules šonedēļ / Mails this week ({week}): nosūtītas / sent {sent}; neizdevās / failed {failed}"
    return line + (f"; rindā / queued {queued}" if queued else "")
