"""Institution names as typed (abbreviations or full names) to full names, via tab `Iestādes`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kopienas.core.models import Institution

_LOOKS_ABBREVIATED = re.compile(r"^[\w.\-/]{1,14}$")


def _compact(s: str) -> str:
    # "26. PII", "26.pii" and "26.PII" are the same abbreviation.
    return re.sub(r"\s+", "", s).casefold().rstrip(".")


@dataclass(frozen=True)
class InstitutionIndex:
    by_abbreviation: dict[str, str]
    full_names: dict[str, str]

    @classmethod
    def of(cls, institutions: Iterable[Institution]) -> InstitutionIndex:
        institutions = tuple(institutions)
        return cls(
            {_compact(i.abbreviation): i.full_name for i in institutions if i.abbreviation},
            {i.full_name.casefold(): i.full_name for i in institutions},
        )

    def expand(self, entries: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(full names, unknown abbreviations). A full name not (yet) in the tab is kept as written;
        an entry that looks like an abbreviation but is not in the tab is returned as unknown."""
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
