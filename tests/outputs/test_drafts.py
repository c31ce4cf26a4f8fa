from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from kopienas.app.drafts.making import write_draft
from kopienas.core.models import Activity, Community
from kopienas.outputs.drafts import TemplateError, content_hash
from kopienas.outputs.drafts.markdown import escape_markdown
from kopienas.outputs.drafts.render import link_kind
from tests.support.drafts import (
    CLEAN_UP_INSTITUTIONS,
    DAUGAVPILS,
    TEMPLATES,
    clean_up,
    draft_of,
)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def rendered_markdown(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").render(text)


# --- the autumn clean-up: every fact of the published article ----------------------------------

SEED_FACTS = [
    "Rudens talka",
    "Daugavpils",
    "24. līdz 27. septembrim",
    *CLEAN_UP_INSTITUTIONS,
    "380 cilvēki",
    "bērni un jaunieši – 332",
    "pieaugušie – 48",
    "Gubiščes ezera krast",
    "Stropu mežaparku",
    "LIELS PALDIES!",
    "Izglītības iniciatīvu centrs",
    "British Council pārstāvniecību Latvijā",
    "Daugavpils valstspilsētas Izglītības pārvalde",
    "Projekta “Darbīgās kopienas” galvenā ideja ir attīstīt izglītības iestāžu un vietējās kopienas",
    "Kristīne Liepiņa",
    "iic.kristine@gmail.com",
    "http://iic.lv/projekti/darbigas-kopienas/",
    "https://www.facebook.com/Izglitibasiniciativucentrs",
    "https://www.facebook.com/BritishCouncilLatvia/",
    "Arvita Jukša",
    "+371 26 825 598",
    "arvita.juksa@inbox.lv",
    "https://youtu.be/WzLscVGTHj4",
    "#DarbīgāsKopienas",
    "#PeopleToPeople",
]


def test_latvian_draft_carries_every_fact_of_the_article(tmp_path):
    draft = draft_of()
    paths = write_draft(draft, tmp_path)
    word = docx_text(tmp_path / "draft.docx")
    for fact in SEED_FACTS:
        assert fact in draft.markdown, fact
        assert fact in draft.html, fact
        assert fact in word, fact
    assert [p.name for p in paths] == ["draft.md", "draft.html", "draft.docx"]


def test_draft_structure_headline_lead_and_note():
    draft = draft_of()
    assert draft.title == "Rudens talka Daugavpils darbīgajā kopienā"
    assert draft.activity_id == "DGP-2020-07"
    lines = draft.markdown.splitlines()
    assert lines[0] == (
        "> Melnraksts no lapas “Aktivitātes” 5. rindas (ID DGP-2020-07), koordinatore Arvita Jukša, "
        "sagatavots 2026. gada 21. novembrī plkst. 10.15 (Rīgas laiks). Pirms publicēšanas pārlasiet."
    )
    assert "# Rudens talka Daugavpils darbīgajā kopienā" in lines
    # The description's first sentence states the event: the date goes into it (after its rough
    # "Septembra nogalē"), and the event is said once, without crediting anyone with organising it.
    [lead] = [line for line in lines if line.startswith("Septembra nogalē")]
    assert lead.startswith(
        "Septembra nogalē no 2020. gada 24. līdz 27. septembrim aktīvisti Rudens talkā kopīgiem spēkiem sakopa"
    )
    assert "notika projekta" not in draft.markdown
    assert "aktivitāt" not in lead and "rīkoja" not in draft.markdown
    # The description names every place, so there is no "Norises vieta" line.
    assert "Norises vieta" not in draft.markdown
    assert "Kopā piedalījās 380 cilvēki: bērni un jaunieši – 332, pieaugušie – 48." in lines
    assert "Pasākumā piedalījās 11 iestādes:" in lines
    # Figures and institutions come before the description's closing thanks.
    order = [
        lines.index(x)
        for x in (
            "Kopā piedalījās 380 cilvēki: bērni un jaunieši – 332, pieaugušie – 48.",
            "- Daugavpils 11. pamatskola",
            "Visiem mūsu iestādes dalībniekiem LIELS PALDIES!",
        )
    ]
    assert order == sorted(order)
    assert "- Daugavpils 11. pamatskola" in lines
    assert "Saite uz video: <https://youtu.be/WzLscVGTHj4>" in lines
    assert "#DarbīgāsKopienas #PeopleToPeople" in lines
    # Description paragraphs stay paragraphs.
    assert sum(1 for b in draft.blocks if b.kind == "paragraph" and "talk" in b.text) >= 2


def test_this_years_activity_has_no_year_in_the_lead():
    draft = draft_of(clean_up(description="Tika sakopti parki."), made_at=datetime(2020, 9, 28, 9, 0, tzinfo=UTC))
    assert "No 24. līdz 27. septembrim notika projekta “Darbīgās kopienas” Daugavpils kopienas rudens talka." in (
        draft.markdown
    )


def test_made_at_is_shown_in_riga_time_and_must_be_aware():
    summer = draft_of(made_at=datetime(2026, 7, 1, 21, 30, tzinfo=UTC))  # EEST, UTC+3
    assert "sagatavots 2026. gada 2. jūlijā plkst. 0.30 (Rīgas laiks)." in summer.markdown
    with pytest.raises(ValueError):
        draft_of(made_at=datetime(2026, 11, 21, 10, 15))


def test_planned_activity_speaks_of_the_future():
    draft = draft_of(clean_up(status="planned", start=date(2027, 5, 3), end=None, description="Tiks sakopti parki."))
    lead = "2027. gada 3. maijā notiks projekta “Darbīgās kopienas” Daugavpils kopienas rudens talka."
    assert lead in [b.text for b in draft.blocks]
    # At the start of a line "2027." would begin a numbered list in Markdown.
    assert "\n2027\\. gada 3. maijā notiks" in draft.markdown
    assert lead in draft.html
    assert "Plānots, ka piedalīsies 380 cilvēki: bērni un jaunieši – 332, pieaugušie – 48." in draft.markdown
    assert "Pasākumā piedalīsies 11 iestādes:" in draft.markdown
    assert "piedalījās" not in draft.markdown


def test_cancelled_activity_says_so_and_counts_nobody():
    draft = draft_of(clean_up(status="cancelled"))
    assert (
        "Atcelts no 2020. gada 24. līdz 27. septembrim paredzētais projekta “Darbīgās kopienas” Daugavpils "
        "kopienas pasākums – rudens talka." in draft.markdown
    )
    assert "piedal" not in draft.markdown.replace("iesaistīties", "")


def test_few_institutions_and_one_group_read_as_sentences():
    activity = clean_up(institution_names=CLEAN_UP_INSTITUTIONS[:2], children=21, adults=None, total=None)
    draft = draft_of(activity)
    assert "Pasākumā piedalījās Daugavpils 11. pamatskola un Daugavpils 13. vidusskola." in draft.markdown
    # Not "21 bērns un jaunietis" (21 children and one young person): the group is named after the count.
    assert "Piedalījās 21 cilvēks, visi bērni un jaunieši." in draft.markdown
    assert "Kopā" not in draft.markdown
    assert not any(b.kind == "list" for b in draft.blocks)


def test_title_that_names_the_place_is_not_repeated():
    draft = draft_of(clean_up(title="Rudens talka Daugavpilī"))
    assert draft.title == "Rudens talka Daugavpilī"


def test_missing_optional_fields_leave_their_sentences_out():
    bare = Activity(
        row=9,
        id="PRE-2021-01",
        title="Tikšanās",
        community="PRE",
        start=date(2021, 3, 4),
        end=None,
        status="held",
        community_code="PRE",
        community_name="Preiļi",
    )
    preili = Community(code="PRE", name="Preiļi")
    draft = draft_of(bare, community=preili)
    for text in (draft.markdown, draft.html):
        assert "None" not in text
        assert "[]" not in text
        assert "()" not in text
        for absent in (
            "Norises vieta",
            "piedalījās",
            "Kopā",
            "Saite",
            "Tālr.",
            "E-pasts",
            "resursu centrs",
            "koordinator",
        ):
            assert absent not in text, absent
    assert "2021. gada 4. martā notika projekta “Darbīgās kopienas” Preiļu kopienas tikšanās." in draft.html
    assert "\n\n\n" not in draft.markdown
    assert not re.search(r":\s*$", draft.markdown, re.MULTILINE)  # no label left without its value
    assert "<p></p>" not in draft.html and "<ul>\n</ul>" not in draft.html
    assert all(not b.is_empty for b in draft.blocks)


def test_row_without_coordinator_uses_the_communitys():
    draft = draft_of(clean_up(coordinator="", phone="", email=""))
    assert "Arvita Jukša  \nE-pasts: arvita.juksa@inbox.lv" in draft.markdown
    assert "Tālr." not in draft.markdown


def test_men_are_coordinators_and_women_coordinatores():
    draft = draft_of(clean_up(coordinator="Jānis Bērziņš"))
    assert "koordinators Jānis Bērziņš" in draft.markdown
    assert "vietējās kopienas koordinatora:" in draft.markdown


# --- hostile text stays text --------------------------------------------------------------------

HOSTILE_DESCRIPTION = """\
Rezultāts: {{ 7*7 }} un {% raw %}
<script>alert(1)</script>
# nav virsraksts
- nav saraksts
> nav citāts
1. nav numurēts
[klikšķini](javascript:alert(2))
---"""


def hostile() -> Activity:
    return clean_up(
        title="{{ 7*7 }} <b>talka</b>",
        description=HOSTILE_DESCRIPTION,
        place="{{ config }}",
        links=("javascript:alert(1)", "https://youtu.be/WzLscVGTHj4"),
    )


def test_hostile_text_is_literal_in_markdown():
    draft = draft_of(hostile())
    md = draft.markdown
    assert "{{ 7*7 }}" in md and "{% raw %}" in md and "{{ config }}" in md
    assert "49" not in md
    assert "Saite: javascript:alert(1)" in md
    # Markdown-significant starts of lines are escaped, and so is raw HTML.
    assert "\\# nav virsraksts" in md
    assert "\\- nav saraksts" in md
    assert "\\> nav citāts" in md
    assert "1\\. nav numurēts" in md
    assert "\\<script>alert(1)\\</script>" in md
    assert not re.search(r"(?<!\\)<script", md)


def test_hostile_markdown_renders_as_the_text_typed():
    html = rendered_markdown(draft_of(hostile()).markdown)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # only as text, never in an attribute
    assert html.count("<h1>") == 1
    assert html.count("<blockquote>") == 1  # the note for the press office
    assert "<hr" not in html
    assert "<ol" not in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html
    assert "# nav virsraksts" in html and "- nav saraksts" in html and "1. nav numurēts" in html


def test_hostile_text_is_escaped_in_html_and_word(tmp_path):
    draft = draft_of(hostile())
    html = draft.html
    assert "<script>alert" not in html and "<b>talka</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }} &lt;b&gt;talka&lt;/b&gt;" in html
    assert 'href="javascript' not in html
    assert "javascript:alert(1)" in html
    assert '<a href="https://youtu.be/WzLscVGTHj4">' in html
    write_draft(draft, tmp_path)
    word = docx_text(tmp_path / "draft.docx")
    assert "{{ 7*7 }} <b>talka</b>" in word and "<script>alert(1)</script>" in word


def test_control_characters_do_not_break_the_word_file(tmp_path):
    draft = draft_of(clean_up(description="Teksts\x0bar\x07vadības zīmēm"))
    write_draft(draft, tmp_path)
    assert "Tekstsarvadības zīmēm" in docx_text(tmp_path / "draft.docx")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("#DarbīgāsKopienas", "#DarbīgāsKopienas"),
        ("# virsraksts", "\\# virsraksts"),
        ("###", "\\###"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("* punkts", "\\* punkts"),
        ("2020. gada 5. maijā", "2020\\. gada 5. maijā"),
        ("3) punkts", "3\\) punkts"),
        ("```", "\\```"),
        ("    kods", "kods"),
        ("a <b> c", "a \\<b> c"),
        ("a < b", "a < b"),
        ("&lt;", "\\&lt;"),
        ("[a](b)", "[a\\](b)"),
        ("7*7 un _x_", "7*7 un _x_"),
        ("C:\\mape", "C:\\mape"),
        ("\\*", "\\\\*"),
    ],
)
def test_markdown_escaping(text, escaped):
    assert escape_markdown(text) == escaped


# --- templates ----------------------------------------------------------------------------------


@pytest.fixture
def templates_copy(tmp_path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_sentence_is_changed_by_editing_the_template(templates_copy):
    edit(templates_copy / "lv" / "text.j2", "Norises vieta:", "Vieta:")
    draft = draft_of(clean_up(place="Smilšu iela 92"), templates_dir=templates_copy)
    assert "Vieta: Smilšu iela 92." in draft.markdown
    assert "Norises vieta" not in draft.markdown


def test_a_misspelt_name_in_the_wording_stops_the_draft(templates_copy):
    edit(
        templates_copy / "lv" / "text.j2",
        "Norises vieta: {{ place }}",
        "Norises vieta: {{ plase }}",
    )
    with pytest.raises(TemplateError) as raised:
        draft_of(clean_up(place="Smilšu iela 92"), templates_dir=templates_copy)
    message = str(raised.value)
    assert "plase" in message and "text.j2" in message and "line" in message


def test_a_misspelt_name_in_the_layout_stops_the_draft(templates_copy):
    edit(templates_copy / "draft.md.j2", "# {{ block.text }}", "# {{ block.txt }}")
    with pytest.raises(TemplateError, match=r"draft\.md\.j2"):
        draft_of(templates_dir=templates_copy)


def test_a_removed_block_is_named(templates_copy):
    edit(templates_copy / "lv" / "text.j2", "{% set hashtags %}", "{% set tags %}")
    with pytest.raises(TemplateError, match="hashtags"):
        draft_of(templates_dir=templates_copy)


def test_templates_cannot_reach_python_internals(templates_copy):
    edit(templates_copy / "lv" / "text.j2", "Papildu informācija", "{{ title.__class__.__mro__ }}")
    with pytest.raises(TemplateError):
        draft_of(templates_dir=templates_copy)


# --- files --------------------------------------------------------------------------------------


def test_files_are_written_whole_and_replace_old_ones(tmp_path):
    folder = tmp_path / "DGP-2020-07"
    write_draft(draft_of(), folder)
    (folder / "draft.md").write_text("vecs", encoding="utf-8")
    paths = write_draft(draft_of(), folder)
    assert sorted(p.name for p in folder.iterdir()) == ["draft.docx", "draft.html", "draft.md"]
    assert all(p.stat().st_size > 0 for p in paths)
    assert (folder / "draft.md").read_text(encoding="utf-8").startswith("> Melnraksts")
    page = (folder / "draft.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert '<html lang="lv">' in page and '<meta charset="utf-8">' in page and "<style>" in page


def test_word_document_has_headline_list_links_and_latvian_language(tmp_path):
    write_draft(draft_of(), tmp_path)
    document = docx.Document(str(tmp_path / "draft.docx"))
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Rudens talka Daugavpils darbīgajā kopienā"
    ]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["Papildu informācija"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == list(CLEAN_UP_INSTITUTIONS)
    normal_lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal_lang.get(qn("w:val")) == "lv-LV"
    assert document.core_properties.language == "lv-LV"
    assert document.core_properties.title == "Rudens talka Daugavpils darbīgajā kopienā"
    targets = {r.target_ref for r in document.part.rels.values() if r.is_external}
    assert "https://youtu.be/WzLscVGTHj4" in targets
    assert "Tālr.: +371 26 825 598" in docx_text(tmp_path / "draft.docx")


# --- English ------------------------------------------------------------------------------------


def test_english_draft_has_the_same_facts_in_english(tmp_path):
    draft = draft_of(lang="en")
    md = draft.markdown
    assert draft.lang == "en"
    assert (
        "“Rudens talka”, an event of the Daugavpils community of the “Active Communities” (“Darbīgās kopienas”) "
        "project, took place from 24 to 27 September 2020."
    ) in md
    assert "In total, 380 people took part: 332 children and young people and 48 adults." in md
    assert "Eleven institutions took part:" in md
    for name in CLEAN_UP_INSTITUTIONS:
        assert name in md
    for fact in (
        "British Council",
        "Izglītības iniciatīvu centrs",
        "+371 26 825 598",
        "arvita.juksa@inbox.lv",
        "https://youtu.be/WzLscVGTHj4",
        "#DarbīgāsKopienas #PeopleToPeople",
        "made on 21 November 2026 at 10:15 (Riga time)",
    ):
        assert fact in md, fact
    assert '<html lang="en">' in draft.html
    write_draft(draft, tmp_path)
    assert docx.Document(str(tmp_path / "draft.docx")).core_properties.language == "en-GB"


# --- content hash ---------------------------------------------------------------------------------


def test_content_hash_is_stable_and_follows_the_content():
    first = content_hash(clean_up())
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert content_hash(clean_up()) == first
    assert content_hash(clean_up(row=12, press_release=False)) == first  # where the row is, not what it says
    assert content_hash(clean_up(title="Pavasara talka")) != first
    assert content_hash(clean_up(adults=49, total=381)) != first
    assert content_hash(clean_up(links=())) != first
    assert content_hash(clean_up(), DAUGAVPILS) != first
    assert content_hash(clean_up(), replace(DAUGAVPILS, resource_centre="Cits")) != content_hash(clean_up(), DAUGAVPILS)


def test_link_kinds():
    assert link_kind("https://youtu.be/WzLscVGTHj4") == "video"
    assert link_kind("https://www.youtube.com/watch?v=x") == "video"
    assert link_kind("https://www.flickr.com/photos/x") == "photos"
    assert link_kind("https://www.facebook.com/x") == "other"
    assert link_kind("javascript:alert(1)") == "other"
