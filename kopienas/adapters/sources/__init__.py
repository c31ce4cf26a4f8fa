"""Where the spreadsheet lives: a local workbook or a Google Sheet, behind one interface (`_base`).

`open_source(config)` is the one factory; the rest of the tool imports this package, never a
backend (an import-linter contract keeps `kopienas.app` away from them). Google's libraries load
only when a Google Sheet is used.
"""

from __future__ import annotations

from pathlib import Path

from kopienas.adapters.sources._base import (
    AccessCheck,
    ChangeFeed,
    Doc,
    DocFolder,
    DocGone,
    OpenElsewhere,
    SheetSetup,
    Source,
    SourceBusy,
    SourceError,
)
from kopienas.config import Config


def open_source(config: Config) -> Source:
    """The source named by `config.source`."""
    if config.is_google_sheet:
        from kopienas.adapters.sources.gsheet.source import GoogleSheetSource

        return GoogleSheetSource.from_config(config)
    from kopienas.adapters.sources.workbook.source import WorkbookSource

    return WorkbookSource(config.source, write_to=config.write_to)


def check_access(config: Config) -> list[AccessCheck]:
    """`doctor`'s checks of the backend's sign-in, APIs and drafts folder, for a backend that has them
    (a Google Sheet's key or sign-in); none for a workbook."""
    if not config.is_google_sheet:
        return []
    from kopienas.adapters.sources.gsheet.checkup import google_findings

    return [AccessCheck(f.ok, f.detail, f.fix, name=f.name) for f in google_findings(config)]


def google_sign_in(client_secrets: Path, open_browser: bool):
    """`kopienas auth`: sign in with a Google account; its credentials (to be saved as the token)."""
    from kopienas.adapters.sources.gsheet.sign_in import sign_in

    return sign_in(client_secrets, open_browser)


__all__ = [
    "AccessCheck",
    "ChangeFeed",
    "Doc",
    "DocFolder",
    "DocGone",
    "OpenElsewhere",
    "SheetSetup",
    "Source",
    "SourceBusy",
    "SourceError",
    "check_access",
    "google_sign_in",
    "open_source",
]
