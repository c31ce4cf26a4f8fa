"""Dates and times in words: month names in every case, days, periods, weeks, clock times.

Latvian news and official usage: "2022. gada 27. janvārī" (ordinal dots and spaces, the year in
the genitive with "gada"), "no 24. līdz 27. septembrim", "plkst. 22.52". English follows British
usage: "27 January 2022", "from 24 to 27 September 2020", "22:52".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kopienas.core.words.base import check_lang

EN_DASH = "\u2013"


@dataclass(frozen=True)
class MonthName:
    nominative: str  # janvāris — week labels, headings
    genitive: str  # janvāra — "no 28. janvāra", "2020. gada janvāra"
    dative: str  # janvārim — "līdz 2. janvārim"
    locative: str  # janvārī — "27. janvārī" (when something happens)


LV_MONTHS: tuple[MonthName, ...] = (
    MonthName("janvāris", "janvāra", "janvārim", "janvārī"),
    MonthName("februāris", "februāra", "februārim", "februārī"),
    MonthName("marts", "marta", "martam", "martā"),
    MonthName("aprīlis", "aprīļa", "aprīlim", "aprīlī"),
    MonthName("maijs", "maija", "maijam", "maijā"),
    MonthName("jūnijs", "jūnija", "jūnijam", "jūnijā"),
    MonthName("jūlijs", "jūlija", "jūlijam", "jūlijā"),
    MonthName("augusts", "augusta", "augustam", "augustā"),
    MonthName("septembris", "septembra", "septembrim", "septembrī"),
    MonthName("oktobris", "oktobra", "oktobrim", "oktobrī"),
    MonthName("novembris", "novembra", "novembrim", "novembrī"),
    MonthName("decembris", "decembra", "decembrim", "decembrī"),
)

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

CASES = ("nominative", "genitive", "dative", "locative")


def month_name(month: int, case: str = "nominative", lang: str = "lv") -> str:
    """`month_name(9, "dative")` -> "septembrim". English has one form for every case."""
    if check_lang(lang) == "en":
        return EN_MONTHS[month - 1]
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; use one of {', '.join(CASES)}")
    return getattr(LV_MONTHS[month - 1], case)


# --- dates -----------------------------------------------------------------------------------


def _lv_day(d: date, case: str, with_year: bool) -> str:
    year = f"{d.year}. gada " if with_year else ""
    return f"{year}{d.day}. {month_name(d.month, case)}"


def _en_day(d: date, with_year: bool) -> str:
    return f"{d.day} {EN_MONTHS[d.month - 1]}" + (f" {d.year}" if with_year else "")


def date_phrase(d: date, lang: str = "lv", *, with_year: bool = True) -> str:
    """When something happens: "2022. gada 27. janvārī" (locative); en "27 January 2022"."""
    if check_lang(lang) == "en":
        return _en_day(d, with_year)
    return _lv_day(d, "locative", with_year)


def date_range_phrase(start: date, end: date | None, lang: str = "lv", *, with_year: bool = True) -> str:
    """A period, as a sentence needs it.

    Latvian uses "no" + genitive and "līdz" + dative and names each month only where it changes:
      no 24. līdz 27. septembrim
      no 30. septembra līdz 2. oktobrim
      no 2020. gada 28. decembra līdz 2021. gada 2. janvārim
    With `with_year`, the year is said once, after "no", when both ends share it — the form used
    in Latvian news and calls ("no 2020. gada 24. līdz 27. septembrim"). Across a new year both
    years are always given, since the dates would be ambiguous otherwise. A single day (no end,
    or end == start) is `date_phrase` ("2020. gada 24. septembrī").

    English: "24–27 September 2020", "30 September – 2 October 2020",
    "28 December 2020 – 2 January 2021".
    """
    lang = check_lang(lang)
    if end is None or end == start:
        return date_phrase(start, lang, with_year=with_year)
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    across_years = start.year != end.year
    if lang == "en":
        if across_years:
            return f"{_en_day(start, True)} {EN_DASH} {_en_day(end, True)}"
        year = f" {end.year}" if with_year else ""
        if start.month == end.month:
            return f"{start.day}{EN_DASH}{_en_day(end, False)}{year}"
        return f"{_en_day(start, False)} {EN_DASH} {_en_day(end, False)}{year}"
    if across_years:
        return f"no {_lv_day(start, 'genitive', True)} līdz {_lv_day(end, 'dative', True)}"
    year = f"{start.year}. gada " if with_year else ""
    if start.month == end.month:
        return f"no {year}{start.day}. līdz {_lv_day(end, 'dative', False)}"
    return f"no {year}{_lv_day(start, 'genitive', False)} līdz {_lv_day(end, 'dative', False)}"


def week_label(monday: date, sunday: date, lang: str = "lv") -> str:
    """A compact, nominative label for a week, e.g. for an e-mail subject.

    "2020. gada 21.–27. septembris", "2020. gada 28. septembris – 4. oktobris",
    "2020. gada 28. decembris – 2021. gada 3. janvāris"; en "21–27 September 2020".
    """
    lang = check_lang(lang)
    if sunday < monday:
        raise ValueError(f"week ends ({sunday}) before it starts ({monday})")
    if lang == "en":
        return date_range_phrase(monday, sunday, "en")
    if monday.year != sunday.year:
        return f"{_lv_day(monday, 'nominative', True)} {EN_DASH} {_lv_day(sunday, 'nominative', True)}"
    if monday.month == sunday.month:
        return f"{monday.year}. gada {monday.day}.{EN_DASH}{_lv_day(sunday, 'nominative', False)}"
    return (
        f"{monday.year}. gada {_lv_day(monday, 'nominative', False)} {EN_DASH} {_lv_day(sunday, 'nominative', False)}"
    )


def time_phrase(hour: int, minute: int, lang: str = "lv") -> str:
    """Clock time: Latvian "plkst. 10.15", English "10:15"."""
    if check_lang(lang) == "en":
        return f"{hour:02d}:{minute:02d}"
    return f"plkst. {hour}.{minute:02d}"


def period_phrase(start: date, end: date | None, lang: str = "lv", *, with_year: bool = True) -> str:
    """When something happens, for inside a sentence.

    Latvian is `date_range_phrase` ("no 24. līdz 27. septembrim", "2020. gada 24. septembrī").
    English uses from/to, never a bare dash, and "on" for one day: "from 24 to 27 September 2020",
    "from 30 September to 2 October 2020", "on 24 September 2020".
    """
    if check_lang(lang) == "lv":
        return date_range_phrase(start, end, lang, with_year=with_year)
    if end is None or end == start:
        return f"on {_en_day(start, with_year)}"
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    if start.year != end.year:
        return f"from {_en_day(start, True)} to {_en_day(end, True)}"
    year = f" {end.year}" if with_year else ""
    if start.month == end.month:
        return f"from {start.day} to {_en_day(end, False)}{year}"
    return f"from {_en_day(start, False)} to {_en_day(end, False)}{year}"


# --- moments: one format everywhere ----------------------------------------------------------

_ZONE_NAMES = {"Europe/Riga": {"lv": "Rīgas laiks", "en": "Riga time"}}


def zone_label(zone: object, lang: str = "lv") -> str:
    """ "Rīgas laiks" / "Riga time" for Europe/Riga; other zones by their name."""
    name = str(getattr(zone, "key", zone) or "")
    return _ZONE_NAMES.get(name, {}).get(check_lang(lang), name)


def moment_phrase(moment: datetime, lang: str = "lv") -> str:
    """A moment in running text: "2026. gada 1. decembrī plkst. 22.52"; en "1 December 2026 at 22:52"."""
    clock = time_phrase(moment.hour, moment.minute, lang)
    if check_lang(lang) == "en":
        return f"{_en_day(moment.date(), True)} at {clock}"
    return f"{_lv_day(moment.date(), 'locative', True)} {clock}"


def numeric_date(d: date) -> str:
    """A date in a sheet note or a message, as every Latvian text of the tool writes it: "28.12.2020."."""
    return f"{d:%d.%m.%Y}."


def timestamp(moment: datetime, lang: str = "lv", *, with_date: bool = True) -> str:
    """A moment in a cell, a table or a log-like line: "01.12.2026. plkst. 22.52"; en
    "01.12.2026 22:52". Without the date: "plkst. 22.52" / "22:52"."""
    clock = time_phrase(moment.hour, moment.minute, lang)
    if not with_date:
        return clock
    if check_lang(lang) == "en":
        return f"{moment:%d.%m.%Y} {clock}"
    return f"{moment:%d.%m.%Y}. {clock}"
