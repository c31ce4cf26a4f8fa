"""Which week a summary covers, and ISO week names."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kopienas.core.weeks import check_week, iso_week_label, last_full_week, parse_iso_week

RIGA = ZoneInfo("Europe/Riga")


def test_parse_iso_week():
    assert parse_iso_week("2020-W39") == (date(2020, 9, 21), date(2020, 9, 27))
    assert parse_iso_week("2020w39") == (date(2020, 9, 21), date(2020, 9, 27))
    assert parse_iso_week("2020-W53") == (date(2020, 12, 28), date(2021, 1, 3))
    assert parse_iso_week("2021-W01") == (date(2021, 1, 4), date(2021, 1, 10))


@pytest.mark.parametrize("text", ["", "2020-39", "W39", "2020-W", "2020-09-21", "sestdiena"])
def test_a_bad_week_says_what_to_write_in_both_languages(text):
    with pytest.raises(ValueError) as error:
        parse_iso_week(text)
    assert "piemēram, 2020-W39" in str(error.value) and "e.g. 2020-W39" in str(error.value)


@pytest.mark.parametrize("text", ["2021-W53", "2020-W00", "2020-W54"])
def test_a_week_the_year_does_not_have(text):
    with pytest.raises(ValueError, match=r"52 vai 53 nedēļas.*52 or 53 weeks"):
        parse_iso_week(text)


def test_last_full_week_on_monday_morning_is_the_week_just_ended():
    assert last_full_week(datetime(2020, 9, 28, 8, 0, tzinfo=RIGA)) == (date(2020, 9, 21), date(2020, 9, 27))


def test_on_sunday_the_current_week_is_not_over_yet():
    assert last_full_week(datetime(2020, 9, 27, 23, 0, tzinfo=RIGA)) == (date(2020, 9, 14), date(2020, 9, 20))


def test_last_full_week_across_new_year():
    assert last_full_week(datetime(2021, 1, 4, 8, 0, tzinfo=RIGA)) == (date(2020, 12, 28), date(2021, 1, 3))


def test_the_day_is_taken_in_the_time_zone_given():
    # 00:30 on Monday in Riga is still Sunday in UTC; the Riga date decides.
    riga_monday = datetime(2020, 9, 28, 0, 30, tzinfo=RIGA)
    assert last_full_week(riga_monday) == (date(2020, 9, 21), date(2020, 9, 27))
    assert last_full_week(riga_monday.astimezone(UTC)) == (date(2020, 9, 14), date(2020, 9, 20))


def test_iso_week_label():
    assert iso_week_label(date(2020, 9, 21)) == "2020-W39"
    assert iso_week_label(date(2020, 12, 28)) == "2020-W53"
    assert iso_week_label(date(2021, 1, 4)) == "2021-W01"


def test_check_week_refuses_other_spans():
    check_week(date(2020, 9, 21), date(2020, 9, 27))
    with pytest.raises(ValueError, match="Monday to Sunday"):
        check_week(date(2020, 9, 22), date(2020, 9, 28))
