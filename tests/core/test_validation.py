"""Each rule of the sheet contract, with a passing and a failing row, on plain values."""

from datetime import date, datetime

import pytest

from kopienas.config import load_config
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.reading import SheetStructureError, read_programme
from kopienas.core.validation import validate
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows

CONFIG = load_config("/dev/null")
TODAY = date(2026, 11, 21)


def check(*rows, tabs=None, today=TODAY):
    tabs = tabs or {
        "Aktivitātes": activity_rows(*rows),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    snapshot = Snapshot({t: table_from_rows(t, r) for t, r in tabs.items()})
    programme = read_programme(snapshot, CONFIG.sheet)
    return validate(programme, CONFIG.headers["activities"], today, CONFIG.headers["partners"])


def only_problem(report):
    problems = report.problems
    assert len(problems) == 1, [p.message for p in problems]
    return problems[0]


def test_a_complete_row_is_labi():
    report = check(activity())
    assert report.rows_with_problems == 0
    assert report.verdicts[0].check_text() == "Labi"


@pytest.mark.parametrize(
    "field, value, column, says",
    [
        ("title", "", "Nosaukums", "ierakstiet aktivitātes nosaukumu"),
        ("community", "", "Kopiena", "ierakstiet kopienu"),
        ("start", None, "Sākums", "ierakstiet sākuma datumu"),
        ("start", "31.02.2021", "Sākums", "neeksistē"),
        ("end", "vakar", "Beigas", "nav saprotams datums"),
        ("children", "divdesmit", "Bērni un jaunieši", "nav skaitlis"),
        ("adults", -1, "Pieaugušie", "negatīvs"),
        ("status", "Notiks", "Statuss", "“Plānota”, “Notikusi” vai “Atcelta”"),
        ("press_release", "Varbūt", "Relīze", "“Jā” vai “Nē”"),
    ],
)
def test_required_and_typed_cells(field, value, column, says):
    overrides = {field: value}
    if field in ("children", "adults"):
        overrides["total"] = None
    problem = only_problem(check(activity(**overrides)))
    assert problem.column == column and problem.field == field
    assert problem.message.startswith(column) and says in problem.message


def test_total_must_equal_children_plus_adults():
    assert check(activity(children=332, adults=48, total=380)).rows_with_problems == 0
    problem = only_problem(check(activity(children=332, adults=48, total=381)))
    assert problem.kind == "total_mismatch"
    assert problem.message.startswith("Kopā (381) nesakrīt ar bērnu un pieaugušo summu (332 + 48 = 380)")


def test_an_empty_total_is_fine():
    assert check(activity(total=None)).rows_with_problems == 0


def test_end_not_before_start():
    assert check(activity(start="24.09.2020", end="24.09.2020")).rows_with_problems == 0
    problem = only_problem(check(activity(start="24.09.2020", end="23.09.2020")))
    assert problem.kind == "end_before_start" and "23.09.2020. ir pirms sākuma 24.09.2020." in problem.message


def test_held_cannot_be_in_the_future():
    assert check(activity(start="21.11.2026", end=None, status="Notikusi")).rows_with_problems == 0
    assert check(activity(start="22.11.2026", end=None, status="Plānota")).rows_with_problems == 0
    problem = only_problem(check(activity(start="22.11.2026", end=None, status="Notikusi")))
    assert problem.kind == "held_in_future" and "izvēlieties “Plānota”" in problem.message


def test_community_by_code_or_name_and_unknown_one():
    assert check(activity(community="Daugavpils")).activities[0].community_code == "DGP"
    assert check(activity(community=" dgp ")).activities[0].community_name == "Daugavpils"
    problem = only_problem(check(activity(community="Daugavpls")))
    assert problem.kind == "unknown_community" and "“Daugavpls” nav lapā “Kopienas”" in problem.message


def test_institution_abbreviations_expand_to_full_names():
    report = check(activity(institutions="26.PII\n11.psk; Latgales Centrālā bibliotēka"))
    assert report.activities[0].institution_names == (
        "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde",
        "Daugavpils 11. pamatskola",
        "Latgales Centrālā bibliotēka",
    )
    assert check(activity(institutions="26. pii")).rows_with_problems == 0


def test_an_unknown_abbreviation_is_reported():
    problem = only_problem(check(activity(institutions="26.PII; 27.PII")))
    assert problem.kind == "unknown_institution" and "“27.PII” nav lapā “Iestādes”" in problem.message


@pytest.mark.parametrize("phone", ["26825598", "+371 29 164 099", "65235635", "+37126825598"])
def test_valid_phones(phone):
    assert check(activity(phone=phone)).rows_with_problems == 0


@pytest.mark.parametrize("phone", ["2682559", "123", "tālrunis", "+371 1234"])
def test_invalid_phones(phone):
    assert only_problem(check(activity(phone=phone))).kind == "invalid_phone"


@pytest.mark.parametrize("email", ["arvita.juksa@inbox", "arvita.juksa", "a@@b.lv", "a b@c.lv"])
def test_invalid_email(email):
    assert only_problem(check(activity(email=email))).kind == "invalid_email"


def test_links_must_be_web_addresses():
    ok = "https://youtu.be/WzLscVGTHj4\nhttp://iic.lv/projekti/darbigas-kopienas/"
    assert check(activity(links=ok)).rows_with_problems == 0
    problem = only_problem(check(activity(links="www.facebook.com/kopienas")))
    assert "rakstiet “https://www.facebook.com/kopienas”" in problem.message
    assert only_problem(check(activity(links="javascript:alert(1)"))).kind == "invalid_link"


def test_a_duplicate_id_is_reported_on_the_later_row_only():
    report = check(activity(id="DGP-2020-07"), activity(id="DGP-2020-07", title="Cita"))
    problem = only_problem(report)
    assert problem.kind == "duplicate_id" and problem.row == 3 and "jau ir 2. rindā" in problem.message


def test_missing_ids_are_assigned_from_community_and_year():
    report = check(activity(id="DGP-2020-01"), activity(id=""), activity(id="", community="PRE", title="Cita"))
    assert [v.activity_id for v in report.verdicts] == ["DGP-2020-01", "DGP-2020-02", "PRE-2020-01"]
    assert [v.assigned_id for v in report.verdicts] == [False, True, True]


def test_no_id_is_invented_when_the_community_is_unknown():
    report = check(activity(id="", community="Nekurzeme"))
    assert report.verdicts[0].activity_id == "" and not report.verdicts[0].assigned_id


def test_every_problem_of_a_row_goes_into_one_check_cell():
    report = check(activity(total=1, phone="1", email="x"))
    text = report.verdicts[0].check_text()
    assert text.count("\n") == 2 and text.startswith("Kopā (1)")


def test_headers_are_found_by_name_in_any_order_with_extra_columns():
    rows = activity_rows(activity())
    header, values = rows
    order = list(reversed(range(len(header))))
    shuffled = [["Piezīmes"] + [header[i] for i in order], ["mana piezīme"] + [values[i] for i in order]]
    tabs = {"Partneri": PARTNERS, "Iestādes": INSTITUTIONS, "Aktivitātes": shuffled, "Kopienas": COMMUNITIES}
    report = check(tabs=tabs)
    assert report.rows_with_problems == 0 and report.activities[0].children == 332


def test_blank_rows_are_skipped_and_row_numbers_kept():
    rows = activity_rows(activity(id="A-1"), activity(id="A-2"))
    rows.insert(2, [None] * len(rows[0]))
    rows.insert(2, ["", " ", None])
    tabs = {"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS}
    report = check(tabs=tabs)
    assert [v.row for v in report.verdicts] == [2, 5]


def test_a_missing_tab_is_one_clear_line():
    with pytest.raises(SheetStructureError, match=r"Nav lapas “Kopienas”.*kopienas init"):
        check(tabs={"Aktivitātes": activity_rows(activity()), "Iestādes": INSTITUTIONS})


def test_a_duplicated_header_is_reported_and_the_first_column_wins():
    rows = activity_rows(activity())
    rows[0].append("Kopā")
    rows[1].append(999)
    report = check(tabs={"Aktivitātes": rows, "Kopienas": COMMUNITIES, "Iestādes": INSTITUTIONS})
    assert report.rows_with_problems == 0
    assert [p.kind for p in report.sheet_problems] == ["duplicate_header"]


def test_partner_problems_are_reported():
    partners = [*PARTNERS, ["BC", "nav-adrese", "Visas", "en", "Jā"], ["X", "x@example.com", "Kurzeme", "lv", "Jā"]]
    tabs = {
        "Aktivitātes": activity_rows(activity()),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": partners,
    }
    kinds = sorted(p.kind for p in check(tabs=tabs).sheet_problems)
    assert kinds == ["invalid_email", "unknown_community"]


def test_real_date_cells_and_text_dates_are_the_same():
    a = check(activity(start=datetime(2020, 9, 24), end="27.09.2020.")).activities[0]
    assert (a.start, a.end) == (date(2020, 9, 24), date(2020, 9, 27))
