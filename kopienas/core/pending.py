"""What of a write plan the spreadsheet does not hold yet (pure): a tool cell whose text is already
the plan's is not written again, and a pass over an unchanged sheet has nothing to write — the
workbook is not even opened for writing, Google gets no write call."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from kopienas.core import cells
from kopienas.core.headers import find_title, reframe
from kopienas.core.models import Table
from kopienas.core.writeback import RowUpdate, WritePlan


def pending(plan: WritePlan, tables: Mapping[str, Table]) -> WritePlan:
    """The plan without what the tab, as read, already holds: a tool cell whose text is the plan's,
    an owned tab whose cells and marker are the plan's. (Marks and header notes are planned as
    changes already.) A pass over an unchanged sheet leaves an `empty` plan: nothing to write."""
    found = find_title(tables, plan.tab)
    table = tables[found] if found is not None else None
    updates = plan.updates
    if table is not None:
        table = reframe(table, plan.known_headers)
        positions = {
            cells.header_key(h): i for i, h in reversed(list(enumerate(table.header))) if not cells.is_blank(h)
        }
        # Each tool column's position, found once (a pass's updates name the same few headers).
        columns = {h: positions.get(cells.header_key(h)) for h in {h for u in updates for h in u.values}}
        rows = dict(table.rows)
        linked = set(plan.linked_headers)  # a link is not read back: its cell is always written
        left = (_still_to_write(u, rows.get(u.row, ()), columns, linked) for u in updates)
        updates = tuple(u for u in left if u is not None)
    owned = {t: r for t, r in plan.owned_tabs.items() if not _holds(_found(tables, t), r, plan.tab_notes.get(t))}
    return replace(
        plan,
        updates=updates,
        owned_tabs=owned,
        tab_notes={t: n for t, n in plan.tab_notes.items() if t in owned},
        owned_widths={t: w for t, w in plan.owned_widths.items() if t in owned},
    )


def empty(plan: WritePlan) -> bool:
    return not (plan.updates or plan.owned_tabs or plan.header_notes)


def _still_to_write(
    update: RowUpdate, row: tuple[Any, ...], columns: Mapping[str, int | None], linked
) -> RowUpdate | None:
    """The update without the tool cells that already hold its text; None when nothing is left."""
    values = {
        h: text
        for h, text in update.values.items()
        if h in linked or (i := columns[h]) is None or _cell_text(row, i) != text
    }
    if not (values or update.new_id or update.marks):
        return None
    return update if len(values) == len(update.values) else replace(update, values=values)


def _cell_text(row: tuple[Any, ...], i: int) -> str | None:
    value = row[i] if i < len(row) else None
    return value if isinstance(value, str) else None  # the tool writes text: anything else differs


def _holds(table: Table | None, rows: list[list[object]], marker: str | None) -> bool:
    """The owned tab as read already shows `rows` (as text; trailing blanks aside) and its marker."""
    if table is None:
        return False
    if marker is not None and getattr(table.notes.get((1, 0)), "text", None) != marker:
        return False
    grid = dict([(table.header_row, table.header), *table.rows])
    if max(grid, default=0) > len(rows):
        return False
    return all(_row_text(grid.get(i + 1, ())) == _row_text(row) for i, row in enumerate(rows))


def _row_text(row) -> list[str]:
    texts = [cells.text(v) for v in row]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _found(tables: Mapping[str, Table], title: str) -> Table | None:
    found = find_title(tables, title)
    return tables[found] if found is not None else None
