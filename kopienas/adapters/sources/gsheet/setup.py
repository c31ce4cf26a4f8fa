"""`kopienas init` on a Google Sheet: reads the tabs as they are and carries out a SetupPlan.

API economy, whatever the plan: 1 × spreadsheets.get (tabs, grid sizes, frozen rows, protected
ranges, and each cell's value, note and validation rule, fields masked to just those) and at most
1 × spreadsheets:batchUpdate. New tabs get their sheetId in `addSheet`, so the same batch can
already fill them in; when nothing is missing there is no write at all.

Typing help is `setDataValidation` with `strict: false` — Google marks a value that doesn't fit
but keeps it, so pasting old data still works. Tool-owned columns are grey and carry a
`warningOnly` protected range: a coordinator who types there is warned, the tool writes freely.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kopienas.adapters.sources.gsheet.batches import TOOL_HEADER_COLOR
from kopienas.adapters.sources.gsheet.grid import cell_value, grid_cells, typed_cell
from kopienas.core import cells, language
from kopienas.core.cells import date_to_serial
from kopienas.core.headers import find_title
from kopienas.core.models import table_from_rows
from kopienas.core.sheet_setup import Rule, SetupPlan, TabPlan, TabState
from kopienas.core.words import backends as backend_words
from kopienas.core.words import google as said

READ_FIELDS = (
    "sheets.properties,sheets.protectedRanges.range,"
    "sheets.data.rowData.values(effectiveValue,note,dataValidation.condition.type)"
)
NEW_GRID = {"rowCount": 1000, "columnCount": 26}  # what Google gives a new sheet
PIXELS_PER_CHARACTER = 7
PROTECTION_NOTE = language.PROTECTION_NOTE
PROTECTION = said.PROTECTION
if TYPE_CHECKING:  # the source makes its set-up (`GoogleSheetSource.setup`), not the other way round
    from kopienas.adapters.sources.gsheet.source import GoogleSheetSource

DATE_FORMAT = {"type": "DATE", "pattern": "dd.mm.yyyy"}


class GoogleSheetSetup:
    protection = PROTECTION

    def __init__(self, source: GoogleSheetSource):
        self.source = source
        self.name = source.name
        self.created = False  # a Google Sheet is never created here, only upgraded
        self._sheets: dict[str, dict[str, Any]] = {}  # title -> SheetProperties, from read()

    def share_with(self) -> str:
        """Who the sheet must be shared with (as an editor) for the tool to work."""
        from google.auth.credentials import AnonymousCredentials

        if self.source.account:
            return self.source.account
        session = getattr(self.source.client.http_client, "session", None)
        if isinstance(getattr(session, "credentials", None), AnonymousCredentials):
            return "(no service account: local API)"
        return "(no service account: the signed-in Google account)"

    def read(self, known: Collection[str] = ()) -> list[TabState]:
        """The tabs as they are; `known`: the headers the tabs should have, to find header rows by."""
        # A successful read is also the check that the sheet is shared; a 403 becomes the
        # "share it with …" message in GoogleSheetSource._explain.
        meta = self.source._call("fetch_sheet_metadata", params={"includeGridData": "true", "fields": READ_FIELDS})
        self._sheets = {s["properties"]["title"]: s["properties"] for s in meta.get("sheets", [])}
        return [_state(s, known) for s in meta.get("sheets", [])]

    def lines(self) -> list[str]:
        return backend_words.google_sheet_intro(self.name, self.share_with())

    def apply(self, plan: SetupPlan) -> None:
        body = setup_requests(plan, self._sheets)
        if body:
            self.source._call("batch_update", {"requests": body})


def _state(sheet: dict[str, Any], known: Collection[str] = ()) -> TabState:
    props = sheet["properties"]
    grid = props.get("gridProperties", {})
    rows = grid_cells(sheet)
    values = [[cell_value(c) for c in row] for row in rows]
    table = table_from_rows(props["title"], values, known=known)
    hr = table.header_row
    width = max((j + 1 for row in values for j, v in enumerate(row) if not cells.is_blank(v)), default=0)
    header_cells = rows[hr - 1] if len(rows) >= hr else []
    first_data = rows[hr] if len(rows) > hr else []
    columns = range(max(width, grid.get("columnCount", 0)))
    return TabState(
        title=props["title"],
        header=table.header,
        header_row=hr,
        width=width,
        row_count=grid.get("rowCount", 0),
        data_rows=sum(1 for _, r in table.rows if not cells.is_blank_row(r)),
        frozen_rows=grid.get("frozenRowCount", 0),
        noted=frozenset(j for j, c in enumerate(header_cells) if c.get("note")),
        validated=frozenset(j for j, c in enumerate(first_data) if c.get("dataValidation")),
        protected=frozenset(
            c
            for c in columns
            if any(_covers(p.get("range", {}), props["sheetId"], c) for p in sheet.get("protectedRanges", []))
        ),
    )


def _covers(grid_range: dict[str, Any], sheet_id: int, col: int) -> bool:
    """Whether a protected range takes in the whole of column `col` (missing bounds are open)."""
    return (
        grid_range.get("sheetId", 0) == sheet_id
        and not grid_range.get("startRowIndex")
        and "endRowIndex" not in grid_range
        and grid_range.get("startColumnIndex", 0) <= col < grid_range.get("endColumnIndex", col + 1)
    )


def setup_requests(plan: SetupPlan, sheets: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The batchUpdate requests for a plan. Tabs and grid sizes come first, so that every later
    request (the Kopiena dropdown points at tab Kopienas) finds the tabs it names."""
    used = {p["sheetId"] for p in sheets.values()}
    ids: dict[str, int] = {}
    sizing: list[dict[str, Any]] = []
    filling: list[dict[str, Any]] = []
    for tab in plan.tabs:
        if not tab.changes:
            continue
        if tab.create:
            ids[tab.title] = next(i for i in range(1, 2**31) if i not in used)
            used.add(ids[tab.title])
            sizing.append(_add_sheet(ids[tab.title], tab))
        else:
            props = _props(sheets, tab.title)
            ids[tab.title] = props["sheetId"]
            sizing.extend(_grow(props, tab))
        filling.extend(_tab_requests(ids[tab.title], tab))
    return sizing + filling


def _props(sheets: dict[str, dict[str, Any]], title: str) -> dict[str, Any]:
    return sheets[find_title(sheets, title) or title]


def _add_sheet(sheet_id: int, tab: TabPlan) -> dict[str, Any]:
    grid = {"rowCount": max(NEW_GRID["rowCount"], tab.last_row), "columnCount": max(NEW_GRID["columnCount"], tab.width)}
    return {"addSheet": {"properties": {"sheetId": sheet_id, "title": tab.title, "gridProperties": grid}}}


def _grow(props: dict[str, Any], tab: TabPlan) -> list[dict[str, Any]]:
    grid = props.get("gridProperties", {})
    out = []
    for dimension, have, need in (
        ("COLUMNS", grid.get("columnCount", 0), tab.width),
        ("ROWS", grid.get("rowCount", 0), tab.last_row),
    ):
        if need > have:
            out.append(
                {"appendDimension": {"sheetId": props["sheetId"], "dimension": dimension, "length": need - have}}
            )
    return out


def _tab_requests(sheet_id: int, tab: TabPlan) -> list[dict[str, Any]]:
    hr0 = tab.header_row - 1  # 0-based header row
    out: list[dict[str, Any]] = []
    if tab.added:
        first = tab.added[0][0]
        values = [
            {"userEnteredValue": {"stringValue": h}, "userEnteredFormat": {"textFormat": {"bold": True}}}
            for _, h in tab.added
        ]
        out.append(_cells(sheet_id, hr0, first, [values], "userEnteredValue,userEnteredFormat.textFormat.bold"))
    if tab.example:
        rows = [[_example_cell(v) for v in (row or ())] for row in tab.example]
        out.append(_cells(sheet_id, hr0 + 1, 0, rows, "userEnteredValue,userEnteredFormat.numberFormat"))
    for col, text in tab.notes:
        out.append(_cells(sheet_id, hr0, col, [[{"note": text}]], "note"))
    for col, rule in tab.rules:
        out.append(
            {
                "setDataValidation": {
                    # The whole column below the header: no endRowIndex, so rows added later are covered.
                    "range": {
                        "sheetId": sheet_id,
                        "startRowIndex": hr0 + 1,
                        "startColumnIndex": col,
                        "endColumnIndex": col + 1,
                    },
                    "rule": _rule(rule),
                }
            }
        )
    for col in tab.protect:
        column = {"sheetId": sheet_id, "startColumnIndex": col, "endColumnIndex": col + 1}
        out.append(
            {
                "repeatCell": {
                    "range": {**column, "startRowIndex": hr0},
                    "cell": {"userEnteredFormat": {"backgroundColor": TOOL_HEADER_COLOR}},
                    "fields": "userEnteredFormat.backgroundColor",
                }
            }
        )
        out.append(
            {
                "addProtectedRange": {
                    "protectedRange": {
                        "range": column,
                        "description": f"{tab.headers.get(col, '')}: {PROTECTION_NOTE}",
                        "warningOnly": True,
                    }
                }
            }
        )
    if tab.freeze:
        out.append(
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": tab.header_row}},
                    "fields": "gridProperties.frozenRowCount",
                }
            }
        )
    for col, characters in tab.widths:
        out.append(
            {
                "updateDimensionProperties": {
                    "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": col, "endIndex": col + 1},
                    "properties": {"pixelSize": characters * PIXELS_PER_CHARACTER},
                    "fields": "pixelSize",
                }
            }
        )
    return out


def _cells(sheet_id: int, row0: int, col0: int, rows: list[list[dict]], fields: str) -> dict[str, Any]:
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row0, "columnIndex": col0},
            "rows": [{"values": r} for r in rows],
            "fields": fields,
        }
    }


def _rule(rule: Rule) -> dict[str, Any]:
    condition: dict[str, Any]
    if rule.kind in ("list", "checkbox"):
        kind = "ONE_OF_LIST" if rule.kind == "list" else "BOOLEAN"
        condition = {"type": kind, "values": [{"userEnteredValue": v} for v in rule.values]}
    elif rule.kind == "range":
        assert rule.source is not None
        condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=" + rule.source.a1()}]}
    elif rule.kind == "date":
        condition = {"type": "DATE_IS_VALID"}
    elif rule.kind == "count":
        condition = {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": "0"}]}
    else:
        raise ValueError(f"unknown rule kind {rule.kind!r}")
    out = {"condition": condition, "inputMessage": rule.help, "strict": False}
    if rule.kind in ("list", "range"):
        out["showCustomUi"] = True  # the dropdown arrow
    return out


def _example_cell(value: Any) -> dict[str, Any]:
    """A sample value as a person would have it: dates as date cells, text never parsed (RAW)."""
    if isinstance(value, (date, datetime)):
        day = value.date() if isinstance(value, datetime) else value
        return {
            "userEnteredValue": {"numberValue": date_to_serial(day)},
            "userEnteredFormat": {"numberFormat": DATE_FORMAT},
        }
    return typed_cell(value)
