from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kopienas.core import cells
from kopienas.core.cells import CellError


@pytest.mark.parametrize(
    "raw",
    [
        datetime(2020, 9, 24),
        date(2020, 9, 24),
        "24.09.2020",
        "24.09.2020.",
        "2020-09-24",
        " 24.9.2020 ",
        "24/09/2020",
        44098,
        44098.0,
        "2020-09-24T00:00:00",
    ],
)
def test_every_way_of_writing_a_date_gives_the_date(raw):
    assert cells.parse_date(raw) == date(2020, 9, 24)


@pytest.mark.parametrize(
    "raw, says",
    [
        ("31.02.2021", "neeksistē"),
        ("rīt", "nav saprotams datums"),
        ("2020-13-01", "neeksistē"),
        (-5, "nav datums"),
        (True, "jābūt datumam"),
    ],
)
def test_a_bad_date_says_why_in_latvian(raw, says):
    with pytest.raises(CellError, match=says):
        cells.parse_date(raw)


def test_an_empty_date_is_none():
    assert cells.parse_date("  ") is None and cells.parse_date(None) is None


def test_google_serial_dates_convert_like_google():
    # 1 = 1899-12-31 in Sheets; 60 = 1900-02-28 and 61 = 1900-03-01 (no phantom leap day in Sheets' epoch)
    assert cells.serial_to_date(1) == date(1899, 12, 31)
    assert cells.serial_to_date(61) == date(1900, 3, 1)
    assert cells.serial_to_date(44098.75) == date(2020, 9, 24)
    assert cells.date_to_serial(date(2020, 9, 24)) == 44098


@pytest.mark.parametrize("raw", [332, 332.0, "332", " 332 ", "332.0", "332,0", "3 32", "\u00a0332"])
def test_counts_in_every_shape_become_the_number(raw):
    assert cells.parse_count(raw) == 332


@pytest.mark.parametrize(
    "raw, says",
    [
        ("divdesmit", "nav skaitlis"),
        (-3, "negatīvs"),
        ("-3", "negatīvs"),
        (2.5, "nav vesels"),
        ("2,5", "nav vesels"),
        (True, "veselam skaitlim"),
        (float("nan"), "nav vesels"),
    ],
)
def test_a_bad_count_says_why(raw, says):
    with pytest.raises(CellError, match=says):
        cells.parse_count(raw)


@pytest.mark.parametrize("raw", [True, "Jā", "jā", "JA", "TRUE", "true", "x", 1])
def test_yes_values(raw):
    assert cells.parse_bool(raw) is True


@pytest.mark.parametrize("raw", [False, "Nē", "ne", "FALSE", "", None, 0])
def test_no_values(raw):
    assert cells.parse_bool(raw) is False


def test_a_word_that_is_not_yes_or_no_is_an_error():
    with pytest.raises(CellError, match="“Jā” vai “Nē”"):
        cells.parse_bool("Varbūt")


def test_lists_split_on_semicolons_and_lines():
    assert cells.split_list("26.PII; 11.psk\n\n 13.vsk ;") == ("26.PII", "11.psk", "13.vsk")


@pytest.mark.parametrize("header", ["Sākums", " sākums ", "SĀKUMS:", "Sākums :"])
def test_header_matching_ignores_case_spaces_and_a_trailing_colon(header):
    assert cells.header_key(header) == cells.header_key("Sākums")


messy = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.datetimes(),
    st.dates(),
    st.sampled_from(['=IMPORTXML("x")', "31.02.2021", "1e309", "٣٣٢", "🙂", " "]),
)


@given(messy)
def test_parsers_only_ever_raise_a_cell_error(value):
    for parse in (cells.parse_date, cells.parse_count, cells.parse_bool):
        try:
            parse(value)
        except CellError as e:
            assert str(e)  # always a message for the coordinator


@given(messy)
def test_text_is_always_a_trimmed_string(value):
    s = cells.text(value)
    assert isinstance(s, str) and s == s.strip()
