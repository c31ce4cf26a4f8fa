"""The programme's names in English, for translating the coordinators' Latvian text.

A translation service given these keeps the names the programme uses ("Darbīgās kopienas" is
“Active Communities”, not “Working communities”): DeepL as a glossary, a service without
glossaries by substitution before the text is sent (`substitute`).
"""

from __future__ import annotations

import re

from kopienas.core.models import Programme

# The names every article uses; the reference tabs add their own (`Nosaukums angliski`).
PROGRAMME_NAMES = {
    "Darbīgās kopienas": "Active Communities",
    "Izglītības iniciatīvu centrs": "Education Initiatives Centre",
    "British Council pārstāvniecība Latvijā": "British Council in Latvia",
    "Kopienas resursu centrs": "Community Resource Centre",
    "Daugavpils valstspilsētas Izglītības pārvalde": "Education Department of Daugavpils State City",
}


def glossary(programme: Programme) -> dict[str, str]:
    """Latvian name -> English name: the programme's own, then every English name in the tabs."""
    entries = dict(PROGRAMME_NAMES)
    for community in programme.communities:
        if community.name_en:
            entries[community.name] = community.name_en
        if community.resource_centre_en and community.resource_centre:
            entries[community.resource_centre] = community.resource_centre_en
    for institution in programme.institutions:
        if institution.name_en:
            entries[institution.full_name] = institution.name_en
    for partner in programme.partners:
        if partner.name_en:
            entries[partner.name] = partner.name_en
    # A glossary holds one line per entry, without tabs: anything else would break it.
    return {k: v for k, v in entries.items() if k and v and not re.search(r"[\t\n\r]", k + v)}


def substitute(text: str, entries: dict[str, str]) -> str:
    """The English names put in place of the Latvian ones, longest first (so a name inside a
    longer one is not replaced half-way)."""
    for latvian in sorted(entries, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(latvian)}(?!\w)", entries[latvian], text)
    return text
