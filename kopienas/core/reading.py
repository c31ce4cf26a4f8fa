"""From a raw Snapshot (any source) to a typed Programme. Pure: no I/O.

Headers are found by name, never by position, and the header row by content (see
`core/headers.py`); unknown columns are ignored here and left untouched by the sources.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from kopienas.core import cells, contract
from kopienas.core.contract import SheetLayout
from kopienas.core.errors import UsageError
from kopienas.core.headers import (
    ColumnCheck,
    TabColumns,
    find_title,
    known_headers,
    reframe,
    tab_columns,
    table_rows,
    tool_columns,
)
from kopienas.core.institutions import InstitutionIndex
from kopienas.core.models import (
    Activity,
    Community,
    Institution,
    Partner,
    Problem,
    Programme,
    Snapshot,
    Table,
    community_index,
)
from kopienas.core.words import owned as owned_words
from kopienas.core.words import problems as kinds
from kopienas.core.words import sheets as sheet_phrases
from kopienas.core.words import values as said

REQUIRED_TABS = ("activities", "communities", "institutions")


class SheetStructureError(UsageError):
    """The spreadsheet lacks a tab or a column the job needs; str() says what to do (one line per
    tab, Latvian then English). Raised before anything is written."""


def find_tab(snapshot: Snapshot, title: str) -> Table | None:
    found = find_title(snapshot.tables, title)
    return snapshot.tables[found] if found is not None else None


def framed_tab(snapshot: Snapshot, sheet: SheetLayout, key: str) -> Table | None:
    """A tab with its header row found by content (as reading and the writers find it)."""
    table = find_tab(snapshot, sheet.tabs[key])
    return reframe(table, known_headers(sheet, key)) if table is not None else None


def _stop_line(columns: TabColumns, checks: tuple[ColumnCheck, ...]) -> str:
    return sheet_phrases.columns_stop_line(
        columns.title, columns.header_row, [(c.header, c.closest, c.setting) for c in checks]
    )


def _required_tab(snapshot: Snapshot, sheet: SheetLayout, key: str) -> Table:
    title = sheet.tabs[key]
    table = find_tab(snapshot, title)
    if table is None:
        found = ", ".join(f"“{t}”" for t in snapshot.tables) or "nevienas"
        raise SheetStructureError(
            f"Nav lapas “{title}” (ir: {found}). Izveidojiet to vai palaidiet `kopienas init`. "
            f"/ The spreadsheet has no tab “{title}”: add it or run `kopienas init`."
        )
    return table


def _records(table: Table, ignore: Collection[int] = frozenset()) -> list[tuple[int, tuple]]:
    """Non-blank rows; a row counts as blank when every coordinator cell is empty."""
    out = []
    for number, row in table.rows:
        if not cells.is_blank_row(row, ignore):
            out.append((number, row))
    return out


def _column_problems(columns: TabColumns) -> list[Problem]:
    """Said once per tab: repeated headers, optional columns that are not there."""
    problems = [
        Problem(
            kinds.DUPLICATE_HEADER.type,
            columns.header_row,
            None,
            h,
            kinds.DUPLICATE_HEADER.say(col=h),
            tab=columns.title,
        )
        for h in columns.duplicates
    ]
    missing = columns.optional_missing
    if missing:
        problems.append(
            Problem(
                kinds.MISSING_COLUMN.type,
                columns.header_row,
                None,
                "",
                kinds.MISSING_COLUMN.say(columns.title, [c.header for c in missing]),
                tab=columns.title,
            )
        )
    return problems


def read_programme(snapshot: Snapshot, sheet: SheetLayout) -> Programme:
    """Every tab, typed. A tab lacking a column the rules need (or with one that looks renamed)
    stops the whole read with SheetStructureError: nothing is checked, nothing written."""
    framed = {key: tab_columns(_required_tab(snapshot, sheet, key), sheet, key) for key in REQUIRED_TABS}
    partners_table = find_tab(snapshot, sheet.tabs["partners"])
    if partners_table is not None:
        framed["partners"] = tab_columns(partners_table, sheet, "partners")
    tool = tool_columns(framed["activities"][0], sheet)
    stops = [_stop_line(cols, cols.stopping) for _, cols in framed.values() if cols.stopping]
    if tool.stopping:
        stops.append(_stop_line(tool, tool.stopping))
    if stops:
        raise SheetStructureError("\n".join(stops))

    communities = read_communities(*framed["communities"])
    institutions = read_institutions(*framed["institutions"])
    partners = read_partners(*framed["partners"], communities) if "partners" in framed else ()
    activities_table, activity_columns = framed["activities"]
    activities, problems = read_activities(
        activities_table,
        sheet,
        community_index(communities),
        InstitutionIndex.of(institutions),
        columns=(activity_columns, tool),
    )
    sheet_problems = [
        p for key in (*REQUIRED_TABS, "partners") if key in framed for p in _column_problems(framed[key][1])
    ]
    return Programme(
        activities=activities,
        communities=communities,
        institutions=institutions,
        partners=partners,
        problems=tuple(sheet_problems) + problems,
        source=snapshot.source,
        activities_tab=activities_table.title,
        communities_tab=framed["communities"][0].title,
        columns=tuple(cols for _, cols in framed.values()),
    )


def _status(value: Any) -> str | None:
    s = cells.text(value)
    if not s:
        return None
    status = contract.STATUS_WORDS.get(s.casefold())
    if status is None:
        raise cells.CellError(said.not_a_status(cells.shorten(s)))
    return status


_kind = cells.choice(contract.KIND_WORDS, list(contract.KIND_LABELS.values()), "raksta veids")


_NO_ERRORS: dict[str, str] = {}  # shared by every row without unreadable cells (never mutated)


def read_activities(
    table: Table,
    sheet: SheetLayout,
    communities: dict[str, Community] | None = None,
    institutions: InstitutionIndex | None = None,
    *,
    columns: tuple[TabColumns, TabColumns] | None = None,
) -> tuple[tuple[Activity, ...], tuple[Problem, ...]]:
    """Typed rows of the activities table; with the communities and institutions known, each
    row's community and institutions' full names are resolved here, once. The table ends where
    a blank row is followed by something that is not an activity (see `table_rows`)."""
    communities = communities or {}
    institutions = institutions or InstitutionIndex({}, {})
    if columns is None:
        table, cols = tab_columns(table, sheet, "activities")
        tool = tool_columns(table, sheet)
        problems = _column_problems(cols)
    else:
        (cols, tool), problems = columns, []
    rows, below = table_rows(table, cols, communities, known_headers(sheet, "activities"))
    if below:
        problems.append(
            Problem(
                kinds.ROWS_BELOW_TABLE.type, below[0], None, "", kinds.ROWS_BELOW_TABLE.say(*below), tab=table.title
            )
        )
    ignore = set(tool.positions.values())
    pick = cols.picker(_ACTIVITY_CELLS)
    lists: dict[tuple[str, str], tuple[str, ...]] = {}  # the same few lists are typed row after row
    texts: dict[tuple[str, str], tuple[Any, str | None]] = {}  # and the same statuses, yes/no, types
    activities = []
    for number, row in rows:
        if cells.is_blank_row(row, ignore):
            continue
        activities.append(_activity(number, pick(row), communities, institutions, lists, texts))
    return tuple(activities), tuple(problems)


# The activity cells read, in the order `_activity` takes them.
_ACTIVITY_CELLS = (
    "id",
    "title",
    "community",
    "start",
    "end",
    "place",
    "description",
    "institutions",
    "children",
    "adults",
    "total",
    "coordinator",
    "phone",
    "email",
    "links",
    "status",
    "press_release",
    "kind",
)


def _typed(value: Any, field: str, parser: Callable[[Any], Any], errors: dict[str, str]) -> Any:
    try:
        return parser(value)
    except cells.CellError as e:
        errors[field] = str(e)
        return None


def _typed_text(
    value: Any, field: str, parser: Callable[[Any], Any], errors: dict[str, str], seen: dict[tuple[str, str], Any]
) -> Any:
    """`_typed`, each text parsed once per table (`seen`): a status, a yes/no or a type repeats
    down the sheet. Only text is remembered (True == 1 == 1.0 as keys)."""
    if type(value) is not str:
        return _typed(value, field, parser, errors)
    key = (field, value)
    found = seen.get(key)
    if found is None:
        reason: dict[str, str] = {}
        found = seen[key] = (_typed(value, field, parser, reason), reason.get(field))
    if found[1] is not None:
        errors[field] = found[1]
    return found[0]


def _split(value: Any, separators: str, seen: dict[tuple[str, str], tuple[str, ...]]) -> tuple[str, ...]:
    """`cells.split_list`, each text split once per table (`seen`): one tuple for every row alike."""
    if type(value) is not str:  # (True == 1 == 1.0 as keys: only text is remembered)
        return cells.split_list(value, separators)
    found = seen.get((value, separators))
    if found is None:
        found = seen[value, separators] = cells.split_list(value, separators)
    return found


def _activity(
    number: int,
    values: tuple[Any, ...],
    communities: dict[str, Community],
    institutions: InstitutionIndex,
    lists: dict[tuple[str, str], tuple[str, ...]],
    texts: dict[tuple[str, str], tuple[Any, str | None]],
) -> Activity:
    """One row, every cell parsed (`values` as `_ACTIVITY_CELLS` lists them); an unreadable cell
    is None and its reason in `cell_errors`. `lists`, `texts`: what was split or parsed so far
    (see `_split`, `_typed_text`)."""
    (id_, title, community_, start, end, place, description, institutions_, children, adults, total) = values[:11]
    (coordinator, phone, email, links, status, press_release, kind) = values[11:]
    errors: dict[str, str] = {}
    community_text = cells.text(community_)
    community = communities.get(community_text.casefold()) if community_text else None
    typed_institutions = _split(institutions_, ";\n", lists)
    if isinstance(id_, cells.FormulaWithoutValue):
        errors["id"] = owned_words.FORMULA_WITHOUT_VALUE
    # By position, in the order of Activity's fields: a row is built thousands of times a pass.
    return Activity(
        number,  # row
        cells.text(id_),
        cells.text(title),
        community_text,  # community
        start.date() if type(start) is datetime else _typed(start, "start", cells.parse_date, errors),
        end.date() if type(end) is datetime else _typed(end, "end", cells.parse_date, errors),
        cells.text(place),
        cells.text(description),
        typed_institutions,  # institutions
        # (A date cell, a whole number ≥ 0: what most cells hold, as cells.parse_* would give them.)
        children
        if type(children) is int and children >= 0
        else _typed(children, "children", cells.parse_count, errors),
        adults if type(adults) is int and adults >= 0 else _typed(adults, "adults", cells.parse_count, errors),
        total if type(total) is int and total >= 0 else _typed(total, "total", cells.parse_count, errors),
        cells.text(coordinator),
        cells.text(phone),
        cells.text(email),
        _split(links, "\n; ", lists),
        _typed_text(status, "status", _status, errors, texts),
        bool(_typed_text(press_release, "press_release", cells.parse_bool, errors, texts)),
        _typed_text(kind, "kind", _kind, errors, texts) or "",
        community.code if community else "",  # community_code
        community.name if community else "",  # community_name
        institutions.expand(typed_institutions)[0],  # institution_names
        errors or _NO_ERRORS,  # cell_errors
    )


def read_communities(table: Table, cols: TabColumns) -> tuple[Community, ...]:
    out = []
    for number, row in _records(table):
        code, name = cells.text(cols.get(row, "code")), cells.text(cols.get(row, "name"))
        if code or name:
            out.append(
                Community(
                    code=code or name,
                    name=name or code,
                    resource_centre=cells.text(cols.get(row, "resource_centre")),
                    coordinator=cells.text(cols.get(row, "coordinator")),
                    email=cells.text(cols.get(row, "email")),
                    coordinator_gender=cells.text(cols.get(row, "coordinator_gender")),
                    name_en=cells.text(cols.get(row, "name_en")),
                    resource_centre_en=cells.text(cols.get(row, "resource_centre_en")),
                    row=number,
                )
            )
    return tuple(out)


def read_institutions(table: Table, cols: TabColumns) -> tuple[Institution, ...]:
    out = []
    for _, row in _records(table):
        abbr, full = cells.text(cols.get(row, "abbreviation")), cells.text(cols.get(row, "full_name"))
        if abbr or full:
            community, name_en = cells.text(cols.get(row, "community")), cells.text(cols.get(row, "name_en"))
            out.append(Institution(abbr, full or abbr, community, name_en))
    return tuple(out)


def read_partners(table: Table, cols: TabColumns, communities: tuple[Community, ...]) -> tuple[Partner, ...]:
    by_key = {k.casefold(): c.code for c in communities for k in (c.code, c.name)}
    out = []
    for number, row in _records(table):
        follows = cells.split_list(cols.get(row, "communities"))
        follows_all = any(f.casefold() in ("visas", "all", "*") for f in follows)
        active_error = ""
        try:
            active = cells.parse_bool(cols.get(row, "active")) if not cells.is_blank(cols.get(row, "active")) else True
        except cells.CellError as e:
            active, active_error = False, str(e)
        language = cells.text(cols.get(row, "language")).lower() or "lv"
        out.append(
            Partner(
                row=number,
                name=cells.text(cols.get(row, "name")),
                emails=cells.split_list(cols.get(row, "emails"), separators=";\n"),
                communities=tuple(by_key.get(f.casefold(), f) for f in follows if not follows_all),
                follows_all=follows_all,
                language=language if language in ("lv", "en") else "lv",
                active=active,
                active_error=active_error,
                name_en=cells.text(cols.get(row, "name_en")),
            )
        )
    return tuple(out)
