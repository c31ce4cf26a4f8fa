"""Each coordinator's list of rows to fix, and the mail that asks for it."""

from datetime import date

from kopienas.config import PACKAGED_TEMPLATES, load_config
from kopienas.core.validation import validate
from kopienas.outputs.fixlist import build_fixlists, render_fixlist
from tests.helpers import activity, programme_of, standard_tabs

TEMPLATES = PACKAGED_TEMPLATES / "mail"
CONFIG = load_config("/dev/null")
TODAY = date(2020, 9, 28)
SHEET = "https://docs.google.com/spreadsheets/d/1AbC"


def fixlists(*rows):
    programme = programme_of(standard_tabs(*rows), CONFIG.sheet)
    report = validate(programme, CONFIG.headers["activities"], TODAY, CONFIG.headers["partners"])
    return build_fixlists(report, programme)


ARVITA = "arvita.juksa@inbox.lv"
ANITA = "anita@example.com"  # Preiļi's coordinator in tab Kopienas

ROWS = [
    activity(id="DGP-2020-01", phone="123"),  # row 2: Arvita
    activity(id="DGP-2020-02"),  # row 3: fine, nothing to send
    activity(
        id="PRE-2020-01",
        community="PRE",
        coordinator="Anita Džeriņa",
        email="anita@example",
        institutions="",
        total=381,
    ),  # row 4: a broken address, so Preiļi's coordinator
    activity(id="DGP-2020-03", title="Sporta diena", total=1, links="www.example.lv"),  # row 5: Arvita
    activity(id="ZZZ-2020-01", community="Zilupe", email="nav"),  # row 6: nobody to send to
]


def test_one_list_per_coordinator_with_problems_only():
    lists = fixlists(*ROWS)
    assert [(f.email, f.name, [r.row for r in f.rows]) for f in lists] == [
        (ANITA, "Anita Džeriņa", [4]),
        (ARVITA, "Arvita Jukša", [2, 5]),
    ]
    arvita = lists[1]
    assert [(p.row, p.activity_id, p.column) for p in arvita.problems] == [
        (2, "DGP-2020-01", "Tālrunis"),
        (5, "DGP-2020-03", "Kopā"),
        (5, "DGP-2020-03", "Saites"),
    ]


def test_rows_nobody_can_be_found_for_are_returned_apart():
    lists = fixlists(*ROWS)
    assert {p.row for p in lists.unaddressed} == {6}
    assert {p.kind for p in lists.unaddressed} == {"unknown_community", "invalid_email"}


def test_a_clean_sheet_sends_nothing():
    lists = fixlists(activity())
    assert list(lists) == [] and lists.unaddressed == ()


def test_digest_changes_with_the_problems_and_only_then():
    before = {f.email: f.digest for f in fixlists(*ROWS)}
    assert before == {f.email: f.digest for f in fixlists(*ROWS)}
    # Arvita fixes the phone: her list changes, Anita's does not.
    fixed = [activity(id="DGP-2020-01"), *ROWS[1:]]
    after = {f.email: f.digest for f in fixlists(*fixed)}
    assert after[ARVITA] != before[ARVITA] and after[ANITA] == before[ANITA]
    # A different wrong total is a different problem.
    retyped = [*ROWS[:2], activity(**{**ROWS[2], "total": 382}), *ROWS[3:]]
    assert {f.email: f.digest for f in fixlists(*retyped)}[ANITA] != before[ANITA]
    # A new title or description on the same broken row changes nothing to fix.
    renamed = [*ROWS[:2], activity(**{**ROWS[2], "title": "Cits nosaukums", "description": "Jauns"}), *ROWS[3:]]
    assert {f.email: f.digest for f in fixlists(*renamed)}[ANITA] == before[ANITA]


def test_the_mail_for_two_rows():
    arvita = fixlists(*ROWS)[1]
    mail = render_fixlist(arvita, sheet_link=SHEET, templates_dir=TEMPLATES)
    assert mail.subject == "Darbīgās kopienas – 2 rindas jāizlabo lapā “Aktivitātes”"
    assert mail.text.startswith("Labdien, Arvita!\n")
    assert "Lapā “Aktivitātes” 2 rindas vēl jāizlabo." in mail.text
    assert "2. rinda · DGP-2020-01 · Rudens talka\n  - Tālrunis: “123”" in mail.text
    assert "5. rinda · DGP-2020-03 · Sporta diena\n  - Kopā (1) nesakrīt" in mail.text
    assert mail.text.index("2. rinda") < mail.text.index("5. rinda")
    assert f"Tabula: {SHEET}" in mail.text
    assert "Kad rindas būs izlabotas" in mail.text
    assert f'<a href="{SHEET}"' in mail.html and '<html lang="lv">' in mail.html


def test_the_mail_for_one_row_without_a_link():
    anita = fixlists(*ROWS)[0]
    mail = render_fixlist(anita, sheet_link="", templates_dir=TEMPLATES)
    assert mail.subject == "Darbīgās kopienas – 1 rinda jāizlabo lapā “Aktivitātes”"
    assert "Kad rinda būs izlabota" in mail.text
    assert "Tabula:" not in mail.text and "<a " not in mail.html
    # Only web addresses become links.
    assert "javascript" not in render_fixlist(anita, sheet_link="javascript:alert(1)", templates_dir=TEMPLATES).html


def test_hostile_title_and_name():
    hostile = "{{ 7*7 }} <script>alert(1)</script>"
    [fixlist] = fixlists(activity(title=hostile, coordinator="<b>Arvita</b>", phone="123"))
    mail = render_fixlist(fixlist, sheet_link=SHEET, templates_dir=TEMPLATES)
    # A name that is not a known first name gets the neutral greeting.
    assert hostile in mail.text and mail.text.startswith("Labdien!\n")
    assert "<script>" not in mail.html and "<b>Arvita" not in mail.html
    assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;" in mail.html
