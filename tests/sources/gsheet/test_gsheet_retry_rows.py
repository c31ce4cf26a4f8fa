"""Google: whatever coordinators do while the tool waits out a 429/5xx, every write lands on its own row.

A write is cut into batches; any of them (or the re-read before it) may meet a 429 or 5xx. While
the tool waits, coordinators insert rows, delete rows and retype IDs. After the wait the tool
re-reads the tab and plans what is left afresh, so every verdict, assigned ID, note and colour
still goes to the row it was computed for — or, for a row that is gone or whose ID was retyped,
nowhere (it is reported as skipped) — never to a neighbour.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters.sources.gsheet.decor import color_of, color_token
from kopienas.adapters.sources.gsheet.source import GoogleSheetSource
from kopienas.app.pipeline import check, writeback_plan
from kopienas.config import load_config
from kopienas.core.ownership import MARK_FILL, TAG
from tests.helpers import (
    ACTIVITY_HEADERS,
    COMMUNITIES,
    INSTITUTIONS,
    PARTNERS,
    activity,
    activity_rows,
    gsheet_config,
    sheet_tabs,
)

TAB = "Aktivitātes"
ID, TITLE, TOTAL = (ACTIVITY_HEADERS.index(h) for h in ("ID", "Nosaukums", "Kopā"))
OLD_NOTE = TAG + " vecā problēma"  # the tool's note from an earlier run, on a cell fixed since
PROBLEMS = {None: {}, "total": {"total": 1}, "phone": {"phone": "1"}, "both": {"total": 1, "phone": "1"}}

rows_strategy = st.lists(
    st.tuples(st.booleans(), st.sampled_from(list(PROBLEMS)), st.booleans()),  # has an ID, problems, an old mark
    min_size=2,
    max_size=7,
)
op_strategy = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 20)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("retype"), st.integers(0, 20), st.integers(0, 20)),  # row, the row whose ID to copy
    st.tuples(st.just("fresh_id"), st.integers(0, 20)),
)
fault_strategy = st.tuples(
    st.integers(0, 5),  # calls of that kind let through first
    st.sampled_from([429, 500, 503]),
    st.sampled_from(["spreadsheets.batchUpdate", "spreadsheets.get"]),
)


def letters(col: int) -> str:
    return chr(65 + col) if col < 26 else "A" + chr(65 + col - 26)


class Coordinators:
    """Edits the sheet as people would, one edit each time the tool waits."""

    def __init__(self, emu, key, ops):
        self.emu, self.key, self.ops = emu, key, list(ops)
        self.deleted: set[str] = set()  # titles of the rows deleted
        self.retyped: set[str] = set()  # titles of the rows whose ID was typed over
        self.inserted = 0

    def data(self):
        return self.emu.values(self.key, TAB)[1:]

    def edit(self, _seconds: float = 0.0) -> None:
        if not self.ops:
            return
        op, *args = self.ops.pop(0)
        data = self.data()
        if op == "insert":
            self.inserted += 1
            new = [""] * len(ACTIVITY_HEADERS)
            new[ID], new[TITLE] = f"JAUNA-{self.inserted}", f"Jauna {self.inserted}"
            self.emu.insert_rows(self.key, TAB, 2 + args[0] % (len(data) + 1), [new])
        elif data and op == "delete":
            i = args[0] % len(data)
            self.deleted.add(data[i][TITLE])
            self.emu.delete_row(self.key, TAB, 2 + i)
        elif data:
            i = args[0] % len(data)
            old = data[i][ID] if len(data[i]) > ID else ""
            new_id = data[args[1] % len(data)][ID] if op == "retype" else f"LABOTS-{args[0]}"
            if new_id != old:
                self.retyped.add(data[i][TITLE])
                self.emu.set_values(self.key, TAB, f"{letters(ID)}{2 + i}", [[new_id]], value_input_option="RAW")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=rows_strategy,
    ops=st.lists(op_strategy, max_size=5),
    faults=st.lists(fault_strategy, max_size=4),
    edit_before_write=st.booleans(),
    batch_bytes=st.sampled_from([1, 2_000, 9 * 1024 * 1024]),  # a batch per row, a few rows, all at once
)
def test_every_write_lands_on_its_own_row_whatever_happens_while_waiting(
    sheets, tmp_path_factory, rows, ops, faults, edit_before_write, batch_bytes
):
    sheets.clear_faults()
    activities, old_marks = [], []
    for i, (has_id, problems, old_mark) in enumerate(rows):
        activities.append(
            activity(id=f"DGP-2020-{i + 1:02d}" if has_id else "", title=f"Rinda {i}", **PROBLEMS[problems])
        )
        old_marks.append(old_mark and problems in (None, "phone"))  # a fixed Kopā, still marked from before
    table = sheet_tabs({TAB: activity_rows(*activities)})[TAB]
    for i, marked in enumerate(old_marks):
        if marked:
            table[i + 1][TOTAL] = {"value": 380, "note": OLD_NOTE, "background": color_of(MARK_FILL)}
    tabs = {TAB: table, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS}
    key = sheets.create_spreadsheet("Darbīgās kopienas", tabs, value_input_option="RAW")
    config = load_config(gsheet_config(tmp_path_factory.mktemp("g"), key, sheets.url))
    config = replace(config, retry_seconds=10_000.0)
    people = Coordinators(sheets, key, ops)
    source = GoogleSheetSource.from_config(config, sleep=people.edit)
    source.batch_bytes = batch_bytes
    checked = check(config, source)
    plan = writeback_plan(config, checked)
    if edit_before_write:
        people.edit()
    for after, status, kind in faults:
        sheets.fail_next(1, status, kind=kind, after=after)

    result = source.write(plan)

    # What each row should have got, by its title (coordinators never change titles here).
    by_title = {u.title: u for u in plan.updates}
    # Given up: a row deleted meanwhile (skipped), or one whose ID was typed elsewhere (changed).
    skipped = {u.title for u in (*result.skipped, *result.changed)}
    assert result.written + len(result.skipped) + len(result.changed) == len(plan.updates)
    assert skipped <= people.deleted | people.retyped  # nothing is given up without a reason
    values = sheets.values(key, TAB)
    header = values[0]
    check_col = header.index("Pārbaude")
    notes, colours = sheets.notes(key, TAB), sheets.background(key, TAB)
    seen = set()
    for r, row in enumerate(values[1:], start=2):
        row = row + [""] * (len(header) - len(row))
        title = row[TITLE]
        tool_notes = {c: n for (rr, c), n in notes.items() if rr == r and n.startswith(TAG)}
        fills = {c: color_token(colour) for (rr, c), colour in colours.items() if rr == r}
        update = by_title.get(title)
        seeded = update is not None and old_marks[int(title.split()[1])]
        wanted_notes = {TOTAL + 1: OLD_NOTE} if seeded else {}
        wanted_fills = {TOTAL + 1: MARK_FILL} if seeded else {}
        if update is None or title in skipped:  # a coordinator's new row, or one the tool could not find
            assert row[check_col] == "", (r, title)
            assert (tool_notes, fills) == (wanted_notes, wanted_fills), (r, title)
            continue
        seen.add(title)
        assert row[check_col] == update.values["Pārbaude"], (r, title)
        if title not in people.retyped:  # (else written before the ID was typed over)
            assert row[ID] == (update.new_id or update.original_id), (r, title)
        for h, mark in update.marks.items():  # what the plan decided for each cell, carried out there
            c = header.index(h) + 1
            if mark.note is not None:
                wanted_notes[c] = mark.note
            if mark.fill is not None:
                wanted_fills[c] = mark.fill
        assert tool_notes == {c: n for c, n in wanted_notes.items() if n}, (r, title)
        assert fills == {c: f for c, f in wanted_fills.items() if f}, (r, title)
    assert seen == set(by_title) - skipped - people.deleted  # every row written is there, once
    assert sheets.errors == []
