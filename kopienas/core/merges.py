"""Where a coordinator merged cells. A cell inside a merged range but not its first shows nothing
of its own — no value, note or colour — so the tool writes nothing there and says so, and the
merge stays. One rule for both spreadsheets: a workbook's `<mergeCell>` ranges and a Google
Sheet's `merges` are both read into `Merges`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Range = tuple[int, int, int, int]  # first row, first column, last row, last column: 1-based, inclusive


@dataclass(frozen=True)
class Merges:
    by_column: Mapping[int, tuple[Range, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, ranges: Iterable[Range]) -> Merges:
        by_column: dict[int, list[Range]] = {}
        for r1, c1, r2, c2 in ranges:
            for col in range(c1, c2 + 1):
                by_column.setdefault(col, []).append((r1, c1, r2, c2))
        return cls({col: tuple(found) for col, found in by_column.items()})

    def hides(self, row: int, col: int) -> bool:
        """Whether the cell (1-based) is inside a merged range but not its first cell."""
        return any(r1 <= row <= r2 and (row, col) != (r1, c1) for r1, c1, r2, _ in self.by_column.get(col, ()))


NO_MERGES = Merges()
