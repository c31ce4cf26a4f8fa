"""The columns you meant: headers found by content, each contract column found or reported, and a
missing or renamed column stopping the tab before anything is written."""

from __future__ import annotations

import json
import random
import unicodedata

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kopienas.config import load_config
from kopienas.core import contract
from kopienas.core.cells import header_key
from kopienas.core.headers import NEEDED, check_columns, likeness
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.reading import SheetStructureError, read_programme
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, make_workbook, write_config

FIELDS = [c.field for c in contract.ACTIVITIES.columns if not c.optional]
DEFAULT = {c.field: c.header for c in contract.ACTIVITIES.columns}
OPTIONAL = [f for f in FIELDS if f not in NEEDED["activities"]]


def activities_tab(rows, headers: dict[str, str] | None = None, order=None, above=()) -> list[list]:
    """The activities tab: `above` lines first, then the header row in `order`, then the rows;
    a field missing from `headers` has no column at all."""
    headers = DEFAULT if headers is None else headers
    order = [f for f in (order or FIELDS) if f in headers]
    return [list(line) for line in above] + [[headers[f] for f in order]] + [[r.get(f) for f in order] for r in rows]


def workbook(tmp_path, tab: list[list], extra: str = ""):
    path = make_workbook(
        tmp_path / "book.xlsx",
        {"Aktivitātes": tab, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS},
    )
    return path, write_config(tmp_path / "cfg", path, extra)


ROWS = [activity(), activity(id="", title="Bez ID", total=1)]


def typo(header: str, rnd: random.Random) -> str:
    """A header as a coordinator mistypes it: diacritics left out, a letter dropped, doubled or
    two swapped."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", header) if not unicodedata.combining(c))
    if plain != header and rnd.random() < 0.5:
        return plain
    i = rnd.randrange(len(header) - 1)
    edits = [
        header[:i] + header[i + 1 :] if len(header) > 2 else header + header[-1],
        header[:i] + header[i] + header[i:],
        header[:i] + header[i + 1] + header[i] + header[i + 2 :],
    ]
    return next((e for e in rnd.sample(edits, 3) if header_key(e) != header_key(header)), header + "s")


# -- the property: every contract column, renamed, missing or mistyped, in any column order ------


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    field=st.sampled_from(FIELDS),
    edit=st.sampled_from(["missing", "mistyped", "renamed"]),
    order=st.permutations(FIELDS),
    above=st.lists(st.sampled_from([["Darbīgās kopienas — aktivitātes 2020"], [], [None, None]]), max_size=3),
    seed=st.integers(0, 10**6),
)
def test_a_renamed_missing_or_mistyped_column_stops_before_anything_is_written(
    tmp_path_factory, cli, field, edit, order, above, seed
):
    headers = dict(DEFAULT)
    if edit == "missing":
        del headers[field]
    elif edit == "mistyped":
        headers[field] = typo(DEFAULT[field], random.Random(seed))
    else:
        headers[field] = "Piezīmes par " + DEFAULT[field].lower()  # the old name inside a new one
    path, cfg = workbook(tmp_path_factory.mktemp("h"), activities_tab(ROWS, headers, order, above))
    before = path.read_bytes()

    result = cli("--config", cfg, "validate")

    stops = field in NEEDED["activities"] or edit != "missing"
    if stops:
        assert result.exit_code == 2, result.output
        assert path.read_bytes() == before  # byte-identical: no verdict, no ID, no second column
        [line] = [x for x in result.output.splitlines() if x.startswith("kopienas:")]
        assert f"“{DEFAULT[field]}”" in line and "nekas netika ierakstīts" in line
        if edit != "missing":
            assert f"vai domājāt “{headers[field]}”?" in line
    else:
        assert result.exit_code in (0, 1), result.output
        said = [x for x in result.output.splitlines() if "nav kolonnas" in x]
        assert len(said) == 1 and f"“{DEFAULT[field]}”" in said[0]  # once, not per row
        sheet = load_workbook(path)["Aktivitātes"]
        header_row = len(above) + 1
        assert [c.value for c in sheet[header_row]].count("ID") == 1  # never a second ID column


def test_a_mistyped_header_in_the_settings_names_the_setting(cli, tmp_path):
    path, cfg = workbook(tmp_path, activities_tab(ROWS), extra='\n[headers.activities]\ntotal = "Kopaa"\n')
    before = path.read_bytes()
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2
    assert "“Kopaa” (iestatījums headers.activities.total; vai domājāt “Kopā”?)" in result.output
    assert path.read_bytes() == before


def test_headers_mapped_in_the_settings_are_honoured(cli, tmp_path):
    english = {
        "id": "ID",
        "title": "Title",
        "community": "Community",
        "start": "Start",
        "end": "End",
        "place": "Place",
        "description": "Description",
        "institutions": "Institutions",
        "children": "Children",
        "adults": "Adults",
        "total": "Total",
        "coordinator": "Coordinator",
        "phone": "Phone",
        "email": "Email",
        "links": "Links",
        "status": "Status",
        "press_release": "Press release",
    }
    extra = "\n[headers.activities]\n" + "".join(f'{k} = "{v}"\n' for k, v in english.items())
    tab = activities_tab([activity(total=1)], english, above=[["Activities 2020"], []])
    _, cfg = workbook(tmp_path, tab, extra)
    result = cli("--config", cfg, "validate", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert [p["type"] for p in report["problems"]] == ["total_mismatch"]
    [activities] = [t for t in report["columns"] if t["tab"] == "Aktivitātes"]
    assert activities["header_row"] == 3 and all(c["found"] for c in activities["columns"])
    assert report["problems"][0]["row"] == 4 and report["problems"][0]["message"].startswith("Total (1)")


def test_a_renamed_tool_column_is_not_created_twice(cli, tmp_path):
    tab = activities_tab(ROWS)
    tab[0].append("Parbaude")
    path, cfg = workbook(tmp_path, tab)
    before = path.read_bytes()
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2 and "“Pārbaude” (vai domājāt “Parbaude”?)" in result.output
    assert path.read_bytes() == before


# -- the header row found by content; where the table ends ----------------------------------------


def test_title_lines_and_blank_rows_above_the_headers(cli, tmp_path):
    above = [["Darbīgās kopienas"], [], ["Aktivitāšu saraksts", None, "2020. gads"], [None]]
    path, cfg = workbook(tmp_path, activities_tab([activity(), activity(id="DGP-2020-08", total=2)], above=above))
    result = cli("--config", cfg, "validate", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["rows_checked"] == 2 and [p["row"] for p in report["problems"]] == [7]
    sheet = load_workbook(path)["Aktivitātes"]
    check = [c.value for c in sheet[5]].index("Pārbaude") + 1  # the header row, 5th
    assert sheet.cell(6, check).value == "Labi" and sheet.cell(7, check).value.startswith("Kopā (2)")
    assert sheet.cell(1, 1).value == "Darbīgās kopienas" and sheet.cell(3, 3).value == "2020. gads"


def test_a_second_table_below_a_blank_row_is_left_alone_and_mentioned(cli, tmp_path):
    tab = activities_tab([activity(), activity(id="DGP-2020-08", title="Vēl viena")])
    tab += [[], [activity(id="DGP-2020-09", title="Pēc tukšas rindas")[f] for f in FIELDS]]  # one table still
    tab += [[], ["Kopsavilkums pa mēnešiem"], ["Mēnesis", "Aktivitātes"], ["Septembris", 3], ["Oktobris", "x"]]
    path, cfg = workbook(tmp_path, tab)
    result = cli("--config", cfg, "validate", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows_checked"] == 3
    [below] = [p for p in report["sheet_problems"] if p["type"] == "rows_below_table"]
    assert below["message"].startswith("Zem tukšās 6. rindas ir vēl 4 rindas (7.–10.)")
    sheet = load_workbook(path)["Aktivitātes"]
    check = [c.value for c in sheet[1]].index("Pārbaude") + 1
    assert [sheet.cell(r, check).value for r in range(2, 11)] == ["Labi", "Labi", None, "Labi"] + [None] * 5
    assert [sheet.cell(r, 1).value for r in range(7, 11)] == [
        "Kopsavilkums pa mēnešiem",
        "Mēnesis",
        "Septembris",
        "Oktobris",
    ]
    assert sheet.cell(10, 2).value == "x"  # nothing below is changed


# -- as data --------------------------------------------------------------------------------------


def test_each_column_found_or_missing_with_the_closest_header():
    table = table_from_rows("Aktivitātes", [["Nosaukums", "Kopa", "Sakums", "Bērni", "Piezīmes"]])
    columns = check_columns("activities", table, DEFAULT, needed=NEEDED["activities"], defaults=DEFAULT)
    by_field = {c.field: c for c in columns.checks}
    assert by_field["title"].found and by_field["title"].position == 0
    assert (by_field["total"].closest, by_field["start"].closest, by_field["children"].closest) == (
        "Kopa",
        "Sakums",
        "Bērni",
    )
    assert by_field["phone"].closest == "" and not by_field["phone"].stops  # optional, simply absent
    assert by_field["id"].stops and by_field["total"].stops  # needed; renamed
    assert columns.as_dict()["columns"][1] == {
        "field": "title",
        "header": "Nosaukums",
        "found": True,
        "column": "A",
        "needed": True,
        "closest": None,
    }


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [("Kopā", "Kopa", True), ("Sākums", "sakums:", True), ("Bērni un jaunieši", "Bērni", True), ("ID", "Vieta", False)],
)
def test_likeness(a, b, alike):
    assert (likeness(a, b) >= 0.75) is alike


def test_a_missing_needed_column_in_another_tab_stops_too():
    tabs = {
        "Aktivitātes": activities_tab(ROWS),
        "Kopienas": [["Kods", "Nosaukumss", "E-pasts"], ["DGP", "Daugavpils", "a@b.lv"]],
        "Iestādes": INSTITUTIONS,
    }
    snapshot = Snapshot({t: table_from_rows(t, r) for t, r in tabs.items()})
    with pytest.raises(SheetStructureError, match=r"Lapā “Kopienas”.*“Nosaukums” \(vai domājāt “Nosaukumss”\?\)"):
        read_programme(snapshot, load_config("/dev/null").sheet)
