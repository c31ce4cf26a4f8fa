"""Identifiers are identifiers: what an activity ID or a community code may look like, and the
numbers already issued per community and year. Pure.

IDs and codes become folder and file names (`out/drafts/<ID>/`), so anything but letters, digits
and dashes, within a sane length, is a problem on its cell, never a path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MAX_LENGTH = 40
# ASCII letters and digits, Latvian letters, and dashes between them; starts with a letter or digit.
_LETTERS = "A-Za-z0-9ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž"
_SHAPE = re.compile(rf"[{_LETTERS}][{_LETTERS}-]*")
# Names Windows keeps for devices: never a folder name, whatever the case.
_DEVICE = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.IGNORECASE)
# An ID the tool issues: <code>-<year>-<number>.
_ISSUED = re.compile(r"(.+)-([0-9]{4})-([0-9]+)")


def is_identifier(text: str) -> bool:
    """Letters, digits and dashes only, starting with a letter or digit, at most MAX_LENGTH long."""
    return (
        0 < len(text) <= MAX_LENGTH
        and _SHAPE.fullmatch(text) is not None
        and not text.endswith("-")
        and not _DEVICE.fullmatch(text)
    )


def issued_number(activity_id: str) -> tuple[str, int, int] | None:
    """(community code casefolded, year, number) of an ID shaped like the ones the tool issues."""
    m = _ISSUED.fullmatch(activity_id)
    if not m:
        return None
    return m.group(1).casefold(), int(m.group(2)), int(m.group(3))


def highest_issued(
    ids: Iterable[str], floor: Mapping[tuple[str, int], int] | None = None
) -> dict[tuple[str, int], int]:
    """The highest number per (code casefolded, year): over `ids` and what `floor` (the ledger)
    already holds, so a number once issued stays used after its row is deleted."""
    out = dict(floor or {})
    for activity_id in ids:
        parsed = issued_number(activity_id)
        if parsed:
            code, year, n = parsed
            out[(code, year)] = max(out.get((code, year), 0), n)
    return out


class IdAssigner:
    """Next `<code>-<year>-<nn>` per community and year: always above the highest number ever
    seen (in the sheet or the ledger), never filling a gap a deleted row left."""

    def __init__(self, taken: set[str], highest: Mapping[tuple[str, int], int]):
        self.taken = taken
        self.highest = dict(highest)
        self.issued: dict[tuple[str, int], int] = {}  # what this run gave out

    def next(self, code: str, year: int) -> str:
        key = (code.casefold(), year)
        n = self.highest.get(key, 0) + 1
        while f"{code}-{year}-{n:02d}".casefold() in self.taken:
            n += 1
        self.highest[key] = self.issued[key] = n
        new_id = f"{code}-{year}-{n:02d}"
        self.taken.add(new_id.casefold())
        return new_id
