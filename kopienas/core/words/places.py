"""Place names: the genitive of a community, a place typed in the locative, municipalities in English."""

from __future__ import annotations

import re

# Head nouns of place names whose genitive is not made by the endings below.
_GENITIVE_HEADS = {
    "novads": "novada",
    "pagasts": "pagasta",
    "ciems": "ciema",
    "mikrorajons": "mikrorajona",
    "pilsēta": "pilsētas",
    "valstspilsēta": "valstspilsētas",
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


# --- the locative ("Smilšu ielā 92") -------------------------------------------------------------

# Locative -> nominative of the head nouns places are named by; others are only recognised.
_LOCATIVE_HEADS = {
    "ielā": "iela",
    "laukumā": "laukums",
    "parkā": "parks",
    "skolā": "skola",
    "centrā": "centrs",
    "mājā": "māja",
    "zālē": "zāle",
    "bibliotēkā": "bibliotēka",
    "ēkā": "ēka",
    "telpās": "telpas",
    "pagastā": "pagasts",
    "novadā": "novads",
    "pilsētā": "pilsēta",
    "mikrorajonā": "mikrorajons",
    "krastā": "krasts",
    "mežaparkā": "mežaparks",
    "iestādē": "iestāde",
    "dārzā": "dārzs",
    "birojā": "birojs",
    "klubā": "klubs",
    "pilī": "pils",
    "muzejā": "muzejs",
    "baznīcā": "baznīca",
    "stadionā": "stadions",
    "aulā": "aula",
    "klasē": "klase",
    "apkaimē": "apkaime",
    "teritorijā": "teritorija",
    "pagalmā": "pagalms",
    "ciemā": "ciems",
    "namā": "nams",
    "gatvē": "gatve",
    "prospektā": "prospekts",
    "bulvārī": "bulvāris",
    "šosejā": "šoseja",
    "ezerā": "ezers",
    "pludmalē": "pludmale",
    "mežā": "mežs",
    "sētā": "sēta",
    "kafejnīcā": "kafejnīca",
    "sporta zālē": "sporta zāle",
    "bērnudārzā": "bērnudārzs",
    "ģimnāzijā": "ģimnāzija",
    "vidusskolā": "vidusskola",
    "pamatskolā": "pamatskola",
    "dienestā": "dienests",
}

_WORD = re.compile(r"[^\W\d_]+")


def _head(part: str) -> str:
    """The last word of a place part, before house numbers: "Smilšu ielā 92" -> "ielā"."""
    words = _WORD.findall(part)
    return words[-1] if words else ""


def is_locative(part: str) -> bool:
    """Whether a place reads as "where" (Smilšu ielā 92, Kultūras pils ēkā, Preiļos) rather
    than as a name (Smilšu iela 92)."""
    head = _head(part).casefold()
    return head in _LOCATIVE_HEADS or (len(head) > 3 and head.endswith(("ā", "ē", "ī", "ū", "ās", "ēs", "os")))


def place_parts(place: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", place) if p.strip()]


def nominative_place(place: str) -> tuple[str, list[str]]:
    """`place` with its locative parts made nominative where the head noun is known
    ("Smilšu ielā 92" -> "Smilšu iela 92"); also the parts that still read as locative."""
    unknown = []
    out = place
    for part in place_parts(place):
        if not is_locative(part):
            continue
        head = _head(part)
        nominative = _LOCATIVE_HEADS.get(head.casefold())
        if nominative is None:
            unknown.append(part)
            continue
        if head[:1].isupper():
            nominative = nominative.capitalize()
        fixed = part[::-1].replace(head[::-1], nominative[::-1], 1)[::-1]
        out = out.replace(part, fixed, 1)
    return out, unknown


# --- municipalities in English -----------------------------------------------------------------

_MUNICIPALITY_WORDS = {"novads": "Municipality", "pagasts": "Parish", "valstspilsēta": "State City", "pilsēta": "City"}

# Genitive -> nominative of the names the programme's municipalities are built from.
_NOMINATIVE = {
    "Preiļu": "Preiļi",
    "Ludzas": "Ludza",
    "Rēzeknes": "Rēzekne",
    "Augšdaugavas": "Augšdaugava",
    "Krāslavas": "Krāslava",
    "Daugavpils": "Daugavpils",
    "Līvānu": "Līvāni",
    "Balvu": "Balvi",
    "Aglonas": "Aglona",
    "Zilupes": "Zilupe",
    "Vārkavas": "Vārkava",
    "Ilūkstes": "Ilūkste",
}


def english_place(name: str) -> str:
    """ "Augšdaugavas novads" -> "Augšdaugava Municipality", "Preiļu novads" -> "Preiļi
    Municipality", "Daugavpils valstspilsēta" -> "Daugavpils State City"; other names as they are."""
    words = " ".join(name.split()).split(" ")
    if len(words) < 2 or words[-1].casefold() not in _MUNICIPALITY_WORDS:
        return " ".join(words)
    base = " ".join(words[:-1])
    if base in _NOMINATIVE:
        base = _NOMINATIVE[base]
    elif base.endswith("as") or base.endswith("es"):
        base = base[:-1]
    elif base.endswith("u"):
        base = base[:-1] + "i"
    return f"{base} {_MUNICIPALITY_WORDS[words[-1].casefold()]}"
