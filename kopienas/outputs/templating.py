"""The one Jinja2 set-up for drafts and mails: sandboxed, strict, cached, with one filter table.

Spreadsheet text only ever reaches a template as a variable's value, and Jinja never evaluates a
value as template code, so a title like `{{ 7*7 }}` prints as typed. Undefined names are errors.

`environment(folder, flavour)` gives one cached environment per folder and flavour:

    "mail"      mails: HTML templates (`*.html.j2`, `*.htm.j2`, `*.xml.j2`) escape every value,
                text templates print values as they are
    "wording"   the sentences of a draft (`drafts/<lang>/text.j2`), printed as they are
    "markdown"  a draft's Markdown layout: every value escaped for Markdown
    "html"      a draft's HTML layout: every value escaped for HTML

Every flavour has the same filters (FILTERS), each wrapping `kopienas.core.language`. A filter
takes an optional language and otherwise uses the template's `lang` variable (default "lv"):

    {{ a.start|date_range(a.end) }}     no 2020. gada 24. līdz 27. septembrim
    {{ a.start|period(a.end) }}         en: from 24 to 27 September 2020
    {{ a.start|date }}                  2020. gada 24. septembrī
    {{ monday|week_label(sunday) }}     2020. gada 21.–27. septembris
    {{ 380|count("cilvēks") }}          380 cilvēki      (also `count(380, "cilvēks")`)
    {{ 380|noun("cilvēks") }}           cilvēki
    {{ 2000|number }}                   2 000
    {{ names|join_list }}               A, B un C
    {{ n|agree("ir iekļauta", "ir iekļautas") }}   a verb or participle agreeing with n
    {{ title|quote }}                   “Projekta ‘Šķirosim!’ sākums”
    {{ text|sentence }}                 first letter up; en: a number opening it spelled out
    {{ name|greeting }}                 Labdien, Jāni!
    {{ moment|moment }}                 2026. gada 1. decembrī plkst. 22.52
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, pass_context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from kopienas.core import language
from kopienas.core.errors import KopienasError
from kopienas.outputs.markdown import MarkdownText, autolink, escape_markdown

_ESCAPED_SUFFIXES = (".html.j2", ".htm.j2", ".xml.j2", ".html", ".htm", ".xml")
FLAVOURS = ("mail", "wording", "markdown", "html")


@dataclass(frozen=True)
class RenderedMail:
    """A mail's content; the sender adds addresses, headers and inline images."""

    subject: str
    text: str
    html: str


def agree(n: int, one: str, many: str, lang: str = "lv") -> str:
    """`language.agree` (kept here for code that imported it from the templating module)."""
    return language.agree(n, one, many, lang)


def _autoescape(template_name: str | None) -> bool:
    return template_name is not None and template_name.endswith(_ESCAPED_SUFFIXES)


def _lang(context: Any, lang: str | None) -> str:
    return lang or context.get("lang") or "lv"


def _with_lang(function):
    """A filter that passes the template's language to `function(value, *args, lang=…)`."""

    @pass_context
    def with_lang(context, value, *args, lang=None, **kwargs):
        return function(value, *args, lang=_lang(context, lang), **kwargs)

    with_lang.__name__ = getattr(function, "__name__", "filter")
    return with_lang


def _markdown_link(link: Any) -> MarkdownText:
    return autolink(link.url) if link.clickable else MarkdownText(escape_markdown(link.url))


def _nl2br(text: str) -> Markup:
    # escape() first: text that is already Markup (from `join`) is not escaped twice.
    return Markup("<br>\n").join(escape(text).split("\n"))


FILTERS = {
    "date": _with_lang(language.date_phrase),
    "date_range": _with_lang(language.date_range_phrase),
    "period": _with_lang(language.period_phrase),
    "week_label": _with_lang(language.week_label),
    "count": _with_lang(language.count_phrase),
    "noun": _with_lang(language.noun_form),
    "number": _with_lang(language.format_count),
    "join_list": _with_lang(language.join_list),
    "agree": _with_lang(language.agree),
    "sentence": _with_lang(language.sentence_start),
    "greeting": _with_lang(language.greeting),
    "moment": _with_lang(language.moment_phrase),
    "timestamp": _with_lang(language.timestamp),
    "phone": language.format_phone,
    "genitive": language.place_genitive,
    "upper_first": language.upper_first,
    "quote": language.quote,
    "quotes": language.normalise_quotes,
    "english_place": language.english_place,
    "md_link": _markdown_link,
    "nl2br": _nl2br,
}


@pass_context
def _count_global(context, n: int, noun: str, lang: str | None = None) -> str:
    return language.count_phrase(n, noun, _lang(context, lang))


def _finalize_markdown(value: Any) -> str:
    # Every value printed by the Markdown layout is escaped, like HTML autoescaping.
    return value if isinstance(value, MarkdownText) else escape_markdown(str(value))


def _options(flavour: str) -> dict[str, Any]:
    if flavour == "mail":
        return {"autoescape": _autoescape, "trim_blocks": True, "lstrip_blocks": True}
    if flavour == "wording":
        # Line breaks inside a sentence block do not matter (they are folded away later).
        return {"autoescape": False}
    if flavour == "markdown":
        return {"autoescape": False, "finalize": _finalize_markdown, "trim_blocks": True, "lstrip_blocks": True}
    if flavour == "html":
        return {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
    raise ValueError(f"unknown template flavour {flavour!r}; use one of {', '.join(FLAVOURS)}")


@lru_cache(maxsize=32)
def _cached(templates_dir: str, flavour: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(templates_dir),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        **_options(flavour),
    )
    env.filters.update(FILTERS)
    env.globals.update(count=_count_global, hard_break=MarkdownText("  "))
    return env


def environment(templates_dir: str | Path, flavour: str = "mail") -> SandboxedEnvironment:
    """The sandboxed environment for `templates_dir` and `flavour`, made once and reused."""
    return _cached(str(Path(templates_dir).resolve()), flavour)


class TemplateError(KopienasError):
    """A mail or draft template cannot be used; str() names the file and the line:
    "…/summary.lv.txt.j2, line 12: unexpected '}'" (see `describe`)."""


def describe(error: BaseException, folder: str, name: str = "") -> str:
    """Where a template failed and why, for a TemplateError: the file and line when it is known."""
    if isinstance(error, TemplateNotFound):
        return f"{Path(folder, error.name or name)}: not found"
    if isinstance(error, TemplateSyntaxError):
        return f"{error.filename or Path(folder, error.name or name)}, line {error.lineno}: {error.message}"
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}, line {frame.lineno}: {error or type(error).__name__}"
    return f"{Path(folder, name) if name else folder}: {type(error).__name__}: {error}"


def render_template(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template; any failure in it is a TemplateError naming its file and line."""
    folder = ":".join(getattr(env.loader, "searchpath", []))
    try:
        return env.get_template(name).render(context)
    except Exception as e:
        raise TemplateError(describe(e, folder, name)) from None


def render_pair(env: SandboxedEnvironment, stem: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render `<stem>.txt.j2` and `<stem>.html.j2` with the same context -> (text, html)."""
    return render_template(env, f"{stem}.txt.j2", context), render_template(env, f"{stem}.html.j2", context)
