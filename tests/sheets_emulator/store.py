"""The in-memory spreadsheets: grids of cells plus the properties the API reports.

Everything here runs under `Store.lock`; the HTTP layer takes it around each call. Mutating calls
work on `Spreadsheet.snapshot()` and swap it in only when every step succeeded, which is how
Google's batchUpdate behaves (all requests apply, or none). Snapshots are cheap because cells
are never changed in place: a changed cell is a new dict.
"""

from __future__ import annotations

import copy
import random
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .a1 import Span, parse_cells, span_from_grid_range, split_sheet
from .errors import invalid

CELL_LIMIT = 10_000_000
DEFAULT_ROWS, DEFAULT_COLS = 1000, 26
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"

# What Google reports for a new spreadsheet in the en_US locale (taken from recorded responses).
DEFAULT_FORMAT = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {},
        "fontFamily": "arial,sans,sans-serif",
        "fontSize": 10,
        "bold": False,
        "italic": False,
        "strikethrough": False,
        "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}
_THEME = [
    ("TEXT", {}),
    ("BACKGROUND", {"red": 1, "green": 1, "blue": 1}),
    ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
    ("ACCENT2", {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}),
    ("ACCENT3", {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}),
    ("ACCENT4", {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}),
    ("ACCENT5", {"red": 1, "green": 0.42745098, "blue": 0.003921569}),
    ("ACCENT6", {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}),
    ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}),
]
DEFAULT_SPREADSHEET_PROPERTIES = {
    "locale": "en_US",
    "autoRecalc": "ON_CHANGE",
    "timeZone": "Etc/GMT",
    "defaultFormat": DEFAULT_FORMAT,
    "spreadsheetTheme": {
        "primaryFontFamily": "Arial",
        "themeColors": [{"colorType": kind, "color": {"rgbColor": rgb}} for kind, rgb in _THEME],
    },
}
ROW_PIXELS, COLUMN_PIXELS = 21, 100


def now_rfc3339() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_spreadsheet_id() -> str:
    # Google's ids are 44 characters of [A-Za-z0-9_-], starting with "1".
    return "1" + "".join(random.choices(_ID_ALPHABET, k=43))


@dataclass
class Sheet:
    properties: dict
    cells: dict = field(default_factory=dict)  # (row, col) -> cell dict, see cellvalues
    row_meta: dict = field(default_factory=dict)  # row -> DimensionProperties set by the user
    col_meta: dict = field(default_factory=dict)
    merges: list = field(default_factory=list)  # GridRange dicts
    protected_ranges: list = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.properties["sheetId"]

    @property
    def title(self) -> str:
        return self.properties["title"]

    @property
    def row_count(self) -> int:
        return self.properties["gridProperties"]["rowCount"]

    @property
    def col_count(self) -> int:
        return self.properties["gridProperties"]["columnCount"]

    def copy(self) -> Sheet:
        return Sheet(
            copy.deepcopy(self.properties),
            dict(self.cells),
            dict(self.row_meta),
            dict(self.col_meta),
            copy.deepcopy(self.merges),
            copy.deepcopy(self.protected_ranges),
        )

    def set_cell(self, row: int, col: int, cell: dict | None) -> None:
        if cell:
            self.cells[(row, col)] = cell
        else:
            self.cells.pop((row, col), None)

    def update_cell(self, row: int, col: int, **changes) -> None:
        """Replace some top-level parts of a cell; a None value removes that part."""
        cell = dict(self.cells.get((row, col), {}))
        for key, value in changes.items():
            if value is None:
                cell.pop(key, None)
            else:
                cell[key] = value
        self.set_cell(row, col, cell)

    def keys_in(self, span: Span) -> list[tuple[int, int]]:
        """The stored cells inside `span`, found whichever way is cheaper."""
        if span.rows * span.cols < len(self.cells):
            return [key for key in span.cells() if key in self.cells]
        return [
            key
            for key in self.cells
            if span.start_row <= key[0] < span.end_row and span.start_col <= key[1] < span.end_col
        ]

    def grid(self, span: Span, text: str) -> Span:
        return span.within(self.row_count, self.col_count, text)

    def whole(self) -> Span:
        return Span(0, self.row_count, 0, self.col_count)

    def used(self) -> Span | None:
        """The smallest span holding every cell with a value (None for an empty sheet)."""
        keys = [k for k, cell in self.cells.items() if cell.get("userEnteredValue")]
        if not keys:
            return None
        return Span(0, max(r for r, _ in keys) + 1, 0, max(c for _, c in keys) + 1)

    # -- changing the grid ------------------------------------------------------------------------
    def insert(self, dimension: str, start: int, count: int) -> None:
        """Insert `count` empty rows/columns before index `start`; everything after moves along."""
        axis = 0 if dimension == "ROWS" else 1
        self.cells = {_moved(key, axis, start, count): cell for key, cell in self.cells.items()}
        meta = self.row_meta if axis == 0 else self.col_meta
        moved = {(i + count if i >= start else i): value for i, value in meta.items()}
        meta.clear()
        meta.update(moved)
        for grid_range in self._ranges():
            _shift_range(grid_range, axis, lambda i, end: i + count if i > start or (i == start and not end) else i)
        key = "rowCount" if axis == 0 else "columnCount"
        self.properties["gridProperties"][key] += count

    def delete(self, dimension: str, start: int, end: int) -> None:
        """Delete rows/columns [start, end); later ones move back."""
        axis, count = (0 if dimension == "ROWS" else 1), end - start
        kept = {}
        for key, cell in self.cells.items():
            i = key[axis]
            if not start <= i < end:
                kept[_moved(key, axis, end, -count)] = cell
        self.cells = kept
        meta = self.row_meta if axis == 0 else self.col_meta
        moved = {(i - count if i >= end else i): v for i, v in meta.items() if not start <= i < end}
        meta.clear()
        meta.update(moved)
        for grid_range in self._ranges():
            _shift_range(grid_range, axis, lambda i, _end: i if i <= start else max(start, i - count))
        self.merges = [m for m in self.merges if _non_empty(m)]
        key = "rowCount" if axis == 0 else "columnCount"
        self.properties["gridProperties"][key] -= count

    def resize(self, rows: int, cols: int) -> None:
        """New grid size; cells outside it are dropped, as Google does when a sheet shrinks."""
        self.cells = {k: v for k, v in self.cells.items() if k[0] < rows and k[1] < cols}
        self.row_meta = {i: v for i, v in self.row_meta.items() if i < rows}
        self.col_meta = {i: v for i, v in self.col_meta.items() if i < cols}
        self.properties["gridProperties"].update(rowCount=rows, columnCount=cols)

    def _ranges(self):
        yield from self.merges
        for protected in self.protected_ranges:
            if "range" in protected:
                yield protected["range"]


def _moved(key: tuple, axis: int, start: int, delta: int) -> tuple:
    if key[axis] < start:
        return key
    return (key[0] + delta, key[1]) if axis == 0 else (key[0], key[1] + delta)


def _shift_range(grid_range: dict, axis: int, move) -> None:
    names = ("startRowIndex", "endRowIndex") if axis == 0 else ("startColumnIndex", "endColumnIndex")
    for name, is_end in zip(names, (False, True), strict=False):
        if grid_range.get(name) is not None:
            grid_range[name] = move(grid_range[name], is_end)


def _non_empty(grid_range: dict) -> bool:
    return grid_range.get("endRowIndex", 1) > grid_range.get("startRowIndex", 0) and grid_range.get(
        "endColumnIndex", 1
    ) > grid_range.get("startColumnIndex", 0)


@dataclass
class Spreadsheet:
    id: str
    properties: dict
    sheets: list = field(default_factory=list)
    created: str = field(default_factory=now_rfc3339)
    modified: str = field(default_factory=now_rfc3339)
    parents: list = field(default_factory=list)  # Drive folder ids, only echoed back
    version: int = 1  # Drive's `version`: goes up with every change written

    @property
    def title(self) -> str:
        return self.properties["title"]

    def snapshot(self) -> Spreadsheet:
        return Spreadsheet(
            self.id,
            copy.deepcopy(self.properties),
            [s.copy() for s in self.sheets],
            self.created,
            self.modified,
            list(self.parents),
            self.version,
        )

    def sheet_by_id(self, sheet_id) -> Sheet | None:
        return next((s for s in self.sheets if s.id == sheet_id), None)

    def sheet_by_title(self, title: str) -> Sheet | None:
        exact = next((s for s in self.sheets if s.title == title), None)
        # Google matches sheet names in ranges without regard to case.
        return exact or next((s for s in self.sheets if s.title.lower() == title.lower()), None)

    def new_sheet_id(self) -> int:
        taken = {s.id for s in self.sheets}
        while True:
            candidate = random.randint(1, 2**31 - 1)
            if candidate not in taken:
                return candidate

    def add_sheet(
        self,
        title: str,
        rows: int = DEFAULT_ROWS,
        cols: int = DEFAULT_COLS,
        sheet_id: int | None = None,
        index: int | None = None,
    ) -> Sheet:
        sheet = Sheet(
            {
                "sheetId": self.new_sheet_id() if sheet_id is None else sheet_id,
                "title": title,
                "index": 0,
                "sheetType": "GRID",
                "gridProperties": {"rowCount": rows, "columnCount": cols},
            }
        )
        self.sheets.insert(len(self.sheets) if index is None else index, sheet)
        self.reindex()
        return sheet

    def reindex(self) -> None:
        for i, sheet in enumerate(self.sheets):
            sheet.properties["index"] = i

    def cell_count(self) -> int:
        return sum(s.row_count * s.col_count for s in self.sheets)

    def check_cell_limit(self, where: str) -> None:
        if self.cell_count() > CELL_LIMIT:
            raise invalid(
                f"Invalid {where}: This action would increase the number of cells in the workbook above the "
                f"limit of {CELL_LIMIT} cells."
            )

    def resolve(self, text: str) -> tuple[Sheet, Span]:
        """An A1 range of this spreadsheet: its sheet and its span, open ends still open."""
        name, cells = split_sheet(text)
        if name is None:
            span = parse_cells(cells)
            sheet = self.sheets[0] if span is not None else self.sheet_by_title(cells)
            span = span or Span()
        else:
            sheet = self.sheet_by_title(name)
            span = parse_cells(cells) if cells else Span()
        if sheet is None or span is None:
            raise invalid(f"Unable to parse range: {text}")
        return sheet, span

    def resolve_grid_range(self, grid_range: dict, where: str) -> tuple[Sheet, Span]:
        """A GridRange body: its sheet and the span, clipped to the grid the way Google clips it."""
        sheet = self.sheet_by_id(grid_range.get("sheetId") or 0)
        if sheet is None:
            raise invalid(f"Invalid {where}: No grid with id: {grid_range.get('sheetId') or 0}")
        span = span_from_grid_range(grid_range)
        end_row = sheet.row_count if span.end_row is None else span.end_row
        end_col = sheet.col_count if span.end_col is None else span.end_col
        if end_row > sheet.row_count or end_col > sheet.col_count:
            raise invalid(
                f"Invalid {where}: Range ('{sheet.title}'!{Span(span.start_row, end_row, span.start_col, end_col).a1()}) "
                f"exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.col_count}"
            )
        return sheet, Span(span.start_row, end_row, span.start_col, end_col)


class Store:
    def __init__(self):
        self.lock = threading.RLock()
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.files: dict = {}  # Drive files that are not spreadsheets (folders, Docs): id -> drive_files.DriveFile
        # How Drive's `version` moves (no document promises more than "changes when the file does"):
        # "exact" +1 per change; "jump" +3; "repeat" not at all; "lag" +1, but files.get shows a
        # change's version only from the second read after it.
        self.version_mode = "exact"
        self.shown_versions: dict[str, int] = {}
        self.older_storage_refusal = False  # a service account's new file refused as `quotaExceeded`

    def create(self, title: str, spreadsheet_id: str | None = None, first_sheet: str | None = "Sheet1") -> Spreadsheet:
        spreadsheet = Spreadsheet(
            spreadsheet_id or new_spreadsheet_id(), {"title": title, **copy.deepcopy(DEFAULT_SPREADSHEET_PROPERTIES)}
        )
        if first_sheet is not None:
            spreadsheet.add_sheet(first_sheet, sheet_id=0)
        self.spreadsheets[spreadsheet.id] = spreadsheet
        return spreadsheet

    def get(self, spreadsheet_id: str) -> Spreadsheet | None:
        return self.spreadsheets.get(spreadsheet_id)

    def commit(self, spreadsheet: Spreadsheet) -> None:
        """Swap in a changed snapshot."""
        spreadsheet.modified = now_rfc3339()
        spreadsheet.version += {"jump": 3, "repeat": 0}.get(self.version_mode, 1)
        self.spreadsheets[spreadsheet.id] = spreadsheet
