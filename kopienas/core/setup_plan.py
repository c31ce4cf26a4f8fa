"""The data of a set-up plan: the tabs as they are and the changes `kopienas init` makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kopienas.core.cells import column_letter
from kopienas.core.words import values as said

DATA_ROWS = 1000  # typing help covers the data rows down to here (or further, if the tab is longer)


@dataclass(frozen=True)
class TabState:
    """One tab as it is now, as far as setting up is concerned. Columns are 0-based."""

    title: str
    header: tuple[Any, ...] = ()
    header_row: int = 1  # 1-based; a title line above the headers is allowed
    width: int = 0  # columns in use: up to the last one with anything in any row
    row_count: int = 0  # rows in the grid (Google) or in use (workbook)
    data_rows: int = 0  # non-blank rows below the header
    frozen_rows: int = 0
    noted: frozenset[int] = frozenset()  # header has a note (anyone's: a coordinator's is kept)
    validated: frozenset[int] = frozenset()  # the first data cell has a validation rule (anyone's)
    protected: frozenset[int] = frozenset()  # marked as the tool's (Google: protected; workbook: grey header)


@dataclass(frozen=True)
class CellRange:
    """A column stretch on a tab, e.g. the community names the Kopiena dropdown offers."""

    tab: str
    column: int  # 0-based
    first_row: int  # 1-based
    last_row: int

    def a1(self) -> str:
        """`'Kopienas'!$B$2:$B$500`: quoted, so any tab title works in Google and Excel alike."""
        letter = column_letter(self.column + 1)
        quoted = "'" + self.tab.replace("'", "''") + "'"
        return f"{quoted}!${letter}${self.first_row}:${letter}${self.last_row}"


@dataclass(frozen=True)
class Rule:
    """Typing-time help on one column. Sources turn it into their own validation; all of them
    only warn, so pasting old data still works and the tool's own checks stay the judge."""

    kind: str  # "list" | "range" | "checkbox" | "date" | "count"
    help: str  # shown when the cell is selected
    values: tuple[str, ...] = ()  # "list": the items; "checkbox": (checked, unchecked)
    source: CellRange | None = None  # "range": where the items are

    def label(self) -> str:
        if self.kind == "list":
            return said.choice_of(self.values)
        if self.kind == "range" and self.source:
            return said.choice_from_tab(self.source.tab)
        if self.kind == "checkbox":
            return "/".join(self.values)
        return said.RULE_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class TabPlan:
    """The changes to one tab. Columns are 0-based and final (existing ones where they are)."""

    key: str  # contract tab key
    title: str
    create: bool
    header_row: int
    columns: dict[str, int]  # contract field -> column, after the change
    headers: dict[int, str]  # column -> header text as it will be, for messages
    added: tuple[tuple[int, str], ...] = ()  # (column, header) written at the right, bold
    notes: tuple[tuple[int, str], ...] = ()  # (column, text) on the header cell
    rules: tuple[tuple[int, Rule], ...] = ()  # on rows header_row + 1 .. last_row
    protect: tuple[int, ...] = ()  # tool-owned columns to mark grey and protect
    freeze: bool = False  # freeze the rows down to the header
    widths: tuple[tuple[int, int], ...] = ()  # (column, characters), new columns only
    last_row: int = DATA_ROWS
    example: tuple[tuple[Any, ...] | None, ...] = ()  # rows below the header, by column; None = blank
    suspects: tuple[tuple[str, str], ...] = ()  # (header, the tab's header most like it): not added

    @property
    def changes(self) -> bool:
        return bool(
            self.create or self.added or self.notes or self.rules or self.protect or self.freeze or self.example
        )

    @property
    def said(self) -> bool:
        """Whether `describe` has anything to say: a change, or a column left for the coordinator."""
        return self.changes or bool(self.suspects)

    @property
    def width(self) -> int:
        """Columns the tab needs after the change."""
        used = [c + 1 for c in self.headers] + [len(r) for r in self.example if r]
        return max(used, default=1)


@dataclass(frozen=True)
class SetupPlan:
    tabs: tuple[TabPlan, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not any(t.said for t in self.tabs)
