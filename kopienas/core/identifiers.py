"""Identifiers are identifiers: what an activity ID or a community code may look like, the one
parser of the IDs the tool issues and the one issuer of new ones. Pure.

IDs and codes become folder and file names (`out/drafts/<ID>/`), so anything but letters, digits
and dashes, within a sane length, is a problem on its cell, never a path. Every part of an issued
ID is bounded — the code by MAX_CODE_LENGTH, the year by four digits, the number by MAX_NUMBER — so
every ID the tool issues passes its own rule on the next run, and every number it parses fits the
ledger's integers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_LENGTH = 40
# The number after the year: up to six digits (a community's activities in one year, with room to spare).
MAX_NUMBER = 999_999
_NUMBER_DIGITS = len(str(MAX_NUMBER))
# `<code>-<yyyy>-<nnnn>` within MAX_LENGTH: the code gets what the year and number leave.
MAX_CODE_LENGTH = MAX_LENGTH - len("-0000-") - _NUMBER_DIGITS
# ASCII letters and digits, Latvian letters, and dashes between them; starts with a letter or digit.
_LETTERS = "A-Za-z0-9ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž"
# Names Windows keeps for devices: never a folder name, whatever the case.
_DEVICE = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.IGNORECASE)
# An ID the tool issues: <code>-<year>-<number>, the number's digits bounded before int() reads them.
_ISSUED = re.compile(rf"(.+)-([0-9]{{4}})-([0-9]{{1,{_NUMBER_DIGITS}}})")
# The three rules of `is_identifier` (shape, no dash at the end, no device name) as one pattern.
# (Case is ignored in the device names only: in the letters it would let "K", the Kelvin sign, in.)
_IDENTIFIER = re.compile(rf"(?!(?i:{_DEVICE.pattern})\Z)[{_LETTERS}](?:[{_LETTERS}-]*[{_LETTERS}])?")


def is_identifier(text: str) -> bool:
    """Letters, digits and dashes only, starting with a letter or digit, at most MAX_LENGTH long."""
    return len(text) <= MAX_LENGTH and _IDENTIFIER.fullmatch(text) is not None


def is_issuing_code(code: str) -> bool:
    """A community code the tool can issue IDs under: an identifier short enough that every ID
    made from it (`<code>-<yyyy>-<nnnn>`) is one too."""
    return len(code) <= MAX_CODE_LENGTH and is_identifier(code)


@dataclass(frozen=True, slots=True)
class IssuedId:
    code: str  # casefolded
    year: int
    number: int


def parse_issued(activity_id: str) -> IssuedId | None:
    """The parts of an ID shaped like the ones the tool issues; None for any other text (a number
    beyond MAX_NUMBER included: such an ID is the coordinator's own, not one the tool counts on)."""
    m = _ISSUED.fullmatch(activity_id)
    if not m or not is_identifier(activity_id):
        return None
    code, year, number = m.groups()
    n, y = int(number), int(year)
    if not 1 <= n <= MAX_NUMBER or not 1000 <= y <= 9999:
        return None
    return IssuedId(code.casefold(), y, n)


def format_issued(code: str, year: int, number: int) -> str | None:
    """The ID `<code>-<yyyy>-<nn>`, or None when any part is out of its bounds."""
    if not is_issuing_code(code) or not 1000 <= year <= 9999 or not 1 <= number <= MAX_NUMBER:
        return None
    return f"{code}-{year:04d}-{number:02d}"


def highest_issued(
    ids: Iterable[str], floor: Mapping[tuple[str, int], int] | None = None
) -> dict[tuple[str, int], int]:
    """The highest number per (code casefolded, year): over `ids` and what `floor` (the ledger)
    already holds, so a number once issued stays used after its row is deleted."""
    out = {key: min(n, MAX_NUMBER) for key, n in (floor or {}).items()}
    for activity_id in ids:
        parsed = parse_issued(activity_id)
        if parsed:
            key = (parsed.code, parsed.year)
            out[key] = max(out.get(key, 0), parsed.number)
    return out


def combined(
    highest: Mapping[tuple[str, int], int], floor: Mapping[tuple[str, int], int] | None = None
) -> dict[tuple[str, int], int]:
    """`highest_issued` of IDs whose highest numbers are already known (`highest`), over `floor`."""
    out = highest_issued((), floor)
    for key, n in highest.items():
        out[key] = max(out.get(key, 0), n)
    return out


class IdAssigner:
    """The one issuer: next `<code>-<year>-<nn>` per community and year, always above the highest
    number ever seen (in the sheet or the ledger), never filling a gap a deleted row left."""

    def __init__(self, taken: set[str], highest: Mapping[tuple[str, int], int]):
        self.taken = taken
        self.highest = dict(highest)
        self.issued: dict[tuple[str, int], int] = {}  # what this run gave out

    def next(self, code: str, year: int) -> str | None:
        """The next free ID, or None when none is left within the bounds (a code too long, a year
        outside 1000..9999, every number up to MAX_NUMBER used)."""
        key = (code.casefold(), year)
        n = self.highest.get(key, 0) + 1
        while (new_id := format_issued(code, year, n)) is not None and new_id.casefold() in self.taken:
            n += 1
        if new_id is None:
            return None
        self.highest[key] = self.issued[key] = n
        self.taken.add(new_id.casefold())
        return new_id
