"""The programme's progress release (the seed-003 kind of article) from its figures, in the same
three formats as a row's draft. Its words are in `templates/drafts/<lang>/programme.j2`; the quotes
of the programme's leaders are marked slots the press office fills in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kopienas.config import PACKAGED_TEMPLATES
from kopienas.core import language
from kopienas.core.progress import ProgressFacts
from kopienas.core.words import progress as words
from kopienas.outputs.drafts.render import (
    DEFAULT_ZONE,
    Block,
    Draft,
    Link,
    Wording,
    is_web_address,
    template_errors,
)
from kopienas.outputs.templating import environment


def programme_context(facts: ProgressFacts, *, made_at: datetime, lang: str, zone: str) -> dict[str, Any]:
    made = made_at.astimezone(ZoneInfo(zone))
    genitives = [language.place_genitive(p) if lang == "lv" else language.english_place(p) for p in facts.places]
    planned = [language.place_genitive(p) if lang == "lv" else language.english_place(p) for p in facts.planned_centres]
    return {
        "lang": lang,
        "year": facts.year,
        "first_year": facts.first_year,
        "year_ordinal": words.year_ordinal(facts.year_number, lang),
        "years_behind": facts.years_behind,
        "years_behind_words": words.small_number(facts.years_behind, "genitive", lang),
        "centres": len(facts.centres),
        "activities": facts.activities,
        "activities_phrase": words.more_than(facts.activities, lang),
        "activities_shown": words.floor_shown(facts.activities),
        "people": facts.participants,
        "people_phrase": words.about(facts.participants, lang),
        "institutions": facts.institutions,
        "institutions_phrase": words.more_than(facts.institutions, lang),
        "institutions_shown": words.floor_shown(facts.institutions),
        "places": language.join_list(genitives, lang),
        "place_count": len(genitives),
        "planned_centres": len(planned),
        "planned_words": words.small_number(len(planned), "accusative", lang),
        "planned_places": language.join_list(planned, lang),
        "made_at": language.moment_phrase(made, lang),
        "zone": language.zone_label(zone, lang),
    }


def render_programme_draft(
    facts: ProgressFacts,
    *,
    made_at: datetime,
    lang: str = "lv",
    templates_dir: Path = PACKAGED_TEMPLATES / "drafts",
    zone: str = DEFAULT_ZONE,
) -> Draft:
    """The progress release for `facts.year`, as blocks, Markdown and HTML (and .docx via draft_files)."""
    context = programme_context(facts, made_at=made_at, lang=lang, zone=zone)
    wording_env = environment(templates_dir, "wording")
    name = f"{lang}/programme.j2"
    with template_errors(wording_env):
        module = wording_env.get_template(name).make_module(context)
    wording = Wording(module, name, lang)
    w = wording.sentence
    links = tuple(Link("", str(u), is_web_address(str(u))) for u in wording.value("programme_links"))
    blocks = [
        Block("note", w("note")),
        Block("heading", w("headline")),
        Block("paragraph", w("lead")),
        Block("paragraph", w("plans_paragraph")),
        Block("paragraph", w("quote_slot_iic")),
        Block("paragraph", w("quote_slot_bc")),
        Block("paragraph", w("history_paragraph")),
        Block("paragraph", w("programme_paragraph")),
        Block("subheading", w("contacts_heading")),
        Block("lines", items=wording.lines("contact_lines")),
        Block("links", links=links),
        Block("paragraph", w("hashtags")),
    ]
    blocks = [b for b in blocks if not b.is_empty]
    title = next(b.text for b in blocks if b.kind == "heading")
    layout = {"blocks": blocks, "lang": lang, "title": title}
    markdown_env, html_env = environment(templates_dir, "markdown"), environment(templates_dir, "html")
    with template_errors(markdown_env):
        markdown = markdown_env.get_template("draft.md.j2").render(layout)
    with template_errors(html_env):
        html = html_env.get_template("draft.html.j2").render(layout)
    return Draft(
        activity_id=f"programme-{facts.year}",
        title=title,
        lang=lang,
        blocks=tuple(blocks),
        markdown=markdown.strip() + "\n",
        html=html,
        made_at=made_at,
        author=wording.sentence("document_author", required=False) or language.PROGRAMME_NAME["lv"],
    )
