"""What a partner reads in the weekly summary for 21–27 September 2020 (2020-W39)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kopienas.config import PACKAGED_TEMPLATES, load_config
from kopienas.core.validation import validate
from kopienas.core.weeks import parse_iso_week
from kopienas.outputs.summary import build_partner_summary, participants_chart_png, render_summary
from tests.helpers import COMMUNITIES, INSTITUTIONS, activity, activity_rows, programme_of

TEMPLATES = PACKAGED_TEMPLATES / "mail"
CONFIG = load_config("/dev/null")
MONDAY, SUNDAY = parse_iso_week("2020-W39")
NOW = datetime(2020, 9, 28, 8, 0, tzinfo=ZoneInfo("Europe/Riga"))
HOSTILE = "{{ 7*7 }} <script>alert(1)</script>"

PARTNERS = [
    ["Nosaukums", "E-pasts", "Kopienas", "Valoda", "Aktīvs"],
    ["Izglītības pārvalde", "parvalde@example.com", "DGP", "lv", "Jā"],
    ["Preiļu novada pašvaldība", "preili@example.com", "Preiļi", "lv", "Jā"],
    ["British Council Latvia", "bc@example.org", "Visas", "en", "Jā"],
]

ROWS = [
    # Held in the week (the autumn clean-up) and earlier in the year.
    activity(),
    activity(
        id="DGP-2020-01",
        title="Atvēršanas svētki",
        start="23.01.2020",
        end=None,
        institutions="26.PII",
        children=24,
        adults=31,
        total=55,
    ),
    # Cancelled in the week; planned for next week; planned for the week after.
    activity(id="DGP-2020-08", title="Pikniks Stropu mežaparkā", start="26.09.2020", end=None, status="Atcelta"),
    activity(
        id="DGP-2020-09",
        title="Rudens ziedu darbnīca",
        start="01.10.2020",
        end=None,
        place="Mezgls",
        children=None,
        adults=None,
        total=None,
        status="Plānota",
    ),
    activity(id="DGP-2020-10", title="Lasīšanas pēcpusdiena", start="06.10.2020", end=None, status="Plānota"),
    # Preiļi, held in the week; its title is hostile.
    activity(
        id="PRE-2020-05",
        title=HOSTILE,
        community="PRE",
        start="22.09.2020",
        end=None,
        place="Preiļi",
        institutions="",
        children=20,
        adults=1,
        total=21,
        email="anita@example.com",
    ),
    # Rows with errors: Daugavpils in the week, an unknown community in the week, Daugavpils in 2019.
    activity(id="DGP-2020-11", title="Sporta diena", start="23.09.2020", end=None, total=999),
    activity(id="XXX-2020-01", title="Koncerts", community="Daugavpls", start="22.09.2020", end=None),
    activity(id="DGP-2019-01", title="Vecā talka", start="20.09.2019", end=None, total=1),
]


def load(*rows):
    tabs = {
        "Aktivitātes": activity_rows(*rows),
        "Kopienas": COMMUNITIES,
        "Iestādes": INSTITUTIONS,
        "Partneri": PARTNERS,
    }
    programme = programme_of(tabs, CONFIG.sheet)
    report = validate(programme, CONFIG.headers["activities"], NOW.date(), CONFIG.headers["partners"])
    return report, programme


REPORT, PROGRAMME = load(*ROWS)


def partner(name_start: str):
    return next(p for p in PROGRAMME.partners if p.name.startswith(name_start))


def summary_for(name_start: str, week=(MONDAY, SUNDAY), report=REPORT, programme=PROGRAMME):
    return build_partner_summary(report, programme, partner(name_start), *week, now=NOW)


def mail_for(name_start: str, chart_cid: str | None = "ytd-chart", **kwargs):
    return render_summary(summary_for(name_start, **kwargs), templates_dir=TEMPLATES, chart_cid=chart_cid)


@pytest.fixture(scope="module")
def lv_mail():
    return mail_for("Izglītības pārvalde")


@pytest.fixture(scope="module")
def en_mail():
    return mail_for("British Council")


def section(text: str, heading: str, next_heading: str) -> str:
    return text.split(heading, 1)[1].split(next_heading, 1)[0]


def test_subject_lv(lv_mail):
    assert lv_mail.subject == "Darbīgās kopienas — nedēļas kopsavilkums, 2020. gada 21.–27. septembris"


def test_subject_en(en_mail):
    assert en_mail.subject == "Active Communities — weekly summary, 21–27 September 2020"


def test_the_autumn_clean_up_in_the_week(lv_mail):
    held = section(lv_mail.text, "Nedēļā notika", "Atceltas")
    assert "* Rudens talka — Daugavpils" in held
    assert "Kad: no 24. līdz 27. septembrim" in held
    assert "Kur: Gubiščes ezera krasts" in held
    assert "Dalībnieki: 380 cilvēki (bērni un jaunieši – 332, pieaugušie – 48)" in held
    assert "Nedēļā kopā: 1 aktivitāte, 380 cilvēki (bērni un jaunieši – 332, pieaugušie – 48)." in held
    for text in ("Rudens talka", "no 24. līdz 27. septembrim", "380 cilvēki"):
        assert text in lv_mail.html


def test_cancelled_activities_are_listed_apart(lv_mail):
    cancelled = section(lv_mail.text, "Atceltas", "Nākamajā nedēļā")
    assert "* Pikniks Stropu mežaparkā — Daugavpils" in cancelled
    assert "Bija plānota: 2020. gada 26. septembrī" not in cancelled  # no year: it is in the subject
    assert "Bija plānota: 26. septembrī" in cancelled


def test_next_weeks_planned_activity(lv_mail):
    upcoming = section(lv_mail.text, "Nākamajā nedēļā plānots (no 28. septembra līdz 4. oktobrim)", "2020. gadā")
    assert "* Rudens ziedu darbnīca — Daugavpils" in upcoming
    assert "Kad: 1. oktobrī" in upcoming
    assert "Dalībnieki" not in upcoming  # no numbers given yet
    assert "Lasīšanas pēcpusdiena" not in lv_mail.text  # the week after next


def test_a_partner_following_only_preili_does_not_get_daugavpils():
    mail = mail_for("Preiļu")
    for text in (mail.text, mail.html):
        assert "Rudens talka" not in text and "Rudens ziedu darbnīca" not in text
    assert "Kopiena: Preiļi" in mail.text
    assert "Dalībnieki: 21 cilvēks (bērni un jaunieši – 20, pieaugušie – 1)" in mail.text


def test_year_to_date_table(lv_mail):
    table = section(lv_mail.text, "2020. gadā līdz 27. septembrim", "Rindas ar kļūdām")
    lines = [line.split("  ") for line in table.splitlines()]
    cells = [[c.strip() for c in line if c.strip()] for line in lines]
    assert ["Kopiena", "Aktivitātes", "Bērni un jaunieši", "Pieaugušie", "Kopā", "Iestādes"] in cells
    # 23 January (24 + 31, one kindergarten) and the clean-up (332 + 48, the kindergarten and a school).
    assert ["Daugavpils", "2", "356", "79", "435", "2"] in cells
    assert not any(c and c[0] == "Kopā" for c in cells[2:])  # one community: no total line


def test_year_to_date_for_all_communities_has_a_total(en_mail):
    table = section(en_mail.text, "2020 up to 27 September", "Rows with errors")
    cells = [line.split() for line in table.splitlines()]
    assert ["Daugavpils", "2", "356", "79", "435", "2"] in cells
    assert ["Preiļi", "1", "20", "1", "21", "0"] in cells
    assert ["Total", "3", "376", "80", "456", "2"] in cells
    assert '<div style="font-weight:bold; margin:0 0 4px;">Total</div>' in en_mail.html


def test_left_out_rows_are_counted_not_dropped(lv_mail, en_mail):
    # Daugavpils: the row with a wrong total. The 2019 row is outside this summary.
    assert summary_for("Izglītības pārvalde").left_out == 1
    assert "1 rinda ar kļūdām nav iekļauta šajā kopsavilkumā." in lv_mail.text
    assert "izlabot kļūdas lapā “Aktivitātes”" in lv_mail.text
    # Following all: also the row whose community is unknown.
    assert summary_for("British Council").left_out == 2
    assert "Two rows with errors are not included in this summary." in en_mail.text
    assert summary_for("Preiļu").left_out == 0
    assert "kļūdām" not in mail_for("Preiļu").text


def test_english_variant(en_mail):
    assert "All communities" in en_mail.text
    assert "When: 24–27 September" in en_mail.text
    assert "Participants: 380 people (332 children and young people, 48 adults)" in en_mail.text
    assert "Week total: 2 activities, 401 people (352 children and young people, 49 adults)." in en_mail.text
    assert "Planned for next week (28 September – 4 October)" in en_mail.text
    assert '<html lang="en">' in en_mail.html


def test_hostile_cell_text_is_escaped_in_html_and_literal_in_text(en_mail):
    assert f"* {HOSTILE} — Preiļi" in en_mail.text
    assert "49 <script>" not in en_mail.text
    assert "<script>" not in en_mail.html
    assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;" in en_mail.html


def test_html_is_a_phone_sized_page_with_the_chart(lv_mail):
    assert '<html lang="lv">' in lv_mail.html
    assert 'name="viewport"' in lv_mail.html
    alt = "Stabiņu diagramma: dalībnieki pa kopienām 2020. gadā līdz 27. septembrim"
    assert f'<img src="cid:ytd-chart" alt="{alt}"' in lv_mail.html
    assert "cid:" not in mail_for("Izglītības pārvalde", chart_cid=None).html


def test_a_quiet_week():
    week = parse_iso_week("2020-W30")
    summary = summary_for("Preiļu", week=week)
    assert summary.quiet and summary.left_out == 0
    mail = render_summary(summary, templates_dir=TEMPLATES, chart_cid=None)
    assert mail.subject == "Darbīgās kopienas — nedēļas kopsavilkums, 2020. gada 20.–26. jūlijs"
    assert "Šī bija klusa nedēļa" in mail.text and "Šī bija klusa nedēļa" in mail.html
    assert "Nedēļā notika" not in mail.text
    assert "Šogad notikušu aktivitāšu vēl nav." in mail.text
    assert "Preiļi" not in section(mail.text, "2020. gadā līdz 26. jūlijam", "--")


def test_the_week_must_run_monday_to_sunday():
    with pytest.raises(ValueError):
        summary_for("Preiļu", week=(date(2020, 9, 22), date(2020, 9, 28)))


def test_participants_chart_is_a_png():
    png = participants_chart_png(summary_for("British Council").year_to_date, "lv")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
