"""A press-release draft for one activity row: its wording from templates, as blocks, Markdown and HTML.

Pure: no files are written here (see `files.py`). The words of every sentence live in
`templates/drafts/<lang>/text.j2`, the page layouts in `draft.md.j2` and `draft.html.j2`, so the
press office can change a sentence without touching Python.

Spreadsheet text is data, never template code: it is passed to the templates as values, so
`{{ 7*7 }}` in a cell stays `{{ 7*7 }}`. The templates run in Jinja's sandbox with
StrictUndefined, so a misspelt name stops the draft instead of printing an empty gap.
"""

from __future__ import annotations

import re
import traceback
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, pass_context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from kopienas.core import contract, language
from kopienas.core.models import Activity, Community, Programme
from kopienas.outputs.drafts.markdown import MarkdownText, autolink, escape_markdown

DEFAULT_TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "drafts"
DEFAULT_ZONE = "Europe/Riga"

BLOCK_KINDS = ("note", "heading", "subheading", "paragraph", "list", "lines", "links")


class DraftTemplateError(Exception):
    """A draft template cannot be used; str() names the template file and line."""


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


# --- cell text --------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    # Control characters are invisible in the sheet and not allowed in a .docx.
    return _CONTROL.sub("", unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n"))


def _one_line(text: str) -> str:
    """Cell text for inside a sentence: one line, single spaces."""
    return " ".join(_clean(text).split())


def _paragraphs(text: str) -> list[str]:
    """A description cell: blank lines separate paragraphs; single line breaks are kept."""
    paragraphs = []
    for chunk in re.split(r"\n[ \t]*\n", _clean(text)):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _without_final_stop(text: str) -> str:
    # The template adds its own full stop after the place.
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s<>\"]", url)


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


# --- what the templates get -------------------------------------------------------------------


def _tense(activity: Activity, today: date) -> str:
    """ "past", "future" or "cancelled"; without a status the dates decide."""
    if activity.status == contract.STATUS_CANCELLED:
        return "cancelled"
    if activity.status == contract.STATUS_HELD:
        return "past"
    if activity.status == contract.STATUS_PLANNED:
        return "future"
    last_day = activity.last_day
    return "past" if last_day is not None and last_day < today else "future"


def _mentions(title: str, place: str) -> bool:
    """Whether the title already names the place ("Talka Daugavpilī" names "Daugavpils")."""
    words = place.split()
    if not words or len(words[0]) < 4:
        return False
    stem = words[0][: max(4, len(words[0]) - 2)].casefold()
    return stem in title.casefold()


def _contact(activity: Activity, community: Community | None) -> tuple[str, str, str]:
    """Who to ask: the row's coordinator; the community's when the row names nobody."""
    name = _one_line(activity.coordinator)
    phone, email = _one_line(activity.phone), _one_line(activity.email)
    if community and (not name or name.casefold() == community.coordinator.strip().casefold()):
        name = name or _one_line(community.coordinator)
        email = email or _one_line(community.email)
    return name, (language.format_phone(phone) if phone else ""), email


def _people(activity: Activity, lang: str) -> tuple[str, list[str]]:
    groups = [
        language.count_phrase(n, noun, lang)
        for n, noun in ((activity.children, "bērni un jaunieši"), (activity.adults, "pieaugušie"))
        if n
    ]
    known = activity.children is not None or activity.adults is not None
    total = activity.total if activity.total is not None else (activity.participants if known else 0)
    return (language.count_phrase(total, "cilvēks", lang) if total else ""), groups


def template_context(
    activity: Activity, programme: Programme, *, made_at: datetime, lang: str, zone: str = DEFAULT_ZONE
) -> dict[str, Any]:
    """Everything the wording template may use; plain values, never None."""
    if made_at.tzinfo is None:
        raise ValueError("made_at must carry a time zone, e.g. datetime.now(ZoneInfo('Europe/Riga'))")
    if activity.start is None:
        raise ValueError(f"row {activity.row}: an activity without a start date has no draft")
    made = made_at.astimezone(ZoneInfo(zone))
    community = programme.community(activity.community_code or activity.community)
    community_name = _one_line(activity.community_name or (community.name if community else activity.community))
    title = _one_line(activity.title)
    last_day = activity.last_day or activity.start
    # News leaves out the year of this year's dates; an older (or next year's) activity gets it.
    same_year = activity.start.year == last_day.year == made.year
    coordinator, phone, email = _contact(activity, community)
    people, people_groups = _people(activity, lang)
    return {
        "lang": lang,
        "tab": programme.activities_tab,
        "row": activity.row,
        "activity_id": _one_line(activity.id),
        "title": title,
        "title_mentions_community": _mentions(title, community_name),
        "title_ends_with_punctuation": title[-1:] in ("!", "?", ".", "…"),
        "community": community_name,
        "community_genitive": language.place_genitive(community_name) if lang == "lv" else community_name,
        "community_code": activity.community_code or (community.code if community else ""),
        "status": activity.status or "",
        "tense": _tense(activity, made.date()),
        "when": language.date_range_phrase(activity.start, activity.end, lang, with_year=not same_year),
        "when_with_year": language.date_range_phrase(activity.start, activity.end, lang),
        "place": _without_final_stop(_one_line(activity.place)),
        "paragraphs": _paragraphs(activity.description),
        "people": people,
        "people_groups": people_groups,
        "institutions": [_one_line(n) for n in (activity.institution_names or activity.institutions) if _one_line(n)],
        "coordinator": coordinator,
        "coordinator_female": language.looks_feminine(coordinator),
        "phone": phone,
        "email": email,
        "resource_centre": _one_line(community.resource_centre) if community else "",
        "made_on": language.date_phrase(made.date(), lang),
        "made_time": language.time_phrase(made.hour, made.minute, lang),
    }


# --- template environments --------------------------------------------------------------------


@pass_context
def _join_list_filter(context, items) -> str:
    return language.join_list(items, context["lang"])


@pass_context
def _count_function(context, n: int, noun: str) -> str:
    return language.count_phrase(n, noun, context["lang"])


def _markdown_link(link: Link) -> MarkdownText:
    return autolink(link.url) if link.clickable else MarkdownText(escape_markdown(link.url))


def _finalize_markdown(value: Any) -> str:
    # Every value printed by the Markdown layout is escaped, like HTML autoescaping.
    return value if isinstance(value, MarkdownText) else escape_markdown(str(value))


def _nl2br(text: str) -> Markup:
    # escape() first: text that is already Markup (from `join`) is not escaped twice.
    return Markup("<br>\n").join(escape(text).split("\n"))


class _Environments(NamedTuple):
    text: SandboxedEnvironment
    markdown: SandboxedEnvironment
    html: SandboxedEnvironment


@lru_cache(maxsize=8)
def _environments(templates_dir: str) -> _Environments:
    def make(**options: Any) -> SandboxedEnvironment:
        return SandboxedEnvironment(
            loader=FileSystemLoader(templates_dir), undefined=StrictUndefined, keep_trailing_newline=True, **options
        )

    # Wording: line breaks inside a sentence block do not matter (they are folded away later).
    text = make(autoescape=False)
    text.filters.update(join_list=_join_list_filter, upper_first=language.upper_first, phone=language.format_phone)
    text.globals.update(count=_count_function)

    markdown = make(autoescape=False, finalize=_finalize_markdown, trim_blocks=True, lstrip_blocks=True)
    markdown.filters.update(md_link=_markdown_link)
    markdown.globals.update(hard_break=MarkdownText("  "))

    html = make(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    html.filters.update(nl2br=_nl2br)
    return _Environments(text, markdown, html)


def _location(error: BaseException) -> str:
    """ "lv/text.j2, line 12" for an error raised while a template ran."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}, line {frame.lineno}"
    return "template"


def _describe(error: Exception, environment: SandboxedEnvironment) -> str:
    if isinstance(error, TemplateNotFound):
        folders = ", ".join(getattr(environment.loader, "searchpath", []))
        return f"{folders}: template {error.name} not found"
    if isinstance(error, TemplateSyntaxError):
        return f"{error.filename or error.name}, line {error.lineno}: {error.message}"
    return f"{_location(error)}: {error or type(error).__name__}"


@contextmanager
def _template_errors(environment: SandboxedEnvironment) -> Iterator[None]:
    """Any failure inside a template becomes a DraftTemplateError naming the file and line."""
    try:
        try:
            yield
        except Exception:
            # Rewrites the traceback so that it points at template lines, not generated code.
            environment.handle_exception()
    except DraftTemplateError:
        raise
    except Exception as e:
        raise DraftTemplateError(_describe(e, environment)) from e


# --- building the draft -----------------------------------------------------------------------


class _Wording:
    """The named blocks of `<lang>/text.j2`, read with clear errors when one is missing."""

    def __init__(self, module: Any, template_name: str):
        self.module, self.template_name = module, template_name

    def value(self, name: str) -> Any:
        try:
            return getattr(self.module, name)
        except AttributeError:
            raise DraftTemplateError(
                f"{self.template_name}: missing `{{% set {name} %}}` — every draft needs it"
            ) from None

    def sentence(self, name: str) -> str:
        # Line breaks and indentation inside a template block are layout only.
        return re.sub(r"[ \t\r\n]+", " ", str(self.value(name))).strip()

    def lines(self, name: str) -> tuple[str, ...]:
        lines = (re.sub(r"[ \t]+", " ", line).strip() for line in str(self.value(name)).split("\n"))
        return tuple(line for line in lines if line)


def _activity_links(activity: Activity, labels: dict[str, str]) -> tuple[Link, ...]:
    links = []
    for raw in activity.links:
        url = _one_line(raw)
        if url:
            label = labels.get(link_kind(url)) or labels.get("other", "")
            links.append(Link(str(label), url, is_web_address(url)))
    return tuple(links)


def _blocks(wording: _Wording, context: dict[str, Any], activity: Activity) -> tuple[Block, ...]:
    w = wording.sentence
    institutions_sentence = w("institutions_sentence")
    list_institutions = bool(wording.value("institutions_as_list")) and institutions_sentence
    programme_links = tuple(
        Link("", url, is_web_address(url)) for url in (str(u) for u in wording.value("programme_links"))
    )
    blocks = [
        Block("note", w("note")),
        Block("heading", w("headline")),
        Block("paragraph", w("lead")),
        Block("paragraph", w("place_sentence")),
        *(Block("paragraph", p) for p in context["paragraphs"]),
        Block("paragraph", w("participants_sentence")),
        Block("paragraph", institutions_sentence),
        Block("list", items=tuple(context["institutions"]) if list_institutions else ()),
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
    templates_dir: Path = DEFAULT_TEMPLATES_DIR,
    zone: str = DEFAULT_ZONE,
) -> Draft:
    """The draft for one valid activity row. `made_at` must be time-zone aware; it is shown in `zone`."""
    if lang not in language.LANGUAGES:
        raise ValueError(f"no draft wording for language {lang!r}")
    envs = _environments(str(Path(templates_dir).resolve()))
    context = template_context(activity, programme, made_at=made_at, lang=lang, zone=zone)

    text_template_name = f"{lang}/text.j2"
    with _template_errors(envs.text):
        module = envs.text.get_template(text_template_name).make_module(context)
    wording = _Wording(module, text_template_name)
    blocks = _blocks(wording, context, activity)
    title = next((b.text for b in blocks if b.kind == "heading"), context["title"])

    layout = {"blocks": blocks, "lang": lang, "title": title}
    with _template_errors(envs.markdown):
        markdown = envs.markdown.get_template("draft.md.j2").render(layout)
    with _template_errors(envs.html):
        html = envs.html.get_template("draft.html.j2").render(layout)
    return Draft(
        activity_id=context["activity_id"],
        title=title,
        lang=lang,
        blocks=blocks,
        markdown=markdown.strip() + "\n",
        html=html,
        made_at=made_at,
    )
