"""`SheetsEmulator`: the server, plus the handles tests use to seed, inspect and disturb it.

Rows and columns in the helper methods are 1-based, as in the Sheets UI and in A1 notation:
``(1, 1)`` is A1. The HTTP API itself speaks Google's own conventions.
"""

from __future__ import annotations

import copy
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from . import values_api
from .a1 import parse_cells
from .batch_update import link_colors, merge_cells
from .cellvalues import parse_input
from .drive_handles import DriveHandles
from .errors import REQUEST_BYTES, ApiError, injected, too_large
from .identities import Identity, TokenDesk, identity_of, rate_limited, service_disabled
from .server import DropConnection, Reply, Server, call, json_reply, not_found_page, route
from .store import DEFAULT_COLS, DEFAULT_ROWS, Sheet, Spreadsheet, Store


class Call(NamedTuple):
    method: str  # "GET", "POST", ...
    kind: str  # "values.batchGet", "spreadsheets.batchUpdate", "drive.files.create", ... or "unknown"
    path: str  # decoded path and query, e.g. "/v4/spreadsheets/1abc/values/'Sheet1'!A1"


@dataclass
class _Fault:
    action: str  # "fail" | "drop" | "delay" | "trickle" | "late"
    remaining: int
    kind: str | None
    status: int = 0
    message: str | None = None
    seconds: float = 0.0
    after: int = 0  # matching calls to let through first
    reason: str | None = None  # Drive's `errors[0].reason` (a rate-limit 403: userRateLimitExceeded, ...)
    html: bool = False  # answer with Google's front-end HTML page instead of a JSON error


class SheetsEmulator(DriveHandles):
    """An in-memory Google Sheets API v4 (and the Drive v3 calls gspread makes) on 127.0.0.1.

    Use as ``with SheetsEmulator() as emu:`` or ``emu.start()`` / ``emu.stop()``; ``emu.url`` is the
    base URL to point a client at (see kopienas.sources.sheets_http.sheets_session).
    """

    def __init__(self, port: int = 0):
        self.store = Store()
        self.latency = 0.0  # seconds added to every call
        self.calls: list[Call] = []
        self.request_bytes: list[int] = []  # the body size of each call in `calls`
        # The size of each answer's JSON (written compactly), in the order they were made.
        self.response_bytes: list[int] = []
        self.errors: list[str] = []  # tracebacks of emulator bugs (answered as 500)
        self._port = port
        self._server: Server | None = None
        self._lock = threading.Lock()  # guards calls, faults and hooks; the store has its own lock
        self._faults: list[_Fault] = []
        self._hooks: list[tuple[str | None, Callable[[], object]]] = []
        self.disabled_apis: set[str] = set()  # "sheets", "drive": answered 403 SERVICE_DISABLED
        self.tokens = TokenDesk(expired_refresh_tokens=set(), revoked_accounts=set(), tokens={})

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> SheetsEmulator:
        if self._server is None:
            self._server = Server(self._app, self._port)
            self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> SheetsEmulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return f"http://127.0.0.1:{self._server.server_port}"

    # -- call log ------------------------------------------------------------------------------------
    def call_counts(self) -> dict[str, int]:
        """Calls so far by kind, e.g. {"spreadsheets.get": 1, "values.batchGet": 2}."""
        with self._lock:
            return dict(Counter(c.kind for c in self.calls))

    def reset_calls(self) -> None:
        with self._lock:
            self.calls.clear()
            self.request_bytes.clear()
            self.response_bytes.clear()

    # -- faults and hooks ----------------------------------------------------------------------------
    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        *,
        kind: str | None = None,
        message: str | None = None,
        after: int = 0,
        reason: str | None = None,
        html: bool = False,
    ) -> None:
        """Answer the next `n` calls (of `kind`, if given) with `status` and Google's error body;
        with `after`, only once that many such calls have been let through. `reason` gives Drive's
        reason (a 403 `userRateLimitExceeded` is a rate limit); `html` answers as Google's front
        end does when the API behind it fails (an HTML page, no JSON)."""
        self._add_fault(_Fault("fail", n, kind, status=status, message=message, after=after, reason=reason, html=html))

    def answer_late_next(self, seconds: float, n: int = 1, *, kind: str | None = None) -> None:
        """Carry out the next `n` calls at once, but answer only after `seconds`: a client that
        gives up meanwhile sees a timeout for a change that was made."""
        self._add_fault(_Fault("late", n, kind, seconds=seconds))

    def trickle_next(self, seconds_per_byte: float, n: int = 1, *, kind: str | None = None) -> None:
        """Carry out the next `n` calls, then send each answer one byte every `seconds_per_byte`."""
        self._add_fault(_Fault("trickle", n, kind, seconds=seconds_per_byte))

    # -- identities and a fresh project's refusals ------------------------------------------------------
    def disable_api(self, *apis: str) -> None:
        """Answer every call of "sheets" and/or "drive" with 403 SERVICE_DISABLED until enabled."""
        self.disabled_apis.update(apis)

    def enable_api(self, *apis: str) -> None:
        self.disabled_apis.difference_update(apis or {"sheets", "drive"})

    def expire_sign_in(self, refresh_token: str) -> None:
        """The token endpoint answers this refresh token `invalid_grant` (a Testing app after 7 days)."""
        self.tokens.expired_refresh_tokens.add(refresh_token)

    def identity(self, authorization: str) -> Identity:
        return identity_of(authorization, self.tokens.tokens)

    def set_version_mode(self, mode: str) -> None:
        """How Drive's `version` moves: "exact", "lag", "jump" or "repeat" (see Store)."""
        assert mode in ("exact", "lag", "jump", "repeat"), mode
        with self.store.lock:
            self.store.version_mode = mode

    def drop_next_connection(self, n: int = 1, *, kind: str | None = None) -> None:
        """Close the connection without answering the next `n` calls (client sees ConnectionError)."""
        self._add_fault(_Fault("drop", n, kind))

    def delay_next(self, seconds: float, n: int = 1, *, kind: str | None = None) -> None:
        """Hold the next `n` calls for `seconds`, then carry them out and answer.

        With a client timeout shorter than `seconds` the client gives up while the change still
        happens, just as a timed-out write to Google may well have been applied.
        """
        self._add_fault(_Fault("delay", n, kind, seconds=seconds))

    def clear_faults(self) -> None:
        """Forget pending faults and hooks, and set latency back to 0."""
        with self._lock:
            self._faults.clear()
            self._hooks.clear()
        self.latency = 0.0
        self.disabled_apis.clear()
        self.tokens.expired_refresh_tokens.clear()
        self.tokens.revoked_accounts.clear()
        self.store.older_storage_refusal = False
        self.set_version_mode("exact")

    def on_next_call(self, callback: Callable[[], object], *, kind: str | None = None) -> None:
        """Run `callback()` just before the next call (of `kind`, if given) is handled.

        This is how a test makes "someone else" edit the sheet between two of the client's calls,
        e.g. ``emu.on_next_call(lambda: emu.insert_rows(sid, "Sheet1", 2, [["x"]]), kind="values.batchUpdate")``.
        """
        with self._lock:
            self._hooks.append((kind, callback))

    def _add_fault(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, kind: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.kind in (None, kind) and fault.after > 0:
                    fault.after -= 1
                elif fault.kind in (None, kind):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _take_hooks(self, kind: str) -> list[Callable[[], object]]:
        with self._lock:
            due = [h for h in self._hooks if h[0] in (None, kind)]
            for hook in due:
                self._hooks.remove(hook)
        return [callback for _, callback in due]

    # -- the HTTP entry point ------------------------------------------------------------------------
    def _app(self, method: str, target: str, raw_body: bytes) -> Reply:
        reply = self._handle(method, target, raw_body)
        with self._lock:
            self.response_bytes.append(reply.size)
        return reply

    def _handle(self, method: str, target: str, raw_body: bytes) -> Reply:
        parts = urlsplit(target)
        found = route(method, parts.path)
        kind = found[0] if found else "oauth2.token" if (method, parts.path) == ("POST", "/token") else "unknown"
        with self._lock:
            self.calls.append(Call(method, kind, unquote(target)))
            self.request_bytes.append(len(raw_body))
        if self.latency:
            time.sleep(self.latency)
        if len(raw_body) > REQUEST_BYTES:  # Google's front end refuses it before the API sees it
            return json_reply(400, too_large().body())
        fault = self._take_fault(kind)
        if fault is not None and fault.action == "drop":
            raise DropConnection()
        if fault is not None and fault.action == "fail":
            return _failure(fault, kind, method)
        if fault is not None and fault.action == "delay":
            time.sleep(fault.seconds)
        reply = self._answer(method, kind, found, parts, raw_body)
        if fault is not None and fault.action == "trickle":
            reply.trickle = fault.seconds
        if fault is not None and fault.action == "late":
            time.sleep(fault.seconds)
        return reply

    def _answer(self, method: str, kind: str, found, parts, raw_body: bytes) -> Reply:
        if kind == "oauth2.token":
            with self.store.lock:
                return json_reply(*self.tokens.answer(bytes(raw_body)))
        if found is None:
            return not_found_page(parts.path)
        if ("drive" if kind.startswith("drive.") else "sheets") in self.disabled_apis:
            return json_reply(403, service_disabled(kind.startswith("drive.")))
        who = self.identity(getattr(raw_body, "authorization", ""))
        try:
            for callback in self._take_hooks(kind):
                callback()
            status, body = call(self.store, method, kind, found[1], parts.query, raw_body, who)
            return json_reply(status, body)
        except ApiError as err:
            return json_reply(err.code, err.body())
        except Exception:  # a bug (in the emulator or a hook): answer like Google's 500, keep the trace
            self.errors.append(traceback.format_exc())
            return json_reply(500, ApiError(500).body())

    # -- seeding -------------------------------------------------------------------------------------
    def create_spreadsheet(
        self,
        title: str = "Untitled spreadsheet",
        sheets: dict[str, list[list]] | None = None,
        *,
        spreadsheet_id: str | None = None,
        value_input_option: str = "USER_ENTERED",
        row_count: int = DEFAULT_ROWS,
        column_count: int = DEFAULT_COLS,
    ) -> str:
        """A new spreadsheet; returns its id.

        `sheets` maps titles to rows (default: one empty "Sheet1"). A value is typed in as a person
        would (USER_ENTERED: "2020-09-24" becomes a date, "=A1*2" a formula) unless
        `value_input_option="RAW"`. A cell may also be a dict with "value", "note", "format"
        (a CellFormat) and "background" (a Color such as {"red": 1, "green": 0.9, "blue": 0.9}).
        """
        with self.store.lock:
            spreadsheet = self.store.create(title, spreadsheet_id, first_sheet=None)
            for i, (sheet_title, rows) in enumerate((sheets or {"Sheet1": []}).items()):
                width = max((len(r) for r in rows), default=0)
                sheet = spreadsheet.add_sheet(
                    sheet_title, max(row_count, len(rows)), max(column_count, width), sheet_id=0 if i == 0 else None
                )
                _seed(sheet, 0, 0, rows, value_input_option == "USER_ENTERED")
            return spreadsheet.id

    def delete_spreadsheet(self, spreadsheet_id: str) -> None:
        with self.store.lock:
            self.store.spreadsheets.pop(spreadsheet_id)

    def add_sheet(
        self,
        spreadsheet_id: str,
        title: str,
        rows: list[list] | None = None,
        *,
        row_count: int = DEFAULT_ROWS,
        column_count: int = DEFAULT_COLS,
    ) -> int:
        """Add a sheet (as someone editing the spreadsheet would); returns its sheetId."""
        with self._edit(spreadsheet_id) as spreadsheet:
            rows = rows or []
            width = max((len(r) for r in rows), default=0)
            sheet = spreadsheet.add_sheet(title, max(row_count, len(rows)), max(column_count, width))
            _seed(sheet, 0, 0, rows, True)
            return sheet.id

    # -- inspecting ----------------------------------------------------------------------------------
    def spreadsheet_ids(self) -> list[str]:
        with self.store.lock:
            return list(self.store.spreadsheets)

    def sheet_titles(self, spreadsheet_id: str) -> list[str]:
        with self.store.lock:
            return [s.title for s in self._spreadsheet(spreadsheet_id).sheets]

    def sheet_properties(self, spreadsheet_id: str, sheet_title: str) -> dict:
        """A copy of the sheet's SheetProperties (sheetId, index, gridProperties, ...)."""
        with self.store.lock:
            return copy.deepcopy(self._sheet(spreadsheet_id, sheet_title).properties)

    def values(self, spreadsheet_id: str, sheet_title: str, render: str = "FORMATTED_VALUE") -> list[list]:
        """The sheet's values as values.get returns them for the whole sheet (trailing empties trimmed)."""
        with self.store.lock:
            sheet = self._sheet(spreadsheet_id, sheet_title)
            return values_api.read(sheet, sheet.whole(), render)

    def notes(self, spreadsheet_id: str, sheet_title: str) -> dict[tuple[int, int], str]:
        """{(row, col): note}, 1-based."""
        return {key: cell["note"] for key, cell in self._cells(spreadsheet_id, sheet_title) if "note" in cell}

    def background(self, spreadsheet_id: str, sheet_title: str) -> dict[tuple[int, int], dict]:
        """{(row, col): backgroundColor} for cells with a background set, 1-based."""
        return {
            key: copy.deepcopy(cell["userEnteredFormat"]["backgroundColor"])
            for key, cell in self._cells(spreadsheet_id, sheet_title)
            if "backgroundColor" in cell.get("userEnteredFormat", {})
        }

    def protected_ranges(self, spreadsheet_id: str, sheet_title: str) -> list[dict]:
        """Copies of the sheet's ProtectedRange bodies (range, description, warningOnly, ...)."""
        with self.store.lock:
            return copy.deepcopy(self._sheet(spreadsheet_id, sheet_title).protected_ranges)

    def column_pixels(self, spreadsheet_id: str, sheet_title: str) -> dict[int, int]:
        """{column: pixelSize} for columns whose width was set, 1-based."""
        with self.store.lock:
            meta = self._sheet(spreadsheet_id, sheet_title).col_meta
            return {c + 1: props["pixelSize"] for c, props in sorted(meta.items()) if "pixelSize" in props}

    def cell(self, spreadsheet_id: str, sheet_title: str, a1: str) -> dict:
        """What is stored for one cell: userEnteredValue, userEnteredFormat, note, dataValidation."""
        row, col = _a1_cell(a1)
        with self.store.lock:
            return copy.deepcopy(self._sheet(spreadsheet_id, sheet_title).cells.get((row, col), {}))

    def _cells(self, spreadsheet_id: str, sheet_title: str):
        with self.store.lock:
            cells = self._sheet(spreadsheet_id, sheet_title).cells
            return sorted(((r + 1, c + 1), cell) for (r, c), cell in cells.items())

    # -- editing, as another person working in the sheet would --------------------------------------
    def rename_sheet(self, spreadsheet_id: str, old_title: str, new_title: str) -> None:
        with self._edit(spreadsheet_id) as spreadsheet:
            _find(spreadsheet, old_title).properties["title"] = new_title

    def set_values(
        self,
        spreadsheet_id: str,
        sheet_title: str,
        a1: str,
        rows: list[list],
        *,
        value_input_option: str = "USER_ENTERED",
    ) -> None:
        """Type `rows` in starting at cell `a1`; the grid grows if they don't fit."""
        row, col = _a1_cell(a1)
        with self._edit(spreadsheet_id) as spreadsheet:
            sheet = _find(spreadsheet, sheet_title)
            _grow(sheet, row + len(rows), col + max((len(r) for r in rows), default=0))
            _seed(sheet, row, col, rows, value_input_option == "USER_ENTERED")

    def set_note(self, spreadsheet_id: str, sheet_title: str, a1: str, note: str | None) -> None:
        row, col = _a1_cell(a1)
        with self._edit(spreadsheet_id) as spreadsheet:
            _find(spreadsheet, sheet_title).update_cell(row, col, note=note or None)

    def merge(self, spreadsheet_id: str, sheet_title: str, a1_range: str) -> None:
        """Merge the cells of `a1_range`, as a coordinator does in the menu (Format → Merge cells)."""
        span = parse_cells(a1_range)
        if span is None:
            raise ValueError(f"not a range: {a1_range!r}")
        with self._edit(spreadsheet_id) as spreadsheet:
            grid = {
                "sheetId": _find(spreadsheet, sheet_title).id,
                "startRowIndex": span.start_row,
                "endRowIndex": span.end_row,
                "startColumnIndex": span.start_col,
                "endColumnIndex": span.end_col,
            }
            merge_cells(spreadsheet, {"range": grid}, "merge")

    def merges(self, spreadsheet_id: str, sheet_title: str) -> list[dict]:
        return copy.deepcopy(self._sheet(spreadsheet_id, sheet_title).merges)

    def insert_rows(self, spreadsheet_id: str, sheet_title: str, at_row: int, rows: list[list]) -> None:
        """Insert `rows` so the first becomes row `at_row` (1-based); rows below move down."""
        with self._edit(spreadsheet_id) as spreadsheet:
            sheet = _find(spreadsheet, sheet_title)
            sheet.insert("ROWS", at_row - 1, len(rows))
            _grow(sheet, 0, max((len(r) for r in rows), default=0))
            _seed(sheet, at_row - 1, 0, rows, True)

    def delete_rows(self, spreadsheet_id: str, sheet_title: str, start_row: int, end_row: int | None = None) -> None:
        """Delete rows start_row..end_row inclusive (1-based); rows below move up."""
        with self._edit(spreadsheet_id) as spreadsheet:
            _find(spreadsheet, sheet_title).delete("ROWS", start_row - 1, end_row or start_row)

    def delete_row(self, spreadsheet_id: str, sheet_title: str, row: int) -> None:
        self.delete_rows(spreadsheet_id, sheet_title, row)

    # -- internals -----------------------------------------------------------------------------------
    def _spreadsheet(self, spreadsheet_id: str) -> Spreadsheet:
        spreadsheet = self.store.get(spreadsheet_id)
        if spreadsheet is None:
            raise KeyError(f"no spreadsheet {spreadsheet_id!r} in the emulator")
        return spreadsheet

    def _sheet(self, spreadsheet_id: str, sheet_title: str) -> Sheet:
        return _find(self._spreadsheet(spreadsheet_id), sheet_title)

    @contextmanager
    def _edit(self, spreadsheet_id: str):
        with self.store.lock:
            work = self._spreadsheet(spreadsheet_id).snapshot()
            yield work
            self.store.commit(work)


def _failure(fault: _Fault, kind: str, method: str) -> Reply:
    if fault.html:  # Google's front end, when the API behind it fails, answers with its own page
        page = (
            f"<!DOCTYPE html>\n<html lang=en><title>Error {fault.status} (Server Error)!!1</title>"
            f"<p><b>{fault.status}.</b> <ins>That’s an error.</ins><p>There was an error. Please try again later. "
            "<ins>That’s all we know.</ins>"
        )
        return Reply(fault.status, page.encode("utf-8"), "text/html; charset=UTF-8")
    if fault.reason:
        error = rate_limited(fault.reason)
    else:
        error = injected(fault.status, drive=kind.startswith("drive."), write=method != "GET")
    if fault.message:
        error.message = fault.message
    return json_reply(fault.status, error.body())


def _find(spreadsheet: Spreadsheet, title: str) -> Sheet:
    sheet = next((s for s in spreadsheet.sheets if s.title == title), None)
    if sheet is None:
        raise KeyError(f"no sheet {title!r}; the sheets are {[s.title for s in spreadsheet.sheets]}")
    return sheet


def _a1_cell(a1: str) -> tuple[int, int]:
    span = parse_cells(a1)
    if span is None or not span.is_cell:
        raise ValueError(f"not a single cell: {a1!r}")
    return span.start_row, span.start_col


def _grow(sheet: Sheet, rows: int, cols: int) -> None:
    grid = sheet.properties["gridProperties"]
    grid["rowCount"] = max(grid["rowCount"], rows)
    grid["columnCount"] = max(grid["columnCount"], cols)


_SEED_KEYS = {"value", "note", "format", "background"}


def _seed(sheet: Sheet, row0: int, col0: int, rows: list[list], user_entered: bool) -> None:
    for i, line in enumerate(rows):
        for j, value in enumerate(line):
            spec = value if isinstance(value, dict) else {"value": value}
            unknown = set(spec) - _SEED_KEYS
            if unknown:
                raise ValueError(f"unknown cell keys {sorted(unknown)}; use {sorted(_SEED_KEYS)}")
            cell = dict(sheet.cells.get((row0 + i, col0 + j), {}))
            fmt = copy.deepcopy(spec.get("format") or cell.get("userEnteredFormat") or {})
            if spec.get("background") is not None:
                fmt["backgroundColor"] = spec["background"]
                fmt.pop("backgroundColorStyle", None)
            if spec.get("value") is not None:
                entered, number_format = parse_input(spec["value"], user_entered)
                cell["userEnteredValue"] = entered
                if number_format and "numberFormat" not in fmt:
                    fmt["numberFormat"] = number_format
            if spec.get("note"):
                cell["note"] = spec["note"]
            cell["userEnteredFormat"] = link_colors(fmt) if fmt else None
            sheet.set_cell(row0 + i, col0 + j, {k: v for k, v in cell.items() if v})
