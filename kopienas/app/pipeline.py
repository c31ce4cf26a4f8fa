"""The steps every command shares: open the source, read it once, validate."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from kopienas.adapters import issued_ids
from kopienas.adapters.ledger import Ledger
from kopienas.adapters.secrets import any_registered, redact_registered
from kopienas.adapters.sources import Source, open_source
from kopienas.config import Config, load_config
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.models import Programme, Snapshot, Table
from kopienas.core.ownership import check_names
from kopienas.core.reading import find_tab, framed_tab, read_programme
from kopienas.core.validation import ValidationReport, validate
from kopienas.core.writeback import Linked, RowUpdate, WritePlan, claims, plan_from_report
from kopienas.outputs.state_tab import last_summary_week, press_witness, sheet_identity, state_rows
from kopienas.outputs.totals_tab import totals_rows

ENV_TODAY = "KOPIENAS_TODAY"  # pins "now" (YYYY-MM-DD = that day at noon, or YYYY-MM-DDTHH:MM) for demos and tests


@dataclass(frozen=True)
class Checked:
    source: Source
    programme: Programme
    report: ValidationReport
    snapshot: Snapshot | None = None
    # A workbook's identity (its state tab's, or a new one written there with this run's write):
    # the key of its issued ID numbers in the ledger, whatever the file is called or wherever it is.
    identity: str = ""


def now(config: Config) -> datetime:
    """The current time in the programme's time zone (or as pinned by KOPIENAS_TODAY)."""
    pinned = os.environ.get(ENV_TODAY)
    if pinned:
        try:
            if "T" in pinned:
                return datetime.fromisoformat(pinned).replace(tzinfo=config.zone)
            return datetime.combine(date.fromisoformat(pinned), datetime.min.time().replace(hour=12), config.zone)
        except ValueError:
            raise KopienasError(f"{ENV_TODAY}={pinned!r} is not a date like 2020-09-28", ExitCode.USAGE) from None
    return datetime.now(config.zone)


def config_from(ctx_obj: dict | None, source: str | None = None) -> Config:
    return load_config((ctx_obj or {}).get("config_path"), source=source)


def ids_keys(source: Source, identity: str) -> tuple[str, ...]:
    """The ledger's keys of the spreadsheet's issued IDs: the identity kept in its state tab (which
    travels with it when a workbook is moved, renamed or copied, or a Google Sheet copied; the key's
    `workbook:` is what ledgers have always said), then the source's own key (a Google Sheet's id, a
    workbook's path: what older ledgers used and what holds until the identity is written)."""
    return (f"workbook:{identity}", source.identity()) if identity else (source.identity(),)


def workbook_identity(config: Config, snapshot: Snapshot) -> str:
    """The identity the spreadsheet's state tab names, or a new one (written with this run's write):
    one rule for a workbook and a Google Sheet, so a copy of either numbers on from its original."""
    return sheet_identity(find_tab(snapshot, config.tabs["state"])) or f"kopienas-{uuid.uuid4().hex}"


def _issued_floor(source: Source, identity: str, ledger: Ledger) -> dict[tuple[str, int], int]:
    floor: dict[tuple[str, int], int] = {}
    for key in ids_keys(source, identity):
        for part, n in issued_ids.highest_issued(ledger, key).items():
            floor[part] = max(floor.get(part, 0), n)
    return floor


def check(config: Config, source: Source | None = None, ledger: Ledger | None = None) -> Checked:
    """Read once and validate; with the ledger, new IDs count on from the highest ever issued."""
    source = source or open_source(config)
    snapshot = source.read()
    programme = read_programme(snapshot, config.sheet)
    identity = workbook_identity(config, snapshot)
    report = validate(
        programme,
        config.headers["activities"],
        now(config).date(),
        partner_headers=config.headers["partners"],
        issued=_issued_floor(source, identity, ledger) if ledger else None,
        community_headers=config.headers["communities"],
    )
    return Checked(source, programme, report, snapshot, identity)


def remember_ids(config: Config, checked: Checked, ledger: Ledger) -> None:
    """Keep the highest ID numbers the spreadsheet holds, and those this run is about to write (when
    it writes into the file it read), before writing: a number is never issued twice."""
    seen = dict(checked.programme.highest_ids)
    writes_back = config.is_google_sheet or config.write_to is None or _same_file(config.write_to, config.source)
    if writes_back:
        for part, n in checked.report.issued.items():
            seen[part] = max(seen.get(part, 0), n)
    for key in ids_keys(checked.source, checked.identity):
        issued_ids.record_issued(ledger, key, seen)


def _same_file(a: Path | str, b: Path | str) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def tool_tabs(
    config: Config,
    checked: Checked,
    summary_week: str | None = None,
    ledger: Ledger | None = None,
    *,
    every: bool = False,
) -> dict[str, list[list[object]]]:
    """The tabs the tool owns and rewrites on every write: the programme's totals, and the tool's
    state tab — the last week summarised (`summary_week`, else as the sheet says), the workbook's
    identity, and every draft's press-office mail queued (as the sheet says, and the ledger) —
    when it has anything to keep (`every`: always, for the refusals checked before any write)."""
    totals = totals_rows(checked.report, checked.programme.communities, now(config))
    if checked.snapshot is not None:
        totals = keep_updated_line(totals, find_tab(checked.snapshot, config.tabs["totals"]))
    tabs = {config.tabs["totals"]: totals}
    week = summary_week if summary_week is not None else sheet_summary_week(config, checked)
    press = press_queued(config, checked, ledger)
    if every or summary_week is not None or checked.identity or press:
        tabs[config.tabs["state"]] = state_rows(week, checked.identity, press)
    return tabs


def tab_settings(config: Config) -> dict[str, str]:
    """Each tab the tool owns -> the setting that names it, for a refusal to name the right one."""
    return {config.tabs["totals"]: "tabs.totals", config.tabs["state"]: "tabs.state"}


def sheet_press_witness(config: Config, checked: Checked) -> dict[str, str]:
    """Draft ID -> the period of its press-office mail, as the sheet's state tab says was queued."""
    return press_witness(find_tab(checked.snapshot, config.tabs["state"])) if checked.snapshot else {}


def press_queued(config: Config, checked: Checked, ledger: Ledger | None) -> dict[str, str]:
    """Draft ID -> the period of its latest press-office mail ever queued: the sheet's witness,
    then the ledger's record (newer)."""
    queued = sheet_press_witness(config, checked)
    for row in ledger.mails("draft") if ledger is not None else ():
        queued[row["period"].partition(":")[0]] = row["period"]
    return queued


def keep_updated_line(rows: list[list[object]], table: Table | None) -> list[list[object]]:
    """The tab as the sheet holds it when only its "updated" line would differ: a pass that finds
    the same figures changes nothing, so it writes nothing (not even a new time)."""
    if table is None:
        return rows
    held = [list(table.header), *(list(r) for _, r in table.rows)]
    if len(held) < 2 or _cells(held[:1] + held[2:]) != _cells(rows[:1] + rows[2:]):
        return rows
    return [rows[0], list(held[1]), *rows[2:]]


def _cells(rows: list[list[object]]) -> list[tuple[str, ...]]:
    """Rows compared as a reader gives them back: numbers as numbers, blanks and empty rows dropped."""

    def cell(v: object) -> str:
        if isinstance(v, bool) or v is None:
            return str(v or "")
        return repr(float(v)) if isinstance(v, int | float) else str(v)

    out = [tuple(cell(v) for v in row) for row in rows]
    out = [row[: max((i + 1 for i, v in enumerate(row) if v), default=0)] for row in out]
    return [row for row in out if row]


def sheet_summary_week(config: Config, checked: Checked) -> str:
    """The last week summarised, as the sheet's state tab remembers it ("" when it does not)."""
    return last_summary_week(find_tab(checked.snapshot, config.tabs["state"])) if checked.snapshot else ""


def refuse_foreign(config: Config, checked: Checked, *, drafts: bool = True) -> None:
    """Stop (OwnershipError, exit 2) before anything is written — drafts included — when the write
    would go into a column or tab the tool does not own."""
    check_names(config.headers["activities"], config.tool_headers, config.tabs)
    if checked.snapshot is None:
        return
    used = {f: h for f, h in config.tool_headers.items() if drafts or f != "draft"}
    table = framed_tab(checked.snapshot, config.sheet, "activities") or Table(checked.report.tab, (), ())
    claims(
        config.headers["activities"],
        used,
        tool_tabs(config, checked, every=True),
        table,
        checked.snapshot.tables,
        tab_settings(config),
    )


def writeback_plan(
    config: Config,
    checked: Checked,
    notes: dict[int, str | Linked] | None = None,
    ledger: Ledger | None = None,
    *,
    summary_week: str | None = None,
) -> WritePlan:
    """Everything one run writes into the sheet: verdicts, marks, IDs, draft notes, tool tabs.
    Refuses (OwnershipError, exit 2) a column or tab the tool does not own, before any write;
    with the ledger, the IDs about to be written are kept there first."""
    check_names(config.headers["activities"], config.tool_headers, config.tabs)
    tables = checked.snapshot.tables if checked.snapshot else {}
    plan = plan_from_report(
        checked.report,
        config.headers["activities"],
        config.tool_headers,
        notes,
        owned_tabs=tool_tabs(config, checked, summary_week, ledger),
        linked_drafts=bool(config.drive_folder),
        table=framed_tab(checked.snapshot, config.sheet, "activities") if checked.snapshot else None,
        tables=tables,
        tab_settings=tab_settings(config),
    )
    if ledger is not None:
        remember_ids(config, checked, ledger)
    return _redacted(plan)


def _redacted(plan: WritePlan) -> WritePlan:
    """Verdicts and notes pass the redactor like every text the tool sends out (a linked text
    keeps its words: its link points into them). An update the redactor leaves as it is stays
    the same object: no copy of every row when there is nothing to redact."""
    if not any_registered():
        return plan
    return replace(plan, updates=tuple(_redacted_update(u) for u in plan.updates))


def _redacted_update(u: RowUpdate) -> RowUpdate:
    values = {h: v if h in u.links else redact_registered(v) for h, v in u.values.items()}
    marks = {h: replace(m, note=redact_registered(m.note)) if m.note else m for h, m in u.marks.items()}
    if values == u.values and all(m.note == u.marks[h].note for h, m in marks.items()):
        return u
    return replace(u, values=values, marks=marks)


def exit_for(report: ValidationReport) -> int:
    """0 when every row is valid, 1 when any row has problems."""
    return ExitCode.PROBLEMS if report.rows_with_problems else ExitCode.OK
