"""Latvian (and English) wording: dates in the right case, number agreement, lists, phones, names.

Pure functions, no I/O. Latvian needs things Babel's data does not give: month names in the
genitive, dative and locative ("no 24. septembra līdz 2. oktobrim", "27. janvārī"), and noun forms
chosen by the gettext plural rule for Latvian. Those tables live here.

Date style follows Latvian news and official usage: "2022. gada 27. janvārī" (ordinal dots and
spaces, the year in the genitive with "gada"). English follows British usage: "27 January 2022".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import phonenumbers
from babel.lists import format_list
from babel.numbers import format_decimal

LANGUAGES = ("lv", "en")

# Babel locale per language. en_GB: "27 January", "2,000", and lists without a serial comma.
_BABEL_LOCALE = {"lv": "lv", "en": "en_GB"}

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


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def month_name(month: int, case: str = "nominative", lang: str = "lv") -> str:
    """`month_name(9, "dative")` -> "septembrim". English has one form for every case."""
    if _check_lang(lang) == "en":
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
    if _check_lang(lang) == "en":
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
    lang = _check_lang(lang)
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
    lang = _check_lang(lang)
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
    if _check_lang(lang) == "en":
        return f"{hour:02d}:{minute:02d}"
    return f"plkst. {hour}.{minute:02d}"


# --- numbers and number agreement ------------------------------------------------------------


def plural_index_lv(n: int) -> int:
    """The gettext plural rule for Latvian: `n%10==1 && n%100!=11 ? 0 : n!=0 ? 1 : 2`.

    0 -> singular (1, 21, 101 cilvēks), 1 -> plural (2, 11, 380 cilvēki), 2 -> genitive plural
    for zero (0 cilvēku). CLDR's "zero" category (10–20, 30 …) is deliberately not used: with it
    "11 cilvēku" and "11 cilvēki" would both be reachable, and translators work with gettext.
    """
    if n < 0:
        raise ValueError("counts are never negative")
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1 if n != 0 else 2


@dataclass(frozen=True)
class Noun:
    lv: tuple[str, str, str]  # by plural_index_lv: 1/21 …, 2/11 …, 0
    en: tuple[str, str]  # one, other
    lv_exactly_one: str = ""  # a different form for n == 1 itself, where Latvian needs it


# "bērni un jaunieši" names one group, so with 21, 31 … Latvian keeps the pair in the singular
# ("piedalījās 21 bērns un jaunietis"), but for exactly one person "1 bērns un jaunietis" would
# read as two people: that one is "1 bērns vai jaunietis".
NOUNS: dict[str, Noun] = {
    "cilvēks": Noun(("cilvēks", "cilvēki", "cilvēku"), ("person", "people")),
    "bērni un jaunieši": Noun(
        ("bērns un jaunietis", "bērni un jaunieši", "bērnu un jauniešu"),
        ("child or young person", "children and young people"),
        lv_exactly_one="bērns vai jaunietis",
    ),
    "pieaugušie": Noun(("pieaugušais", "pieaugušie", "pieaugušo"), ("adult", "adults")),
    "aktivitāte": Noun(("aktivitāte", "aktivitātes", "aktivitāšu"), ("activity", "activities")),
    "iestāde": Noun(("iestāde", "iestādes", "iestāžu"), ("institution", "institutions")),
    "dalībnieks": Noun(("dalībnieks", "dalībnieki", "dalībnieku"), ("participant", "participants")),
    "rinda": Noun(("rinda", "rindas", "rindu"), ("row", "rows")),
    "partneris": Noun(("partneris", "partneri", "partneru"), ("partner", "partners")),
    "problēma": Noun(("problēma", "problēmas", "problēmu"), ("problem", "problems")),
}

# Any form (either language) finds its noun: count_phrase(3, "iestādes") works like "iestāde".
_NOUN_BY_FORM = {
    form: key for key, noun in NOUNS.items() for form in (key, *noun.lv, *noun.en, noun.lv_exactly_one) if form
}


def noun_form(n: int, noun: str, lang: str = "lv") -> str:
    """The form of `noun` (a key of NOUNS or any of its forms) that agrees with `n`."""
    key = _NOUN_BY_FORM.get(noun)
    if key is None:
        raise KeyError(f"no forms for {noun!r}; known nouns: {', '.join(NOUNS)}")
    entry = NOUNS[key]
    if _check_lang(lang) == "en":
        return entry.en[0] if n == 1 else entry.en[1]
    if n == 1 and entry.lv_exactly_one:
        return entry.lv_exactly_one
    return entry.lv[plural_index_lv(n)]


def format_count(n: int, lang: str = "lv") -> str:
    """A whole number for running text: Latvian "2 000" (no-break space), English "2,000"."""
    return format_decimal(n, locale=_BABEL_LOCALE[_check_lang(lang)])


def count_phrase(n: int, noun: str, lang: str = "lv") -> str:
    """ "380 cilvēki", "21 cilvēks", "0 cilvēku"; en "380 people", "1 person"."""
    return f"{format_count(n, lang)} {noun_form(n, noun, lang)}"


# --- lists, phones, names --------------------------------------------------------------------


def join_list(items: Iterable[str], lang: str = "lv") -> str:
    """ "A, B un C"; en "A, B and C". Empty -> ""."""
    items = [str(i) for i in items]
    if not items:
        return ""
    return format_list(items, locale=_BABEL_LOCALE[_check_lang(lang)])


def format_phone(raw: str) -> str:
    """One house style for phone numbers: "+371 26 825 598". Unparsable input comes back as is."""
    try:
        number = phonenumbers.parse(raw, "LV")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number):
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def looks_feminine(full_name: str) -> bool:
    """Whether a Latvian name reads as a woman's, to choose "koordinatore" or "koordinators".

    Latvian surnames (and most first names) of women end in -a or -e (Jukša, Liepiņa, Zaķe),
    men's in -s, -š, -is, -us (Bērziņš, Ivanovs). The surname, the last word, decides.
    A guess for a draft that a person reads before publishing.
    """
    words = full_name.split()
    return bool(words) and words[-1].casefold().endswith(("a", "e"))


# Head nouns of place names whose genitive is not made by the endings below.
_GENITIVE_HEADS = {
    "novads": "novada",
    "pagasts": "pagasta",
    "ciems": "ciema",
    "mikrorajons": "mikrorajona",
    "pilsēta": "pilsētas",
    "apkaime": "apkaimes",
    "kopiena": "kopienas",
}


def place_genitive(name: str) -> str:
    """A place or community name as an attribute: "Rēzekne" -> "Rēzeknes (kopiena)".

    Only the last word changes: -a/-e add -s (Ludza -> Ludzas, Zilupe -> Zilupes), plural -i
    becomes -u (Preiļi -> Preiļu), known head nouns are looked up (Preiļu novads -> Preiļu novada).
    Anything else is kept: -s of the sixth declension is the same in the genitive (Daugavpils),
    and names already in the genitive (Ludzas, Preiļu) stay as they are.
    """
    name = " ".join(name.split())
    if not name:
        return name
    head, _, last = name.rpartition(" ")
    prefix = f"{head} " if head else ""
    folded = last.casefold()
    if folded in _GENITIVE_HEADS:
        genitive = _GENITIVE_HEADS[folded]
        return prefix + (genitive.capitalize() if last[0].isupper() else genitive)
    if re.search(r"[^\W\d_][ae]$", last, re.IGNORECASE):
        return prefix + last + "s"
    if re.search(r"[^\W\d_]i$", last, re.IGNORECASE) and len(last) > 2:
        return prefix + last[:-1] + "u"
    return name


def upper_first(text: str) -> str:
    """Capitalise the first letter only ("no 24. līdz …" -> "No 24. līdz …")."""
    return text[:1].upper() + text[1:]
