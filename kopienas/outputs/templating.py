"""Jinja2 for mails and documents: sandboxed, strict, escaping HTML by file name.

Spreadsheet text only ever reaches a template as a variable's value, and Jinja never evaluates a
value as template code, so a title like `{{ 7*7 }}` prints as typed. HTML templates (`*.html.j2`,
`*.htm.j2`, `*.xml.j2`) escape every value; text templates print values as they are.

Filters wrap `kopienas.language`. Each takes an optional language and otherwise uses the
template's `lang` variable (default "lv"):

    {{ a.start|date_range(a.end) }}     no 2020. gada 24. līdz 27. septembrim
    {{ a.start|date_range(a.end, with_year=False) }}    no 24. līdz 27. septembrim
    {{ a.start|date }}                  2020. gada 24. septembrī
    {{ monday|week_label(sunday) }}     2020. gada 21.–27. septembris
    {{ 380|count("cilvēks") }}          380 cilvēki
    {{ 380|noun("cilvēks") }}           cilvēki
    {{ 2000|number }}                   2 000
    {{ names|join_list }}               A, B un C
    {{ n|agree("ir iekļauta", "ir iekļautas") }}   a verb or participle agreeing with n
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, pass_context
from jinja2.sandbox import SandboxedEnvironment

from kopienas.core import language

_ESCAPED_SUFFIXES = (".html.j2", ".htm.j2", ".xml.j2", ".html", ".htm", ".xml")


@dataclass(frozen=True)
class RenderedMail:
    """A mail's content; the sender adds addresses, headers and inline images."""

    subject: str
    text: str
    html: str


def agree(n: int, one: str, many: str, lang: str = "lv") -> str:
    """The word that agrees with the count `n`: `one` with 1, 21, 31 … (Latvian) or 1 (English),
    `many` otherwise. For verbs and participles, which `language.NOUNS` does not cover:
    "1 rinda nav iekļauta", "2 rindas nav iekļautas", "21 rinda nav iekļauta"."""
    if lang == "en":
        return one if n == 1 else many
    return one if language.plural_index_lv(n) == 0 else many


def _autoescape(template_name: str | None) -> bool:
    return template_name is not None and template_name.endswith(_ESCAPED_SUFFIXES)


def _lang(context: Any, lang: str | None) -> str:
    return lang or context.get("lang") or "lv"


@pass_context
def _date(context, d, lang=None, with_year=True):
    return language.date_phrase(d, _lang(context, lang), with_year=with_year)


@pass_context
def _date_range(context, start, end=None, lang=None, with_year=True):
    return language.date_range_phrase(start, end, _lang(context, lang), with_year=with_year)


@pass_context
def _week_label(context, monday, sunday, lang=None):
    return language.week_label(monday, sunday, _lang(context, lang))


@pass_context
def _count(context, n, noun, lang=None):
    return language.count_phrase(n, noun, _lang(context, lang))


@pass_context
def _noun(context, n, noun, lang=None):
    return language.noun_form(n, noun, _lang(context, lang))


@pass_context
def _number(context, n, lang=None):
    return language.format_count(n, _lang(context, lang))


@pass_context
def _join_list(context, items, lang=None):
    return language.join_list(items, _lang(context, lang))


@pass_context
def _agree(context, n, one, many, lang=None):
    return agree(n, one, many, _lang(context, lang))


def environment(templates_dir: str | Path) -> SandboxedEnvironment:
    """A sandboxed environment loading from `templates_dir`; undefined names are errors."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir)),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=_date,
        date_range=_date_range,
        week_label=_week_label,
        count=_count,
        noun=_noun,
        number=_number,
        join_list=_join_list,
        agree=_agree,
        phone=language.format_phone,
        genitive=language.place_genitive,
        upper_first=language.upper_first,
    )
    return env


class TemplateError(Exception):
    """A mail template cannot be used; str() names the file and the line: "…/summary.lv.txt.j2,
    line 12: unexpected '}'"."""


def _where(error: BaseException, name: str, folder: str) -> str:
    if isinstance(error, TemplateSyntaxError):
        return f"{error.filename or Path(folder, name)}, line {error.lineno}: {error.message}"
    if isinstance(error, TemplateNotFound):
        return f"{Path(folder, name)}: not found"
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}, line {frame.lineno}: {error or type(error).__name__}"
    return f"{Path(folder, name)}: {type(error).__name__}: {error}"


def render_template(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template; any failure in it is a TemplateError naming its file and line."""
    folder = ":".join(getattr(env.loader, "searchpath", []))
    try:
        return env.get_template(name).render(context)
    except Exception as e:
        raise TemplateError(_where(e, name, folder)) from None


def render_pair(env: SandboxedEnvironment, stem: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render `<stem>.txt.j2` and `<stem>.html.j2` with the same context -> (text, html)."""
    return render_template(env, f"{stem}.txt.j2", context), render_template(env, f"{stem}.html.j2", context)
