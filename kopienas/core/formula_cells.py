"""Formula cells whose result is empty, as every source marks them in the tables it reads. Pure."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from kopienas.core import cells
from kopienas.core.models import Cell, Table


def mark_empty_formulas(tables: Mapping[str, Table], empty: Mapping[str, Collection[Cell]]) -> dict[str, Table]:
    """`tables` with each blank cell that holds a formula read as `cells.EMPTY_FORMULA`."""
    out = dict(tables)
    for title, found in empty.items():
        table = out.get(title)
        if table is None:
            continue
        by_row: dict[int, list[int]] = {}
        for r, c in found:
            by_row.setdefault(r, []).append(c)
        rows = []
        for number, row in table.rows:
            cols = sorted(by_row.get(number, ()))
            if cols:
                values = list(row) + [None] * max(0, cols[-1] + 1 - len(row))
                for c in cols:
                    if cells.is_blank(values[c]):
                        values[c] = cells.EMPTY_FORMULA
                row = tuple(values)
            rows.append((number, row))
        out[title] = replace(table, rows=tuple(rows))
    return out
