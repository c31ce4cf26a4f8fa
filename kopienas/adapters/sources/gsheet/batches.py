"""A write plan, placed on the rows as they are now, as `batchUpdate` bodies Google accepts.

Compact: each tool column (`Pārbaude`, `Relīzes melnraksts`), the ID column and each marked column
gets one `updateCells` per run of rows (rows less than `RUN_GAP` apart share one request; the rows
between are sent empty, which writes nothing), not one request per cell.

Small: Google refuses a request body over 10 MiB (`REQUEST_BYTES`) and recommends payloads of about
2 MB ("Sheets API usage limits": a 2 MB maximum payload is recommended), so the rows are cut into
blocks of at most `BATCH_BYTES` of JSON each, sent in row order, one `batchUpdate` per block.

Self-contained: Google applies one `batchUpdate` whole or not at all, and every batch carries
*all* the writes of the rows in its block — verdict, assigned ID, draft text, the notes and colours
on their cells — and refers only to columns that exist before it runs. New columns (and the grid
columns they need) go in the first batch; the tool's own tabs (`Kopsavilkums`) go in the last. So
a failure between two batches leaves every row either wholly as before or wholly updated: never a
verdict without its mark, nor a mark without its verdict. The next try re-reads the tab and sends
only what is still missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kopienas.adapters.sources._base import SourceError
from kopienas.adapters.sources.gsheet.decor import color_of, color_token
from kopienas.adapters.sources.gsheet.grid import cell_value, fitting, grid_cells, string_cell
from kopienas.adapters.sources.gsheet.rich_text import linked_string
from kopienas.core import cells
from kopienas.core.cells import column_letter
from kopienas.core.headers import column_positions
from kopienas.core.merges import NO_MERGES, Merges
from kopienas.core.models import Note, table_from_rows
from kopienas.core.ownership import Mark, decide_mark
from kopienas.core.words import sheets as sheet_phrases
from kopienas.core.writeback import RowUpdate, WritePlan

TOOL_HEADER_COLOR = {"red": 0.906, "green": 0.902, "blue": 0.902}

REQUEST_BYTES = 10 * 1024 * 1024  # Google: "Request payload size exceeds the limit: 10485760 bytes."
BATCH_BYTES = 2_000_000  # the most one batch carries: by estimate, then checked exactly (one row may exceed it)
RUN_GAP = 32  # rows of one column at most this far apart go in one updateCells
_BG = "userEnteredFormat.backgroundColor"

CellWrite = tuple[int, str, dict[str, Any]]  # (0-based column, field mask, CellData)


def encode(body: Any) -> bytes:
    """The request body as sent: compact UTF-8 JSON (Latvian letters as 2 bytes, not 6)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


@dataclass
class Tab:
    """The activities tab as re-read just before writing, and the columns the plan writes to."""

    sheet_id: int
    column_count: int
    grid: list[list[dict[str, Any]]]
    header_index: int  # 0-based row of the header
    header: list[Any]
    columns: dict[str, int]  # header key -> 0-based column (the first of duplicates, as when reading)
    setup: list[dict[str, Any]] = field(default_factory=list)  # requests creating missing columns
    id_col: int | None = None
    title_col: int | None = None
    tool_cols: dict[str, int] = field(default_factory=dict)
    marked_cols: dict[str, int] = field(default_factory=dict)
    linked: frozenset[str] = frozenset()  # tool columns written with their links (textFormatRuns)
    wrap: bool = False  # the tool's texts wrap in their cells (Google then grows the row to show them)
    merges: Merges = NO_MERGES  # a coordinator's merged ranges: a cell they hide is not written

    def hidden(self, row: int, col: int) -> bool:
        """Whether the cell (row 1-based, column 0-based) is hidden inside a coordinator's merge."""
        return self.merges.hides(row, col + 1)

    def held(self, placed: list[tuple[int, RowUpdate]]) -> tuple[str, ...]:
        """The tool cells of `placed` that a merge hides: their texts are not written (and said so)."""
        return tuple(
            f"{column_letter(col + 1)}{row}"
            for row, u in placed
            for h in u.values
            if self.hidden(row, col := self.tool_cols[h])
        )

    def cell(self, row: int, col: int | None) -> dict[str, Any]:
        if col is None or row - 1 >= len(self.grid) or col >= len(self.grid[row - 1]):
            return {}
        return self.grid[row - 1][col]

    def rows(self) -> list[tuple[int, Any, Any]]:
        """(row number, ID cell, title cell) for every row below the header, for `locate_rows`."""
        first = self.header_index + 2
        return [
            (r, cell_value(self.cell(r, self.id_col)), cell_value(self.cell(r, self.title_col)))
            for r in range(first, len(self.grid) + 1)
        ]


def read_tab(sheet: dict[str, Any], plan: WritePlan) -> Tab:
    """The tab, with the plan's columns found by header — or added at the right of the header."""
    props = sheet["properties"]
    grid = grid_cells(sheet)
    table = table_from_rows(props["title"], [[cell_value(c) for c in row] for row in grid], known=plan.known_headers)
    header = list(table.header)
    tab = Tab(
        sheet_id=props["sheetId"],
        column_count=props.get("gridProperties", {}).get("columnCount", len(header)),
        grid=grid,
        header_index=table.header_row - 1,
        header=header,
        columns={},
        linked=frozenset(plan.linked_headers),
        wrap=plan.wrap,
        merges=Merges.of(_merge_ranges(sheet)),
    )
    tab.columns = column_positions(header)[0]  # the first of duplicates, as when reading
    tab.id_col = tab.columns.get(cells.header_key(plan.id_header))
    if tab.id_col is None and plan.updates:
        raise SourceError(sheet_phrases.id_column_gone(props["title"], plan.id_header), usage=False)
    tab.title_col = tab.columns.get(cells.header_key(plan.title_header))
    for h in plan.tool_headers:
        col = tab.columns.get(cells.header_key(h))
        tab.tool_cols[h] = _new_column(tab, h, tool=True) if col is None else col
    for h, note in plan.header_notes.items():  # the tool's marker on its columns
        if (at := tab.tool_cols.get(h)) is not None:
            tab.setup.append(_update_cells(tab.sheet_id, tab.header_index, at, [{"values": [{"note": note}]}], "note"))
    tab.marked_cols = {
        h: tab.columns[cells.header_key(h)] for h in plan.marked_headers if cells.header_key(h) in tab.columns
    }
    missing = len(tab.header) - tab.column_count
    if missing > 0:
        tab.setup.insert(0, {"appendDimension": {"sheetId": tab.sheet_id, "dimension": "COLUMNS", "length": missing}})
    return tab


def _merge_ranges(sheet: dict[str, Any]) -> Iterator[tuple[int, int, int, int]]:
    """The sheet's merges as 1-based inclusive ranges (Google gives them 0-based, ends excluded)."""
    for m in sheet.get("merges", ()):
        try:
            yield m["startRowIndex"] + 1, m["startColumnIndex"] + 1, m["endRowIndex"], m["endColumnIndex"]
        except KeyError:
            continue  # an unbounded range: no merge is


def _new_column(tab: Tab, title: str, tool: bool) -> int:
    col = len(tab.header)
    tab.header.append(title)
    tab.columns[cells.header_key(title)] = col
    fmt: dict[str, Any] = {"textFormat": {"bold": True}}
    if tool:
        fmt["backgroundColor"] = TOOL_HEADER_COLOR
    cell = {"userEnteredValue": {"stringValue": title}, "userEnteredFormat": fmt}
    fields = "userEnteredValue,userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor"
    tab.setup.append(_update_cells(tab.sheet_id, tab.header_index, col, [{"values": [cell]}], fields))
    return col


def settled(tab: Tab, row: int, header: str, mark: Mark) -> Mark | None:
    """The plan's mark on the cell of `header` in `row`; one planned without the cell's note and
    colour (`Mark.unseen`) decided now on the cell as re-read (None: nothing to change)."""
    if mark.unseen is None:
        return mark
    cell = tab.cell(row, tab.marked_cols.get(header))
    note = Note(cell["note"]) if cell.get("note") else None
    fill = color_token((cell.get("userEnteredFormat") or {}).get("backgroundColor"))
    return decide_mark(mark.unseen, note, fill)


def row_writes(tab: Tab, update: RowUpdate, row: int) -> list[CellWrite]:
    """Every cell write one row (now at `row`) needs: its tool columns, an assigned ID, its marks
    set or cleared (as the plan decided them from what was read, or now: `settled`)."""
    out: list[CellWrite] = []
    if update.new_id and tab.id_col is not None and not tab.hidden(row, tab.id_col):
        out.append((tab.id_col, "userEnteredValue", string_cell(update.new_id)))
    wrap = ",userEnteredFormat.wrapStrategy" if tab.wrap else ""
    for h, text in update.values.items():
        if tab.hidden(row, tab.tool_cols[h]):
            continue  # a coordinator's merge covers it: the merge is kept (see `Tab.held`)
        if h in tab.linked:
            cell, fields = linked_string(text, update.links.get(h)), "userEnteredValue,textFormatRuns"
        else:
            cell, fields = string_cell(text), "userEnteredValue"
        if wrap:
            cell = {**cell, "userEnteredFormat": {"wrapStrategy": "WRAP"}}
        out.append((tab.tool_cols[h], fields + wrap, cell))
    for h, planned in update.marks.items():
        col, mark = tab.marked_cols.get(h), settled(tab, row, h, planned)
        if col is None or tab.hidden(row, col):
            continue
        if mark is not None and (write := _mark(mark)) is not None:
            out.append((col, *write))
    return out


def _mark(mark: Mark) -> tuple[str, dict[str, Any]] | None:
    """A plan's change to a cell's note and colour as one masked write (None: nothing to change)."""
    fields: list[str] = []
    cell: dict[str, Any] = {}
    if mark.note is not None:
        fields.append("note")
        if mark.note:
            cell["note"] = fitting(mark.note)
    if mark.fill is not None:
        fields.append(_BG)
        if mark.fill.startswith("#"):
            cell["userEnteredFormat"] = {"backgroundColor": color_of(mark.fill)}
    return (",".join(fields), cell) if fields else None


@dataclass
class Batch:
    requests: list[dict[str, Any]]
    updates: list[RowUpdate]  # the rows this batch writes in full
    body: bytes = b""


def batches(
    tab: Tab,
    placed: list[tuple[int, RowUpdate]],
    owned: list[dict[str, Any]] | None = None,
    budget: int = BATCH_BYTES,
) -> list[Batch]:
    """The whole write as batches in row order, each under `REQUEST_BYTES` (see the module doc)."""
    rows = sorted(((row, u, row_writes(tab, u, row)) for row, u in placed), key=lambda x: x[0])
    blocks: list[list[tuple[int, RowUpdate, list[CellWrite]]]] = [[]]
    size = sum(len(encode(r)) for r in tab.setup)
    for item in rows:
        cost = sum(len(encode(cell)) + 16 for _, _, cell in item[2]) + 8
        if blocks[-1] and size + cost > budget:
            blocks.append([])
            size = 0
        blocks[-1].append(item)
        size += cost
    out: list[Batch] = []
    for i, block in enumerate(blocks):
        out.extend(_fitted(tab, block, tab.setup if i == 0 else [], budget))
    if owned:
        last = out[-1] if out else None
        if last is not None and len(last.body) + len(encode(owned)) <= budget:
            out[-1] = _batch(last.requests + owned, last.updates)
        else:
            out.append(_batch(owned, []))
    return [b for b in out if b.requests]  # rows whose cells a merge hides send nothing (Google refuses no requests)


def _fitted(tab: Tab, block, setup: list[dict[str, Any]], budget: int = BATCH_BYTES) -> list[Batch]:
    """One batch for the block, or, should the estimate have been short, the block halved."""
    batch = _batch(setup + _block_requests(tab.sheet_id, block), [u for _, u, _ in block])
    if len(batch.body) <= min(budget, REQUEST_BYTES) or len(block) < 2:
        return [batch]
    half = len(block) // 2
    return _fitted(tab, block[:half], setup, budget) + _fitted(tab, block[half:], [], budget)


def _batch(requests: list[dict[str, Any]], updates: list[RowUpdate]) -> Batch:
    return Batch(requests, updates, encode({"requests": requests}))


def _block_requests(sheet_id: int, block) -> list[dict[str, Any]]:
    by_column: dict[tuple[int, str], list[tuple[int, dict[str, Any]]]] = {}
    for row, _, writes in block:
        for col, fields, cell in writes:
            by_column.setdefault((col, fields), []).append((row, cell))
    out = []
    for (col, fields), items in sorted(by_column.items()):
        start = prev = items[0][0]
        run: list[dict[str, Any]] = []
        for row, cell in items:
            if row - prev > RUN_GAP:
                out.append(_update_cells(sheet_id, start - 1, col, run, fields))
                start, run = row, []
            elif run:
                run.extend({} for _ in range(row - prev - 1))  # rows in between: nothing written
            run.append({"values": [cell]})
            prev = row
        out.append(_update_cells(sheet_id, start - 1, col, run, fields))
    return out


def _update_cells(sheet_id: int, row0: int, col0: int, rows: list[dict[str, Any]], fields: str) -> dict[str, Any]:
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row0, "columnIndex": col0},
            "rows": rows,
            "fields": fields,
        }
    }
