"""Cell text with a link on part of it, as the Sheets API takes it: `textFormatRuns`, never a
`=HYPERLINK()` formula, so the text stays plain text whatever it says."""

from __future__ import annotations

from typing import Any

from kopienas.core.writeback import Link


def linked_string(text: str, link: Link | None) -> dict[str, Any]:
    """CellData for `text` with a link run over `link`'s characters; without a link the cell gets
    no runs, which clears an old link. Run indexes count UTF-16 code units, as the API does."""
    cell: dict[str, Any] = {"userEnteredValue": {"stringValue": text}}
    if link is None or link.start >= link.end:
        return cell

    def units(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2

    runs: list[dict[str, Any]] = [{"startIndex": units(link.start), "format": {"link": {"uri": link.uri}}}]
    if link.start > 0:
        runs.insert(0, {"startIndex": 0, "format": {}})
    if link.end < len(text):
        runs.append({"startIndex": units(link.end), "format": {}})
    cell["textFormatRuns"] = runs
    return cell
