"""A Google Sheet as the source, through gspread and google-auth.

API economy:
  read  = 1 × spreadsheets.get (tab titles and ids: about a kilobyte) + 1 × values:batchGet
          (every tab, unformatted values, dates as serial numbers so the sheet's display locale
          cannot change them) + 1 × spreadsheets:getByDataFilter (notes and colours of the header
          rows and of the rows whose verdict is not the tool's OK: see `marked_rows`); + 1 ×
          spreadsheets.get of the ID column's formulas only when some row has a blank ID (see
          `formulas`);
  write = 1 × spreadsheets.get of the activities tab, bounded by the table's extent (IDs, notes
          and colours as they are now, just before writing) + 1 × spreadsheets:batchUpdate per
          block of rows under Google's 10 MiB request limit (see `batches`): one for a sheet of
          up to about 20,000 rows, two or three for 50,000.
Verdicts are placed by ID on the rows as re-read, so rows coordinators insert or delete meanwhile
move nothing. A write that meets a 429/5xx is never re-sent as it was: after the wait the tab is
read again and what is still missing is planned afresh on the rows as they are then.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kopienas.adapters.sources._base import ChangeFeed, DocFolder, OpenElsewhere, SheetSetup, SourceError
from kopienas.adapters.sources.gsheet.access import SCOPES, load_credentials, quote_title, spreadsheet_id
from kopienas.adapters.sources.gsheet.batches import (
    BATCH_BYTES,
    TOOL_HEADER_COLOR,
    Batch,
    batches,
    read_tab,
)
from kopienas.adapters.sources.gsheet.decor import DECOR_AND_FORMULA_FIELDS, DECOR_FIELDS, decor_of, formula_cells
from kopienas.adapters.sources.gsheet.errors import explain, explain_partial
from kopienas.adapters.sources.gsheet.formulas import IdColumn, id_formulas
from kopienas.adapters.sources.gsheet.grid import (
    cell_value,
    grid_cells,
    sheet_titled,
    snapshot_from_batch_get,
    snapshot_from_grid,
    typed_cell,
)
from kopienas.adapters.sources.gsheet.known_tabs import KnownTabs
from kopienas.adapters.sources.gsheet.marked_rows import DECOR_MASK, data_filters, decor_reads
from kopienas.adapters.sources.gsheet.owned_tabs import rewrite_tab_requests
from kopienas.adapters.sources.gsheet.readback import already_written
from kopienas.adapters.sources.gsheet.retry import Backoff, impatient, is_transient, patient_http_client
from kopienas.adapters.sources.gsheet.sign_in import explain_sign_in
from kopienas.config import Config
from kopienas.core.cells import column_letter
from kopienas.core.formula_cells import mark_empty_formulas
from kopienas.core.headers import find_title, known_headers
from kopienas.core.models import Snapshot, Table
from kopienas.core.pending import empty, pending
from kopienas.core.words import google as said
from kopienas.core.writeback import RowUpdate, WritePlan, WriteResult, locate_rows

__all__ = [
    "SCOPES",
    "TOOL_HEADER_COLOR",
    "GoogleSheetSource",
    "cell_value",
    "grid_cells",
    "load_credentials",
    "patient_http_client",
    "quote_title",
    "snapshot_from_batch_get",
    "spreadsheet_id",
    "typed_cell",
]

GRID_FIELDS = (
    "sheets.properties,sheets.merges,sheets.data.rowData.values.effectiveValue,"
    "sheets.data.rowData.values.note,sheets.data.rowData.values.userEnteredFormat.backgroundColor"
)
# `watch`'s look: titles and values in one answer (each value wrapped as its cell's effectiveValue,
# about twice the bytes of a values:batchGet) while the tabs hold at most this many cells; beyond,
# the titles and then the values (one call more, half the bytes).
LOOK_FIELDS = "sheets.properties.title,sheets.data.rowData.values.effectiveValue"
LOOK_CELLS = 100_000
ROW_SLACK, COLUMN_SLACK = 200, 26  # rows/columns read beyond the table as read: room for insertions
_GRID_LIMITS = re.compile(r"exceeds grid limits", re.I)


class GoogleSheetSource:
    def __init__(
        self,
        key: str,
        client,
        *,
        account: str = "",
        retry_seconds: float = 60.0,
        sleep: Callable[[float], object] = time.sleep,
        ids: IdColumn | None = None,
        known_tabs: KnownTabs | None = None,
    ):
        self.key = key
        self.client = client  # a gspread.Client
        self.account = account  # service-account e-mail, for "share the sheet with …"
        self.name = f"gsheet:{key}"
        self.retry_seconds = retry_seconds
        self.sleep = sleep
        self.batch_bytes = BATCH_BYTES  # how much JSON one batchUpdate carries, by estimate
        self.ids = ids  # where the IDs are: formulas are looked for there alone (else in every cell)
        self.known_tabs = known_tabs or KnownTabs(None, key, ())  # the tabs as the last full read found them
        self._sheets: dict[str, dict[str, Any]] = {}  # title -> SheetProperties, as last read
        self._extent: dict[str, tuple[int, int]] = {}  # title -> (last table row, header width), as read
        self._tables: dict[str, Table] = {}  # title -> the tab as read, what each verdict was made from
        self._unwritten = False  # nothing written since the read: what a write need not repeat is known
        self._look_cells = 0  # cells the latest look saw
        self._warm = False  # the latest read was of the tabs last seen (`known_tabs`), not of every tab

    @classmethod
    def from_config(cls, config: Config, *, sleep=time.sleep) -> GoogleSheetSource:
        from kopienas.adapters.calls import gspread_client, policy_of

        credentials = load_credentials(config)
        client = gspread_client(
            credentials, config.sheets_api, policy_of(config), patient_http_client(config.retry_seconds, sleep)
        )
        account = getattr(credentials, "service_account_email", "") or ""
        sheet = config.sheet
        ids = IdColumn(
            sheet.tabs["activities"],
            sheet.headers["activities"]["id"],
            known_headers(sheet, "activities"),
            check=sheet.tool_headers["check"],
            tools=tuple(sheet.tool_headers.values()),
        )
        key = spreadsheet_id(config.source)
        return cls(
            key,
            client,
            account=account,
            retry_seconds=config.retry_seconds,
            sleep=sleep,
            ids=ids,
            # The tool's own tabs may be missing (made by a write): the others must all be known.
            known_tabs=KnownTabs(
                config.ledger,
                key,
                tuple(t for k, t in sheet.tabs.items() if k not in ("totals", "state")),
            ),
        )

    # -- what the tool knows of a spreadsheet (kopienas.adapters.sources._base.Source) -----------
    def identity(self) -> str:
        return f"gsheet:{self.key}"  # the same sheet, however its address is written

    def open_elsewhere(self) -> OpenElsewhere | None:
        return None  # a Google Sheet is edited by many at once

    def _drive(self):
        from kopienas.adapters.sources.gsheet.drive import Drive

        return Drive(self.client.http_client.session, self.account, retry_seconds=self.retry_seconds, sleep=self.sleep)

    def change_feed(self) -> ChangeFeed:
        from kopienas.adapters.sources.gsheet.drive import WatchedFile

        return WatchedFile(self._drive(), self.key, self.values, self.look_reads)

    def setup(self) -> SheetSetup:
        from kopienas.adapters.sources.gsheet.setup import GoogleSheetSetup

        return GoogleSheetSetup(self)

    def docs_folder(self, folder_id: str) -> DocFolder | None:
        return self._drive().folder(folder_id)

    # -- calls ---------------------------------------------------------------------------------
    def _explain(self, error: Exception) -> SourceError:
        return explain(error, self.key, self.account)

    def _raw(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.client.http_client, method)(self.key, *args, **kwargs)

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._guarded(lambda: self._raw(method, *args, **kwargs))

    def _guarded(self, call: Callable[[], Any]) -> Any:
        import requests
        from google.auth.exceptions import RefreshError, TransportError
        from gspread.exceptions import APIError

        try:
            return call()
        except (APIError, requests.RequestException, RefreshError) as e:
            raise self._explain(e) from None
        except TransportError as e:  # the token endpoint could not be reached
            raise explain_sign_in(e) from None

    # -- reading -------------------------------------------------------------------------------
    def read(self) -> Snapshot:
        known = self.known_tabs.load() if self.ids else None
        if known is not None and self.ids:
            snapshot = self._read_marked(known, self.ids)
            if snapshot is not None:
                return snapshot
            self.known_tabs.keep(None)  # a tab renamed, deleted or made again since: every tab, read whole
        return self._read_every_cell()

    def _read_marked(self, known: dict[str, int], ids: IdColumn) -> Snapshot | None:
        """The values of the tabs last seen, then their notes and colours only where the tool owns
        or may have marked (see `marked_rows`): two calls. None: those are not the tabs any more."""
        self._warm = True
        self._sheets = {t: {"title": t, "sheetId": i} for t, i in known.items()}
        data = self._stale_if(
            "Unable to parse range",
            lambda: self._raw(
                "values_batch_get",
                [quote_title(t) for t in known],
                params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"},
            ),
        )
        if data is _STALE:
            return None
        snapshot = self._with_decor(snapshot_from_batch_get(list(known), data, self.name), ids)
        if snapshot is None:
            return None
        formulas = id_formulas(snapshot, ids, lambda params: self._call("fetch_sheet_metadata", params=params))
        return self._remember(replace(snapshot, tables=mark_empty_formulas(snapshot.tables, formulas)))

    def _with_decor(self, snapshot: Snapshot, ids: IdColumn) -> Snapshot | None:
        from gspread.urls import SPREADSHEET_URL

        blocks, covered = decor_reads(snapshot, ids)
        body = {"dataFilters": data_filters(blocks)}
        meta = self._stale_if(
            "Unable to parse range",
            lambda: self.client.http_client.request(
                "post", SPREADSHEET_URL % self.key + ":getByDataFilter", params={"fields": DECOR_MASK}, json=body
            ).json(),
        )
        if meta is _STALE:
            return None
        sheets = {s["properties"].get("sheetId", 0): s for s in meta.get("sheets", [])}
        if any(sheets.get(p["sheetId"], {}).get("properties", {}).get("title") != t for t, p in self._sheets.items()):
            return None  # a tab renamed, or another now under its title
        self._sheets = {s["properties"]["title"]: s["properties"] for s in sheets.values()}
        decor = {s["properties"]["title"]: decor_of(s) for s in sheets.values()}
        tables = {
            t: replace(table, notes=decor[t][0], fills=decor[t][1], decor_rows=covered.get(t))
            for t, table in snapshot.tables.items()
        }
        return replace(snapshot, tables=tables)

    def _stale_if(self, message: str, call: Callable[[], Any]) -> Any:
        """The call's answer; _STALE when Google refuses it for a title or id it no longer knows."""
        from gspread.exceptions import APIError

        def checked() -> Any:
            try:
                return call()
            except APIError as e:
                if message in _message(e):
                    return _STALE
                raise

        return self._guarded(checked)

    def _read_every_cell(self) -> Snapshot:
        """The tabs with every cell's note and colour (and, where the IDs are is not known, its
        formula), then the values: two calls, the first as big as a fifth of the values or more."""
        self._warm = False
        fields = DECOR_FIELDS if self.ids else DECOR_AND_FORMULA_FIELDS
        meta = self._call("fetch_sheet_metadata", params={"includeGridData": "true", "fields": fields})
        self._sheets = {s["properties"]["title"]: s["properties"] for s in meta.get("sheets", [])}
        titles = list(self._sheets)
        if not titles:
            return Snapshot({}, source=self.name)
        data = self._call(
            "values_batch_get",
            [quote_title(t) for t in titles],
            params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"},
        )
        decor = {s["properties"]["title"]: decor_of(s) for s in meta.get("sheets", [])}
        snapshot = snapshot_from_batch_get(titles, data, self.name, decor)
        if self.ids:
            formulas = id_formulas(snapshot, self.ids, lambda params: self._call("fetch_sheet_metadata", params=params))
            self.known_tabs.keep({t: p["sheetId"] for t, p in self._sheets.items()})
        else:
            formulas = {s["properties"]["title"]: formula_cells(s) for s in meta.get("sheets", [])}
        return self._remember(replace(snapshot, tables=mark_empty_formulas(snapshot.tables, formulas)))

    def _remember(self, snapshot: Snapshot) -> Snapshot:
        for title, table in snapshot.tables.items():
            last = table.rows[-1][0] if table.rows else table.header_row
            self._extent[title] = (last, len(table.header))
            self._tables[title] = table
        self._unwritten = True
        return snapshot

    def values(self) -> Snapshot:
        """Every tab's values alone, without notes and colours: `watch`'s look at the content. One
        `spreadsheets.get` of every cell's value while the sheet is small (an edit is answered a
        round trip sooner, and a look costs one read of the quota); two calls beyond LOOK_CELLS —
        the tab titles, then one values:batchGet. Looks are compared only with looks."""
        if self._look_cells <= LOOK_CELLS:
            snapshot = snapshot_from_grid(
                self._call("fetch_sheet_metadata", params={"includeGridData": "true", "fields": LOOK_FIELDS}),
                self.name,
            )
        else:
            snapshot = self._values_batch()
        self._look_cells = sum(len(row) for table in snapshot.tables.values() for _, row in table.rows)
        return snapshot

    def look_reads(self) -> int:
        """Sheets calls the next `values()` makes."""
        return 1 if self._look_cells <= LOOK_CELLS else 2

    def _values_batch(self) -> Snapshot:
        meta = self._call("fetch_sheet_metadata", params={"fields": "sheets.properties.title"})
        titles = [s["properties"]["title"] for s in meta.get("sheets", [])]
        if not titles:
            return Snapshot({}, source=self.name)
        data = self._call(
            "values_batch_get",
            [quote_title(t) for t in titles],
            params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"},
        )
        return snapshot_from_batch_get(titles, data, self.name)

    # -- writing -------------------------------------------------------------------------------
    def write(self, plan: WritePlan) -> WriteResult:
        """Batches in row order; after a transient failure, wait, re-read and send what is left —
        having first checked whether the batch that got no answer was applied all the same."""
        title = self._title_of(plan.tab)
        added = [t for t in plan.owned_tabs if find_title(self._sheets, t) is None]
        if added and self._warm:
            self._look_for(added)
        plan = pending(plan, self._tables if self._unwritten else {})
        if empty(plan):
            return WriteResult(written=0, target=f"{self.name} ({title})")  # not one call
        left: list[RowUpdate] = list(plan.updates)
        written = 0
        backoff = Backoff(self.retry_seconds, self.sleep)
        waited = False
        unanswered: set[int] = set()  # the rows of a batch sent without an answer
        with_owned = owned_done = False  # whether that batch carried the tool's own tabs; whether they are in
        owned: list[dict[str, Any]] = []
        held: tuple[str, ...] = ()  # tool cells a coordinator's merge hides: not written
        while True:
            try:
                with impatient(self.client.http_client):  # every wait is this loop's, then a fresh plan
                    if waited:
                        self._refresh_sheets()  # tabs as they are now (a batch may have added one)
                    tab, placed, skipped, changed = self._placed(title, plan, left)
                    held = tuple(dict.fromkeys((*held, *tab.held(placed))))
                    done = {id(u) for row, u in placed if id(u) in unanswered and already_written(tab, row, u)}
                    left, placed = [u for u in left if id(u) not in done], [p for p in placed if id(p[1]) not in done]
                    written += len(done)
                    owned_done = owned_done or bool(with_owned and unanswered and unanswered <= done)
                    owned = [] if owned_done else self._owned_requests(plan)
                    # After a wait with no row left, the headers went with the batch that was applied.
                    made = batches(tab, placed, owned, self.batch_bytes) if placed or owned or not waited else []
                    for i, batch in enumerate(made):
                        unanswered, with_owned = {id(u) for u in batch.updates}, bool(owned) and i == len(made) - 1
                        self._send(batch)
                        left = [u for u in left if id(u) not in unanswered]
                        written += len(batch.updates)
                        unanswered = set()
                self._unwritten = False  # the sheet no longer holds what was read: nothing is pruned now
                if added:
                    self._remember_added(owned)
                return WriteResult(
                    written=written,
                    skipped=tuple(skipped),
                    target=f"{self.name} ({title})",
                    changed=tuple(changed),
                    merged=held,
                )
            except SourceError:
                raise
            except Exception as e:
                if not is_transient(e):
                    raise self._failed(e, written, len(plan.updates)) from None
                try:
                    backoff.wait(e)
                except Exception:
                    raise self._failed(e, written, len(plan.updates)) from None
                waited = True

    def _remember_added(self, owned: list[dict[str, Any]]) -> None:
        """The tabs made now, with the ids the tool gave them, are known next time (when the batch that
        made them is not at hand, after a retry, the next read finds every tab again)."""
        made = {
            r["addSheet"]["properties"]["title"]: r["addSheet"]["properties"]["sheetId"]
            for r in owned
            if "addSheet" in r
        }
        self.known_tabs.keep({t: p["sheetId"] for t, p in self._sheets.items()} | made if made else None)

    def _look_for(self, titles: list[str]) -> None:
        """After a read of the tabs last seen, the tool's tabs it did not see are looked for before one
        is made: one a coordinator made meanwhile is not the tool's to write (it is read next time)."""
        self._guarded(self._refresh_sheets)
        for t in titles:
            if find_title(self._sheets, t) is not None:
                self.known_tabs.keep(None)
                raise SourceError(said.tab_appeared(t), usage=False)

    def _failed(self, error: Exception, written: int, total: int) -> SourceError:
        if isinstance(error, SourceError):
            return error
        return explain_partial(error, written, total) if written else self._explain(error)

    def _send(self, batch: Batch) -> None:
        from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL

        self.client.http_client.request(
            "post",
            SPREADSHEET_BATCH_UPDATE_URL % self.key,
            data=batch.body,
            headers={"Content-Type": "application/json; charset=UTF-8"},
        )

    def _placed(self, title: str, plan: WritePlan, left: list[RowUpdate]):
        """The tab as it is now, read no further than the table (and some room for rows inserted
        meanwhile) reaches — a stray cell far below or to the right costs nothing — with every
        update still to write placed on its row. Reads further only if rows went missing."""
        last_row, width = self._extent.get(title, (0, 0))
        rows = max([last_row, *(u.row for u in left)]) + ROW_SLACK
        cols = width + len(plan.tool_headers) + COLUMN_SLACK if width else None
        while True:
            sheet, complete = self._fetch_grid(title, rows, cols)
            tab = read_tab(sheet, plan)

            def value_at(row: int, key: str, tab=tab) -> object:
                return cell_value(tab.cell(row, tab.columns.get(key)))

            placed, gone, changed = locate_rows(replace(plan, updates=tuple(left)), tab.rows(), value_at)
            if not gone or complete:
                return tab, placed, gone, changed
            rows *= 4

    def _fetch_grid(self, title: str, rows: int, cols: int | None) -> tuple[dict[str, Any], bool]:
        """The grid of `title`, rows 1..`rows`, columns 1..`cols`, clipped to the grid as last
        known; True when that is the whole grid."""
        for attempt in (1, 2):
            grid = self._sheets.get(title, {}).get("gridProperties", {})
            total_rows, total_cols = grid.get("rowCount"), grid.get("columnCount")
            if total_rows and total_cols:
                end_row, end_col = min(rows, total_rows), min(cols or total_cols, total_cols)
                span = f"{quote_title(title)}!A1:{column_letter(end_col)}{end_row}"
                complete = end_row >= total_rows
            else:
                span, complete = quote_title(title), True
            try:
                meta = self._raw(
                    "fetch_sheet_metadata", params={"ranges": [span], "includeGridData": "true", "fields": GRID_FIELDS}
                )
            except Exception as e:  # the grid shrank since it was read: learn its size, then again
                message = _message(e)
                if "Unable to parse range" in message:
                    raise _tab_gone(title) from None
                if attempt == 2 or not _GRID_LIMITS.search(message):
                    raise
                self._refresh_sheets()
                continue
            sheet = sheet_titled(meta, title)
            if sheet is None:
                raise _tab_gone(title)
            self._sheets[title] = sheet["properties"]
            return sheet, complete
        raise AssertionError("unreachable")

    def _refresh_sheets(self) -> None:
        meta = self._raw("fetch_sheet_metadata", params={"fields": "sheets.properties"})
        self._sheets = {s["properties"]["title"]: s["properties"] for s in meta.get("sheets", [])}

    def _owned_requests(self, plan: WritePlan) -> list[dict[str, Any]]:
        used = {p["sheetId"] for p in self._sheets.values()}
        return [
            request
            for title, rows in plan.owned_tabs.items()
            for request in rewrite_tab_requests(
                title,
                rows,
                self._sheets.get(self._title_of(title)),
                used,
                plan.tab_notes.get(title),
                plan.owned_widths.get(title, ()),
            )
        ]

    def _title_of(self, tab: str) -> str:
        return find_title(self._sheets, tab) or tab


_STALE = object()  # the tabs as last seen are not the spreadsheet's any more: read it whole


def _tab_gone(title: str) -> SourceError:
    return SourceError(said.tab_gone(title), usage=False)


def _message(error: Exception) -> str:
    body = getattr(error, "error", None)
    return str(body.get("message", "")) if isinstance(body, dict) else ""
