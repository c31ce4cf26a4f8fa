"""One quotation style in every output: “ ” outside, ‘ ’ inside, alternating with depth.

Coordinators type „…”, "…", «…» or “…”; every text the tool writes uses “…”, and a quotation
inside a quotation uses ‘…’ (then “…” again), in Latvian and English alike:
    quote("Projekta “Šķirosim tīrākai nākotnei!” sākums")
    -> “Projekta ‘Šķirosim tīrākai nākotnei!’ sākums”
"""

from __future__ import annotations

import re

OPEN, CLOSE = "\u201c", "\u201d"  # “ ”
INNER_OPEN, INNER_CLOSE = "\u2018", "\u2019"  # ‘ ’

_OPENERS = "\u201c\u201e\u00ab\u2018\u201a"  # “ „ « ‘ ‚

# A straight double quote opens where a word starts after it (at the start, after a space or an
# opening bracket), else it closes.
_STRAIGHT_OPENS = re.compile(r'(?:^|(?<=[\s(\[{\u2014\u2013-]))"(?=\S)')


def _curl_straight(text: str) -> str:
    return _STRAIGHT_OPENS.sub(OPEN, text).replace('"', CLOSE)


def _marks(text: str) -> list[tuple[int, str]]:
    """Positions of quotation marks as ("open" | "close")."""
    out = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "\u201c" and depth and i and not text[i - 1].isspace() and text[i - 1] not in "([{":
            out.append((i, "close"))  # „…“ (German style): “ after a word closes
            depth -= 1
        elif (ch in _OPENERS and ch not in "\u2018") or (
            ch == "\u2018" and (i == 0 or text[i - 1].isspace() or text[i - 1] in "([{\u201c\u201e")
        ):
            out.append((i, "open"))
            depth += 1
        elif depth and (ch in "\u201d\u00bb" or (ch == "\u2019" and (i + 1 == len(text) or not text[i + 1].isalpha()))):
            out.append((i, "close"))
            depth -= 1
    return out


def normalise_quotes(text: str, depth: int = 0) -> str:
    """Every quotation mark in `text` in the house style, nesting from `depth` (0: “ ”, 1: ‘ ’).

    An apostrophe inside a word (project’s, O’Brien) is not a quotation mark and stays.
    """
    text = _curl_straight(text)
    chars = list(text)
    level = depth
    for i, kind in _marks(text):
        if kind == "open":
            chars[i] = OPEN if level % 2 == 0 else INNER_OPEN
            level += 1
        else:
            level = max(depth, level - 1)
            chars[i] = CLOSE if level % 2 == 0 else INNER_CLOSE
    return "".join(chars)


def quote(text: str) -> str:
    """`text` in quotation marks, its own quotations one level in: “… ‘…’ …”."""
    return f"{OPEN}{normalise_quotes(text, depth=1)}{CLOSE}"
