"""The programme's figures, hand-computed for a small set of activities."""

from datetime import date

from kopienas.core.models import Activity, Community
from kopienas.core.totals import CommunityTotals, community_totals, programme_totals

SCHOOL = "Daugavpils 11. pamatskola"
KINDERGARTEN = "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde"
LIBRARY = "Latgales Centrālā bibliotēka"
YOUTH_CENTRE = "Preiļu novada Bērnu un jauniešu centrs"


def act(row, code, start, status, children=None, adults=None, institutions=(), end=None) -> Activity:
    name = {"DGP": "Daugavpils", "PRE": "Preiļi"}[code]
    return Activity(
        row=row,
        id=f"{code}-{row}",
        title=f"Aktivitāte {row}",
        community=code,
        start=start,
        end=end,
        children=children,
        adults=adults,
        status=status,
        community_code=code,
        community_name=name,
        institution_names=tuple(institutions),
    )


ACTIVITIES = [
    act(2, "DGP", date(2020, 1, 23), "held", 24, 31, [KINDERGARTEN]),
    act(3, "DGP", date(2020, 3, 2), "held", 38, 12, [KINDERGARTEN, SCHOOL], end=date(2020, 3, 20)),
    act(4, "DGP", date(2020, 9, 24), "held", 332, 48, [SCHOOL, LIBRARY.upper(), LIBRARY]),
    act(5, "DGP", date(2020, 9, 25), "cancelled", 10, 10, [LIBRARY]),  # did not happen: no people
    act(6, "DGP", date(2020, 10, 1), "planned", 15, 5),
    act(7, "DGP", date(2020, 10, 8), None),  # no status yet: counts as planned
    act(8, "PRE", date(2020, 1, 22), "held", 26, None, [YOUTH_CENTRE, LIBRARY]),  # no adults given
    act(9, "PRE", date(2020, 12, 28), "held", 41, 23, [YOUTH_CENTRE], end=date(2021, 1, 2)),
    act(10, "PRE", date(2021, 1, 15), "held", 5, 5, [YOUTH_CENTRE]),
]


def by_code(rows: list[CommunityTotals]) -> dict[tuple[str, int], CommunityTotals]:
    return {(r.community_code, r.year): r for r in rows}


def test_per_community_and_year():
    rows = by_code(community_totals(ACTIVITIES))
    assert set(rows) == {("DGP", 2020), ("PRE", 2020), ("PRE", 2021)}
    dgp = rows["DGP", 2020]
    assert (dgp.held, dgp.planned, dgp.cancelled) == (3, 2, 1)
    assert (dgp.children, dgp.adults, dgp.participants) == (24 + 38 + 332, 31 + 12 + 48, 485)
    # Held activities only; the library is written twice with different case and counted once.
    assert dgp.institutions == (SCHOOL, KINDERGARTEN, LIBRARY.upper())
    pre = rows["PRE", 2020]
    # The Christmas activity (28 Dec – 2 Jan) belongs to the year it started.
    assert (pre.held, pre.children, pre.adults, pre.participants) == (2, 67, 23, 90)
    assert pre.institutions == (LIBRARY, YOUTH_CENTRE)
    assert rows["PRE", 2021].participants == 10


def test_year_to_date():
    rows = by_code(community_totals(ACTIVITIES, year=2020, until=date(2020, 9, 27)))
    assert set(rows) == {("DGP", 2020), ("PRE", 2020)}
    dgp = rows["DGP", 2020]
    assert (dgp.held, dgp.planned, dgp.cancelled, dgp.participants) == (3, 0, 1, 485)
    assert (rows["PRE", 2020].held, rows["PRE", 2020].participants) == (1, 26)


def test_until_counts_an_activity_from_its_start():
    rows = by_code(community_totals(ACTIVITIES, year=2020, until=date(2020, 3, 10)))
    assert rows["DGP", 2020].held == 2  # 2–20 March has started by 10 March


def test_listed_communities_get_a_row_of_zeros():
    communities = [Community("DGP", "Daugavpils"), Community("KRA", "Krāslava"), Community("PRE", "Preiļi")]
    rows = community_totals(ACTIVITIES, year=2021, communities=communities)
    assert [(r.community_name, r.held, r.participants) for r in rows] == [
        ("Daugavpils", 0, 0),
        ("Krāslava", 0, 0),
        ("Preiļi", 1, 10),
    ]


def test_sorted_by_year_then_community_name():
    rows = community_totals(ACTIVITIES)
    assert [(r.year, r.community_name) for r in rows] == [(2020, "Daugavpils"), (2020, "Preiļi"), (2021, "Preiļi")]


def test_programme_totals_add_up_and_count_an_institution_once():
    total = programme_totals(community_totals(ACTIVITIES, year=2020))
    assert (total.communities, total.held, total.planned, total.cancelled) == (2, 5, 2, 1)
    assert (total.children, total.adults, total.participants) == (394 + 67, 91 + 23, 575)
    # The library worked with both communities.
    assert total.institution_count == 4


def test_nothing_gives_zeros():
    assert community_totals([]) == []
    total = programme_totals([])
    assert (total.held, total.participants, total.institution_count) == (0, 0, 0)
