"""How an activity's title sits in a sentence, and how the lead meets the coordinator's own opening.

The rules a press editor applies, as the programme's articles write them:

* a title is kept as typed: its own quotations stay “ ”, it is never wrapped whole
  ("Ziemassvētku labdarības akcija “Siltums katrai mājai”");
* a title that is a common noun ("Rudens talka", "Puķu stādu audzēšana") is written in lower case
  mid-sentence ("notika rudens talka"), unless it opens with a proper name ("Preiļu novada …",
  "Ziemassvētku …");
* a title that is a name, not a common noun ("Drošība pie ūdens"), gets a genre noun before it in
  quotation marks — the one the description uses ("āra nodarbība “Drošība pie ūdens”"), else
  "pasākums";
* a description whose first sentence already states the event is the lead: the date goes into it
  ("Septembra nogalē no 24. līdz 27. septembrim …", "22. janvārī Preiļu novada …"), and the event
  is never stated twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from kopienas.core.words.dates import EN_DASH, date_range_phrase, month_name
from kopienas.core.words.quotes import CLOSE, OPEN, normalise_quotes

# Stems of the nouns an activity is called by ("talka", "darbnīcas", "svētki", "nodarbība", …).
EVENT_STEMS = (
    "akcij", "atklāšan", "atvēršan", "audzēšan", "darbnīc", "diskusij", "ekskursij", "festivāl", "izrād",
    "izstād", "koncert", "konkurs", "kvest", "lekcij", "nodarbīb", "pārgājien", "pasākum", "pēcpusdien",
    "projekt", "sacensīb", "sākum", "seminār", "spēl", "svētk", "talk", "tikšan", "tirdziņ", "vakar",
    "viktorīn", "apmācīb", "sapulc", "forum", "nometn", "darbs", "gatavošan", "stādīšan", "sakopšan",
)  # fmt: skip

# Words that open a title with a proper name: holidays, the region, institutions' own names.
PROPER_STEMS = (
    "ziemassvētk", "advent", "lieldien", "jāņ", "līgo", "mārtiņ", "miķeļ", "latvij", "latgal", "eirop",
    "british", "darbīg", "ķīmiķ", "jaunforštadt", "gubišč", "strop",
)  # fmt: skip
_PROPER_PHRASES = ("ģimenes dien", "mātes dien", "tēva dien", "valsts svētk", "skolotāju dien")

# Verbs that state an event ("notika", "norisinājās", …): a sentence with one of them and the
# event's name already says what the lead would say.
_EVENT_VERBS = re.compile(
    r"\b(?:notika|notiks|notiek|norisinājās|norisināsies|norisinās|sākās|sāksies|sācies|sākusies|"
    r"atvērts|atvērta|atklāts|atklāta|rīkoja|rīkos|organizēja|organizēs|sakopa|piedalījās)\b",
    re.IGNORECASE,
)
# A rough time the coordinator opens with, after which the exact date belongs.
_ROUGH_TIME = re.compile(
    r"^((?:\w+\s+)?(?:nogalē|sākumā|vidū|beigās|pirmajā pusē|otrajā pusē)|šonedēļ|pagājušajā nedēļā)\s+",
    re.IGNORECASE,
)
_NOT_GENRE = frozenset(
    [
        "notika",
        "notiks",
        "notiek",
        "norisinājās",
        "bija",
        "ir",
        "tika",
        "tiks",
        "sākās",
        "sācies",
        "sāksies",
        "rīkoja",
        "organizēja",
        "kā",
        "arī",
        "un",
        "par",
        "ar",
        "kas",
        "kur",
        "arī",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
_QUOTED = re.compile(f"{OPEN}(.+){CLOSE}")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _unquoted(title: str) -> str:
    return _QUOTED.sub(" ", normalise_quotes(title))


def quoted_name(title: str) -> str:
    """The name a title quotes: "Āra nodarbība “Drošība pie ūdens”" -> "Drošība pie ūdens"; "" if none."""
    match = _QUOTED.search(normalise_quotes(title))
    return match.group(1) if match else ""


def is_event_noun(word: str) -> bool:
    return word.casefold().startswith(EVENT_STEMS)


def is_common_noun_title(title: str) -> bool:
    """Whether a title is a common-noun phrase ("Rudens talka", "Ziemas darbnīcas", "Āra nodarbība
    “Drošība pie ūdens”"), not a name ("Drošība pie ūdens", "Siltums katrai mājai")."""
    return any(is_event_noun(w) for w in _words(_unquoted(title)))


def opens_with_proper_name(text: str, proper_names: Iterable[str] = ()) -> bool:
    """Whether the first word is a proper name (kept capitalised mid-sentence): a known holiday or
    place, a word of `proper_names` (the communities), an abbreviation, or a capitalised second word
    ("Daugavpils Kopienas resursu centrs")."""
    words = _words(_unquoted(text))
    if not words:
        return False
    first = words[0].casefold()
    if first.startswith(PROPER_STEMS) or text.casefold().startswith(_PROPER_PHRASES):
        return True
    if words[0][1:] != words[0][1:].lower() or (len(words) > 1 and words[1][:1].isupper()):
        return True
    stems = {_stem(w) for name in proper_names for w in _words(name) if len(w) > 3}
    return _stem(words[0]) in stems


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 2)].casefold()


def lower_first(text: str, proper_names: Iterable[str] = ()) -> str:
    """A common noun's first letter in lower case mid-sentence; a proper name's kept."""
    if not text or opens_with_proper_name(text, proper_names):
        return text
    return text[:1].lower() + text[1:]


def genre_from(description: str, name: str) -> str:
    """The genre noun the description puts before the name ("… notika āra nodarbība “Drošība pie
    ūdens”" -> "āra nodarbība"), nominative only; "" when it has none."""
    text = normalise_quotes(description)
    match = re.search(rf"((?:[^\W\d_]+\s+){{1,2}}){re.escape(OPEN + name + CLOSE)}", text)
    if not match:
        return ""
    words = [w for w in match.group(1).split() if w.casefold() not in _NOT_GENRE]
    if not words or not is_event_noun(words[-1]) or not words[-1].endswith(("a", "s", "i", "e", "š")):
        return ""
    genre = words[-2:] if len(words) > 1 and words[-2].islower() else words[-1:]
    return " ".join(genre).lower()


def event_phrase(title: str, description: str = "", proper_names: Iterable[str] = (), genre: str = "pasākums") -> str:
    """The title as the subject of "notika …": kept as typed; a common noun in lower case; a name
    after its genre noun ("āra nodarbība “Drošība pie ūdens”", "pasākums “Siltums katrai mājai”")."""
    title = normalise_quotes(" ".join(title.split()))
    if is_common_noun_title(title):
        return lower_first(title, proper_names)
    found = genre_from(description, title) or genre
    return f"{found} {OPEN}{normalise_quotes(title, depth=1)}{CLOSE}"


def headline_title(title: str, description: str = "", genre: str = "pasākums") -> str:
    """The title as a headline: as typed; a name after its genre noun, capitalised."""
    phrase = event_phrase(title, description, genre=genre)
    return phrase[:1].upper() + phrase[1:]


# --- the lead and the description's own opening ----------------------------------------------------


def first_sentence(paragraph: str) -> str:
    """Up to the first full stop that ends a sentence: not the one of a date ("24. septembrī"),
    an ordinal ("26. pirmsskolas") or an abbreviation ("u.c."): the next word must open a sentence."""
    match = re.match(r"(.+?[^\d\s.][.!?])(?=\s+[A-ZĀ-Ž\u201c\"]|$)", paragraph, re.DOTALL)
    return match.group(1) if match else paragraph


def names_event(text: str, title: str) -> bool:
    """Whether `text` names the activity: its quoted name, or most of its words (by stem:
    "Rudens talkā" names "Rudens talka")."""
    name = quoted_name(title)
    folded = normalise_quotes(text).casefold()
    if (name and name.casefold() in folded) or normalise_quotes(title).casefold() in folded:
        return True
    words = [w for w in _words(_unquoted(title)) if len(w) > 3]
    if not words:
        return False
    found = sum(_stem(w) in folded for w in words)
    return found * 3 >= len(words) * 2 and any(is_event_noun(w) and _stem(w) in folded for w in words)


def states_event(paragraph: str, title: str) -> bool:
    """Whether the paragraph's first sentence says the event took place: it names the event, and
    either with a verb ("notika", "sakopa") or by opening with it."""
    sentence = first_sentence(paragraph)
    return names_event(sentence, title) and bool(_EVENT_VERBS.search(sentence))


def date_into(paragraph: str, when: str, proper_names: Iterable[str] = ()) -> str:
    """The coordinator's opening sentence with the date in it: after a rough time ("Septembra nogalē
    no 24. līdz 27. septembrim …"), else in front ("22. janvārī Preiļu novada …")."""
    rough = _ROUGH_TIME.match(paragraph)
    if rough:
        return f"{rough.group(1)} {when} {paragraph[rough.end() :]}"
    return f"{when[:1].upper()}{when[1:]} {lower_first(paragraph, proper_names)}"


# --- terms and the parts of an English draft still in Latvian --------------------------------------


def term_phrase(start: date, end: date | None, lang: str = "lv") -> str:
    """A project's term as its own line says it: "2022. gada 1. janvāris – 31. marts" (nominative,
    spaced en dash), en "1 January – 31 March 2022"."""
    if lang == "en":
        return date_range_phrase(start, end, "en")
    if end is None or end == start:
        return f"{start.year}. gada {start.day}. {month_name(start.month)}"
    later_year = f"{end.year}. gada " if end.year != start.year else ""
    return (
        f"{start.year}. gada {start.day}. {month_name(start.month)} {EN_DASH} "
        f"{later_year}{end.day}. {month_name(end.month)}"
    )


_LATVIAN_PARTS = {
    "title": ("the title", "the title"),
    "venue": ("the venue", "the venue"),
    "institutions": ("one institution’s name", "{n} institutions’ names"),
    "resource_centre": ("the resource centre’s name", "the resource centre’s name"),
    "description": ("one paragraph of the description", "{n} paragraphs of the description"),
}


def latvian_part(what: str, n: int = 1) -> str:
    """A part of an English draft left in Latvian, for the note: "2 paragraphs of the description"."""
    one, many = _LATVIAN_PARTS[what]
    return one if n == 1 else many.format(n=n)


def describes_aims(text: str) -> bool:
    """Whether a project's description gives its aims ("Projekta mērķis ir …")."""
    return "mērķ" in text.casefold()
