"""Press-quality Latvian and English: the sentences a press officer would otherwise rewrite.

Each test asserts the corrected sentence for one class of defect, in the output a person reads:
drafts (Markdown, HTML, Word), mails, sheet notes and console lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import docx
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from kopienas.app.drafts.making import write_draft
from kopienas.config import load_config
from kopienas.core import language
from kopienas.core.models import Community
from kopienas.core.validation import validate
from kopienas.outputs.fixlist import build_fixlists, render_fixlist
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, programme_of, standard_tabs
from tests.support.drafts import DAUGAVPILS, TEMPLATES, clean_up, draft_of

MAIL_TEMPLATES = TEMPLATES.parent / "mail"

# The opening paragraph of the published article (seed 000), as a coordinator would paste it.
SEED_LEAD = (
    "Septembra nogalē no 24. līdz 27.septembrim projekta “Darbīgās kopienas” Daugavpils aktīvisti Rudens talkā "
    "kopīgiem spēkiem sakopa Daugavpils Ķīmiķu mikrorajona un Jaunforštadtes mikrorajonu parkus, Gubiščes ezera "
    "krastu, Stropu mežaparku, iestāžu teritorijas un ģimeņu piemājas teritorijas."
)


def paragraphs(draft) -> list[str]:
    return [b.text for b in draft.blocks if b.kind == "paragraph"]


# --- the lead ---------------------------------------------------------------------------------------


def test_the_lead_says_what_took_place_and_credits_nobody():
    draft = draft_of(clean_up(description="Tika sakopti parki.", place="Smilšu iela 92"))
    assert paragraphs(draft)[:2] == [
        "No 2020. gada 24. līdz 27. septembrim notika projekta “Darbīgās kopienas” Daugavpils kopienas rudens talka.",
        "Norises vieta: Smilšu iela 92.",
    ]
    assert "aktīvisti rīkoja" not in draft.markdown and "aktivitāti" not in draft.markdown
    en = draft_of(clean_up(description="Tika sakopti parki."), lang="en")
    assert paragraphs(en)[0] == (
        "“Rudens talka”, an event of the Daugavpils community of the “Active Communities” (“Darbīgās kopienas”) "
        "project, took place from 24 to 27 September 2020."
    )
    assert " held " not in en.markdown and "activists" not in en.markdown


def test_a_description_that_opens_with_the_facts_is_the_lead():
    draft = draft_of(clean_up(description=SEED_LEAD + "\n\nIevērojot epidemioloģisko situāciju, talka notika."))
    assert paragraphs(draft)[0] == SEED_LEAD  # no lead of ours before it: when/who/where said once
    assert "notika projekta" not in draft.markdown and "Norises vieta" not in draft.markdown


def test_the_event_named_by_a_title_with_its_own_punctuation():
    title = "Projekta „Šķirosim tīrākai nākotnei!” sākums"
    draft = draft_of(clean_up(title=title, description="Tika stādīti koki.", place=""))
    # Kept as typed: its own quotation marks stay “ ”, it is not wrapped whole, and mid-sentence a
    # common noun ("projekta … sākums") is in lower case.
    assert draft.title == "Projekta “Šķirosim tīrākai nākotnei!” sākums Daugavpils darbīgajā kopienā"
    assert paragraphs(draft)[0] == (
        "No 2020. gada 24. līdz 27. septembrim notika projekta “Darbīgās kopienas” Daugavpils kopienas "
        "projekta “Šķirosim tīrākai nākotnei!” sākums."
    )
    en = draft_of(clean_up(title=title, description="Sākās projekts."), lang="en")
    assert en.title == "Projekta “Šķirosim tīrākai nākotnei!” sākums in the Daugavpils Active Community"
    assert paragraphs(en)[0].startswith("Projekta “Šķirosim tīrākai nākotnei!” sākums, an event of")


# --- people -------------------------------------------------------------------------------------------


def test_counts_of_people_read_naturally_in_both_languages():
    cases = {
        (41, 48): (
            "Kopā piedalījās 89 cilvēki: bērni un jaunieši – 41, pieaugušie – 48.",
            "In total, 89 people took part: 41 children and young people and 48 adults.",
        ),
        (0, 11): ("Piedalījās 11 cilvēki, visi pieaugušie.", "Eleven people took part, all of them adults."),
        (None, 11): ("Piedalījās 11 cilvēki, visi pieaugušie.", "Eleven people took part, all of them adults."),
        (0, 1): ("Piedalījās 1 pieaugušais.", "One adult took part."),
        (1, 0): ("Piedalījās 1 bērns vai jaunietis.", "One child or young person took part."),
        (332, 48): (
            "Kopā piedalījās 380 cilvēki: bērni un jaunieši – 332, pieaugušie – 48.",
            "In total, 380 people took part: 332 children and young people and 48 adults.",
        ),
    }
    for (children, adults), (lv, en) in cases.items():
        activity = clean_up(children=children, adults=adults, total=None)
        assert lv in paragraphs(draft_of(activity)), (children, adults)
        assert en in paragraphs(draft_of(activity, lang="en")), (children, adults)


def test_summary_people_leave_out_an_empty_group():
    assert language.people_phrase(0, 11, "lv") == "11 cilvēki (visi pieaugušie)"
    assert language.people_phrase(41, 48, "lv") == "89 cilvēki (bērni un jaunieši – 41, pieaugušie – 48)"
    assert language.people_phrase(0, 11, "en") == "11 people (all adults)"
    assert language.people_phrase(0, 1, "en") == "1 person (an adult)"


# --- coordinators: gender from the first name, greetings in the vocative ------------------------

WOMEN = """
Arvita Jukša, Anita Džeriņa, Kristīne Liepiņa, Daiga Zaķe, Zane Matesoviča, Svetlana Petrenko, Jeļena Ivanova,
Tatjana Kozlova, Irina Smirnova, Natālija Volkova, Oļga Petrova, Olga Sokolova, Gaļina Morozova, Ludmila Pavlova,
Valentīna Semjonova, Marina Fjodorova, Larisa Orlova, Jekaterina Lebedeva, Anastasija Popova, Viktorija Novikova,
Oksana Koval, Inna Bondarenko, Alla Tkačenko, Žanna Kravčenko, Veronika Šapovala, Raisa Melnika, Zoja Lisenko,
Nina Savčenko, Vera Moroza, Tamāra Boiko, Ksenija Kuzņecova, Darja Vasiļjeva, Jūlija Mihailova, Kristina Andrejeva,
Aļona Gusarova, Alīna Jakovļeva, Antoņina Stepanova, Jevgēņija Nikolajeva, Margarita Zaharova, Polina Belova,
Sofija Romanova, Valērija Grigorjeva, Lidija Sergejeva, Nelli Timofejeva, Ļubova Kiseļova, Nadežda Frolova,
Olena Ševčenko, Haļina Rudenko, Ilze Bērziņa, Inese Kalniņa, Ieva Ozola, Līga Jansone, Kristīne Ozoliņa,
Anna Liepa, Dace Krūmiņa, Baiba Vītola, Sandra Kļaviņa, Laura Zariņa, Linda Siliņa, Evija Eglīte, Gunta Pētersone,
Inga Lāce, Māra Balode, Rasa Strazdiņa, Santa Kārkliņa, Zanda Vanaga, Agnese Bērziņa, Aija Grīnberga,
Daina Erte, Dagnija Ābele, Elīna Krastiņa, Evita Zvaigzne, Ilona Dzene, Indra Priede, Ineta Kalēja, Iveta Lapiņa,
Jolanta Upīte, Karīna Pole, Laila Skuja, Lelde Vilka, Liene Miezīte, Madara Rozīte, Marta Brūvere,
Monta Krieviņa, Paula Āboliņa, Rūta Alksne, Sanita Birzniece, Signe Dūmiņa, Silvija Grundmane, Solvita Kalve,
Una Lūse, Vija Bite, Zelma Cīrule, Gundega Mauriņa, Ināra Sproģe, Irēna Rubene, Lolita Strode, Sarmīte Gaile,
Mārīte Roze, Skaidrīte Kalna, Dzintra Laure, Austra Lejiņa, Ilvija Grava, Agita Dreimane, Diāna Meldere,
Regīna Ziemele, Snežana Kolesņikova, Taisija Pugačova, Milana Sidorova, Elvīra Šmite, Terēze Ramane
"""

MEN = """
Andris Liepa, Jānis Bērziņš, Raivo Andersons, Pēteris Kalniņš, Juris Ozols, Kārlis Jansons, Mārtiņš Ozoliņš,
Aivars Krūmiņš, Edgars Vītols, Guntars Kļaviņš, Uldis Zariņš, Valdis Siliņš, Māris Eglītis, Normunds Pētersons,
Oskars Lācis, Roberts Balodis, Gatis Strazdiņš, Ivars Kārkliņš, Dainis Vanags, Armands Grīnbergs, Artūrs Ābele,
Kaspars Krastiņš, Kristaps Zvaigzne, Lauris Dzenis, Raimonds Priede, Reinis Kalējs, Rihards Lapiņš, Sandis Upītis,
Viesturs Pole, Ģirts Skuja, Uģis Vilks, Agris Miezītis, Aldis Rozītis, Arnis Brūveris, Artis Krieviņš, Edvīns Āboliņš,
Egils Alksnis, Einārs Birznieks, Ēriks Dūmiņš, Gints Grundmanis, Gunārs Kalve, Harijs Lūsis, Imants Bite,
Indulis Cīrulis, Krišjānis Mauriņš, Miks Sproģis, Mikus Rubenis, Pauls Strods, Ralfs Gailis, Toms Rozenbergs,
Sergejs Ivanovs, Vladimirs Kozlovs, Aleksandrs Smirnovs, Aleksejs Volkovs, Dmitrijs Petrovs, Igors Sokolovs,
Nikolajs Morozovs, Mihails Pavlovs, Viktors Semjonovs, Oļegs Fjodorovs, Genādijs Orlovs, Vitālijs Lebedevs,
Valērijs Popovs, Anatolijs Novikovs, Jevgeņijs Koval, Konstantīns Bondarenko, Pāvels Tkačenko, Ivans Kravčenko,
Romāns Šapovals, Staņislavs Melniks, Vladislavs Lisenko, Vjačeslavs Savčenko, Boriss Moroz, Grigorijs Boiko,
Leonīds Kuzņecovs, Maksims Vasiļjevs, Artjoms Mihailovs, Deniss Andrejevs, Iļja Gusarovs, Ņikita Jakovļevs,
Nikita Stepanovs, Kirils Nikolajevs, Timurs Zaharovs, Vadims Belovs, Vasilijs Romanovs, Fjodors Grigorjevs,
Arkādijs Sergejevs, Gļebs Timofejevs, Stepans Kiseļovs, Tarass Frolovs, Bohdans Ševčenko, Mikola Rudenko,
Jaroslavs Petrenko, Oleksandrs Hončarenko, Danila Kovaļovs, Savva Zujevs, Luka Sidorovs, Jurijs Pugačovs,
Ruslans Kolesņikovs, Antons Šmits, Eduards Ramans, Semjons Ziemelis, Georgijs Meldeers, Rostislavs Dreimanis,
Aigars Grava, Austris Lejiņš, Kristofers Laurs, Ivo Kalns
"""


def _names(block: str) -> list[str]:
    return [n.strip() for n in block.replace("\n", " ").split(",") if n.strip()]


def test_gender_comes_from_the_first_name_for_220_real_names():
    women, men = _names(WOMEN), _names(MEN)
    assert len(women) + len(men) >= 200
    wrong = [n for n in women if language.gender_of(n) != "f"] + [n for n in men if language.gender_of(n) != "m"]
    assert wrong == []
    # The surname misleads; the first name does not.
    assert language.gender_of("Andris Liepa") == "m" and language.gender_of("Svetlana Petrenko") == "f"


def test_a_name_nobody_can_judge_gets_neutral_words_and_the_override_decides():
    draft = draft_of(clean_up(coordinator="Kim Lee"))
    assert "koordinators(-e) Kim Lee" in draft.markdown
    assert "ierakstiet to lapā “Kopienas”, kolonnā “Koordinatora dzimums”" in draft.markdown
    community = replace(DAUGAVPILS, coordinator="Kim Lee", coordinator_gender="vīrietis")
    overridden = draft_of(clean_up(coordinator="Kim Lee"), community=community)
    assert "koordinators Kim Lee" in overridden.markdown and "Koordinatora dzimums" not in overridden.markdown
    woman = draft_of(
        clean_up(coordinator="Andris Liepa"),
        community=replace(community, coordinator="Andris Liepa", coordinator_gender="S"),
    )
    assert "koordinatore Andris Liepa" in woman.markdown


def test_the_kopienas_tab_column_is_read():
    config = load_config(None)
    rows = [[*COMMUNITIES[0], "Koordinatora dzimums"], [*COMMUNITIES[1], "vīrietis"], *COMMUNITIES[2:]]
    tabs = {"Aktivitātes": activity_rows(activity()), "Kopienas": rows, "Iestādes": INSTITUTIONS, "Partneri": PARTNERS}
    programme = programme_of(tabs, config.sheet)
    assert programme.community("DGP").coordinator_gender == "vīrietis"
    assert programme.community("PRE").coordinator_gender == ""


def test_greetings_use_the_vocative_or_a_neutral_word():
    assert [language.greeting(n) for n in ("Jānis Bērziņš", "Andris Liepa", "Sergejs Ivanovs", "Mikus Rubenis",
                                           "Arvita Jukša", "Ņikita Jakovļevs", "Preiļu novada pārvalde", "")] == [
        "Labdien, Jāni!", "Labdien, Andri!", "Labdien, Sergej!", "Labdien, Miku!",
        "Labdien, Arvita!", "Labdien, Ņikita!", "Labdien!", "Labdien!",
    ]  # fmt: skip


def fixlist_mail_to(coordinator: str):
    config = load_config(None)
    tabs = standard_tabs(activity(coordinator=coordinator, email="andris@example.lv", total=381))
    programme = programme_of(tabs, config.sheet)
    report = validate(programme, config.headers["activities"], date(2020, 9, 28), config.headers["partners"])
    [fixlist] = build_fixlists(report, programme)
    return render_fixlist(
        fixlist, sheet_link="https://docs.google.com/spreadsheets/d/1AbC", templates_dir=MAIL_TEMPLATES
    )


def test_the_fix_list_mail_to_a_man_greets_him_in_the_vocative():
    mail = fixlist_mail_to("Andris Liepa")
    assert mail.text.startswith("Labdien, Andri!\n\nLapā “Aktivitātes” 1 rinda vēl jāizlabo.")
    assert '<p style="margin:0 0 12px;">Labdien, Andri!</p>' in mail.html
    assert mail.subject == "Darbīgās kopienas – 1 rinda jāizlabo lapā “Aktivitātes”"


# --- places -------------------------------------------------------------------------------------------


def test_a_place_typed_in_the_locative_is_made_nominative_or_flagged():
    draft = draft_of(clean_up(place="Smilšu ielā 92, Kultūras pils ēkā"))
    assert "Norises vieta: Smilšu iela 92, Kultūras pils ēka." in paragraphs(draft)
    flagged = draft_of(clean_up(place="Preiļos"))
    assert "Vieta “Preiļos” ir uzrakstīta vietas locījumā" in flagged.blocks[0].text
    assert "Norises vieta: Smilšu iela 92." in paragraphs(draft_of(clean_up(place="Smilšu iela 92")))


# --- quotation marks ------------------------------------------------------------------------------------

_STYLES = [("“", "”"), ("„", "”"), ('"', '"'), ("«", "»")]
_words = st.text(alphabet="abcdefgšķīļ ", min_size=1, max_size=8).map(lambda s: s.strip() or "x")


@st.composite
def nested(draw, depth=0):
    """(typed text, house-style text at this depth) for words with quotations nested inside."""
    parts_typed, parts_house = [], []
    for _ in range(draw(st.integers(1, 3))):
        word = draw(_words)
        parts_typed.append(word)
        parts_house.append(word)
        if depth < 2 and draw(st.booleans()):
            opener, closer = draw(st.sampled_from(_STYLES if depth == 0 else _STYLES[:2]))
            inner_typed, inner_house = draw(nested(depth + 1))
            o, c = ("“", "”") if depth % 2 == 0 else ("‘", "’")
            parts_typed.append(f" {opener}{inner_typed}{closer} ")
            parts_house.append(f" {o}{inner_house}{c} ")
    return "".join(parts_typed), "".join(parts_house)


@settings(max_examples=150, deadline=None)
@given(nested())
def test_quotation_marks_alternate_whatever_was_typed(case):
    typed, house = case
    assert language.normalise_quotes(typed) == house
    quoted = language.quote(typed)
    assert quoted == "“" + house.translate(str.maketrans("“”‘’", "‘’“”")) + "”"


def test_one_quotation_style_in_the_draft():
    draft = draft_of(clean_up(description='Bērnu klubs „Mezgls” un "Jaunība" sakopa parku.'))
    assert "Bērnu klubs “Mezgls” un “Jaunība” sakopa parku." in draft.markdown
    assert "„" not in draft.markdown and '"' not in draft.markdown


# --- English ----------------------------------------------------------------------------------------------


def test_english_dates_singular_plural_and_municipalities():
    one_day = draft_of(clean_up(end=None, description="x"), lang="en")
    assert "took place on 24 September 2020." in paragraphs(one_day)[0]
    across = draft_of(clean_up(end=date(2020, 10, 2), description="x"), lang="en")
    assert "took place from 24 September to 2 October 2020." in paragraphs(across)[0]
    one = draft_of(clean_up(institution_names=("Daugavpils 11. pamatskola",)), lang="en")
    assert "Participating institution: Daugavpils 11. pamatskola." in paragraphs(one)
    augsdaugava = Community(code="AUG", name="Augšdaugavas novads")
    municipal = draft_of(
        clean_up(community="AUG", community_code="AUG", community_name="Augšdaugavas novads"),
        community=augsdaugava,
        lang="en",
    )
    assert municipal.title == "“Rudens talka” in the Augšdaugava Municipality Active Community"
    assert language.english_place("Preiļu novads") == "Preiļi Municipality"


def test_latvian_paragraphs_in_an_english_draft_are_marked_and_noted(tmp_path):
    draft = draft_of(lang="en")
    assert draft.blocks[0].text.endswith(
        "No translation service is set up, so these parts are still in Latvian and need translating: the title, "
        "the venue, 11 institutions’ names, the resource centre’s name and 2 paragraphs of the description."
    )
    assert '<p lang="lv">Septembra nogalē aktīvisti' in draft.html
    write_draft(draft, tmp_path)
    document = docx.Document(str(tmp_path / "draft.docx"))
    [paragraph] = [p for p in document.paragraphs if p.text.startswith("Septembra nogalē")]
    assert {r._r.rPr.find(qn("w:lang")).get(qn("w:val")) for r in paragraph.runs} == {"lv-LV"}
    english = next(p for p in document.paragraphs if p.text.startswith("In total, 380 people"))
    assert all(r._r.rPr is None or r._r.rPr.find(qn("w:lang")) is None for r in english.runs)


# --- Word ----------------------------------------------------------------------------------------------------


def test_the_word_file_is_a4_with_real_styles_a_latvian_font_and_the_programmes_metadata(tmp_path):
    write_draft(draft_of(), tmp_path)
    document = docx.Document(str(tmp_path / "draft.docx"))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4, not US Letter
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Normal", "List Bullet", "Draft Note"} <= styles
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    properties = document.core_properties
    assert properties.author == "Izglītības iniciatīvu centrs, projekts “Darbīgās kopienas”"
    assert properties.title == "Rudens talka Daugavpils darbīgajā kopienā"
    assert "python-docx" not in f"{properties.comments} {properties.keywords} {properties.author}"


# --- the one agreement rule, over every console and mail string builder ------------------------------------

COUNTS = (0, 1, 2, 11, 21, 101)

# Words that agree with a count next to them: (singular, plural) by the Latvian rule.
AGREEING = [
    ("Pārbaudīta", "Pārbaudītas"), ("Nosūtīta", "Nosūtītas"), ("bija nosūtīta", "bija nosūtītas"),
    ("netika nosūtīta", "netika nosūtītas"), ("netika mēģināta", "netika mēģinātas"), ("jauns", "jauni"),
    ("nav sagatavots", "nav sagatavoti"), ("tiktu sagatavots", "tiktu sagatavoti"),
    ("koordinatoram", "koordinatoriem"), ("partnerim", "partneriem"),
]  # fmt: skip
_FORMS = sorted({f for noun in language.NOUNS.values() for f in (*noun.lv, *noun.en) if f}, key=len, reverse=True)
_COUNTED = re.compile(r"(?<![\d.])(\d+) (" + "|".join(map(re.escape, _FORMS)) + r")\b")


def assert_agrees(text: str) -> None:
    for m in _COUNTED.finditer(text):
        n, form = int(m.group(1)), m.group(2)
        key = next(k for k, noun in language.NOUNS.items() if form in (*noun.lv, *noun.en))
        lang = "en" if form in language.NOUNS[key].en and form not in language.NOUNS[key].lv else "lv"
        expected = language.noun_form(n, key, lang)
        assert text[m.start(2) :].startswith(expected), f"{m.group(0)!r} in {text!r}: want {n} {expected}"
    for one, many in AGREEING:
        for m in re.finditer(
            rf"{re.escape(one)}s? (\d+)\b|(\d+) \w+ {re.escape(one)}s?\b|(\d+) {re.escape(one)}s?\b", text
        ):
            n = int(next(g for g in m.groups() if g))
            want = language.agree(n, one, many)
            assert want in m.group(0), f"{m.group(0)!r} in {text!r}: want {want}"


def string_builders(n: int):
    from kopienas.app.drafts.making import DraftOutcome, outcome_text
    from kopienas.app.mail.delivery import Delivery, delivery_text
    from kopienas.core.sheet_setup import rows_word
    from kopienas.core.validation import ValidationReport, Verdict
    from kopienas.core.writeback import WriteResult
    from kopienas.outputs.report import report_text

    moment = datetime(2026, 12, 1, 20, 52, tzinfo=UTC).astimezone(load_config(None).zone)
    verdicts = tuple(Verdict(i + 2, f"A-{i}", False, ()) for i in range(n))
    report = ValidationReport(verdicts, (), (), "Aktivitātes")
    outcome = DraftOutcome(made=[("A", tmp)] * n, unchanged=[("B", tmp)] * n, skipped=[("C", "x")] * n)
    delivery = Delivery(sent=["k"] * n, already_sent=["k"] * n, failed=[("k", "x")] * n, not_attempted=["k"] * n)
    yield report_text(report, "wb.xlsx", WriteResult(n, (), "wb.xlsx"))
    yield outcome_text(outcome) + outcome_text(outcome, dry_run=True)
    yield "\n".join(delivery_text(delivery))
    yield language.mails_planned(n, n, n, "temats")
    yield language.alert_subject("validation", max(n, 1)) + language.alert_text(
        "validation", "vm", max(n, 1), moment, moment, "x"
    )
    yield language.more_rows(max(n, 1)) + " " + rows_word(n) + " " + language.rows_checked(n, n)
    yield language.people_phrase(n, n, "lv") + language.people_phrase(n, 0, "en") + language.people_phrase(0, n, "lv")


tmp = __import__("pathlib").Path("out/drafts/X")


def test_every_count_printed_agrees():
    for n in COUNTS:
        for text in string_builders(n):
            assert_agrees(text)
            assert not re.search(r"(?<![\d.])1 (times|rows|reizes|rindas|vēstules)\b", text), text


def test_zero_groups_are_left_out_of_console_lines():
    assert language.drafts_summary(1, 0, 0) == "Relīžu melnraksti: 1 jauns."
    assert language.drafts_summary(0, 0, 0) == "Relīžu melnraksti: nav neviena."
    assert language.delivery_summary(0, 0, 0) == "Nav nosūtāmu vēstuļu."
    assert language.delivery_summary(1, 21, 0) == "Nosūtīta 1 vēstule; 21 vēstule bija nosūtīta jau agrāk."
    assert language.mails_planned(1, 0, 0, "—") == "Vēstules: 1 labojumu saraksts koordinatoram."
    assert language.rows_checked(21, 1) == "Pārbaudīta 21 rinda; 1 rindā ir kļūdas."
    assert language.rows_checked(11, 0) == "Pārbaudītas 11 rindas; kļūdu nav."
