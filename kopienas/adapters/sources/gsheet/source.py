"""A Google Sheet as the source, through gspread and google-auth.

API economy, independent of the number of rows:
  read  = 1 × spreadsheets.get (tab titles and ids) + 1 × values:batchGet (every tab, unformatted
          values, dates as serial numbers so the sheet's display locale cannot change them);
  write = 1 × spreadsheets.get of the activities tab (IDs, notes and colours as they are now, just
          before writing) + 1 × spreadsheets:batchUpdate (values, notes and colours together).
Verdicts are placed by ID on the rows as re-read, so rows coordinators insert or delete meanwhile
move nothing. Only tool-owned columns, assigned IDs, and the tool's own notes and colours are written.
"""

from __future__ import annotations

import os
import random
import re
import time
from pathlib import Path
from typing import Any

from kopienas.adapters.sources._base import SourceError
from kopienas.adapters.sources.gsheet.decor import DECOR_FIELDS, Decor, color_of, decor_of
from kopienas.adapters.sources.gsheet.rich_text import linked_string
from kopienas.adapters.sources.gsheet.sign_in import explain_sign_in
from kopienas.config import Config
from kopienas.core import cells
from kopienas.core.headers import column_positions, find_title
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.ownership import Mark
from kopienas.core.writeback import WritePlan, WriteResult, locate_rows

# Drive: the sheet's version for `watch`, and the drafts as Google Docs in `drafts.drive_folder`.
SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"]
TOOL_HEADER_COLOR = {"red": 0.906, "green": 0.902, "blue": 0.902}

_ID_IN_URL = re.compile(r"/spreadsheets/d/([a-zA-Z0-9-_]+)")


def spreadsheet_id(source: str) -> str:
    if source.startswith("gsheet:"):
        return source.split(":", 1)[1].strip()
    m = _ID_IN_URL.search(source)
    if not m:
        raise SourceError(f"Nevar atrast tabulas ID adresē {source}. / No spreadsheet id in {source}.")
    return m.group(1)


def quote_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def load_credentials(config: Config):
    """A service-account file (config or GOOGLE_APPLICATION_CREDENTIALS), else a user's token made
    by `kopienas auth`; none needed for a local API."""
    path = config.credentials or (
        Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"]) if os.environ.get("GOOGLE_APPLICATION_CREDENTIALS") else None
    )
    if path is None and config.token.is_file():
        from google.oauth2.credentials import Credentials

        try:
            return Credentials.from_authorized_user_file(str(config.token), SCOPES)
        except (ValueError, KeyError, OSError):
            raise SourceError(
                f"Pieteikšanās fails {config.token} ir bojāts; palaidiet `kopienas auth` vēlreiz. / "
                f"The token file {config.token} is unusable: run `kopienas auth` again."
            ) from None
    if path is None:
        if config.sheets_api:
            from google.auth.credentials import AnonymousCredentials

            return AnonymousCredentials()
        raise SourceError(
            "Nav Google piekļuves atslēgas: norādiet servisa konta JSON failu (konfigurācijā `source.credentials` "
            "vai GOOGLE_APPLICATION_CREDENTIALS) vai piesakieties ar `kopienas auth`. / No Google credentials: set "
            "`source.credentials` or GOOGLE_APPLICATION_CREDENTIALS to a service-account JSON file, or run `kopienas auth`."
        )
    from google.oauth2 import service_account

    try:
        return service_account.Credentials.from_service_account_file(str(path), scopes=SCOPES)
    except FileNotFoundError:
        raise SourceError(f"Servisa konta fails nav atrasts: {path}. / Credentials file not found: {path}.") from None
    except OSError as e:
        raise SourceError(
            f"Servisa konta failu {path} nevar nolasīt ({e.strerror}); ļaujiet šim lietotājam to lasīt. / "
            f"Cannot read the credentials file {path} ({e.strerror}): let this user read it."
        ) from None
    except (ValueError, KeyError) as e:
        raise SourceError(
            f"Fails {path} nav derīga servisa konta atslēga ({type(e).__name__}). / "
            f"{path} is not a usable service-account key file."
        ) from None


def patient_http_client(max_total_wait: float = 60.0, sleep=time.sleep):
    """gspread's HTTPClient with bounded retries: 429, 408 and 5xx are retried with exponential
    backoff and jitter, until `max_total_wait` seconds of waiting, then the error stands."""
    import requests
    from gspread.exceptions import APIError
    from gspread.http_client import HTTPClient

    class PatientHTTPClient(HTTPClient):
        def request(self, *args: Any, **kwargs: Any):
            waited, attempt = 0.0, 0
            while True:
                try:
                    return super().request(*args, **kwargs)
                except APIError as e:
                    if not (e.code in (408, 429) or e.code >= 500):
                        raise
                    error: Exception = e
                except (requests.ConnectionError, requests.Timeout) as e:
                    error = e
                delay = min(32.0, 2.0**attempt) * random.uniform(0.5, 1.0)
                if waited + delay > max_total_wait:
                    raise error
                sleep(delay)
                waited += delay
                attempt += 1

    return PatientHTTPClient


class GoogleSheetSource:
    def __init__(self, key: str, client, *, account: str = ""):
        self.key = key
        self.client = client  # a gspread.Client
        self.account = account  # service-account e-mail, for "share the sheet with …"
        self.name = f"gsheet:{key}"
        self._sheets: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_config(cls, config: Config, *, sleep=time.sleep) -> GoogleSheetSource:
        import gspread

        from kopienas.adapters.sources.gsheet.http import sheets_session

        credentials = load_credentials(config)
        client = gspread.Client(
            auth=credentials,
            session=sheets_session(credentials, config.sheets_api),
            http_client=patient_http_client(config.retry_seconds, sleep),
        )
        client.http_client.set_timeout(30)
        account = getattr(credentials, "service_account_email", "") or ""
        return cls(spreadsheet_id(config.source), client, account=account)

    # -- errors --------------------------------------------------------------------------------
    def _explain(self, error: Exception) -> SourceError:
        from gspread.exceptions import APIError

        if isinstance(error, APIError):
            code = error.code
            if code == 404:
                return SourceError(
                    f"Google tabula {self.key} nav atrasta: pārbaudiet saiti vai ID. / Spreadsheet {self.key} not found."
                )
            if code == 403:
                who = self.account or "servisa kontu"
                return SourceError(
                    f"Nav piekļuves tabulai {self.key}: kopīgojiet to ar {who} (rediģētājs). / "
                    f"No access: share the sheet with {self.account or 'the service account'} as an editor."
                )
            if code == 400 and "Unable to parse range" in str(error.error.get("message", "")):
                return SourceError(
                    "Tabulā vairs nav lapas, ko rīks izmanto (tā pārdēvēta vai izdzēsta darba laikā); nekas netika "
                    "ierakstīts. Palaidiet vēlreiz. / A tab was renamed or deleted during the run; nothing was written.",
                    usage=False,
                )
            if code == 401:
                return SourceError("Google noraidīja piekļuves atslēgu. / Google refused the credentials.")
            if code == 429 or code >= 500:
                return SourceError(
                    f"Google Sheets neatbild ({code}) arī pēc atkārtotiem mēģinājumiem; nekas netika ierakstīts. "
                    f"Mēģiniet vēlāk. / Google Sheets kept failing ({code}); nothing was written.",
                    usage=False,
                )
            return SourceError(f"Google Sheets kļūda {code}: {error.error.get('message', '')}", usage=False)
        return SourceError(
            f"Nevar sazināties ar Google Sheets ({type(error).__name__}); nekas netika ierakstīts. / "
            "Cannot reach Google Sheets; nothing was written.",
            usage=False,
        )

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        import requests
        from google.auth.exceptions import GoogleAuthError, RefreshError
        from gspread.exceptions import APIError

        try:
            return getattr(self.client.http_client, method)(self.key, *args, **kwargs)
        except (APIError, requests.RequestException) as e:
            raise self._explain(e) from None
        except RefreshError as e:  # the key was revoked or deleted, or the user's sign-in withdrawn
            reason = str(e.args[0])[:160] if e.args else "refused"
            raise SourceError(
                f"Google noraidīja piekļuves atslēgu ({reason}); izveidojiet jaunu servisa konta atslēgu "
                f"(`source.credentials`) vai palaidiet `kopienas auth`. / Google refused the key ({reason}): "
                "create a new service-account key where `source.credentials` points, or run `kopienas auth` again."
            ) from None
        except GoogleAuthError as e:
            raise explain_sign_in(e) from None  # the token endpoint refused the key or was unreachable

    # -- reading -------------------------------------------------------------------------------
    def read(self) -> Snapshot:
        # The tabs, with every cell's note and background colour (what ownership decisions need).
        meta = self._call("fetch_sheet_metadata", params={"includeGridData": "true", "fields": DECOR_FIELDS})
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
        return snapshot_from_batch_get(titles, data, self.name, decor)

    # -- writing -------------------------------------------------------------------------------
    def write(self, plan: WritePlan) -> WriteResult:
        grid = self._call(
            "fetch_sheet_metadata",
            params={
                "ranges": [quote_title(self._title_of(plan.tab))],
                "includeGridData": "true",
                "fields": "sheets.properties,sheets.data.rowData.values.effectiveValue,"
                "sheets.data.rowData.values.note,sheets.data.rowData.values.userEnteredFormat.backgroundColor",
            },
        )
        sheet = _sheet_titled(grid, plan.tab)
        if sheet is None:
            raise SourceError(
                f"Tabulā vairs nav lapas “{plan.tab}”; nekas netika ierakstīts. / The tab is gone.", usage=False
            )
        props = sheet["properties"]
        now = grid_cells(sheet)
        table = table_from_rows(props["title"], [[cell_value(c) for c in row] for row in now], known=plan.known_headers)
        header_index = table.header_row - 1
        header = list(table.header)
        columns = column_positions(header)[0]  # the first of duplicates, as when reading
        requests_: list[dict[str, Any]] = []
        sheet_id = props["sheetId"]

        def new_column(title: str, tool: bool) -> int:
            col = len(header)
            header.append(title)
            columns[cells.header_key(title)] = col
            fmt: dict[str, Any] = {"textFormat": {"bold": True}}
            if tool:
                fmt["backgroundColor"] = TOOL_HEADER_COLOR
            requests_.append(
                _update_cell(
                    sheet_id,
                    header_index,
                    col,
                    {"userEnteredValue": {"stringValue": title}, "userEnteredFormat": fmt},
                    "userEnteredValue,userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor",
                )
            )
            return col

        id_col = columns.get(cells.header_key(plan.id_header))
        if id_col is None and plan.updates:
            raise SourceError(
                f"Lapā “{props['title']}” vairs nav kolonnas “{plan.id_header}”; nekas netika ierakstīts (rīks "
                f"neveido otru ID kolonnu). / The column “{plan.id_header}” is gone: nothing was written.",
                usage=False,
            )
        title_col = columns.get(cells.header_key(plan.title_header))
        tool_cols: dict[str, int] = {}
        for h in plan.tool_headers:
            found = columns.get(cells.header_key(h))
            tool_cols[h] = new_column(h, tool=True) if found is None else found
        for h, note in plan.header_notes.items():  # the tool's marker on its columns
            if (at := tool_cols.get(h)) is not None:
                requests_.append(_update_cell(sheet_id, header_index, at, {"note": note}, "note"))
        marked_cols = {h: columns[cells.header_key(h)] for h in plan.marked_headers if cells.header_key(h) in columns}

        def cell_at(row: int, col: int | None) -> dict[str, Any]:
            if col is None or row - 1 >= len(now) or col >= len(now[row - 1]):
                return {}
            return now[row - 1][col]

        current = [(r, cell_value(cell_at(r, id_col)), cell_value(cell_at(r, title_col))) for r, _ in table.rows]
        placed, skipped = locate_rows(plan, current)
        for row, update in placed:
            if update.new_id and id_col is not None:
                requests_.append(_update_cell(sheet_id, row - 1, id_col, _string(update.new_id), "userEnteredValue"))
            for h, text in update.values.items():
                if h in plan.linked_headers:
                    data, fields = linked_string(text, update.links.get(h)), "userEnteredValue,textFormatRuns"
                else:
                    data, fields = _string(text), "userEnteredValue"
                requests_.append(_update_cell(sheet_id, row - 1, tool_cols[h], data, fields))
            for h, mark in update.marks.items():
                if (at := marked_cols.get(h)) is not None:
                    requests_.extend(_mark_requests(sheet_id, row - 1, at, mark))

        missing_columns = len(header) - props.get("gridProperties", {}).get("columnCount", len(header))
        if missing_columns > 0:
            requests_.insert(
                0, {"appendDimension": {"sheetId": sheet_id, "dimension": "COLUMNS", "length": missing_columns}}
            )
        for title, rows in plan.owned_tabs.items():
            requests_.extend(self._rewrite_tab_requests(title, rows, plan.tab_notes.get(title)))
        if requests_:
            self._call("batch_update", {"requests": requests_})
        return WriteResult(written=len(placed), skipped=tuple(skipped), target=f"{self.name} ({props['title']})")

    def _rewrite_tab_requests(
        self, title: str, rows: list[list[object]], note: str | None = None
    ) -> list[dict[str, Any]]:
        """Requests that replace a tool-owned tab's content, creating the tab if it is missing."""
        width = max((len(r) for r in rows), default=1)
        props = self._sheets.get(self._title_of(title))
        out: list[dict[str, Any]] = []
        if props is None:
            used = {p["sheetId"] for p in self._sheets.values()}
            sheet_id = next(i for i in range(1_000_001, 2_000_000) if i not in used)
            grid = {"rowCount": max(100, len(rows) + 20), "columnCount": max(10, width)}
            out.append({"addSheet": {"properties": {"sheetId": sheet_id, "title": title, "gridProperties": grid}}})
            # A second new tab in the same write needs another id (`read` starts afresh).
            self._sheets[title] = {"sheetId": sheet_id, "title": title, "gridProperties": grid}
        else:
            sheet_id = props["sheetId"]
            grid = dict(props.get("gridProperties", {}))
            extra_rows = len(rows) - grid.get("rowCount", 0)
            if extra_rows > 0:
                out.append({"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS", "length": extra_rows}})
                grid["rowCount"] = len(rows)
            extra_cols = width - grid.get("columnCount", 0)
            if extra_cols > 0:
                out.append({"appendDimension": {"sheetId": sheet_id, "dimension": "COLUMNS", "length": extra_cols}})
                grid["columnCount"] = width
        out.append(
            {
                "updateCells": {
                    # The whole grid: cells beyond the new rows are cleared, so no old figure lingers.
                    "range": {
                        "sheetId": sheet_id,
                        "startRowIndex": 0,
                        "endRowIndex": grid["rowCount"],
                        "startColumnIndex": 0,
                        "endColumnIndex": grid["columnCount"],
                    },
                    "rows": [{"values": [typed_cell(v) for v in row]} for row in rows],
                    "fields": "userEnteredValue",
                }
            }
        )
        if note:
            out.append(_update_cell(sheet_id, 0, 0, {"note": note}, "note"))
        return out

    def _title_of(self, tab: str) -> str:
        return find_title(self._sheets, tab) or tab


def snapshot_from_batch_get(
    titles: list[str],
    data: dict[str, Any],
    source: str,
    decor: dict[str, Decor] | None = None,
) -> Snapshot:
    """A `values:batchGet` answer (one value range per title, in order) as a Snapshot, with each
    tab's notes and fills (`decor_of`) when read."""
    decor = decor or {}
    tables = {}
    for t, vr in zip(titles, data.get("valueRanges", []), strict=False):
        notes, fills = decor.get(t, ({}, {}))
        tables[t] = table_from_rows(t, vr.get("values", []), notes=notes, fills=fills)
    return Snapshot(tables, source=source)


def _sheet_titled(meta: dict[str, Any], tab: str) -> dict[str, Any] | None:
    sheets = {s["properties"]["title"]: s for s in meta.get("sheets", [])}
    found = find_title(sheets, tab)
    return sheets[found] if found is not None else None


def grid_cells(sheet: dict[str, Any]) -> list[list[dict[str, Any]]]:
    data = sheet.get("data") or [{}]
    return [row.get("values", []) for row in data[0].get("rowData", [])]


def cell_value(cell: dict[str, Any]) -> Any:
    v = cell.get("effectiveValue") or {}
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in v:
            return v[key]
    return None


def typed_cell(value: object) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, (int, float)):
        return {"userEnteredValue": {"numberValue": value}}
    return _string(str(value))


def _string(text: str) -> dict[str, Any]:
    # stringValue is stored as typed, never parsed as a formula (the RAW behaviour)
    return {"userEnteredValue": {"stringValue": text}}


def _update_cell(sheet_id: int, row0: int, col0: int, cell: dict[str, Any], fields: str) -> dict[str, Any]:
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row0, "columnIndex": col0},
            "rows": [{"values": [cell]}],
            "fields": fields,
        }
    }


def _mark_requests(sheet_id: int, row0: int, col0: int, mark: Mark) -> list[dict]:
    """Carry out the plan's change to a cell's note and colour (decided in kopienas.core.ownership)."""
    out = []
    if mark.note is not None:
        out.append(_update_cell(sheet_id, row0, col0, {"note": mark.note} if mark.note else {}, "note"))
    if mark.fill is not None:
        fmt = {"userEnteredFormat": {"backgroundColor": color_of(mark.fill)}} if mark.fill.startswith("#") else {}
        out.append(_update_cell(sheet_id, row0, col0, fmt, "userEnteredFormat.backgroundColor"))
    return out
