"""People's names: whether a coordinator is a woman or a man, and how a greeting addresses them.

The first name decides, never the surname: Andris Liepa is a man, Svetlana Petrenko a woman. The
tables hold Latvian first names and the Russian, Ukrainian and Belarusian names common in Latgale,
in their Latvian spelling (and without diacritics, as they are often typed). A name not in them
is judged by its ending (Latvian: -a, -e women; -s, -š, -o men); anything else is unknown, and
the tab Kopienas (column “Koordinatora dzimums”) says it outright.
"""

from __future__ import annotations

import unicodedata

FEMALE, MALE = "f", "m"

_LV_FEMALE = """
Agnese Agnija Aija Aina Ainava Aiva Alise Alīda Alma Alda Ance Anda Andra Anete Anita Anna Anete
Antra Ārija Astra Austra Baiba Beāte Biruta Brigita Daina Dace Dagnija Daiga Daila Dana Dina
Dita Dzintra Edīte Egita Elīna Elza Elvīra Ērika Evija Evita Gaida Gunta Guna Gundega Gunita
Ieva Ilga Ilona Ilze Ina Indra Inese Ineta Inga Ingrīda Inguna Inta Ināra Irēna Iveta Jana
Jolanta Karīna Katrīna Kristiāna Kristīne Laila Laima Lana Laura Lāsma Lelde Lība Liene Liga
Līga Līna Linda Lolita Madara Maija Maira Mairita Māra Mārīte Marta Mirdza Monta Nora Olita
Paula Rasa Rita Rudīte Rūta Sandra Sanita Santa Sarmīte Signe Silvija Skaidrīte Solvita Sniedze
Daiga Arvita Anita Anitra Terēze Una Valda Vaira Velta Vija Vineta Vita Zane Zanda Zelma Zenta
Zigrīda Žanete Elīza Emīlija Estere Keita Kitija Marija Agita Dagmāra Daina Evelīna Gita
Inārija Jautrīte Kristīna Ligita Līvija Margita Rolanda Sabīne Silva Velga Viktorija Zaiga
"""

_LV_MALE = """
Aigars Aivars Agris Aldis Alvis Andis Andris Andrejs Armands Arnis Artis Artūrs Arvis Atis
Dainis Dāvis Didzis Edgars Egils Einārs Elmārs Emīls Ēriks Ervīns Gatis Gints Ģirts Guntars
Gunārs Gundars Harijs Imants Indulis Ivars Jānis Jāzeps Juris Jurģis Kārlis Kaspars Klāvs
Krišjānis Krists Kristaps Laimonis Lauris Leons Mārcis Māris Mārtiņš Matīss Miks Mikus Normunds
Oskars Osvalds Pauls Pēteris Raimonds Raitis Raivis Raivo Reinis Renārs Ričards Rihards Roberts
Rolands Rūdolfs Sandis Sandris Uldis Ugis Uģis Valdis Valters Vilnis Viesturs Visvaldis Voldemārs
Zigmunds Ainārs Alberts Alvils Ansis Arvīds Dzintars Edvīns Egons Gunis Guntis Ilmārs Ingus
Intars Ivo Jurijs Kristers Ojārs Rinalds Roalds Toms Tomass Valentīns Vents Ralfs Niks Ernests
Gustavs Olafs Dāvids Markuss Emīls Adrians Eduards Igors Intars Jēkabs Juris Lūkass
"""

_EAST_FEMALE = """
Svetlana Jeļena Jelena Tatjana Irina Natālija Natalija Nataļja Oļga Olga Gaļina Galina Ludmila
Valentīna Valentina Marina Larisa Jekaterina Anastasija Viktorija Oksana Inna Alla Žanna Zhanna
Veronika Raisa Zoja Nina Vera Tamāra Tamara Ksenija Darja Jūlija Julija Kristina Aļona Alona
Alīna Alina Antoņina Antonina Jevgēņija Jevgenija Margarita Polina Sofija Valērija Valerija Lidija
Nelli Ļubova Lubova Nadežda Nadezhda Jevdokija Zinaīda Zinaida Olena Oļena Halina Haļina Mariia
Nadija Ulyana Uļjana Taisija Vasilisa Milana Diāna Diana Regīna Regina Snežana Snezhana Elvīra
"""

_EAST_MALE = """
Sergejs Vladimirs Aleksandrs Aleksejs Dmitrijs Igors Nikolajs Mihails Viktors Oļegs Olegs
Genādijs Genadijs Vitālijs Vitalijs Valērijs Valerijs Anatolijs Jevgeņijs Jevgenijs Konstantīns
Konstantins Pāvels Pavels Ivans Romāns Romans Staņislavs Stanislavs Vladislavs Vjačeslavs
Vjaceslavs Boriss Grigorijs Leonīds Leonids Maksims Artjoms Artems Deniss Iļja Ilja Ņikita Nikita
Kirils Timurs Vadims Vasilijs Fjodors Arkādijs Arkadijs Gļebs Glebs Stepans Tarass Taras Bohdans
Bogdans Mikola Jaroslavs Oleksandrs Volodimirs Danila Savva Foma Luka Petro Mykola Andrijs Jurijs
Eduards Rostislavs Svjatoslavs Semjons Georgijs Valentīns Aleksandrs Gennadijs Eugeņijs Antons
Zahars Saša Miša Kostja Griša Vaņa Petja Koļa Toļa Ļoša Daņila Ruslans Arturs Maksims
"""

# Men's names that end like women's (-a, -e, -ja) and women's that end like men's.
_UNUSUAL = {
    "m": "ilja iļja nikita ņikita danila daņila savva foma luka mikola mykola misa miša kostja "
    "grisa griša vana vaņa petja kola koļa tola toļa losa ļoša petro",
    "f": "nelli",
}


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip(".,;:()")


def _names(*blocks: str) -> frozenset[str]:
    return frozenset(_fold(w) for block in blocks for w in block.split())


# Short forms both men and women go by (Aleksandrs and Aleksandra are both Saša): the surname decides.
UNISEX_NAMES = frozenset(["saša", "sasa", "sasha", "žeņa", "ženja", "zenja", "valja", "šura", "sura"])
_FEMALE_SURNAME = ("ova", "eva", "ina", "ska", "aja", "a", "e")
_MALE_SURNAME = ("ovs", "evs", "ins", "skis", "ovičs", "s", "š", "o")

FEMALE_NAMES = _names(_LV_FEMALE, _EAST_FEMALE, _UNUSUAL["f"])
MALE_NAMES = _names(_LV_MALE, _EAST_MALE, _UNUSUAL["m"])


def first_name(full_name: str) -> str:
    words = " ".join(full_name.split()).split(" ")
    return words[0].split("-")[0] if words and words[0] else ""


_OVERRIDE = {
    "f": FEMALE,
    "s": FEMALE,
    "sieviete": FEMALE,
    "siev.": FEMALE,
    "female": FEMALE,
    "woman": FEMALE,
    "koordinatore": FEMALE,
    "m": MALE,
    "v": MALE,
    "vīrietis": MALE,
    "vir.": MALE,
    "male": MALE,
    "man": MALE,
    "koordinators": MALE,
}


def parse_gender(value: str) -> str | None:
    """A value typed in the column “Koordinatora dzimums”: S/sieviete or V/vīrietis (also F/M,
    female/male); anything else (empty) is None."""
    return _OVERRIDE.get(_fold(value))


def gender_of(full_name: str, override: str = "") -> str | None:
    """ "f", "m" or None (unknown), from the first name; `override` ("sieviete", "V", …) wins."""
    stated = parse_gender(override) if override else None
    if stated:
        return stated
    name = _fold(first_name(full_name))
    if not name or not name[0].isalpha():
        return None
    if name in UNISEX_NAMES:
        surname = _fold(full_name.split()[-1]) if len(full_name.split()) > 1 else ""
        if surname.endswith(_FEMALE_SURNAME):
            return FEMALE
        return MALE if surname.endswith(_MALE_SURNAME) else None
    if name in FEMALE_NAMES:
        return FEMALE
    if name in MALE_NAMES:
        return MALE
    if name.endswith(("a", "e")):
        return FEMALE
    if name.endswith(("s", "š", "o")):
        return MALE
    return None


def looks_feminine(full_name: str, override: str = "") -> bool:
    """Whether a coordinator is a woman ("koordinatore") — from the first name, see `gender_of`."""
    return gender_of(full_name, override) == FEMALE


def vocative(name: str) -> str:
    """A man's first name as a greeting addresses him: Jānis -> Jāni, Mikus -> Miku,
    Aivars -> Aivar, Sergejs -> Sergej, Krišs -> Kriš. Women's names are the same."""
    if name.endswith(("is", "us")) or (name.endswith(("s", "š")) and len(name) > 2):
        return name[:-1]
    return name


def greeting(full_name: str, lang: str = "lv", override: str = "") -> str:
    """ "Labdien, Jāni!", "Labdien, Svetlana!"; "Labdien!" when the first name is not a known one
    (an office, an initial, a name the tables do not hold). English: "Hello Jānis," / "Hello,"."""
    first = first_name(full_name).strip(".,;:()")
    known = _fold(first) in FEMALE_NAMES or _fold(first) in MALE_NAMES or parse_gender(override)
    if not known or not first[:1].isupper():
        return "Labdien!" if lang == "lv" else "Hello,"
    if lang == "en":
        return f"Hello {first},"
    return f"Labdien, {vocative(first) if gender_of(full_name, override) == MALE else first}!"
