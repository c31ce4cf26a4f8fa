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

# Who runs the programme is not its partner: the summary names the role a recipient has.
PROGRAMME_RUNNERS = ("izglītības iniciatīvu centrs", "education initiatives centre")
ROLE = {
    "lv": {"runner": "programmas īstenotājs", "partner": "programmas partneris"},
    "en": {"runner": "the organisation running the programme", "partner": "a partner of the programme"},
}


def recipient_role(name: str, lang: str = "lv") -> str:
    """ "programmas partneris", or "programmas īstenotājs" for the Education Initiatives Centre."""
    runs = " ".join(name.split()).casefold().startswith(PROGRAMME_RUNNERS)
    return ROLE[lang]["runner" if runs else "partner"]


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
