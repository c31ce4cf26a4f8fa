"""The words of the programme's progress release: ordinals, rounded figures, small numbers in words.

"jau ceturto gadu", "aizvadīto trīs gadu laikā", "vairāk nekā 60 dažādas aktivitātes",
"ap 2000 Latgales iedzīvotāju", "vēl divus jaunus kopienu resursu centrus" — as seed 003 says them.
"""

from __future__ import annotations

_ORDINAL_ACCUSATIVE = ["pirmo", "otro", "trešo", "ceturto", "piekto", "sesto", "septīto", "astoto", "devīto", "desmito"]
_EN_ORDINAL = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_GENITIVE = ["viena", "divu", "trīs", "četru", "piecu", "sešu", "septiņu", "astoņu", "deviņu", "desmit"]
_ACCUSATIVE = ["vienu", "divus", "trīs", "četrus", "piecus", "sešus", "septiņus", "astoņus", "deviņus", "desmit"]
_EN_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def year_ordinal(n: int, lang: str = "lv") -> str:
    """ "ceturto" (gadu) / "fourth" (year); past ten, "11." / "11th"."""
    if 1 <= n <= 10:
        return (_ORDINAL_ACCUSATIVE if lang == "lv" else _EN_ORDINAL)[n - 1]
    if lang == "lv":
        return f"{n}."
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def small_number(n: int, case: str = "accusative", lang: str = "lv") -> str:
    """1–10 in words ("divus", "trīs gadu", "two"); larger numbers as digits."""
    if not 1 <= n <= 10:
        return str(n)
    if lang != "lv":
        return _EN_WORDS[n - 1]
    return (_GENITIVE if case == "genitive" else _ACCUSATIVE)[n - 1]


def floor_shown(n: int) -> int:
    """The number "more than …" shows: 63 -> 60, 104 -> 100; exact below 20."""
    step = 100 if n >= 200 else 10
    return n if n < 20 else n // step * step


def more_than(n: int, lang: str = "lv") -> str:
    """A count as news rounds it down: "vairāk nekā 60" (63), "vairāk nekā 100" (104); exact below
    20 or when round ("60"). The noun agrees with the number shown (`floor_shown`)."""
    shown = floor_shown(n)
    if shown == n:
        return str(n)
    return f"vairāk nekā {shown}" if lang == "lv" else f"more than {shown}"


def about_shown(n: int) -> int:
    """The number "about …" shows: 1964 -> 2000, 377 -> 380; exact below 100."""
    if n < 100:
        return n
    step = 100 if n >= 1000 else 10
    return round(n / step) * step


def about(n: int, lang: str = "lv") -> str:
    """A number of people as news rounds it: "ap 2000" (1 964), "ap 380" (377); exact below 100."""
    shown = about_shown(n)
    if shown == n:
        return str(n)
    return f"ap {shown}" if lang == "lv" else f"about {shown}"
