"""From a raw Snapshot (any source) to a typed Programme. Pure: no I/O.

Headers are found by name (see `cells.header_key`), never by position; unknown columns are
ignored here and left untouched by the sources.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from typing import Any

from kopienas.core import cells, contract
from kopienas.core.contract import SheetNames
from kopienas.core.errors import EXIT_USAGE, KopienasError
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


class SheetStructureError(KopienasError):
    """The spreadsheet lacks a tab the job needs; str() says what to do, in Latvian and English."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class ColumnMap:
    """Where each field's column is in one tab (0-based), found by header name."""

    positions: dict[str, int]
    headers: dict[str, str]  # field -> header text as configured
    duplicates: tuple[str, ...]

    def get(self, row: tuple[Any, ...], field: str) -> Any:
        i = self.positions.get(field)
        return row[i] if i is not None and i < len(row) else None


def find_tab(snapshot: Snapshot, title: str) -> Table | None:
    wanted = cells.header_key(title)
    for name, table in snapshot.tables.items():
        if cells.header_key(name) == wanted:
            return table
    return None


def map_columns(header: tuple[Any, ...], wanted: dict[str, str]) -> ColumnMap:
    keys: dict[str, int] = {}
    duplicates = []
    for i, h in enumerate(header):
        k = cells.header_key(h)
        if not k:
            continue
        if k in keys:
            duplicates.append(cells.text(h))
            continue  # the first column with a header wins
        keys[k] = i
    positions = {f: keys[cells.header_key(h)] for f, h in wanted.items() if cells.header_key(h) in keys}
    return ColumnMap(positions, dict(wanted), tuple(duplicates))


def _required_tab(snapshot: Snapshot, config: SheetNames, key: str) -> Table:
    title = config.tabs[key]
    table = find_tab(snapshot, title)
    if table is None:
        found = ", ".join(f"“{t}”" for t in snapshot.tables) or "nevienas"
        raise SheetStructureError(
            f"Nav lapas “{title}” (ir: {found}). Izveidojiet to vai palaidiet `kopienas init`. "
            f"/ The spreadsheet has no tab “{title}”: add it or run `kopienas init`."
        )
    return table


def _records(table: Table, columns: ColumnMap, ignore: Set[int] = frozenset()) -> list[tuple[int, tuple]]:
    """Non-blank rows; a row counts as blank when every coordinator cell is empty."""
    out = []
    for number, row in table.rows:
        if any(not cells.is_blank(v) for i, v in enumerate(row) if i not in ignore):
            out.append((number, row))
    return out


def read_programme(snapshot: Snapshot, config: SheetNames) -> Programme:
    activities_table = _required_tab(snapshot, config, "activities")
    communities_table = _required_tab(snapshot, config, "communities")
    communities = read_communities(communities_table, config)
    institutions = read_institutions(_required_tab(snapshot, config, "institutions"), config)
    partners_table = find_tab(snapshot, config.tabs["partners"])
    partners = read_partners(partners_table, config, communities) if partners_table else ()
    activities, problems = read_activities(
        activities_table, config, community_index(communities), InstitutionIndex.of(institutions)
    )
    return Programme(
        activities=activities,
        communities=communities,
        institutions=institutions,
        partners=partners,
        problems=problems,
        source=snapshot.source,
        activities_tab=activities_table.title,
        communities_tab=communities_table.title,
    )


def _parse(cols: ColumnMap, row: tuple, field: str, parser: Callable[[Any], Any], errors: dict[str, str]) -> Any:
    try:
        return parser(cols.get(row, field))
    except cells.CellError as e:
        errors[field] = str(e)
        return None


def _status(value: Any) -> str | None:
    s = cells.text(value)
    if not s:
        return None
    status = contract.STATUS_WORDS.get(s.casefold())
    if status is None:
        raise cells.CellError(f"“{cells.shorten(s)}” nav atļauts statuss; izvēlieties Plānota, Notikusi vai Atcelta")
    return status


_NO_ERRORS: dict[str, str] = {}  # shared by every row without unreadable cells (never mutated)


def read_activities(
    table: Table,
    config: SheetNames,
    communities: dict[str, Community] | None = None,
    institutions: InstitutionIndex | None = None,
) -> tuple[tuple[Activity, ...], tuple[Problem, ...]]:
    """Typed rows; with the communities and institutions known, each row's community and
    institutions' full names are resolved here, once."""
    communities = communities or {}
    institutions = institutions or InstitutionIndex({}, {})
    cols = map_columns(table.header, config.headers["activities"])
    tool = map_columns(table.header, config.tool_headers)
    problems = [
        Problem(
            "duplicate_header",
            1,
            None,
            h,
            f"Virsrakstu rindā kolonna “{h}” ir divreiz; rīks ņem pirmo. Pārdēvējiet vai izdzēsiet lieko.",
            tab=table.title,
        )
        for h in cols.duplicates
    ]
    activities = []
    for number, row in _records(table, cols, ignore=set(tool.positions.values())):
        errors: dict[str, str] = {}
        community_text = cells.text(cols.get(row, "community"))
        community = communities.get(community_text.casefold()) if community_text else None
        typed_institutions = cells.split_list(cols.get(row, "institutions"))
        activities.append(
            Activity(
                row=number,
                id=cells.text(cols.get(row, "id")),
                title=cells.text(cols.get(row, "title")),
                community=community_text,
                start=_parse(cols, row, "start", cells.parse_date, errors),
                end=_parse(cols, row, "end", cells.parse_date, errors),
                place=cells.text(cols.get(row, "place")),
                description=cells.text(cols.get(row, "description")),
                institutions=typed_institutions,
                children=_parse(cols, row, "children", cells.parse_count, errors),
                adults=_parse(cols, row, "adults", cells.parse_count, errors),
                total=_parse(cols, row, "total", cells.parse_count, errors),
                coordinator=cells.text(cols.get(row, "coordinator")),
                phone=cells.text(cols.get(row, "phone")),
                email=cells.text(cols.get(row, "email")),
                links=cells.split_list(cols.get(row, "links"), separators="\n; "),
                status=_parse(cols, row, "status", _status, errors),
                press_release=bool(_parse(cols, row, "press_release", cells.parse_bool, errors)),
                community_code=community.code if community else "",
                community_name=community.name if community else "",
                institution_names=institutions.expand(typed_institutions)[0],
                cell_errors=errors or _NO_ERRORS,
            )
        )
    return tuple(activities), tuple(problems)


def read_communities(table: Table, config: SheetNames) -> tuple[Community, ...]:
    cols = map_columns(table.header, config.headers["communities"])
    out = []
    for number, row in _records(table, cols):
        code, name = cells.text(cols.get(row, "code")), cells.text(cols.get(row, "name"))
        if code or name:
            out.append(
                Community(
                    code=code or name,
                    name=name or code,
                    resource_centre=cells.text(cols.get(row, "resource_centre")),
                    coordinator=cells.text(cols.get(row, "coordinator")),
                    email=cells.text(cols.get(row, "email")),
                    row=number,
                )
            )
    return tuple(out)


def read_institutions(table: Table, config: SheetNames) -> tuple[Institution, ...]:
    cols = map_columns(table.header, config.headers["institutions"])
    out = []
    for _, row in _records(table, cols):
        abbr, full = cells.text(cols.get(row, "abbreviation")), cells.text(cols.get(row, "full_name"))
        if abbr or full:
            out.append(Institution(abbr, full or abbr, cells.text(cols.get(row, "community"))))
    return tuple(out)


def read_partners(table: Table, config: SheetNames, communities: tuple[Community, ...]) -> tuple[Partner, ...]:
    cols = map_columns(table.header, config.headers["partners"])
    by_key = {k.casefold(): c.code for c in communities for k in (c.code, c.name)}
    out = []
    for number, row in _records(table, cols):
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
            )
        )
    return tuple(out)
