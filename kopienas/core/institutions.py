"""Institution names as typed (abbreviations or full names) to full names, via tab `Iestādes`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from kopienas.core.models import Institution

_LOOKS_ABBREVIATED = re.compile(r"^[\w.\-/]{1,14}$")
_SPACES = re.compile(r"\s+")
Expanded = tuple[tuple[str, ...], tuple[str, ...]]


def _compact(s: str) -> str:
    # "26. PII", "26.pii" and "26.PII" are the same abbreviation.
    return _SPACES.sub("", s).casefold().rstrip(".")


@dataclass(frozen=True)
class InstitutionIndex:
    by_abbreviation: dict[str, str]
    full_names: dict[str, str]
    # entries as typed -> their expansion: rows name the same few institutions over and over
    _expanded: dict[tuple[str, ...], Expanded] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, institutions: Iterable[Institution]) -> InstitutionIndex:
        """The index of the tab's institutions; reading and checking one sheet share it (and what
        it has expanded)."""
        return _index_of(tuple(institutions))

    def expand(self, entries: Iterable[str]) -> Expanded:
        """(full names, unknown abbreviations). A full name not (yet) in the tab is kept as written;
        an entry that looks like an abbreviation but is not in the tab is returned as unknown."""
        if type(entries) is not tuple:
            return self._expand(entries)
        found = self._expanded.get(entries)
        if found is None:
            found = self._expanded[entries] = self._expand(entries)
        return found

    def _expand(self, entries: Iterable[str]) -> Expanded:
        names, unknown = [], []
        for entry in entries:
            full = self.by_abbreviation.get(_compact(entry)) or self.full_names.get(entry.casefold())
            if full:
                names.append(full)
            elif _LOOKS_ABBREVIATED.match(entry) and any(ch.isupper() or ch.isdigit() for ch in entry):
                unknown.append(entry)
            else:
                names.append(entry)
        return tuple(dict.fromkeys(names)), tuple(unknown)


@lru_cache(maxsize=2)
def _index_of(institutions: tuple[Institution, ...]) -> InstitutionIndex:
    return InstitutionIndex(
        {_compact(i.abbreviation): i.full_name for i in institutions if i.abbreviation},
        {i.full_name.casefold(): i.full_name for i in institutions},
    )


# --- abbreviations in running text ----------------------------------------------------------------

_QUOTE_MARKS = '\u201c\u201d\u201e\u00ab\u00bb"'


def is_abbreviation(text: str) -> bool:
    """ "BJC Jaunība", "26.PII", "SD ĢAC": a run of two capitals; "Mezgls" is a name, not one."""
    return any(len(w) > 1 and w.isupper() for w in re.findall(r"[^\W\d_]+", text))


def _pattern(abbreviation: str) -> re.Pattern[str]:
    # "BJC Jaunība" also as typed with quotation marks: BJC “Jaunība”, BJC "Jaunība".
    tokens = [re.escape(t) for t in abbreviation.split()]
    quoted = [rf"[{_QUOTE_MARKS}]?{t}[{_QUOTE_MARKS}]?" for t in tokens]
    joined = r"\s+".join(quoted)
    return re.compile(rf"(?<![\w.]){joined}(?!\w)", re.IGNORECASE)


def genitive(full_name: str) -> str:
    """An institution's name as an attribute ("… centra “Jaunība” bērnu klubs"): the head noun, the
    last word before its quoted name, in the genitive (centrs -> centra, skola -> skolas)."""
    quoted = re.search("\u201c.*\u201d\\s*$", full_name)
    head, tail = (full_name[: quoted.start()].rstrip(), " " + quoted.group(0)) if quoted else (full_name, "")
    before, _, last = head.rpartition(" ")
    if last.endswith(("is", "us")) or not last:
        return full_name
    if last.endswith("s"):
        last = last[:-1] + "a"
    elif last.endswith(("a", "e")):
        last += "s"
    else:
        return full_name
    return f"{before} {last}{tail}".strip()


def write_out(texts: list[str], institutions: Iterable[Institution]) -> list[str]:
    """The texts with every abbreviation from `Iestādes` written out at its first mention (across
    the texts in order): "BJC “Jaunība” bērnu klubs" -> "Daugavpils Bērnu un jauniešu centra
    “Jaunība” bērnu klubs"; later mentions stay short, as a reader knows them by then."""
    known = sorted(
        ((i.abbreviation, i.full_name) for i in institutions if i.abbreviation and is_abbreviation(i.abbreviation)),
        key=lambda pair: -len(pair[0]),
    )
    seen: set[str] = set()
    out = []
    for text in texts:
        for abbreviation, full in known:
            if abbreviation.casefold() in seen:
                continue
            match = _pattern(abbreviation).search(text)
            if not match:
                continue
            seen.add(abbreviation.casefold())
            # Followed by a noun phrase in lower case, the name is its attribute: the genitive.
            attribute = re.match(r"\s+[a-zāčēģīķļņšūž]", text[match.end() :])
            name = genitive(full) if attribute else full
            text = text[: match.start()] + name + text[match.end() :]
        out.append(text)
    return out
