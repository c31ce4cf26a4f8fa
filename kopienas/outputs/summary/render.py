"""A PartnerSummary in words: subject, plain text and HTML, in the partner's language.

The phrases that need number agreement or date cases are made here with `kopienas.language`;
the templates lay them out. Every spreadsheet value reaches the templates as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kopienas.core import language
from kopienas.core.models import Activity
from kopienas.core.totals import CommunityTotals, ProgrammeTotals
from kopienas.core.words.summary import recipient_role
from kopienas.outputs.summary.build import PartnerSummary
from kopienas.outputs.templating import RenderedMail, environment, render_pair

PROGRAMME_NAME = language.PROGRAMME_NAME
until_phrase = language.until_phrase


def summary_subject(summary: PartnerSummary) -> str:
    week = language.week_label(summary.monday, summary.sunday, summary.lang)
    return language.SUMMARY_SUBJECT[summary.lang].format(week=week)


def people_phrase(children: int | None, adults: int | None, lang: str) -> str | None:
    """ "380 cilvēki (bērni un jaunieši – 332, pieaugušie – 48)", "11 cilvēki (visi pieaugušie)";
    None when no count was given (see `language.people_phrase`)."""
    return language.people_phrase(children, adults, lang) or None


@dataclass(frozen=True)
class ActivityView:
    title: str
    community: str
    when: str
    place: str
    people: str | None


def _community_name(name: str, lang: str) -> str:
    return language.english_place(name) if lang == "en" else name


def _activity_view(a: Activity, lang: str, *, with_people: bool = True) -> ActivityView:
    assert a.start is not None  # only valid rows, which have a start, are summarised
    return ActivityView(
        title=language.normalise_quotes(a.title),
        community=_community_name(a.community_name or a.community, lang),
        # The year is in the subject; date_range_phrase still gives both years across New Year.
        when=language.date_range_phrase(a.start, a.end, lang, with_year=False),
        place=a.place,
        people=people_phrase(a.children, a.adults, lang) if with_people else None,
    )


@dataclass(frozen=True)
class TableView:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None  # shown under two or more rows
    text_lines: tuple[str, ...]  # the same table aligned for plain text


def _cells(label: str, figures: CommunityTotals | ProgrammeTotals, lang: str) -> tuple[str, ...]:
    numbers = (figures.held, figures.children, figures.adults, figures.participants, figures.institution_count)
    return (label, *(language.format_count(n, lang) for n in numbers))


def _aligned(lines: list[tuple[str, ...]]) -> tuple[str, ...]:
    # Names left, numbers right, so the digits of a column line up in a monospace reader.
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return tuple(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=False))
        ).rstrip()
        for line in lines
    )


def _table_view(summary: PartnerSummary) -> TableView:
    lang = summary.lang
    rows = tuple(_cells(_community_name(r.community_name, lang), r, lang) for r in summary.year_to_date)
    total = _cells(language.TOTAL_LABEL[lang], summary.year_to_date_total, lang) if len(rows) > 1 else None
    header = language.TABLE_HEADER[lang]
    return TableView(header, rows, total, _aligned([header, *rows, *([total] if total else [])]))


def chart_alt_text(summary: PartnerSummary) -> str:
    return language.chart_alt(summary.sunday.year, summary.sunday, summary.lang)


def render_summary(summary: PartnerSummary, *, templates_dir: Path, chart_cid: str | None) -> RenderedMail:
    """The mail for one partner. With `chart_cid`, the HTML shows the image `cid:<chart_cid>`
    (the PNG from `participants_chart_png`), which the sender attaches inline."""
    lang = summary.lang
    next_monday, next_sunday = summary.next_week
    subject = summary_subject(summary)
    context = {
        "lang": lang,
        "subject": subject,
        "programme": PROGRAMME_NAME[lang],
        "partner_name": summary.partner.name,
        "partner_role": recipient_role(summary.partner.name, lang),
        "week_label": language.week_label(summary.monday, summary.sunday, lang),
        "iso_week": summary.week,
        "follows_all": summary.partner.follows_all,
        "community_names": language.join_list([_community_name(c.name, lang) for c in summary.communities], lang),
        "community_count": len(summary.communities),
        "this_year": summary.sunday.year == summary.generated_at.year,
        "held": [_activity_view(a, lang) for a in summary.held],
        # People are counted only where the activity took place; numbers typed into a planned or
        # cancelled row would read as if those people had come.
        "cancelled": [_activity_view(a, lang, with_people=False) for a in summary.cancelled],
        "upcoming": [_activity_view(a, lang, with_people=False) for a in summary.upcoming],
        "next_week": language.date_range_phrase(next_monday, next_sunday, lang, with_year=False),
        "week_activities": summary.week_totals.activities,
        "week_people": people_phrase(summary.week_totals.children, summary.week_totals.adults, lang),
        "quiet": summary.quiet,
        "ytd_year": summary.sunday.year,
        "ytd_until": until_phrase(summary.sunday, lang),
        "table": _table_view(summary),
        "ytd_any_held": summary.year_to_date_total.held > 0,
        "left_out": summary.left_out,
        "activities_tab": summary.activities_tab,
        "chart_cid": chart_cid,
        "chart_alt": chart_alt_text(summary),
    }
    text, html = render_pair(environment(templates_dir), f"summary.{lang}", context)
    return RenderedMail(subject=subject, text=text, html=html)
