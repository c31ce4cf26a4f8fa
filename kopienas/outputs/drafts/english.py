"""An English draft's facts: English names from the reference tabs (`Nosaukums angliski`), the
coordinator's Latvian text through a translation service, or kept Latvian and listed for the note."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kopienas.core import language
from kopienas.core.models import Community, Programme

_LATVIAN = re.compile(r"[āčēģīķļņšūž]|\b(?:un|ar|ir|kā|bet|arī|no|uz|par|tika|kas)\b", re.IGNORECASE)


def looks_latvian(text: str) -> bool:
    return bool(_LATVIAN.search(text))


# Latvian texts -> their English, in order (a translation backend behind the app's port).
Translate = Callable[[list[str]], list[str]]


@dataclass
class English:
    """The coordinator's Latvian text for an English draft: English names from the reference tabs,
    the rest through `translate`, or kept in Latvian and listed for the note."""

    translate: Translate | None
    still_latvian: list[str] = field(default_factory=list)
    failure: str = ""

    def text(self, value: str, what: str, *, latvian: bool = False) -> str:
        return self.texts([value], what, latvian=latvian)[0] if value else value

    def texts(self, values: list[str], what: str, *, latvian: bool = False) -> list[str]:
        """`values` in English; `latvian`: every one is Latvian text (a title, a name), whatever it looks like."""
        todo = [v for v in values if latvian or looks_latvian(v)]
        if not todo:
            return values
        translated = self._translated(todo)
        if translated is None:
            self.still_latvian.append(language.latvian_part(what, len(todo)))
            return values
        done = iter(translated)
        return [next(done) if latvian or looks_latvian(v) else v for v in values]

    def _translated(self, texts: list[str]) -> list[str] | None:
        if self.translate is None:
            return None
        try:
            out = self.translate(texts)
        except Exception as e:  # the service is outside: unreachable, over quota — the draft is still made
            self.failure, self.translate = str(e), None
            return None
        return out if len(out) == len(texts) else None


def english_names(programme: Programme) -> dict[str, str]:
    names = {i.full_name.casefold(): i.name_en for i in programme.institutions if i.name_en}
    names |= {c.resource_centre.casefold(): c.resource_centre_en for c in programme.communities if c.resource_centre_en}
    return names


def english_facts(
    context: dict[str, Any], community: Community | None, english: English, names: dict[str, str]
) -> None:
    """The English draft's names and the coordinator's text, in place of the Latvian ones."""
    context["title_en"] = english.text(context["title"], "title", latvian=True)
    context["project_name"] = language.quoted_name(context["title_en"]) or context["title_en"]
    place = context["place"]
    # An address ("Smilšu iela 92") is written as the post knows it; a named venue is translated.
    if not re.search(r"\d", place):
        place = names.get(place.casefold()) or english.text(place, "venue")
    context["place"] = place
    named = [n for n in context["institutions"] if n.casefold() in names]
    context["institutions"] = [names[n.casefold()] for n in named] + english.texts(
        [n for n in context["institutions"] if n.casefold() not in names], "institutions", latvian=True
    )
    named_centre = community.resource_centre_en if community else ""
    context["resource_centre"] = named_centre or english.text(context["resource_centre"], "resource_centre")
    context["paragraphs"] = english.texts(context["paragraphs"], "description")
    # The closing thanks are the tool's own sentence in English.
    context["closing_thanks"] = bool(context["closing"])
    context["closing"] = []
    context["latvian_paragraphs"] = 0 if english.translate else sum(looks_latvian(p) for p in context["paragraphs"])
    context["still_latvian"] = english.still_latvian
    context["translated_by"] = getattr(english.translate, "name", "") if english.translate else ""
    context["translation_failed"] = english.failure


def community_en(community: Community | None, name: str) -> str:
    return (community.name_en if community else "") or language.english_place(name)
