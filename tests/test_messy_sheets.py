"""Whatever coordinators type, validation ends in messages, never a crash."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas import contract
from kopienas.config import load_config
from kopienas.models import Snapshot, table_from_rows
from kopienas.reading import read_programme
from kopienas.validation import validate
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS

CONFIG = load_config("/dev/null")
HEADERS = [c.header for c in contract.ACTIVITIES.columns]

cell = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from([
        "=IMPORTXML(\"http://x\", \"//a\")", "=HYPERLINK(\"http://evil\")", "+1", "@SUM(A1)", "31.02.2021",
        "24.09.2020.", " 332 ", "332.0", "-5", "2,5", "Jā", "TRUE", "Notikusi", "Plānota", "DGP", "Daugavpils",
        "26.PII", "Прачечная 🧺", "x" * 10_000, "\n\n", "Ķīmiķu mikrorajons",
    ]),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=len(HEADERS) + 2), max_size=8)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(rows, st.permutations(HEADERS))
def test_any_values_in_any_column_order_end_as_messages(body, headers):
    tabs = {
        "Aktivitātes": [list(headers)] + body,
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    snapshot = Snapshot({t: table_from_rows(t, r) for t, r in tabs.items()})
    programme = read_programme(snapshot, CONFIG)
    report = validate(programme, CONFIG.headers["activities"], date(2026, 11, 21))
    for verdict, activity in zip(report.verdicts, report.activities):
        text = verdict.check_text()
        assert text == "Labi" or all(line.strip() for line in text.splitlines())
        # every cell that could not be read is named in the row's messages
        for field in activity.cell_errors:
            assert any(p.field == field for p in verdict.problems)
        for p in verdict.problems:
            assert p.column and p.message.startswith(p.column)
