"""Every kind of article in the seeds, as the press office publishes it: the lead that merges with
the coordinator's own opening, titles as typed, article kinds, abbreviations written out, and the
same facts in English. Each rule is checked on the seeds' own sentences, and each example of the
issue that asked for them reads corrected, in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from kopienas.core import contract, language
from kopienas.core.institutions import write_out
from kopienas.core.models import Activity, Community, Institution, Programme
from kopienas.core.progress import progress_facts
from kopienas.core.validation import validate
from kopienas.core.words import progress as progress_words
from kopienas.outputs.drafts import render_draft
from kopienas.outputs.drafts.programme import render_programme_draft

# --- the seeds' rows --------------------------------------------------------------------------------

INSTITUTIONS = (
    Institution(
        "BJC Jaunība",
        "Daugavpils Bērnu un jauniešu centrs “Jaunība”",
        "DGP",
        "Daugavpils Children and Youth Centre “Jaunība”",
    ),
    Institution(
        "26.PII", "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde", "DGP", "Daugavpils Pre-school No. 26"
    ),
    Institution("21.PII", "Daugavpils pilsētas 21. pirmsskolas izglītības iestāde", "DGP"),
    Institution(
        "PBJC", "Preiļu novada Bērnu un jauniešu centrs", "PRE", "Preiļi Municipality Children and Youth Centre"
    ),
)
DAUGAVPILS = Community(
    "DGP",
    "Daugavpils",
    "Daugavpils Kopienas resursu centrs, BJC “Jaunība” bērnu klubs “Mezgls”, Smilšu iela 92",
    "Arvita Jukša",
    "arvita.juksa@inbox.lv",
    name_en="Daugavpils",
    resource_centre_en="Daugavpils Community Resource Centre, “Mezgls” children’s club, Smilšu iela 92",
)
PREILI = Community(
    "PRE", "Preiļi", "Preiļu novada Kopienas resursu centrs", "Anita Džeriņa", "anita.dzerina@example.com",
    name_en="Preiļi", resource_centre_en="Preiļi Municipality Community Resource Centre",
)  # fmt: skip
KRASLAVA = Community("KRA", "Krāslava", "Krāslavas novada Kopienas resursu centrs")
PROGRAMME = Programme(activities=(), communities=(DAUGAVPILS, PREILI, KRASLAVA), institutions=INSTITUTIONS, partners=())


def row(**fields) -> Activity:
    base = Activity(
        row=5, id="DGP-2020-07", title="Rudens talka", community="DGP", start=date(2020, 9, 24),
        end=date(2020, 9, 27), status="held", press_release=True, community_code="DGP", community_name="Daugavpils",
        coordinator="Arvita Jukša", phone="26825598", email="arvita.juksa@inbox.lv",
    )  # fmt: skip
    return replace(base, **fields)


# Seed 000: the autumn clean-up, its coordinator's opening as published.
CLEAN_UP = row(
    place="Ķīmiķu un Jaunforštadtes mikrorajonu parki, Gubiščes ezera krasts, Stropu mežaparks",
    description=(
        "Septembra nogalē projekta “Darbīgās kopienas” Daugavpils aktīvisti Rudens talkā kopīgiem spēkiem "
        "sakopa Ķīmiķu mikrorajona un Jaunforštadtes mikrorajonu parkus, Gubiščes ezera krastu, Stropu "
        "mežaparku, iestāžu teritorijas un ģimeņu piemājas teritorijas.\n\n"
        "Ievērojot epidemioloģisko situāciju, talka notika atsevišķu iestāžu kolektīvos.\n\n"
        "Visiem dalībniekiem liels paldies!"
    ),
    institutions=("26.PII", "21.PII"),
    institution_names=(INSTITUTIONS[1].full_name, INSTITUTIONS[2].full_name),
    children=332,
    adults=48,
    total=380,
    links=("https://youtu.be/WzLscVGTHj4",),
)
# Seed 004: the Preiļi opening.
PREILI_OPENING = row(
    id="PRE-2020-01",
    title="Preiļu novada Kopienas resursu centra atvēršanas svētki",
    community="PRE",
    community_code="PRE",
    community_name="Preiļi",
    kind=contract.KIND_OPENING,
    start=date(2020, 1, 22),
    end=None,
    place="Preiļu novada Bērnu un jauniešu centrs",
    description=(
        "Preiļu novada Bērnu un jauniešu centra telpās notika novada Kopienas resursu centra atvēršanas svētki. "
        "Ar muzikāliem sveicieniem uzstājās popgrupas “Lāsītes 3” un “Lāsītes 7”."
    ),
    institutions=("PBJC",),
    institution_names=(INSTITUTIONS[3].full_name,),
    coordinator="Anita Džeriņa",
    phone="29164001",
    email="anita.dzerina@example.com",
    children=26,
    adults=19,
    total=45,
)
# Seed 001: the project start, drafted while its term runs.
PROJECT = row(
    id="DGP-2022-01",
    title="Projekta „Šķirosim tīrākai nākotnei!” sākums",
    kind=contract.KIND_PROJECT,
    start=date(2022, 1, 1),
    end=date(2022, 3, 31),
    status="planned",
    place="Ķīmijas apkaime, Daugavpils",
    description=(
        "2022. gada 27. janvārī Daugavpils pilsētas dome atbalstīja Daugavpils pilsētas 26. pirmsskolas izglītības "
        "iestādes dalību projektā “Šķirosim tīrākai nākotnei!”.\n\n"
        "Projekta mērķis ir veidot atkritumu šķirošanas paradumus vietējā apkaimē."
    ),
    institutions=("26.PII", "21.PII"),
    institution_names=(INSTITUTIONS[1].full_name, INSTITUTIONS[2].full_name),
    children=96,
    adults=34,
    total=130,
)

IN_2020 = datetime(2020, 11, 21, 8, 15, tzinfo=UTC)
LATER = datetime(2026, 11, 21, 8, 15, tzinfo=UTC)
DURING_PROJECT = datetime(2022, 2, 15, 8, 0, tzinfo=UTC)


def draft(activity: Activity, made_at: datetime = LATER, lang: str = "lv"):
    return render_draft(activity, PROGRAMME, made_at=made_at, lang=lang)


def paragraphs(d) -> list[str]:
    return [b.text for b in d.blocks if b.kind == "paragraph"]


# --- the language rules, on the seeds' own sentences -------------------------------------------------


def test_the_first_sentence_ends_at_a_sentence_not_at_a_date():
    assert language.first_sentence(CLEAN_UP.description).endswith("ģimeņu piemājas teritorijas.")
    assert language.first_sentence("2022.gada 27.janvārī Daugavpils dome atbalstīja. Tālāk.") == (
        "2022.gada 27.janvārī Daugavpils dome atbalstīja."
    )


@pytest.mark.parametrize(
    ("title", "description", "phrase"),
    [
        ("Rudens talka", "", "rudens talka"),
        ("Puķu stādu audzēšana", "", "puķu stādu audzēšana"),
        ("Ziemas darbnīcas", "", "ziemas darbnīcas"),
        ("Drošība pie ūdens", "… notika āra nodarbība “Drošība pie ūdens”.", "āra nodarbība “Drošība pie ūdens”"),
        ("Āra nodarbība “Drošība pie ūdens”", "", "āra nodarbība “Drošība pie ūdens”"),
        ("Siltums katrai mājai", "", "pasākums “Siltums katrai mājai”"),
        (
            "Ziemassvētku labdarības akcija „Siltums katrai mājai”",
            "",
            "Ziemassvētku labdarības akcija “Siltums katrai mājai”",
        ),
        (
            "Daugavpils Kopienas resursu centra atvēršanas svētki",
            "",
            "Daugavpils Kopienas resursu centra atvēršanas svētki",
        ),
        ("Projekta “Šķirosim tīrākai nākotnei!” sākums", "", "projekta “Šķirosim tīrākai nākotnei!” sākums"),
        ("Ģimenes dienai veltīts koncerts", "", "Ģimenes dienai veltīts koncerts"),
    ],
)
def test_a_title_mid_sentence(title, description, phrase):
    assert language.event_phrase(title, description, ["Daugavpils", "Preiļi"]) == phrase


def test_a_description_that_states_the_event_takes_the_date():
    seed_000 = language.first_sentence(CLEAN_UP.description)
    assert language.states_event(CLEAN_UP.description, "Rudens talka")
    assert language.date_into(seed_000, "no 24. līdz 27. septembrim").startswith(
        "Septembra nogalē no 24. līdz 27. septembrim projekta “Darbīgās kopienas” Daugavpils aktīvisti Rudens talkā"
    )
    seed_004 = "Preiļu novada Bērnu un jauniešu centra telpās notika novada Kopienas resursu centra atvēršanas svētki."
    assert language.states_event(seed_004, PREILI_OPENING.title)
    assert language.date_into(seed_004, "22. janvārī", ["Preiļi"]) == (
        "22. janvārī Preiļu novada Bērnu un jauniešu centra telpās notika novada Kopienas resursu centra atvēršanas svētki."
    )
    assert not language.states_event("Bērni izaudzēja zaļos lociņus.", "Rudens talka")


def test_abbreviations_are_written_out_at_their_first_mention():
    venue, centre = write_out(["BJC “Jaunība” bērnu klubs “Mezgls”", "BJC Jaunība, Smilšu iela 92"], INSTITUTIONS)
    assert venue == "Daugavpils Bērnu un jauniešu centra “Jaunība” bērnu klubs “Mezgls”"
    assert centre == "BJC Jaunība, Smilšu iela 92"  # the reader knows it by then
    assert write_out(["Piedalījās 26.PII bērni."], INSTITUTIONS) == [
        "Piedalījās Daugavpils pilsētas 26. pirmsskolas izglītības iestādes bērni."
    ]


def test_a_projects_term_and_the_progress_figures_in_words():
    assert language.term_phrase(date(2022, 1, 1), date(2022, 3, 31)) == "2022. gada 1. janvāris – 31. marts"
    assert language.term_phrase(date(2022, 1, 1), date(2022, 3, 31), "en") == "1 January – 31 March 2022"
    assert progress_words.year_ordinal(4) == "ceturto" and progress_words.year_ordinal(4, "en") == "fourth"
    assert progress_words.more_than(63) == "vairāk nekā 60" and progress_words.more_than(60) == "60"
    assert progress_words.about(1964) == "ap 2000" and progress_words.about(1964, "en") == "about 2000"
    assert progress_words.small_number(3, "genitive") == "trīs" and progress_words.small_number(2) == "divus"


# --- the examples, corrected ------------------------------------------------------------------


def test_the_preili_lead_says_the_event_once_as_seed_004_does():
    lv = draft(PREILI_OPENING, IN_2020)
    assert paragraphs(lv)[0] == (
        "22. janvārī Preiļu novada Bērnu un jauniešu centra telpās notika novada Kopienas resursu centra "
        "atvēršanas svētki. Ar muzikāliem sveicieniem uzstājās popgrupas “Lāsītes 3” un “Lāsītes 7”."
    )
    assert lv.markdown.count("atvēršanas svētki") == 2  # the headline and the lead, nothing more
    assert "Preiļu kopienas Preiļu" not in lv.markdown
    en = draft(PREILI_OPENING, IN_2020, "en")
    assert en.title == "Preiļi Community Resource Centre opened"
    assert paragraphs(en)[0] == (
        "The Preiļi community of the “Active Communities” (“Darbīgās kopienas”) project opened its Community "
        "Resource Centre on 22 January: “Preiļu novada Kopienas resursu centra atvēršanas svētki”."
    )
    assert "Venue: Preiļi Municipality Children and Youth Centre." in paragraphs(en)


def test_an_opening_says_what_the_centre_is_for_where_and_who_runs_it():
    lv = draft(PREILI_OPENING, IN_2020)
    [centre] = [p for p in paragraphs(lv) if p.startswith("Kopienas resursu centrs atvērts")]
    assert "lai īstenotu projekta “Darbīgās kopienas” galveno ideju – attīstīt izglītības iestāžu" in centre
    assert "Kopienas resursu centrs: Preiļu novada Kopienas resursu centrs." in centre
    assert centre.endswith("Centra darbu vada projekta vietējās kopienas koordinatore Anita Džeriņa.")
    en = draft(PREILI_OPENING, IN_2020, "en")
    assert "Community Resource Centre: Preiļi Municipality Community Resource Centre." in en.markdown
    assert "The centre is run by the project’s local community coordinator, Anita Džeriņa." in en.markdown


def test_the_community_is_named_once():
    opening = row(title="Daugavpils Kopienas resursu centra atvēršanas svētki", start=date(2020, 1, 23), end=None)
    lv = draft(opening, IN_2020)
    assert paragraphs(lv)[0] == (
        "23. janvārī notika projekta “Darbīgās kopienas” Daugavpils Kopienas resursu centra atvēršanas svētki."
    )
    assert lv.title == "Daugavpils Kopienas resursu centra atvēršanas svētki"


def test_a_description_that_opens_with_date_and_event_gets_no_lead():
    water = row(
        title="Drošība pie ūdens",
        start=date(2019, 6, 12),
        end=None,
        description="2019. gada 12. jūnijā Ludzas Lielā ezera krastā notika āra nodarbība “Drošība pie ūdens”.",
    )
    lv = draft(water)
    assert paragraphs(lv)[0] == water.description
    assert "notika projekta" not in lv.markdown
    assert lv.title == "Āra nodarbība “Drošība pie ūdens” Daugavpils darbīgajā kopienā"
    en = draft(water, lang="en")
    assert paragraphs(en)[0].startswith("“Drošība pie ūdens”, an event of the Daugavpils community")


def test_titles_are_kept_as_typed():
    charity = row(title="Ziemassvētku labdarības akcija „Siltums katrai mājai”", description="Tika vāktas dāvanas.")
    lv = draft(charity)
    assert lv.title == "Ziemassvētku labdarības akcija “Siltums katrai mājai” Daugavpils darbīgajā kopienā"
    assert paragraphs(lv)[0] == (
        "No 2020. gada 24. līdz 27. septembrim notika projekta “Darbīgās kopienas” Daugavpils kopienas "
        "Ziemassvētku labdarības akcija “Siltums katrai mājai”."
    )
    assert "‘" not in lv.markdown
    en = draft(charity, lang="en")
    assert en.title == "Ziemassvētku labdarības akcija “Siltums katrai mājai” in the Daugavpils Active Community"
    for title, mid in (("Puķu stādu audzēšana", "puķu stādu audzēšana"), ("Ziemas darbnīcas", "ziemas darbnīcas")):
        assert f"Daugavpils kopienas {mid}." in paragraphs(draft(row(title=title, description="Tā bija.")))[0]


def test_a_running_project_has_begun_and_never_took_place():
    lv = draft(PROJECT, DURING_PROJECT)
    assert lv.title == "Sācies projekts “Šķirosim tīrākai nākotnei!”"
    assert paragraphs(lv)[0] == (
        "Sācies projekts “Šķirosim tīrākai nākotnei!”, ko no 1. janvāra līdz 31. martam īsteno projekta "
        "“Darbīgās kopienas” Daugavpils kopienas dalībnieki."
    )
    assert "Projekta īstenošanas termiņš: 2022. gada 1. janvāris – 31. marts." in paragraphs(lv)
    assert (
        "Projekta īstenošanā iesaistītas Daugavpils pilsētas 26. pirmsskolas izglītības iestāde un Daugavpils "
        "pilsētas 21. pirmsskolas izglītības iestāde." in paragraphs(lv)
    )
    assert "notika" not in lv.markdown and "piedalījās" not in lv.markdown and "130" not in lv.markdown
    en = draft(PROJECT, DURING_PROJECT, "en")
    assert en.title == "Project “Šķirosim tīrākai nākotnei!” has begun in the Daugavpils Active Community"
    assert paragraphs(en)[0] == (
        "The Daugavpils community of the “Active Communities” (“Darbīgās kopienas”) project has started the "
        "project “Šķirosim tīrākai nākotnei!”, which runs from 1 January to 31 March."
    )
    assert "Project term: 1 January – 31 March 2022." in paragraphs(en)
    assert "took place" not in en.markdown


def test_a_project_without_its_aims_is_noted():
    bare = replace(PROJECT, description="Sākas darbs apkaimē.")
    assert "Projekta sākuma relīzē parasti ir projekta mērķis" in draft(bare, DURING_PROJECT).blocks[0].text
    assert "mērķis" not in draft(PROJECT, DURING_PROJECT).blocks[0].text


def test_an_announcement_and_a_cancellation():
    ahead = row(
        kind=contract.KIND_ANNOUNCEMENT,
        status="planned",
        start=date(2027, 4, 24),
        end=None,
        description="Aicinām visus.",
    )
    lv = draft(ahead)
    assert (
        paragraphs(lv)[0]
        == "2027. gada 24. aprīlī notiks projekta “Darbīgās kopienas” Daugavpils kopienas rudens talka."
    )
    assert "Aicināti visi interesenti!" in paragraphs(lv)
    assert "Everyone is welcome to take part!" in paragraphs(draft(ahead, lang="en"))
    off = row(kind=contract.KIND_CANCELLATION, status="cancelled", description="Laika apstākļu dēļ talka nenotiks.")
    lv = draft(off)
    assert lv.title == "Atcelts: Rudens talka Daugavpils darbīgajā kopienā"
    assert paragraphs(lv)[0] == (
        "Atcelts no 2020. gada 24. līdz 27. septembrim paredzētais projekta “Darbīgās kopienas” Daugavpils "
        "kopienas pasākums – rudens talka."
    )
    assert draft(off, lang="en").title == "Cancelled: “Rudens talka” in the Daugavpils Active Community"


def test_abbreviations_in_the_venue_and_the_resource_centre_line():
    d = draft(row(place="BJC “Jaunība” bērnu klubs “Mezgls”", description="Tika sakopts pagalms."))
    assert "Norises vieta: Daugavpils Bērnu un jauniešu centra “Jaunība” bērnu klubs “Mezgls”." in paragraphs(d)
    assert "BJC" not in d.markdown.split("Papildu informācija")[0]
    lines = next(b for b in d.blocks if b.kind == "lines").items
    assert (
        "Kopienas resursu centrs: Daugavpils Kopienas resursu centrs, BJC “Jaunība” bērnu klubs “Mezgls”, Smilšu iela 92"
        in lines
    )
    alone = draft(row(place="", description="Tika sakopts pagalms."))
    lines = next(b for b in alone.blocks if b.kind == "lines").items
    assert (
        "Kopienas resursu centrs: Daugavpils Kopienas resursu centrs, Daugavpils Bērnu un jauniešu centra “Jaunība” "
        "bērnu klubs “Mezgls”, Smilšu iela 92" in lines
    )


def test_english_is_english_wherever_the_tool_writes():
    en = draft(CLEAN_UP, lang="en")
    assert en.title == "“Rudens talka” in the Daugavpils Active Community"
    assert "Many thanks to everyone who took part!" in paragraphs(en) and "paldies" not in en.markdown
    assert "Daugavpils Pre-school No. 26" in en.markdown  # `Nosaukums angliski` of `Iestādes`
    lines = next(b for b in en.blocks if b.kind == "lines").items
    assert (
        "Community resource centre: Daugavpils Community Resource Centre, “Mezgls” children’s club, Smilšu iela 92"
        in lines
    )
    assert en.blocks[0].text.endswith(
        "No translation service is set up, so these parts are still in Latvian and need translating: the title, "
        "the venue, one institution’s name and 2 paragraphs of the description."
    )
    venue = draft(row(place="Smilšu ielā 92", description="Tika sakopts pagalms."), lang="en")
    assert "Venue: Smilšu iela 92." in paragraphs(venue)


def test_the_programme_paragraph_has_the_aim_and_the_address():
    for lang, aim in (
        (
            "lv",
            "Programmas mērķis ir atbalstīt vietējo kopienu izglītības, kultūras, sociālās uzņēmējdarbības aktivitātes",
        ),
        ("en", "The programme aims to support local communities’ educational, cultural and social-entrepreneurship"),
    ):
        text = draft(CLEAN_UP, lang=lang).markdown
        assert aim in text and "www.britishcouncil.lv" in text
    assert "Daugavpils valstspilsētas Izglītības pārvalde" in draft(CLEAN_UP).markdown
    assert "Daugavpils pilsētas Izglītības pārvalde" not in draft(CLEAN_UP).markdown


# --- problems, not skeletons --------------------------------------------------------------------------

HEADERS = contract.ACTIVITIES.headers()


def problems_of(activity: Activity, today: date) -> list[tuple[str, str]]:
    report = validate(replace(PROGRAMME, activities=(activity,)), HEADERS, today)
    return [(p.kind, p.message) for p in report.problems]


def test_held_before_its_end_is_a_problem_on_the_row():
    running = replace(PROJECT, status="held")
    assert problems_of(running, date(2022, 2, 15)) == [
        (
            "held_before_end",
            "Statuss: “Notikusi”, bet beigas 31.03.2022. vēl nav pienākušas; kamēr aktivitāte turpinās, "
            "izvēlieties “Plānota” vai izlabojiet “Beigas”.",
        )
    ]
    assert problems_of(running, date(2022, 4, 1)) == []


def test_a_press_row_without_a_description_is_a_problem_on_the_row():
    assert problems_of(row(description=""), date(2026, 11, 21)) == [
        (
            "press_without_description",
            "Apraksts: relīzei vajag aprakstu – ierakstiet dažus teikumus par to, kas notika (vai notiks), "
            "vai “Relīze” izvēlieties “Nē”.",
        )
    ]
    assert problems_of(row(description="", press_release=False), date(2026, 11, 21)) == []


# --- the programme's progress release -------------------------------------------------------------------


def test_the_progress_release_from_the_programmes_figures():
    held = [
        row(id=f"DGP-{2019 + i}-01", start=date(2019 + i, 5, 1), end=None, children=400, adults=91, institutions=(),
            institution_names=tuple(f"Iestāde {i}-{k}" for k in range(26)))
        for i in range(3)
    ] + [
        row(id="PRE-2021-01", community="PRE", community_code="PRE", community_name="Preiļi", start=date(2021, 3, 1),
            end=None, children=400, adults=91, institution_names=("Preiļu iestāde",))
    ] + [row(id=f"DGP-2020-{k:02}", start=date(2020, 1 + k // 28, 1 + k % 28), end=None, children=0, adults=0) for k in range(1, 60)]  # fmt: skip
    facts = progress_facts(held, PROGRAMME.communities, year=2022, today=date(2022, 6, 1))
    assert (facts.year_number, facts.activities, facts.participants, facts.institutions) == (4, 63, 1964, 79)
    lv = render_programme_draft(facts, made_at=datetime(2022, 6, 1, 8, tzinfo=UTC))
    assert lv.title == "Turpinot iniciatīvu “Darbīgās kopienas” Latgalē, jau ceturto gadu stiprinās vietējās kopienas"
    lead = paragraphs(lv)[0]
    assert lead.endswith(
        "Aizvadīto trīs gadu laikā Daugavpils un Preiļu kopienās ir izveidoti 2 kopienu resursu centri, kuros "
        "organizētas vairāk nekā 60 dažādas aktivitātes, iesaistot ap 2000 Latgales iedzīvotāju."
    )
    assert "plānots izveidot vēl vienu jaunu kopienu resursu centru Krāslavas kopienā." in paragraphs(lv)[1]
    assert "“[[Izglītības iniciatīvu centra direktores citāts par iniciatīvas gaitu]],” stāsta" in lv.markdown
    assert "www.britishcouncil.lv" in lv.markdown
    en = render_programme_draft(facts, made_at=datetime(2022, 6, 1, 8, tzinfo=UTC), lang="en")
    assert en.title == "“Active Communities” in Latgale strengthen local communities for the fourth year"
    assert (
        "Over the past three years, 2 community resource centres have been set up in the Daugavpils and Preiļi "
        "communities, organising more than 60 different activities and involving about 2000 people of Latgale."
    ) in paragraphs(en)[0]
