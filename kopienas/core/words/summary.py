"""The weekly summary's own words: programme name, subject, table headings, year-to-date phrases."""

from __future__ import annotations

from datetime import date

from kopienas.core.words.dates import month_name

PROGRAMME_NAME = {"lv": "Darbīgās kopienas", "en": "Active Communities"}
SUMMARY_SUBJECT = {
    "lv": "Darbīgās kopienas — nedēļas kopsavilkums, {week}",
    "en": "Active Communities — weekly summary, {week}",
}
TABLE_HEADER = {
    "lv": ("Kopiena", "Aktivitātes", "Bērni un jaunieši", "Pieaugušie", "Kopā", "Iestādes"),
    "en": ("Community", "Activities", "Children and young people", "Adults", "Total", "Institutions"),
}
TOTAL_LABEL = {"lv": "Kopā", "en": "Total"}


def until_phrase(day: date, lang: str) -> str:
    """ "līdz 27. septembrim"; en "up to 27 September". (The end of a period that has no start.)"""
    if lang == "en":
        return f"up to {day.day} {month_name(day.month, lang='en')}"
    return f"līdz {day.day}. {month_name(day.month, 'dative')}"


def chart_alt(year: int, until: date, lang: str) -> str:
    """The chart's text for readers who cannot see it."""
    if lang == "en":
        return f"Bar chart: participants per community, {year} {until_phrase(until, 'en')}"
    return f"Stabiņu diagramma: dalībnieki pa kopienām {year}. gadā {until_phrase(until, 'lv')}"
