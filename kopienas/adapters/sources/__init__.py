"""Where the spreadsheet lives: a local workbook or a Google Sheet, behind one interface."""

from __future__ import annotations

from kopienas.adapters.sources._base import Source, SourceError
from kopienas.config import Config


def open_source(config: Config) -> Source:
    """The source named by `config.source`; Google's libraries load only when needed."""
    if config.is_google_sheet:
        from kopienas.adapters.sources.gsheet.source import GoogleSheetSource

        return GoogleSheetSource.from_config(config)
    from kopienas.adapters.sources.workbook.source import WorkbookSource

    return WorkbookSource(config.source, write_to=config.write_to)


__all__ = ["Source", "SourceError", "open_source"]
