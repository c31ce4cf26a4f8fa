"""`kopienas init` on a local .xlsx workbook: reads the tabs as they are and carries out a SetupPlan.

The workbook is loaded once in full mode (styles, comments, validations and defined names survive)
and saved atomically through `WorkbookSource`. How the contract's typing help looks in Excel:
- dropdowns and checks are data validations with the "warning" error style: Excel warns, the
  coordinator may still keep the value, and pasted data is never refused;
- xlsx has no checkbox, so `Relīze` and `Aktīvs` get a Jā/Nē dropdown instead;
- the Kopiena dropdown reads the community names through a defined name, because Excel keeps a
  list that points straight at another sheet only in an extension openpyxl drops on the next save;
- tool-owned columns get a grey header and a comment saying not to type there; sheet protection
  would lock the whole sheet, so there is none.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from kopienas.adapters.sources._base import SourceError
from kopienas.adapters.sources.workbook.inplace import AUTHOR, TOOL_HEADER_COLOR
from kopienas.adapters.sources.workbook.lossy import openpyxl_would_lose
from kopienas.core import cells
from kopienas.core.headers import find_title
from kopienas.core.models import table_from_rows
from kopienas.core.sheet_setup import Rule, SetupPlan, TabPlan, TabState
from kopienas.core.words import backends as backend_words
from kopienas.core.words import workbook as said

if TYPE_CHECKING:  # the source makes its set-up (`WorkbookSource.setup`), not the other way round
    from kopienas.adapters.sources.workbook.source import WorkbookSource

COMMUNITY_NAMES = "Kopienu_nosaukumi"  # the defined name behind the Kopiena dropdown
FIRST_DAY, LAST_DAY = 1, 2958465  # 1900-01-01 .. 9999-12-31 as Excel serial numbers
PROTECTION = said.PROTECTION


class WorkbookSetup:
    protection = PROTECTION

    def __init__(self, source: WorkbookSource):
        self.source = source
        self.name = source.name
        self.created = False  # the file did not exist and is made from scratch
        self._wb: Workbook | None = None

    def read(self, known: Collection[str] = ()) -> list[TabState]:
        """The tabs as they are; `known`: the headers the tabs should have, to find header rows by."""
        if self.source.path.exists():
            self._wb = self.source._load()  # full mode: this workbook object is what gets saved
        elif self.source.path.suffix.lower() != ".xlsx":
            raise SourceError(said.new_must_be_xlsx(self.source.path))
        else:
            self._wb = Workbook()
            self._wb.remove(self._wb.worksheets[0])
            self.created = True
        return [_state(ws, known) for ws in self._wb.worksheets]

    def lines(self) -> list[str]:
        return backend_words.workbook_intro(self.source.target_name, self.source.name, self.created)

    def apply(self, plan: SetupPlan) -> None:
        assert self._wb is not None, "read() first"
        self.source._refuse_if_open_elsewhere()
        if not self.created and any(tab.changes for tab in plan.tabs):
            lost = openpyxl_would_lose(self.source.path.read_bytes())
            if lost:  # `init` saves through openpyxl: when it would lose something, it writes nothing
                raise SourceError(said.init_would_lose(self.source.path, ", ".join(lost)))
        for tab in plan.tabs:
            if tab.changes:
                _apply(self._wb, tab)
        self.source.save(self._wb)


def _state(ws, known: Collection[str] = ()) -> TabState:
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    table = table_from_rows(ws.title, rows, known=known)
    hr = table.header_row
    width = max((i + 1 for r in rows for i, v in enumerate(r) if v is not None), default=0)
    header_cells = next(iter(ws.iter_rows(min_row=hr, max_row=hr, max_col=max(width, 1)))) if width else ()
    first_data = {f"{get_column_letter(c + 1)}{hr + 1}": c for c in range(width)}
    validated = {
        col for dv in ws.data_validations.dataValidation for coord, col in first_data.items() if coord in dv.sqref
    }
    return TabState(
        title=ws.title,
        header=table.header,
        header_row=hr,
        width=width,
        row_count=ws.max_row,
        data_rows=sum(1 for _, r in table.rows if not cells.is_blank_row(r)),
        frozen_rows=_frozen_rows(ws.freeze_panes),
        noted=frozenset(c.column - 1 for c in header_cells if c.comment is not None),
        validated=frozenset(validated),
        protected=frozenset(c.column - 1 for c in header_cells if _is_tool_grey(c.fill)),
    )


def _frozen_rows(top_left: str | None) -> int:
    if not top_left:
        return 0
    return coordinate_from_string(top_left)[1] - 1


def _is_tool_grey(fill) -> bool:
    return fill is not None and fill.fill_type == "solid" and fill.fgColor.rgb == TOOL_HEADER_COLOR


def _apply(wb: Workbook, tab: TabPlan) -> None:
    ws = wb.create_sheet(tab.title) if tab.create else wb[find_title(wb.sheetnames, tab.title) or tab.title]
    hr = tab.header_row
    for col, header in tab.added:
        ws.cell(hr, col + 1, header).font = Font(bold=True)
    for col, width in tab.widths:
        ws.column_dimensions[get_column_letter(col + 1)].width = width
    for col in tab.protect:
        ws.cell(hr, col + 1).fill = PatternFill("solid", fgColor=TOOL_HEADER_COLOR)
    for col, text in tab.notes:
        ws.cell(hr, col + 1).comment = Comment(text, AUTHOR, width=300, height=110)
    for col, rule in tab.rules:
        letter = get_column_letter(col + 1)
        validation = _validation(wb, rule, tab.headers.get(col, ""))
        validation.add(f"{letter}{hr + 1}:{letter}{tab.last_row}")
        ws.add_data_validation(validation)
    if tab.freeze:
        # keep frozen columns, if any: only the rows part is set
        top_left = ws.freeze_panes or "A1"
        ws.freeze_panes = f"{coordinate_from_string(top_left)[0]}{hr + 1}"
    for i, row in enumerate(tab.example):
        for c, value in enumerate(row or ()):
            if value is None:
                continue
            cell = ws.cell(hr + 1 + i, c + 1, value)
            if isinstance(value, (date, datetime)):
                cell.number_format = "DD.MM.YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _validation(wb: Workbook, rule: Rule, header: str) -> DataValidation:
    common: dict[str, Any] = dict(
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        showInputMessage=True,
        error=said.INPUT_ERRORS[rule.kind],
        errorTitle=said.INPUT_ERROR_TITLE,
        prompt=rule.help[:255],
        promptTitle=header[:32],
    )
    if rule.kind in ("list", "checkbox"):
        return DataValidation(type="list", formula1='"' + ",".join(rule.values) + '"', **common)
    if rule.kind == "range":
        assert rule.source is not None
        if COMMUNITY_NAMES not in wb.defined_names:
            wb.defined_names[COMMUNITY_NAMES] = DefinedName(COMMUNITY_NAMES, attr_text=rule.source.a1())
        return DataValidation(type="list", formula1=COMMUNITY_NAMES, **common)
    if rule.kind == "date":
        return DataValidation(
            type="date", operator="between", formula1=str(FIRST_DAY), formula2=str(LAST_DAY), **common
        )
    if rule.kind == "count":
        return DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **common)
    raise ValueError(f"unknown rule kind {rule.kind!r}")
