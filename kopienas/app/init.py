"""The init job: make a spreadsheet fit the sheet contract, or start a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kopienas.app.outcome import Outcome
from kopienas.config import Config
from kopienas.core.headers import all_known_headers
from kopienas.core.language import NOTHING_TO_DO
from kopienas.core.sheet_setup import describe, plan_setup

if TYPE_CHECKING:  # the backends load only when used
    from kopienas.adapters.sources.gsheet.setup import GoogleSheetSetup
    from kopienas.adapters.sources.workbook.setup import WorkbookSetup


def init(config: Config, *, example: bool = False) -> Outcome:
    """Problems (no access, --example refused) raise KopienasError."""
    outcome = Outcome()
    target: GoogleSheetSetup | WorkbookSetup
    if config.is_google_sheet:
        from kopienas.adapters.sources.gsheet.setup import PROTECTION, GoogleSheetSetup
        from kopienas.adapters.sources.gsheet.source import GoogleSheetSource

        target = GoogleSheetSetup(GoogleSheetSource.from_config(config))
        outcome.say(f"Google tabula {target.name}: tai jābūt kopīgotai (rediģētājs) ar {target.share_with()}")
        tabs = target.read(all_known_headers(config.sheet))
        outcome.say("Piekļuve ir.")
    else:
        from kopienas.adapters.sources.workbook.setup import PROTECTION, WorkbookSetup
        from kopienas.adapters.sources.workbook.source import WorkbookSource

        workbook = WorkbookSource(config.source, write_to=config.write_to)
        book = WorkbookSetup(workbook)
        tabs = book.read(all_known_headers(config.sheet))
        # The file written, which is the one named by --source (`write_to` serves only the configured one).
        outcome.say(
            f"Darbgrāmata {workbook.target_name}"
            + (f" (no {workbook.name})" if workbook.target_name != workbook.name else "")
            + (" (jauna)" if book.created else "")
        )
        target = book

    plan = plan_setup(tabs, config.sheet, example=example)
    if plan.empty:
        outcome.say(NOTHING_TO_DO)
        return outcome
    target.apply(plan)
    outcome.say(*(f"  {line}" for line in describe(plan, protection=PROTECTION)))
    return outcome
