"""What `kopienas init` changes to make a spreadsheet fit the sheet contract, as data.

Pure: `plan_setup` takes the tabs as they are (`TabState`, read by either source) and the sheet's
names (`SheetLayout`), and returns a `SetupPlan`; `adapters/sources/workbook/setup.py` and
`adapters/sources/gsheet/setup.py` carry it out.
Only what is missing is planned — tabs at the end, columns at the right of everything in use, help
on columns that have none yet — so a second run plans nothing, and nothing a coordinator made is
moved, renamed, restyled or deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kopienas.core import cells, contract, language, ownership, sample_data
from kopienas.core.cells import column_letter
from kopienas.core.contract import SheetLayout
from kopienas.core.errors import UsageError
from kopienas.core.headers import closest_header, column_positions, find_title
from kopienas.core.setup_plan import DATA_ROWS, CellRange, Rule, SetupPlan, TabPlan, TabState
from kopienas.core.words import owned as wording
from kopienas.core.words import sheets as sheet_phrases

COMMUNITY_ROWS = 500  # the Kopiena dropdown lists tab Kopienas's names down to this row
DEFAULT_WIDTH = 16  # characters, for a new column without its own width
WIDTHS = {  # characters, by tab key and field; only new columns get a width
    "activities": {
        "id": 13,
        "title": 40,
        "start": 12,
        "end": 12,
        "place": 30,
        "description": 50,
        "institutions": 24,
        "coordinator": 18,
        "email": 24,
        "links": 30,
        "check": 48,
        "draft": 48,
    },
    "communities": {"resource_centre": 60, "coordinator": 18, "email": 28},
    "institutions": {"abbreviation": 18, "full_name": 70},
    "partners": {"name": 44, "emails": 48, "communities": 16},
}
TOOL_NOTE = wording.COLUMN_NOTE
YES, NO = "Jā", "Nē"


class ExampleRefused(UsageError):
    """`--example` on a spreadsheet that already has data: the sample would mix with real rows."""


def _wanted(spec: contract.TabSpec, sheet: SheetLayout) -> list[tuple[str, str, str]]:
    """(field, header as configured, help) for a tab's columns, tool columns last."""
    out = [(c.field, sheet.headers[spec.key][c.field], c.help) for c in spec.columns if not c.optional]
    if sheet.guide and spec is contract.ACTIVITIES:
        out = [(f, h, wording.with_guide(note, sheet.guide)) for f, h, note in out]
    if spec is contract.ACTIVITIES:
        out += [(c.field, sheet.tool_headers[c.field], ownership.column_note(c.help)) for c in contract.TOOL_COLUMNS]
    # Columns offered later (`Veids`) go at the right, where `init` adds them to a sheet in use too.
    return out + [(c.field, sheet.headers[spec.key][c.field], c.help) for c in spec.columns if c.offered]


def _help_note(existing_tool_column: bool, note: str) -> str:
    """The ownership marker goes only on a tool column `init` adds: an existing column with a
    tool header gets the help alone, and the first run decides whether it is the tool's
    (kopienas.core.ownership), so a coordinator's own column is never marked as the tool's."""
    if not existing_tool_column:
        return note
    return note.removeprefix(ownership.TAG + " ").replace(" " + wording.COLUMN_NOTE, "")


def _find(tabs: Sequence[TabState], title: str) -> TabState | None:
    found = find_title([t.title for t in tabs], title)
    return next((t for t in tabs if t.title == found), None)


def _layout(
    spec: contract.TabSpec, state: TabState, sheet: SheetLayout
) -> tuple[dict[str, int], list, list[tuple[str, str]]]:
    """Where every contract column is or will be, which are added (at the right of what is in
    use), and which are not added because a header of the tab looks like them renamed or
    mistyped: (header, the tab's header most like it) — the coordinator decides."""
    existing = column_positions(state.header)[0]  # the first column with a header wins, as in reading
    wanted = _wanted(spec, sheet)
    claimed = {cells.header_key(h) for _, h, _ in wanted}
    unclaimed = [cells.text(h) for h in state.header if cells.header_key(h) and cells.header_key(h) not in claimed]
    columns, added, suspects = {}, [], []
    next_col = max(state.width, len(state.header))
    for fld, header, _ in wanted:
        col = existing.get(cells.header_key(header))
        if col is None:
            closest = closest_header(header, unclaimed)
            if closest:
                suspects.append((header, closest))
                continue
            col = next_col
            next_col += 1
            added.append((col, header))
        columns[fld] = col
    return columns, added, suspects


def _rules(community_names: CellRange) -> dict[str, dict[str, Rule]]:
    """The typing help, by tab key and field; the help text is the header note's."""
    helps = {t.key: {c.field: c.help for c in t.columns} for t in contract.TABS}
    a, p = helps["activities"], helps["partners"]
    statuses = tuple(
        contract.STATUS_LABELS[s] for s in (contract.STATUS_PLANNED, contract.STATUS_HELD, contract.STATUS_CANCELLED)
    )
    return {
        "activities": {
            "community": Rule("range", a["community"], source=community_names),
            "start": Rule("date", a["start"]),
            "end": Rule("date", a["end"]),
            "children": Rule("count", a["children"]),
            "adults": Rule("count", a["adults"]),
            "total": Rule("count", a["total"]),
            "status": Rule("list", a["status"], statuses),
            "press_release": Rule("checkbox", a["press_release"], (YES, NO)),
            "kind": Rule("list", a["kind"], tuple(contract.KIND_LABELS.values())),
        },
        "partners": {
            "language": Rule("list", p["language"], ("lv", "en")),
            "active": Rule("checkbox", p["active"], (YES, NO)),
        },
    }


def plan_setup(tabs: Sequence[TabState], sheet: SheetLayout, *, example: bool = False) -> SetupPlan:
    """The changes that make `tabs` fit the contract; with `example`, the sample rows too."""
    if example:
        for t in tabs:
            if t.data_rows:
                raise ExampleRefused(sheet_phrases.example_refused(t.title, rows_word(t.data_rows)))
    found = {spec.key: _find(tabs, sheet.tabs[spec.key]) for spec in contract.TABS}
    # A missing tab is planned as an empty one, to be created.
    states = {key: state or TabState(sheet.tabs[key]) for key, state in found.items()}
    layouts = {spec.key: _layout(spec, states[spec.key], sheet) for spec in contract.TABS}

    communities = states["communities"]
    name_column = layouts["communities"][0].get("name", 1)
    rules = _rules(CellRange(communities.title, name_column, communities.header_row + 1, COMMUNITY_ROWS))
    samples = sample_data.rows_by_tab() if example else {}

    plans = []
    for spec in contract.TABS:
        state = states[spec.key]
        columns, added, suspects = layouts[spec.key]
        wanted = [w for w in _wanted(spec, sheet) if w[0] in columns]
        new_columns = dict(added)
        tool_fields = {c.field for c in contract.TOOL_COLUMNS} if spec is contract.ACTIVITIES else set()
        # For messages: every header as the coordinator sees it, the planned ones where there is none.
        headers = {columns[f]: h for f, h, _ in wanted}
        headers |= {i: cells.text(h) for i, h in enumerate(state.header) if not cells.is_blank(h)}
        plans.append(
            TabPlan(
                key=spec.key,
                title=state.title,
                create=found[spec.key] is None,
                header_row=state.header_row,
                columns=columns,
                headers=headers,
                added=tuple(added),
                notes=tuple(
                    (columns[f], _help_note(f in tool_fields and columns[f] not in new_columns, help_))
                    for f, _, help_ in wanted
                    if columns[f] not in state.noted
                ),
                rules=tuple(
                    (columns[f], r)
                    for f, r in rules.get(spec.key, {}).items()
                    if f in columns and columns[f] not in state.validated
                ),
                protect=tuple(
                    columns[f] for f, _, _ in wanted if f in tool_fields and columns[f] not in state.protected
                ),
                freeze=state.frozen_rows == 0,
                widths=tuple(
                    (col, WIDTHS.get(spec.key, {}).get(f, DEFAULT_WIDTH))
                    for f, col in columns.items()
                    if col in new_columns
                ),
                last_row=max(DATA_ROWS, state.row_count),
                example=tuple(
                    _positioned(row, [c.field for c in spec.columns if not c.optional], columns)
                    for row in samples.get(spec.key, ())
                ),
                suspects=tuple(suspects),
            )
        )
    return SetupPlan(tuple(plans))


def _positioned(row: list | None, fields: list[str], columns: dict[str, int]) -> tuple[Any, ...] | None:
    """A sample row (contract column order) placed by the tab's actual columns."""
    if row is None:
        return None
    out: list[Any] = [None] * (max(columns[f] for f in fields) + 1)
    for f, value in zip(fields, row, strict=False):
        out[columns[f]] = value
    return tuple(out)


def rows_word(n: int) -> str:
    """“1 rinda”, “21 rinda”, “11 rindas”, “5 rindas”: Latvian agrees with the last digit."""
    return language.count_phrase(n, "rinda")


def describe(plan: SetupPlan, *, protection: str) -> list[str]:
    """One Latvian line per change; `protection` says how the source marks tool columns."""
    lines = []
    for t in plan.tabs:
        where = sheet_phrases.in_tab(t.title)

        def names(cols, t=t) -> str:
            return ", ".join(t.headers.get(c, column_letter(c + 1)) for c in cols)

        if t.create:
            lines.append(sheet_phrases.tab_created(t.title, names(c for c, _ in t.added)))
        else:
            if t.added:
                lines.append(sheet_phrases.columns_added(where, names(c for c, _ in t.added)))
            if t.freeze:
                lines.append(sheet_phrases.header_frozen(where))
            if t.notes:
                lines.append(sheet_phrases.header_notes_added(where, names(c for c, _ in t.notes)))
        if t.rules:
            described = "; ".join(f"{t.headers.get(c, c)} ({r.label()})" for c, r in t.rules)
            lines.append(sheet_phrases.input_help_added(where, described))
        if t.protect:
            lines.append(sheet_phrases.tool_columns_protected(where, names(t.protect), protection))
        if t.example:
            lines.append(sheet_phrases.example_written(where, rows_word(sum(1 for r in t.example if r))))
        lines.extend(sheet_phrases.column_not_added(t.title, header, closest) for header, closest in t.suspects)
    return lines


__all__ = ["CellRange", "ExampleRefused", "Rule", "SetupPlan", "TabPlan", "TabState", "describe", "plan_setup"]
