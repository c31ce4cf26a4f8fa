"""A1 notation: parsing ranges such as ``'Aktivitātes'!A2:C`` and writing them back the way Google does.

Positions are 0-based and spans end-exclusive, like the API's GridRange. A span's ``None`` end means
"to the edge of the grid" (``A:A``, ``2:2``, ``B2:B``); `Span.within` turns that into numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import invalid

_ENDPOINT = re.compile(r"\$?([A-Za-z]{0,3})\$?(\d{0,7})")
# Titles Google writes without quotes: plain identifiers that can't be mistaken for a cell.
_PLAIN_TITLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d+[Cc]\d+")


def col_letters(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """ "A" -> 0, "AA" -> 26."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


@dataclass(frozen=True)
class Span:
    start_row: int = 0
    end_row: int | None = None
    start_col: int = 0
    end_col: int | None = None

    @property
    def rows(self) -> int:
        return self.end_row - self.start_row

    @property
    def cols(self) -> int:
        return self.end_col - self.start_col

    @property
    def is_cell(self) -> bool:
        return self.end_row == self.start_row + 1 and self.end_col == self.start_col + 1

    def within(self, row_count: int, col_count: int, text: str) -> Span:
        """Fill open ends from the grid size; a range reaching past the grid is Google's 400."""
        end_row = row_count if self.end_row is None else self.end_row
        end_col = col_count if self.end_col is None else self.end_col
        if end_row > row_count or end_col > col_count or self.start_row >= row_count or self.start_col >= col_count:
            raise invalid(f"Range ({text}) exceeds grid limits. Max rows: {row_count}, max columns: {col_count}")
        return Span(self.start_row, end_row, self.start_col, end_col)

    def a1(self) -> str:
        start = f"{col_letters(self.start_col)}{self.start_row + 1}"
        if self.is_cell:
            return start
        return f"{start}:{col_letters(self.end_col - 1)}{self.end_row}"

    def cells(self):
        for r in range(self.start_row, self.end_row):
            for c in range(self.start_col, self.end_col):
                yield r, c


def parse_cells(text: str) -> Span | None:
    """The part after ``!``: "A1", "A1:C3", "A:A", "2:2", "B2:B", "A1:1". None if it isn't one."""
    parts = text.split(":")
    if len(parts) > 2:
        return None
    ends = []
    for part in parts:
        m = _ENDPOINT.fullmatch(part)
        if not m or not (m.group(1) or m.group(2)):
            return None
        col = col_index(m.group(1)) if m.group(1) else None
        row = int(m.group(2)) - 1 if m.group(2) else None
        if row is not None and row < 0:
            return None
        ends.append((row, col))
    if len(ends) == 1:
        row, col = ends[0]
        if row is None or col is None:  # "A" or "7" alone names a sheet, not a range
            return None
        return Span(row, row + 1, col, col + 1)
    (r1, c1), (r2, c2) = ends
    rows = _interval(r1, r2)
    cols = _interval(c1, c2)
    return Span(rows[0], rows[1], cols[0], cols[1])


def _interval(a: int | None, b: int | None) -> tuple[int, int | None]:
    if a is not None and b is not None:
        return min(a, b), max(a, b) + 1
    if a is None and b is None:
        return 0, None
    if a is None:  # "A:B5" starts at the top
        return 0, b + 1
    return a, None  # "B2:B" runs to the bottom


def split_sheet(text: str) -> tuple[str | None, str]:
    """("My sheet", "A1:B2") for "'My sheet'!A1:B2"; (None, text) when no sheet is named.

    Without a ``!`` the text may be a sheet title or a bare range; the caller decides.
    """
    if text.startswith("'"):
        i, name = 1, []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":  # '' is an escaped quote
                    name.append("'")
                    i += 2
                    continue
                rest = text[i + 1 :]
                if rest == "":
                    return "".join(name), ""
                if rest.startswith("!"):
                    return "".join(name), rest[1:]
                break
            name.append(text[i])
            i += 1
        raise invalid(f"Unable to parse range: {text}")
    if "!" in text:
        name, _, cells = text.rpartition("!")
        return name, cells
    return None, text


def quote_title(title: str) -> str:
    if _PLAIN_TITLE.fullmatch(title) and not _CELL_LIKE.fullmatch(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_range(title: str, span: Span) -> str:
    """How Google names a range in responses: ``Sheet1!A1:D4``, ``'My sheet'!B1``."""
    return f"{quote_title(title)}!{span.a1()}"


def span_from_grid_range(grid_range: dict) -> Span:
    """A GridRange body (missing fields = unbounded) as a Span."""
    return Span(
        grid_range.get("startRowIndex") or 0,
        grid_range.get("endRowIndex"),
        grid_range.get("startColumnIndex") or 0,
        grid_range.get("endColumnIndex"),
    )


def grid_range(sheet_id: int, span: Span) -> dict:
    return {
        "sheetId": sheet_id,
        "startRowIndex": span.start_row,
        "endRowIndex": span.end_row,
        "startColumnIndex": span.start_col,
        "endColumnIndex": span.end_col,
    }
