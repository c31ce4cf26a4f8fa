"""Cell addresses and cell text as the spreadsheet XML spells them."""

from __future__ import annotations

import re

from lxml import etree

from kopienas.adapters.sources.workbook.package import q

MAX_COLUMN = 16384  # XFD
MAX_ROW = 1048576
MAX_TEXT = 32767  # the most characters a cell holds

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
XML_NS = "http://www.w3.org/XML/1998/namespace"


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_ref(ref: str) -> tuple[int, int]:
    """'C5' -> (row 5, column 3)."""
    m = _REF.match(ref.strip())
    if not m:
        raise ValueError(ref)
    return int(m.group(2)), column_number(m.group(1))


def ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def parse_range(text: str) -> tuple[int, int, int, int]:
    first, _, last = text.partition(":")
    r1, c1 = parse_ref(first)
    r2, c2 = parse_ref(last) if last else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def xml_text(text: str) -> str:
    """Text as an OOXML string: characters XML cannot hold become `_xHHHH_`; a literal `_x` that
    looks like such an escape is escaped itself; cut at the 32,767 characters a cell holds."""
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return _XML_BAD.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text)


def string_text(element: etree._Element) -> str:
    """The text of an <si> or <is>: plain or rich runs, phonetic hints left out."""
    t = element.find(q("t"))
    if t is not None:
        return t.text or ""
    return "".join(t.text or "" for r in element.iter(q("r")) for t in r.iter(q("t")))
