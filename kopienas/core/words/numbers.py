"""Counts in words: the one agreement rule for every number the tool prints.

Every "<number> <noun>" in a draft, a mail, a sheet note or a console line is made by
`count_phrase` (a noun from NOUNS) and every verb or participle that goes with a count by
`agree`; both choose the form with `plural_index_lv`, the gettext plural rule for Latvian.
"""

from __future__ import annotations

from dataclasses import dataclass

from kopienas.core.words.base import BABEL_LOCALE, check_lang

# The thousands separator CLDR gives each language for a whole number (Latvian a no-break space);
# `format_count` uses it for ints, so printing a count loads no locale data (the tests hold it to
# Babel's `format_decimal` for every int).
THOUSANDS = {"lv": "\u00a0", "en": ","}


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


def _n(one: str, many: str, zero: str, en_one: str, en_many: str, exactly_one: str = "") -> Noun:
    return Noun((one, many, zero), (en_one, en_many), exactly_one)


# "bērni un jaunieši" names one group, so with 21, 31 … Latvian keeps the pair in the singular
# ("21 bērns un jaunietis"), which reads as 21 children plus one young person: sentences about
# people use `people_phrase`, which words such counts differently. Exactly one is
# "1 bērns vai jaunietis".
NOUNS: dict[str, Noun] = {
    "cilvēks": _n("cilvēks", "cilvēki", "cilvēku", "person", "people"),
    "bērni un jaunieši": _n(
        "bērns un jaunietis",
        "bērni un jaunieši",
        "bērnu un jauniešu",
        "child or young person",
        "children and young people",
        exactly_one="bērns vai jaunietis",
    ),
    "pieaugušie": _n("pieaugušais", "pieaugušie", "pieaugušo", "adult", "adults"),
    "aktivitāte": _n("aktivitāte", "aktivitātes", "aktivitāšu", "activity", "activities"),
    "iestāde": _n("iestāde", "iestādes", "iestāžu", "institution", "institutions"),
    "dalībnieks": _n("dalībnieks", "dalībnieki", "dalībnieku", "participant", "participants"),
    "rinda": _n("rinda", "rindas", "rindu", "row", "rows"),
    "partneris": _n("partneris", "partneri", "partneru", "partner", "partners"),
    "vēstule": _n("vēstule", "vēstules", "vēstuļu", "mail", "mails"),
    "melnraksts": _n("melnraksts", "melnraksti", "melnrakstu", "draft", "drafts"),
    "labojumu saraksts": _n("labojumu saraksts", "labojumu saraksti", "labojumu sarakstu", "fix-list", "fix-lists"),
    "nedēļas kopsavilkums": _n(
        "nedēļas kopsavilkums", "nedēļas kopsavilkumi", "nedēļas kopsavilkumu", "weekly summary", "weekly summaries"
    ),
    "reizi": _n("reizi", "reizes", "reižu", "time", "times"),  # accusative: "neizdevās 3 reizes"
    "rindkopa": _n("rindkopa", "rindkopas", "rindkopu", "paragraph", "paragraphs"),
    "kļūda": _n("kļūda", "kļūdas", "kļūdu", "problem", "problems"),
    "kopiena": _n("kopiena", "kopienas", "kopienu", "community", "communities"),
    "kopienu resursu centrs": _n(
        "kopienu resursu centrs",
        "kopienu resursu centri",
        "kopienu resursu centru",
        "community resource centre",
        "community resource centres",
    ),
    "rindā": _n("rindā", "rindās", "rindās", "row", "rows"),  # locative: "2 rindās ir kļūdas"
    "problēma": _n("problēma", "problēmas", "problēmu", "problem", "problems"),
    "pārbaude": _n("pārbaude", "pārbaudes", "pārbaužu", "check", "checks"),
    "palaišana": _n("palaišana", "palaišanas", "palaišanu", "run", "runs"),
    "neizdevusies palaišana": _n(
        "neizdevusies palaišana", "neizdevušās palaišanas", "neizdevušos palaišanu", "failed run", "failed runs"
    ),
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
    if check_lang(lang) == "en":
        return entry.en[0] if n == 1 else entry.en[1]
    if n == 1 and entry.lv_exactly_one:
        return entry.lv_exactly_one
    return entry.lv[plural_index_lv(n)]


def format_count(n: int, lang: str = "lv") -> str:
    """A whole number for running text: Latvian "2 000" (no-break space), English "2,000"."""
    locale = BABEL_LOCALE[check_lang(lang)]
    if type(n) is int:
        return f"{n:,}".replace(",", THOUSANDS[lang])
    from babel.numbers import format_decimal  # here: only a count that is not an int needs the locale's data

    return format_decimal(n, locale=locale)


def count_phrase(n: int, noun: str, lang: str = "lv") -> str:
    """ "380 cilvēki", "21 cilvēks", "0 cilvēku"; en "380 people", "1 person"."""
    return f"{format_count(n, lang)} {noun_form(n, noun, lang)}"


def agree(n: int, one: str, many: str, lang: str = "lv", zero: str | None = None) -> str:
    """The verb or participle that agrees with the count `n`: `one` with 1, 21, 31 … (Latvian) or
    1 (English), `zero` (when given) with 0, `many` otherwise: "1 rinda nav iekļauta",
    "2 rindas nav iekļautas", "21 rinda nav iekļauta"."""
    if n == 0 and zero is not None:
        return zero
    if check_lang(lang) == "en":
        return one if n == 1 else many
    return one if plural_index_lv(n) == 0 else many


def spell_out(n: int, lang: str = "en") -> str:
    """A number in words ("eleven", "one hundred and one"), for the start of a sentence."""
    from num2words import num2words  # type: ignore[import-untyped]  # here: only drafts spell numbers out

    return num2words(n, lang=check_lang(lang))


def sentence_start(text: str, lang: str = "lv") -> str:
    """A sentence as it may be printed: first letter capitalised; in English a number that
    opens it is spelled out ("11 people took part" -> "Eleven people took part")."""
    if lang == "en":
        digits = len(text) - len(text.lstrip("0123456789"))
        if 0 < digits < 4 and (digits == len(text) or not text[digits].isalnum()) and text[digits : digits + 1] != ".":
            text = spell_out(int(text[:digits]), "en") + text[digits:]
    return text[:1].upper() + text[1:]


# --- people ----------------------------------------------------------------------------------


def people_phrase(children: int | None, adults: int | None, lang: str = "lv") -> str:
    """Who took part, for a mail or a table line; an empty group is left out.

    "380 cilvēki (bērni un jaunieši – 332, pieaugušie – 48)", "11 cilvēki (visi pieaugušie)",
    "1 cilvēks (pieaugušais)";
    en "380 people (332 children and young people, 48 adults)", "11 people (all adults)".
    "" when no count was given.
    """
    if children is None and adults is None:
        return ""
    total = count_phrase((children or 0) + (adults or 0), "cilvēks", lang)
    detail = people_groups(children or 0, adults or 0, lang, style="brief")
    return f"{total} ({detail})" if detail else total


def people_groups(children: int, adults: int, lang: str = "lv", *, style: str = "sentence") -> str:
    """The groups of a total: Latvian always "bērni un jaunieši – 332, pieaugušie – 48" (one style
    everywhere, and "41 bērns un jaunietis" would read as 41 children plus one young person);
    English "332 children and young people and 48 adults" in a sentence, joined by a comma with
    `style="brief"`; one group only: "visi pieaugušie" / "all adults"; no one: ""."""
    groups = [(children, "bērni un jaunieši"), (adults, "pieaugušie")]
    present = [(n, noun) for n, noun in groups if n]
    if not present:
        return ""
    if len(present) == 1:
        n, noun = present[0]
        if n == 1:
            form = noun_form(1, noun, lang)
            return form if lang == "lv" else f"an {form}" if form[0] in "aeiou" else f"a {form}"
        if lang == "en":
            return f"all {noun_form(2, noun, 'en')}" if style == "brief" else f"all of them {noun_form(2, noun, 'en')}"
        return f"visi {noun_form(2, noun, 'lv')}"
    if lang == "lv":
        return ", ".join(f"{noun_form(2, noun, 'lv')} – {format_count(n, 'lv')}" for n, noun in present)
    phrases = [count_phrase(n, noun, lang) for n, noun in present]
    joiner = ", " if style == "brief" else (" un " if lang == "lv" else " and ")
    return joiner.join(phrases)
