"""What the coordinators wrote, as one hash: `watch` decides from it whether a pass has anything new
to check, whatever the file's stamps or Drive's `version` say.

Only what a pass reads as input counts: the tool's own columns (the verdicts, the drafts' column)
and the tabs it rewrites (totals, its state) are left out, so the tool's own write never looks
like an edit. Values only: the notes and colours on a coordinator's cells are the tool's marks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection

from kopienas.core.cells import header_key
from kopienas.core.models import Snapshot, Table


def content_fingerprint(snapshot: Snapshot, owned_tabs: Collection[str], tool_headers: Collection[str]) -> str:
    """A sha256 of every tab's values but the tool's; equal for equal input, whatever the reader."""
    skip_tabs = {header_key(t) for t in owned_tabs}
    skip_columns = {header_key(h) for h in tool_headers}
    digest = hashlib.sha256()
    for title in sorted(snapshot.tables):
        if header_key(title) in skip_tabs:
            continue
        digest.update(_table_bytes(snapshot.tables[title], skip_columns))
    return digest.hexdigest()


def _table_bytes(table: Table, skip_columns: set[str]) -> bytes:
    keep = [i for i, h in enumerate(table.header) if header_key(h) not in skip_columns]
    rows = [(number, [_cell(row, i) for i in keep]) for number, row in table.rows]
    # Trailing blanks differ between readers (and after a pass that cleared a cell): not content.
    rows = [(number, values) for number, values in rows if any(v not in (None, "") for v in values)]
    header = [table.header[i] for i in keep]
    return repr((table.title, table.header_row, header, rows)).encode("utf-8", "surrogatepass") + b"\x00"


def _cell(row: tuple, i: int) -> object:
    value = row[i] if i < len(row) else None
    return None if value == "" else value
