"""What the tool owns in the spreadsheet, decided from what was read (pure).

- A tool column or tab carries a marker: a note on its header cell (a tab: on A1) that begins
  with `wording.TAG`. The tool writes only into marked columns and tabs, or ones it creates now.
- Migration from versions that made no marker: an unmarked column with a tool header is adopted
  (and marked) when every value in it is one the tool writes (`Labi`, problems naming a column, a
  draft's place or why none was made) or it is empty; an unmarked tab named like the tool's is
  adopted when its first cell is the tool's title line, or it is empty. Anything else is refused
  before any write: one line, exit 2.
- The tool's notes on coordinators' cells begin with the same TAG, so a coordinator's note is
  never taken for the tool's. A coordinator's colour on a cell the tool marks is kept in the
  tool's note (last line) and put back once the problem is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kopienas.core import cells, contract
from kopienas.core.errors import UsageError
from kopienas.core.headers import column_positions
from kopienas.core.models import Note, Table
from kopienas.core.words import owned as wording

TAG = wording.TAG
MARK_FILL = "#FCE4E4"  # light red on a cell with a problem
TOOL_HEADER_FILL = "#E7E6E6"  # grey header on the tool's columns
NO_FILL = ""  # a cell without a fill
# Notes earlier versions wrote: a workbook comment by this author, a Google note with this prefix.
LEGACY_AUTHOR = "kopienas"
LEGACY_PREFIX = wording.LEGACY_NOTE_PREFIX
_MEMORY = re.compile(rf"^{re.escape(TAG)} {re.escape(wording.FILL_MEMORY)} (\S*)$")
_DRAFT_MADE = re.compile(
    rf"\((?:{wording.DRAFT_MADE}|{wording.DOC_UPDATED}) \d{{2}}\.\d{{2}}\.\d{{4}}\. "
    r"(?:plkst\. \d{1,2}\.\d{2}|\d{2}:\d{2})\)$"  # "plkst. 22.52"; "22:52" as earlier versions wrote
)


class OwnershipError(UsageError):
    """The tool would write into a tab or column it does not own; nothing is written."""


@dataclass(frozen=True, slots=True)
class Mark:
    """What to do to one coordinator cell's note and fill. None leaves it as it is."""

    note: str | None = None  # "": remove the (tool's) note; text: set it
    fill: str | None = None  # NO_FILL: no fill; else a fill token such as "#FCE4E4"
    # The problem's message, when the cell's note and colour were not read (a source that reads
    # them only on rows that may carry a mark): the source decides again with `decide_mark` on the
    # cell as it is when writing, so a coordinator's note or colour is never written over unseen.
    unseen: str | None = None


# -- markers ------------------------------------------------------------------------------------
def column_note(help_text: str) -> str:
    """The marker note on a tool column's header cell."""
    return f"{TAG} {help_text} {wording.COLUMN_NOTE}"


def tab_note() -> str:
    return f"{TAG} {wording.TAB_NOTE}"


def is_marker(note: Note | None) -> bool:
    """A header note that marks the tool's column or tab (or the note `init` wrote before markers)."""
    return note is not None and (
        note.text.startswith(TAG) or wording.COLUMN_NOTE in note.text or wording.LEGACY_COLUMN_NOTE in note.text
    )


def _adopted_note(marker: str, note: Note | None) -> str:
    """The marker, keeping any note a coordinator had put on the header below it."""
    return marker if note is None or not note.text.strip() else f"{marker}\n\n{note.text}"


# -- notes on coordinators' cells ---------------------------------------------------------------
def mark_note(message: str, earlier_fill: str | None) -> str:
    note = f"{TAG} {message}"
    if earlier_fill:
        note += f"\n{TAG} {wording.FILL_MEMORY} {earlier_fill}"
    return note


def is_tool_note(note: Note | None, message: str | None = None) -> bool:
    """The tool's own note: tagged; or, from an earlier version, a workbook comment by the tool
    or a Google note that says exactly what the tool says about this cell now."""
    if note is None:
        return False
    if note.text.startswith(TAG):
        return True
    if note.author == LEGACY_AUTHOR:
        return True
    return message is not None and note.text == LEGACY_PREFIX + message


def remembered_fill(note: Note | None) -> str | None:
    """The coordinator's colour kept in the tool's note, if any."""
    if note is None:
        return None
    m = _MEMORY.match(note.text.rsplit("\n", 1)[-1])
    return m.group(1) if m else None


def unseen_mark(message: str) -> Mark:
    """The mark for a problem on a cell whose note and colour were not read: to be decided again
    (`decide_mark`) on the cell as it is when written; as planned, what a bare cell would get."""
    return Mark(note=mark_note(message, None), fill=MARK_FILL, unseen=message)


def decide_mark(message: str | None, note: Note | None, fill: str | None) -> Mark | None:
    """The change to one cell: the tool's note and colour while `message` stands, the cell as the
    coordinator had it once it is gone. A coordinator's note is never touched; a colour the tool
    cannot remember (the cell holds a coordinator's note) is never replaced."""
    fill = fill or None
    ours = is_tool_note(note, message)
    if message:
        if note is not None and not ours:
            return Mark(fill=MARK_FILL) if fill is None else None
        # The coordinator's colour: kept from the tool's note while the mark is on; else the cell's own
        # (none, when they took the mark off themselves).
        earlier = remembered_fill(note) if ours and fill == MARK_FILL else None if fill == MARK_FILL else fill
        wanted = mark_note(message, earlier)
        change = Mark(
            note=wanted if note is None or note.text != wanted else None,
            fill=MARK_FILL if fill != MARK_FILL else None,
        )
        return change if (change.note, change.fill) != (None, None) else None
    if ours:
        restore = remembered_fill(note) or NO_FILL
        return Mark(note="", fill=restore if fill == MARK_FILL else None)
    if fill == MARK_FILL:
        return Mark(fill=NO_FILL)
    return None


# -- who owns a column or tab -------------------------------------------------------------------
def _shaped_check(text: str, headers: Mapping[str, str]) -> bool:
    if text == contract.OK_WORD:
        return True
    starts = tuple(h.casefold() for h in headers.values() if h)
    return all(line.strip().casefold().startswith(starts) for line in text.splitlines() if line.strip())


def _shaped_draft(text: str) -> bool:
    return text.startswith(wording.DRAFT_NOT_MADE_STARTS) or _DRAFT_MADE.search(text) is not None


def tool_shaped(field: str, value: Any, headers: Mapping[str, str]) -> bool:
    """Could the tool have written `value` into its column `field`?"""
    text = cells.text(value).removeprefix("'")
    if not text:
        return True
    return _shaped_check(text, headers) if field == contract.CHECK.field else _shaped_draft(text)


def check_names(headers: Mapping[str, str], tool_headers: Mapping[str, str], tabs: Mapping[str, str]) -> None:
    """Settings that point a tool column at a coordinator column, or the tool's tab at a
    coordinator tab, are refused whatever the sheet holds."""
    theirs = {cells.header_key(h): f"headers.activities.{f}" for f, h in headers.items()}
    for f, h in tool_headers.items():
        if cells.header_key(h) in theirs:
            raise OwnershipError(
                wording.setting_takes_coordinators(f"headers.tool.{f}", h, theirs[cells.header_key(h)])
            )
    tool_keys: dict[str, str] = {}
    for f, h in tool_headers.items():
        other = tool_keys.setdefault(cells.header_key(h), f)
        if other != f:
            raise OwnershipError(wording.tool_headers_clash(f"headers.tool.{f}", h, f"headers.tool.{other}"))
    for own in ("totals", "state"):
        title = tabs.get(own)
        for key, other in tabs.items():
            if key != own and title and cells.header_key(other) == cells.header_key(title):
                raise OwnershipError(wording.setting_takes_coordinators(f"tabs.{own}", title, f"tabs.{key}"))


def claim_columns(table: Table, fields: Mapping[str, str], headers: Mapping[str, str]) -> dict[str, str]:
    """Header -> marker note to write, for each tool column (`fields`: field -> header) that is
    missing (created now) or unmarked but adoptable. Raises OwnershipError for any other."""
    positions = column_positions(table.header)[0]  # the first of repeated headers, as everywhere
    helps = {c.field: c.help for c in contract.TOOL_COLUMNS}
    notes = {}
    for field, header in fields.items():
        marker = column_note(helps.get(field, ""))
        col = positions.get(cells.header_key(header))
        if col is None:
            notes[header] = marker
            continue
        note = table.notes.get((table.header_row, col))
        if is_marker(note):
            continue
        values = (row[col] for _, row in table.rows if col < len(row))
        if not all(tool_shaped(field, v, headers) for v in values):
            raise OwnershipError(
                wording.column_not_ours(cells.text(table.header[col]), table.title, f"headers.tool.{field}")
            )
        notes[header] = _adopted_note(marker, note)
    return notes


def claim_tab(table: Table | None, rows: list[list[object]], setting: str = "tabs.totals") -> str:
    """The marker note for A1 of a tab the tool rewrites whole. Raises OwnershipError when a tab of
    that name exists, unmarked, holding something other than the tool's earlier output."""
    if table is None or is_marker(table.notes.get((1, 0))):
        return tab_note()
    first = cells.text(table.header[0]) if table.header else ""
    title = cells.text(rows[0][0]) if rows and rows[0] else ""
    if table.header and not (first == title and table.header_row == 1):
        raise OwnershipError(wording.tab_not_ours(table.title, setting))
    return tab_note()
