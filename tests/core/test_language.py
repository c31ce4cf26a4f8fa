from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kopienas.core import language
from kopienas.core.language import (
    count_phrase,
    date_phrase,
    date_range_phrase,
    format_count,
    format_phone,
    join_list,
    looks_feminine,
    month_name,
    place_genitive,
    plural_index_lv,
    week_label,
)

NBSP = "\u00a0"

MONTHS = [
    # nominative, genitive, dative, locative
    ("janvāris", "janvāra", "janvārim", "janvārī"),
    ("februāris", "februāra", "februārim", "februārī"),
    ("marts", "marta", "martam", "martā"),
    ("aprīlis", "aprīļa", "aprīlim", "aprīlī"),
    ("maijs", "maija", "maijam", "maijā"),
    ("jūnijs", "jūnija", "jūnijam", "jūnijā"),
    ("jūlijs", "jūlija", "jūlijam", "jūlijā"),
    ("augusts", "augusta", "augustam", "augustā"),
    ("septembris", "septembra", "septembrim", "septembrī"),
    ("oktobris", "oktobra", "oktobrim", "oktobrī"),
    ("novembris", "novembra", "novembrim", "novembrī"),
    ("decembris", "decembra", "decembrim", "decembrī"),
]


# --- months and dates --------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_every_case(month):
    expected = MONTHS[month - 1]
    assert tuple(month_name(month, case) for case in language.CASES) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_date_phrase_uses_the_locative_for_every_month(month):
    assert date_phrase(date(2022, month, 27)) == f"2022. gada 27. {MONTHS[month - 1][3]}"


@pytest.mark.parametrize("month", range(1, 12))
def test_range_across_months_uses_genitive_then_dative_for_every_month(month):
    start, end = date(2021, month, 28), date(2021, month + 1, 2)
    gen, dat = MONTHS[month - 1][1], MONTHS[month][2]
    assert date_range_phrase(start, end, with_year=False) == f"no 28. {gen} līdz 2. {dat}"


def test_week_label_uses_the_nominative_for_every_month():
    for month in range(1, 13):
        assert week_label(date(2021, month, 1), date(2021, month, 7)) == f"2021. gada 1.–7. {MONTHS[month - 1][0]}"


def test_month_name_rejects_unknown_case():
    with pytest.raises(ValueError):
        month_name(1, "vocative")


def test_date_phrase():
    assert date_phrase(date(2022, 1, 27)) == "2022. gada 27. janvārī"
    assert date_phrase(date(2022, 1, 27), with_year=False) == "27. janvārī"
    assert date_phrase(date(2022, 1, 27), "en") == "27 January 2022"


@pytest.mark.parametrize(
    ("start", "end", "with_year", "expected"),
    [
        # within a month
        (date(2020, 9, 24), date(2020, 9, 27), False, "no 24. līdz 27. septembrim"),
        (date(2020, 9, 24), date(2020, 9, 27), True, "no 2020. gada 24. līdz 27. septembrim"),
        # across months
        (date(2020, 9, 30), date(2020, 10, 2), False, "no 30. septembra līdz 2. oktobrim"),
        (date(2020, 9, 30), date(2020, 10, 2), True, "no 2020. gada 30. septembra līdz 2. oktobrim"),
        # across years: both years, whatever with_year says
        (date(2020, 12, 28), date(2021, 1, 2), True, "no 2020. gada 28. decembra līdz 2021. gada 2. janvārim"),
        (date(2020, 12, 28), date(2021, 1, 2), False, "no 2020. gada 28. decembra līdz 2021. gada 2. janvārim"),
        # a single day
        (date(2020, 9, 24), None, True, "2020. gada 24. septembrī"),
        (date(2020, 9, 24), date(2020, 9, 24), False, "24. septembrī"),
    ],
)
def test_date_range_phrase_lv(start, end, with_year, expected):
    assert date_range_phrase(start, end, with_year=with_year) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2020, 9, 24), date(2020, 9, 27), "24–27 September 2020"),
        (date(2020, 9, 30), date(2020, 10, 2), "30 September – 2 October 2020"),
        (date(2020, 12, 28), date(2021, 1, 2), "28 December 2020 – 2 January 2021"),
        (date(2020, 9, 24), None, "24 September 2020"),
    ],
)
def test_date_range_phrase_en(start, end, expected):
    assert date_range_phrase(start, end, "en") == expected


def test_date_range_phrase_en_without_year():
    assert date_range_phrase(date(2020, 9, 24), date(2020, 9, 27), "en", with_year=False) == "24–27 September"


def test_date_range_refuses_an_end_before_the_start():
    with pytest.raises(ValueError):
        date_range_phrase(date(2020, 9, 27), date(2020, 9, 24))


def test_week_labels():
    assert week_label(date(2020, 9, 21), date(2020, 9, 27)) == "2020. gada 21.–27. septembris"
    assert week_label(date(2020, 9, 28), date(2020, 10, 4)) == "2020. gada 28. septembris – 4. oktobris"
    assert week_label(date(2020, 12, 28), date(2021, 1, 3)) == "2020. gada 28. decembris – 2021. gada 3. janvāris"
    assert week_label(date(2020, 9, 21), date(2020, 9, 27), "en") == "21–27 September 2020"
    assert week_label(date(2020, 9, 28), date(2020, 10, 4), "en") == "28 September – 4 October 2020"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        date_phrase(date(2020, 1, 1), "de")


# --- number agreement ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "index"), [(0, 2), (1, 0), (2, 1), (10, 1), (11, 1), (21, 0), (101, 0), (111, 1), (380, 1), (1001, 0)]
)
def test_plural_index_lv(n, index):
    assert plural_index_lv(n) == index


@given(st.integers(min_value=0, max_value=10**6))
def test_plural_index_matches_the_gettext_formula(n):
    # nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);
    assert plural_index_lv(n) == (0 if n % 10 == 1 and n % 100 != 11 else 1 if n != 0 else 2)


def test_plural_index_refuses_negative_counts():
    with pytest.raises(ValueError):
        plural_index_lv(-1)


AGREEMENT = {
    "cilvēks": [
        "0 cilvēku",
        "1 cilvēks",
        "2 cilvēki",
        "11 cilvēki",
        "21 cilvēks",
        "101 cilvēks",
        "111 cilvēki",
        "380 cilvēki",
    ],
    "bērni un jaunieši": [
        "0 bērnu un jauniešu",
        "1 bērns vai jaunietis",
        "2 bērni un jaunieši",
        "11 bērni un jaunieši",
        "21 bērns un jaunietis",
        "101 bērns un jaunietis",
        "111 bērni un jaunieši",
        "380 bērni un jaunieši",
    ],
    "pieaugušie": [
        "0 pieaugušo",
        "1 pieaugušais",
        "2 pieaugušie",
        "11 pieaugušie",
        "21 pieaugušais",
        "101 pieaugušais",
        "111 pieaugušie",
        "380 pieaugušie",
    ],
    "aktivitāte": [
        "0 aktivitāšu",
        "1 aktivitāte",
        "2 aktivitātes",
        "11 aktivitātes",
        "21 aktivitāte",
        "101 aktivitāte",
        "111 aktivitātes",
        "380 aktivitātes",
    ],
    "iestāde": [
        "0 iestāžu",
        "1 iestāde",
        "2 iestādes",
        "11 iestādes",
        "21 iestāde",
        "101 iestāde",
        "111 iestādes",
        "380 iestādes",
    ],
    "dalībnieks": [
        "0 dalībnieku",
        "1 dalībnieks",
        "2 dalībnieki",
        "11 dalībnieki",
        "21 dalībnieks",
        "101 dalībnieks",
        "111 dalībnieki",
        "380 dalībnieki",
    ],
    "rinda": ["0 rindu", "1 rinda", "2 rindas", "11 rindas", "21 rinda", "101 rinda", "111 rindas", "380 rindas"],
    "partneris": [
        "0 partneru",
        "1 partneris",
        "2 partneri",
        "11 partneri",
        "21 partneris",
        "101 partneris",
        "111 partneri",
        "380 partneri",
    ],
}
COUNTS = [0, 1, 2, 11, 21, 101, 111, 380]


@pytest.mark.parametrize("noun", sorted(AGREEMENT))
def test_count_phrase_lv(noun):
    assert [count_phrase(n, noun) for n in COUNTS] == AGREEMENT[noun]


def test_count_phrase_en():
    assert [count_phrase(n, "cilvēks", "en") for n in (0, 1, 2, 21, 380)] == [
        "0 people",
        "1 person",
        "2 people",
        "21 people",
        "380 people",
    ]
    assert count_phrase(1, "bērni un jaunieši", "en") == "1 child or young person"
    assert count_phrase(332, "bērni un jaunieši", "en") == "332 children and young people"
    assert count_phrase(48, "pieaugušie", "en") == "48 adults"
    assert count_phrase(1, "aktivitāte", "en") == "1 activity"
    assert count_phrase(11, "iestāde", "en") == "11 institutions"


def test_count_phrase_accepts_any_form_of_the_noun():
    assert count_phrase(5, "iestādes") == count_phrase(5, "iestāde") == count_phrase(5, "institution") == "5 iestādes"


def test_count_phrase_refuses_unknown_nouns():
    with pytest.raises(KeyError):
        count_phrase(3, "suns")


def test_big_numbers_are_grouped_with_a_no_break_space():
    assert format_count(2000) == f"2{NBSP}000"
    assert format_count(1234567) == f"1{NBSP}234{NBSP}567"
    assert format_count(380) == "380"
    assert count_phrase(2000, "dalībnieks") == f"2{NBSP}000 dalībnieki"
    assert format_count(2000, "en") == "2,000"


# --- lists, phones, names -----------------------------------------------------------------------


def test_join_list():
    assert join_list(["A", "B", "C"]) == "A, B un C"
    assert join_list(["A", "B"]) == "A un B"
    assert join_list(["A"]) == "A"
    assert join_list([]) == ""
    assert join_list(["A", "B", "C"], "en") == "A, B and C"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("26825598", "+371 26 825 598"),
        ("+371 26825598", "+371 26 825 598"),
        ("371 29 164 099", "+371 29 164 099"),
        ("65235635", "+371 65 235 635"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("nav", "nav"),
        ("123", "123"),
    ],
)
def test_format_phone(raw, expected):
    assert format_phone(raw) == expected


@pytest.mark.parametrize(
    ("name", "feminine"),
    [
        ("Arvita Jukša", True),
        ("Kristīne Liepiņa", True),
        ("Daiga Zaķe", True),
        ("Jānis Bērziņš", False),
        ("Nikita Ivanovs", False),
        ("", False),
    ],
)
def test_looks_feminine(name, feminine):
    assert looks_feminine(name) is feminine


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        ("Daugavpils", "Daugavpils"),
        ("Rēzekne", "Rēzeknes"),
        ("Ludza", "Ludzas"),
        ("Preiļi", "Preiļu"),
        ("Līvāni", "Līvānu"),
        ("Preiļu novads", "Preiļu novada"),
        ("Augšdaugavas novads", "Augšdaugavas novada"),
        ("Ludzas", "Ludzas"),
        ("DGP", "DGP"),
    ],
)
def test_place_genitive(name, genitive):
    assert place_genitive(name) == genitive


def test_upper_first_keeps_the_rest():
    assert language.upper_first("no 24. līdz 27. septembrim") == "No 24. līdz 27. septembrim"
    assert language.upper_first("") == ""
