"""A press-release draft for one activity row: its wording from templates, as blocks, Markdown and HTML.

Pure: no files are written here (see `files.py`). The words of every sentence live in
`templates/drafts/<lang>/text.j2`, the page layouts in `draft.md.j2` and `draft.html.j2`, so the
press office can change a sentence without touching Python. What the templates get is made in
`context.py`.

Spreadsheet text is data, never template code: it is passed to the templates as values, so
`{{ 7*7 }}` in a cell stays `{{ 7*7 }}`. The templates run in Jinja's sandbox with
StrictUndefined, so a misspelt name stops the draft instead of printing an empty gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2.sandbox import SandboxedEnvironment

from kopienas.config import PACKAGED_TEMPLATES
from kopienas.core import language
from kopienas.core.models import Activity, Programme
from kopienas.core.words import drafts as said
from kopienas.outputs.drafts.context import (
    DEFAULT_ZONE,
    Translate,
    is_web_address,
    one_line,
    template_context,
)
from kopienas.outputs.drafts.english import looks_latvian
from kopienas.outputs.templating import TemplateError, describe, environment

BLOCK_KINDS = ("note", "heading", "subheading", "paragraph", "list", "lines", "links")

__all__ = [
    "BLOCK_KINDS", "DEFAULT_ZONE", "Block", "Draft", "Link", "TemplateError",
    "is_web_address", "link_kind", "render_draft", "template_context",
]  # fmt: skip


@dataclass(frozen=True)
class Link:
    label: str  # "Saite uz video"; empty for a bare address
    url: str
    clickable: bool  # only http(s) addresses become links


@dataclass(frozen=True)
class Block:
    """One piece of the draft, in reading order; every output format is built from these."""

    kind: str  # one of BLOCK_KINDS
    text: str = ""  # note, heading, subheading, paragraph (a paragraph may hold line breaks)
    items: tuple[str, ...] = ()  # list items, or the lines of a "lines" block (contacts)
    links: tuple[Link, ...] = ()
    lang: str = ""  # "" = the draft's language; "lv" for a Latvian paragraph in an English draft

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.items or self.links)


@dataclass(frozen=True)
class Draft:
    activity_id: str
    title: str  # the headline
    lang: str
    blocks: tuple[Block, ...]
    markdown: str
    html: str
    made_at: datetime
    author: str = said.DOCUMENT_AUTHOR  # for the document's properties


_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")
_PHOTO_HOSTS = ("flickr.com", "photos.google.com", "photos.app.goo.gl", "ej.uz", "failiem.lv")


def link_kind(url: str) -> str:
    """ "video", "photos" or "other" — the template chooses the words for each."""
    host = (urlsplit(url).hostname or "") if is_web_address(url) else ""
    if any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS):
        return "video"
    if any(host == h or host.endswith("." + h) for h in _PHOTO_HOSTS):
        return "photos"
    return "other"


# --- template errors ----------------------------------------------------------------------------


@contextmanager
def template_errors(env: SandboxedEnvironment) -> Iterator[None]:
    """Any failure inside a template becomes a TemplateError naming the file and line."""
    try:
        try:
            yield
        except Exception:
            # Rewrites the traceback so that it points at template lines, not generated code.
            env.handle_exception()
    except TemplateError:
        raise
    except Exception as e:
        raise TemplateError(describe(e, ", ".join(getattr(env.loader, "searchpath", [])))) from e


# --- building the draft -------------------------------------------------------------------------


class Wording:
    """The named blocks of `<lang>/text.j2`, read with clear errors when one is missing."""

    def __init__(self, module: Any, template_name: str, lang: str):
        self.module, self.template_name, self.lang = module, template_name, lang

    def value(self, name: str) -> Any:
        try:
            return getattr(self.module, name)
        except AttributeError:
            raise TemplateError(f"{self.template_name}: missing `{{% set {name} %}}` — every draft needs it") from None

    def optional(self, name: str, default: Any = "") -> Any:
        return getattr(self.module, name, default)

    def sentence(self, name: str, *, required: bool = True) -> str:
        # Line breaks and indentation inside a template block are layout only.
        raw = self.value(name) if required else self.optional(name)
        text = re.sub(r"[ \t\r\n]+", " ", str(raw)).strip()
        return language.sentence_start(text, self.lang) if text else ""

    def lines(self, name: str) -> tuple[str, ...]:
        lines = (re.sub(r"[ \t]+", " ", line).strip() for line in str(self.value(name)).split("\n"))
        return tuple(line for line in lines if line)


def _activity_links(activity: Activity, labels: dict[str, str]) -> tuple[Link, ...]:
    links = []
    for raw in activity.links:
        url = one_line(raw)
        if url:
            label = labels.get(link_kind(url)) or labels.get("other", "")
            links.append(Link(str(label), url, is_web_address(url)))
    return tuple(links)


def _cell_paragraph(text: str, lang: str, translated: bool = False) -> Block:
    # In an English draft, a Latvian paragraph is marked so (and the note asks for a translation).
    latvian = lang != "lv" and not translated and looks_latvian(text)
    return Block("paragraph", text, lang="lv" if latvian else "")


def _blocks(wording: Wording, context: dict[str, Any], activity: Activity) -> tuple[Block, ...]:
    w, lang = wording.sentence, context["lang"]
    institutions_sentence = w("institutions_sentence")
    list_institutions = bool(wording.value("institutions_as_list")) and institutions_sentence
    programme_links = tuple(
        Link("", url, is_web_address(url)) for url in (str(u) for u in wording.value("programme_links"))
    )
    translated = bool(context["translated_by"])
    description = [_cell_paragraph(p, lang, translated) for p in context["paragraphs"]]
    lead = Block("paragraph", w("lead"))
    if context["lead_mode"] == "dropped":
        lead = Block("paragraph")
    elif context["lead_mode"] == "joined" and description:
        # The coordinator's first sentence states the event: the date goes into it, said once.
        lead, description[0] = Block("paragraph"), Block("paragraph", context["opening"])
    blocks = [
        Block("note", w("note")),
        Block("heading", w("headline")),
        lead,
        Block("paragraph", w("place_sentence")),
        *description,
        Block("paragraph", w("kind_paragraph", required=False)),
        Block("paragraph", w("participants_sentence")),
        Block("paragraph", institutions_sentence),
        Block("list", items=tuple(context["institutions"]) if list_institutions else ()),
        *(_cell_paragraph(p, lang) for p in context["closing"]),
        Block("paragraph", w("thanks_sentence", required=False)),
        Block("links", links=_activity_links(activity, dict(wording.value("link_labels")))),
        Block("paragraph", w("programme_paragraph")),
        Block("subheading", w("contacts_heading")),
        Block("paragraph", w("contact_intro")),
        Block("lines", items=wording.lines("contact_lines")),
        Block("paragraph", w("programme_contact")),
        Block("links", links=programme_links),
        Block("paragraph", w("hashtags")),
    ]
    return tuple(b for b in blocks if not b.is_empty)


def render_draft(
    activity: Activity,
    programme: Programme,
    *,
    made_at: datetime,
    lang: str = "lv",
    templates_dir: Path = PACKAGED_TEMPLATES / "drafts",
    zone: str = DEFAULT_ZONE,
    translate: Translate | None = None,
) -> Draft:
    """The draft for one valid activity row. `made_at` must be time-zone aware; it is shown in `zone`.
    `translate` turns the coordinator's Latvian text into English for an English draft; without it
    that text stays Latvian and the draft's note lists which parts."""
    if lang not in language.LANGUAGES:
        raise ValueError(f"no draft wording for language {lang!r}")
    wording_env = environment(templates_dir, "wording")
    context = template_context(activity, programme, made_at=made_at, lang=lang, zone=zone, translate=translate)

    text_template_name = f"{lang}/text.j2"
    with template_errors(wording_env):
        module = wording_env.get_template(text_template_name).make_module(context)
    wording = Wording(module, text_template_name, lang)
    blocks = _blocks(wording, context, activity)
    title = next((b.text for b in blocks if b.kind == "heading"), context["title"])

    layout = {"blocks": blocks, "lang": lang, "title": title}
    markdown_env, html_env = environment(templates_dir, "markdown"), environment(templates_dir, "html")
    with template_errors(markdown_env):
        markdown = markdown_env.get_template("draft.md.j2").render(layout)
    with template_errors(html_env):
        html = html_env.get_template("draft.html.j2").render(layout)
    return Draft(
        activity_id=context["activity_id"],
        title=title,
        lang=lang,
        blocks=blocks,
        markdown=markdown.strip() + "\n",
        html=html,
        made_at=made_at,
        author=wording.sentence("document_author", required=False) or said.DOCUMENT_AUTHOR,
    )
