"""Cell addresses and cell text as the spreadsheet XML spells them."""

from __future__ import annotations

import re

from lxml import etree

from kopienas.adapters.sources.workbook.package import q
from kopienas.core import safe_text
from kopienas.core.cells import column_letter

MAX_COLUMN = 16384  # XFD
MAX_ROW = 1048576
MAX_TEXT = 32767  # the most characters a cell holds

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
XML_NS = "http://www.w3.org/XML/1998/namespace"


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
    """Text as an OOXML string: characters XML cannot hold are left out (no reader shows them the
    same way); a literal `_xHHHH_` is escaped, so Excel and LibreOffice show it as typed; cut at
    the 32,767 characters a cell holds."""
    text = _ESCAPE_LIKE.sub("_x005F_", safe_text.xml_text(text))
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text


def string_text(element: etree._Element) -> str:
    """The text of an <si> or <is>: plain or rich runs, phonetic hints left out."""
    t = element.find(q("t"))
    if t is not None:
        return t.text or ""
    return "".join(t.text or "" for r in element.iter(q("r")) for t in r.iter(q("t")))
