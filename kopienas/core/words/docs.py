"""Latvian wording for the drafts kept as Google Docs (beside `language`, which holds the rest)."""

from __future__ import annotations

from datetime import date, datetime

from kopienas.core.words.dates import timestamp

DOC_LINK_TEXT = "Melnraksts Google dokumentā"
DOC_UPDATED = "{link} (atjaunināts {when})"
DOC_NOT_UPLOADED = "Google dokuments nav atjaunināts: Drive mape nav pieejama (skat. ziņojumu)."
DOC_ACTIONS = {
    "created": "izveidots",
    "updated": "atjaunināts",
    "recreated": "izveidots no jauna (iepriekšējais bija izdzēsts vai atkritnē)",
    "unchanged": "bez izmaiņām",
}
MAIL_DOC_LINE = "Google dokuments: {link}"


def stamp(moment: datetime) -> str:
    """`01.12.2026. plkst. 22.15` — how the sheet shows when a document was last updated."""
    return timestamp(moment)


def doc_name(start: date | None, title: str, activity_id: str) -> str:
    """The document's name in Drive: `2020-09-24 Rudens talka (DGP-2020-07)`, so a folder sorts by date."""
    when = start.isoformat() if start else "bez datuma"
    return f"{when} {' '.join(title.split())} ({activity_id})"


def doc_note(moment: datetime) -> tuple[str, int]:
    """The cell text and how many of its first characters are the link."""
    return DOC_UPDATED.format(link=DOC_LINK_TEXT, when=stamp(moment)), len(DOC_LINK_TEXT)
