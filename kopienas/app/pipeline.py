"""The steps every command shares: open the source, read it once, validate."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime

from kopienas.adapters.sources import Source, open_source
from kopienas.config import Config, load_config
from kopienas.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, KopienasError
from kopienas.core.models import Programme
from kopienas.core.reading import read_programme
from kopienas.core.validation import ValidationReport, validate
from kopienas.core.writeback import Linked, WritePlan, plan_from_report
from kopienas.outputs.totals_tab import totals_rows

ENV_TODAY = "KOPIENAS_TODAY"  # pins "now" (YYYY-MM-DD = that day at noon, or YYYY-MM-DDTHH:MM) for demos and tests


@dataclass(frozen=True)
class Checked:
    source: Source
    programme: Programme
    report: ValidationReport


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
    programme = read_programme(source.read(), config)
    report = validate(
        programme, config.headers["activities"], now(config).date(), partner_headers=config.headers["partners"]
    )
    return Checked(source, programme, report)


def tool_tabs(config: Config, checked: Checked) -> dict[str, list[list[object]]]:
    """The tabs the tool owns and rewrites on every write: the programme's totals."""
    return {config.tabs["totals"]: totals_rows(checked.report, checked.programme.communities, now(config))}


def writeback_plan(config: Config, checked: Checked, notes: dict[int, str | Linked] | None = None) -> WritePlan:
    """Everything one run writes into the sheet: verdicts, marks, IDs, draft notes, tool tabs."""
    return plan_from_report(
        checked.report,
        config.headers["activities"],
        config.tool_headers,
        notes,
        owned_tabs=tool_tabs(config, checked),
        linked_drafts=bool(config.drive_folder),
    )


def exit_for(report: ValidationReport) -> int:
    """0 when every row is valid, 1 when any row has problems."""
    return EXIT_PROBLEMS if report.rows_with_problems else EXIT_OK
