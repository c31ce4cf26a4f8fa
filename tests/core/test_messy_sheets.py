"""Whatever coordinators type, validation ends in messages, never a crash."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.config import load_config
from kopienas.core import contract
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.reading import read_programme
from kopienas.core.validation import validate
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS

CONFIG = load_config("/dev/null")
HEADERS = [c.header for c in contract.ACTIVITIES.columns if not c.optional]

cell = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(
        [
            '=IMPORTXML("http://x", "//a")',
            '=HYPERLINK("http://evil")',
            "+1",
            "@SUM(A1)",
            "31.02.2021",
            "24.09.2020.",
            " 332 ",
            "332.0",
            "-5",
            "2,5",
            "Jā",
            "TRUE",
            "Notikusi",
            "Plānota",
            "DGP",
            "Daugavpils",
            "26.PII",
            "Прачечная 🧺",
            "x" * 10_000,
            "\n\n",
            "Ķīmiķu mikrorajons",
        ]
    ),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=len(HEADERS) + 2), max_size=8)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.permutations(HEADERS))
def test_any_values_in_any_column_order_end_as_messages(body, headers):
    tabs = {
        "Aktivitātes": [list(headers), *body],
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    snapshot = Snapshot({t: table_from_rows(t, r) for t, r in tabs.items()})
    programme = read_programme(snapshot, CONFIG.sheet)
    report = validate(programme, CONFIG.headers["activities"], date(2026, 11, 21))
    for verdict, activity in zip(report.verdicts, report.activities, strict=False):
        text = verdict.check_text()
        assert text == "Labi" or all(line.strip() for line in text.splitlines())
        # every cell that could not be read is named in the row's messages
        for field in activity.cell_errors:
            assert any(p.field == field for p in verdict.problems)
        for p in verdict.problems:
            assert p.column and p.message.startswith(p.column)


# -- the same through a real workbook, with missing, duplicated and merged headers and cells ------
from hypothesis import HealthCheck  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.utils.exceptions import IllegalCharacterError  # noqa: E402

from tests.helpers import write_config  # noqa: E402

printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
workbook_cell = st.one_of(
    st.none(),
    printable,
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6),
    st.booleans(),
    st.dates(),
    st.sampled_from(["31.02.2021", "24.09.2020.", "Notikusi", "DGP", "=1+1"]),
)


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    headers=st.lists(st.sampled_from([*HEADERS, "Piezīmes", "Kopā"]), min_size=1, max_size=len(HEADERS) + 2),
    body=st.lists(st.lists(workbook_cell, max_size=len(HEADERS) + 2), min_size=1, max_size=6),
    merges=st.lists(st.tuples(st.integers(2, 7), st.integers(1, 8)), max_size=3),
)
def test_a_messy_workbook_never_crashes_and_every_row_gets_a_verdict(tmp_path_factory, cli, headers, body, merges):
    folder = tmp_path_factory.mktemp("messy")
    wb = Workbook()
    ws = wb.active
    ws.title = "Aktivitātes"
    try:
        for row in [headers, *body]:
            ws.append(row)
    except IllegalCharacterError:
        return
    for row, col in merges:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
    for title, rows in (("Kopienas", COMMUNITIES), ("Iestādes", INSTITUTIONS)):
        sheet = wb.create_sheet(title)
        for r in rows:
            sheet.append(r)
    path = folder / "wb.xlsx"
    wb.save(path)
    before = path.read_bytes()
    result = cli("--config", write_config(folder, path), "validate", "--format", "json")
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:  # a column the rules need is missing: said in one line per tab, nothing written
        assert "nav kolonn" in result.output and path.read_bytes() == before
        return
    import json

    report = json.loads(result.output)
    written = load_workbook(path)["Aktivitātes"]
    header = [c.value for c in written[1]]
    if report["rows_checked"]:
        column = header.index("Pārbaude") + 1
        for row in {p["row"] for p in report["problems"]}:
            assert written.cell(row, column).value  # every row with problems says so in Pārbaude
