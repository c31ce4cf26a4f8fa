"""The steps every command shares: open the source, read it once, validate."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime

from kopienas.adapters.sources import Source, open_source
from kopienas.config import Config, load_config
from kopienas.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, KopienasError
from kopienas.core.models import Programme, Snapshot
from kopienas.core.reading import find_tab, read_programme
from kopienas.core.validation import ValidationReport, validate
from kopienas.core.writeback import Linked, WritePlan, plan_from_report
from kopienas.outputs.state_tab import last_summary_week, state_rows
from kopienas.outputs.totals_tab import totals_rows

ENV_TODAY = "KOPIENAS_TODAY"  # pins "now" (YYYY-MM-DD = that day at noon, or YYYY-MM-DDTHH:MM) for demos and tests


@dataclass(frozen=True)
class Checked:
    source: Source
    programme: Programme
    report: ValidationReport
    snapshot: Snapshot | None = None


def now(config: Config) -> datetime:
    """The current time in the programme's time zone (or as pinned by KOPIENAS_TODAY)."""
    pinned = os.environ.get(ENV_TODAY)
    if pinned:
        try:
            if "T" in pinned:
                return datetime.fromisoformat(pinned).replace(tzinfo=config.zone)
            return datetime.combine(date.fromisoformat(pinned), datetime.min.time().replace(hour=12), config.zone)
        except ValueError:
            raise KopienasError(f"{ENV_TODAY}={pinned!r} is not a date like 2020-09-28", EXIT_USAGE) from None
    return datetime.now(config.zone)


def config_from(ctx_obj: dict | None, source: str | None = None) -> Config:
    return load_config((ctx_obj or {}).get("config_path"), source=source)


def check(config: Config, source: Source | None = None) -> Checked:
    source = source or open_source(config)
    snapshot = source.read()
    programme = read_programme(snapshot, config)
    report = validate(
        programme, config.headers["activities"], now(config).date(), partner_headers=config.headers["partners"]
    )
    return Checked(source, programme, report, snapshot)


def tool_tabs(config: Config, checked: Checked, summary_week: str | None = None) -> dict[str, list[list[object]]]:
    """The tabs the tool owns and rewrites on every write: the programme's totals, and (when
    `summary_week` is given) the tool's state tab naming the last week summarised."""
    tabs = {config.tabs["totals"]: totals_rows(checked.report, checked.programme.communities, now(config))}
    if summary_week is not None:
        tabs[config.tabs["state"]] = state_rows(summary_week)
    return tabs


def sheet_summary_week(config: Config, checked: Checked) -> str:
    """The last week summarised, as the sheet's state tab remembers it ("" when it does not)."""
    return last_summary_week(find_tab(checked.snapshot, config.tabs["state"])) if checked.snapshot else ""


def writeback_plan(
    config: Config, checked: Checked, notes: dict[int, str | Linked] | None = None, *, summary_week: str | None = None
) -> WritePlan:
    """Everything one run writes into the sheet: verdicts, marks, IDs, draft notes, tool tabs."""
    return plan_from_report(
        checked.report,
        config.headers["activities"],
        config.tool_headers,
        notes,
        owned_tabs=tool_tabs(config, checked, summary_week),
        linked_drafts=bool(config.drive_folder),
    )


def exit_for(report: ValidationReport) -> int:
    """0 when every row is valid, 1 when any row has problems."""
    return EXIT_PROBLEMS if report.rows_with_problems else EXIT_OK
