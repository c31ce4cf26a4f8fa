"""What a draft's wording template gets: the row's text cleaned, and the facts the lead needs.

Pure. Cell text is normalised (line endings, control characters, one quotation style); the
description is read for what it already says, so the draft does not say it twice: a description
that opens with the date and the event is the lead itself, one that names the event is joined to
the lead, a place the description names gets no "Norises vieta" line, and closing thanks stay last.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from kopienas.core import contract, language
from kopienas.core.institutions import write_out
from kopienas.core.models import Activity, Community, Programme
from kopienas.outputs.drafts.english import (
    English,
    Translate,
    community_en,
    english_facts,
    english_names,
)

DEFAULT_ZONE = "Europe/Riga"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MONTH_STEMS = (
    "janvār", "februār", "mart", "aprī", "maij", "jūnij", "jūlij", "august", "septembr", "oktobr", "novembr", "decembr",
)  # fmt: skip


def clean(text: str) -> str:
    # Control characters are invisible in the sheet and not allowed in a .docx.
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return language.normalise_quotes(text)


def one_line(text: str) -> str:
    """Cell text for inside a sentence: one line, single spaces."""
    return " ".join(clean(text).split())


def paragraphs(text: str) -> list[str]:
    """A description cell: blank lines separate paragraphs; single line breaks are kept."""
    out = []
    for chunk in re.split(r"\n[ \t]*\n", clean(text)):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            out.append(paragraph)
    return out


def without_final_stop(text: str) -> str:
    # The template adds its own full stop after the place.
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s<>\"]", url)


# --- what the description already says ----------------------------------------------------------


def _stem(word: str) -> str:
    return word[: max(4, len(word) - 2)].casefold()


def mentions(text: str, name: str) -> bool:
    """Whether `text` names `name` ("Talka Daugavpilī" names "Daugavpils"; "Rudens talkā" names
    "Rudens talka"), by the stem of the name's first word."""
    words = re.findall(r"[^\W\d_]+", name)
    if not words or len(words[0]) < 4:
        return False
    return _stem(words[0]) in text.casefold()


def mentions_date(text: str, day: date) -> bool:
    """Whether `text` gives the day: "24. septembrī", "no 24. līdz 27.septembrim", "24.09."."""
    folded = text.casefold()
    stem = _MONTH_STEMS[day.month - 1]
    if re.search(rf"\b{day.day}\.\s*(?:(?:un|līdz|–|-)\s*\d{{1,2}}\.\s*)?{stem}", folded):
        return True
    return bool(re.search(rf"\b0?{day.day}\.0?{day.month}\.", folded))


def is_thanks(paragraph: str) -> bool:
    return "paldies" in paragraph.casefold() and len(paragraph) < 300


def split_closing(paras: list[str]) -> tuple[list[str], list[str]]:
    """The description without its closing thanks, and the thanks (which stay last)."""
    body = list(paras)
    closing: list[str] = []
    while len(body) > 1 and is_thanks(body[-1]):
        closing.insert(0, body.pop())
    return body, closing


def lead_mode(paras: list[str], title: str, start: date, lang: str, tense: str = "past") -> str:
    """ "dropped" when the description opens with the date and the event (it is the lead), "joined"
    when its first sentence states the event (the date goes into that sentence), else "full". An
    English draft keeps its own lead: the description is in Latvian."""
    if lang != "lv" or not paras or tense == "cancelled":
        return "full"  # a cancellation is news of its own, whatever the description said before
    if language.names_event(language.first_sentence(paras[0]), title) and mentions_date(paras[0], start):
        return "dropped"
    return "joined" if language.states_event(paras[0], title) else "full"


# --- the template context -----------------------------------------------------------------------


def _tense(activity: Activity, today: date) -> str:
    """ "past", "future", "running" (a term under way: never "notika") or "cancelled"; the kind
    and the dates decide, the status where the dates cannot."""
    start, last_day = activity.start, activity.last_day
    if activity.status == contract.STATUS_CANCELLED or activity.kind == contract.KIND_CANCELLATION:
        return "cancelled"
    if start is not None and last_day is not None and start <= today <= last_day and last_day > start:
        return "running"
    if activity.kind in (contract.KIND_ANNOUNCEMENT, contract.KIND_PROJECT) and start is not None:
        return "future" if start > today else "past"
    if activity.status == contract.STATUS_HELD:
        return "past"
    if activity.status == contract.STATUS_PLANNED:
        return "future"
    last_day = activity.last_day
    return "past" if last_day is not None and last_day < today else "future"


def _contact(activity: Activity, community: Community | None) -> tuple[str, str, str, str]:
    """Who to ask (name, phone, e-mail, gender override): the row's coordinator; the
    community's when the row names nobody or the same person."""
    name = one_line(activity.coordinator)
    phone, email, gender = one_line(activity.phone), one_line(activity.email), ""
    if community and (not name or name.casefold() == one_line(community.coordinator).casefold()):
        name = name or one_line(community.coordinator)
        email = email or one_line(community.email)
        gender = community.coordinator_gender
    return name, (language.format_phone(phone) if phone else ""), email, gender


def _people(activity: Activity, lang: str) -> dict[str, Any]:
    known = activity.children is not None or activity.adults is not None
    total = activity.total if activity.total is not None else (activity.participants if known else 0)
    children, adults = activity.children or 0, activity.adults or 0
    groups = [(n, noun) for n, noun in ((children, "bērni un jaunieši"), (adults, "pieaugušie")) if n]
    return {
        "people": language.count_phrase(total, "cilvēks", lang) if total else "",
        "people_total": total or 0,
        "people_groups": [language.count_phrase(n, noun, lang) for n, noun in groups],
        "people_detail": language.people_groups(children, adults, lang) if known else "",
        "people_one": language.count_phrase(1, groups[0][1], lang) if total == 1 and len(groups) == 1 else "",
    }


def _place(activity: Activity) -> tuple[str, list[str]]:
    # A venue is named in the nominative in both languages ("Smilšu iela 92", never "Smilšu ielā 92").
    return language.nominative_place(without_final_stop(one_line(activity.place)))


def _institutions(activity: Activity, programme: Programme) -> list[str]:
    return [one_line(n) for n in (activity.institution_names or activity.institutions) if one_line(n)]


def _contact_facts(activity: Activity, community: Community | None) -> dict[str, Any]:
    coordinator, phone, email, gender_override = _contact(activity, community)
    gender = language.gender_of(coordinator, gender_override) if coordinator else None
    return {
        "coordinator": coordinator,
        "coordinator_gender": gender or "",
        "coordinator_female": gender == language.FEMALE,
        "phone": phone,
        "email": email,
    }


def _made(made: datetime, zone: str, lang: str) -> dict[str, Any]:
    return {
        "made_on": language.date_phrase(made.date(), lang),
        "made_time": language.time_phrase(made.hour, made.minute, lang),
        "made_at": language.moment_phrase(made, lang),
        "zone": language.zone_label(zone, lang),
    }


def template_context(
    activity: Activity,
    programme: Programme,
    *,
    made_at: datetime,
    lang: str,
    zone: str = DEFAULT_ZONE,
    translate: Translate | None = None,
) -> dict[str, Any]:
    """Everything the wording template may use; plain values, never None."""
    if made_at.tzinfo is None:
        raise ValueError("made_at must carry a time zone, e.g. datetime.now(ZoneInfo('Europe/Riga'))")
    if activity.start is None:
        raise ValueError(f"row {activity.row}: an activity without a start date has no draft")
    made = made_at.astimezone(ZoneInfo(zone))
    community = programme.community(activity.community_code or activity.community)
    community_name = one_line(activity.community_name or (community.name if community else activity.community))
    title = one_line(activity.title)
    last_day = activity.last_day or activity.start
    # News leaves out the year of this year's dates; an older (or next year's) activity gets it.
    same_year = activity.start.year == last_day.year == made.year
    place, unclear_place = _place(activity)
    centre = one_line(community.resource_centre) if community else ""
    # Abbreviations from `Iestādes` are written out at their first mention, wherever it is.
    place, centre, *description = write_out([place, centre, *paragraphs(activity.description)], programme.institutions)
    paras, closing = split_closing(description)
    described = "\n".join(paras)
    proper = [c.name for c in programme.communities]
    when = language.period_phrase(activity.start, activity.end, lang, with_year=not same_year)
    tense = _tense(activity, made.date())
    mode = lead_mode(paras, title, activity.start, lang, tense)
    context = {
        "lang": lang,
        "kind": activity.kind or contract.KIND_EVENT,
        "tab": programme.activities_tab,
        "row": activity.row,
        "activity_id": one_line(activity.id),
        "title": title,
        "title_en": title,
        "title_mentions_community": mentions(title, community_name),
        "title_ends_with_punctuation": title[-1:] in ("!", "?", ".", "…", "\u201d", "\u2019"),
        # A title with its own punctuation or quotations is named in quotation marks ("pasākums “…”").
        "title_needs_quotes": title[-1:] in ("!", "?", ".", "…") or any(q in title for q in "\u201c\u201d\u2018"),
        "event": language.event_phrase(title, activity.description, proper),
        "headline_title": language.headline_title(title, activity.description),
        "project_name": language.quoted_name(title) or title,
        "community": community_name if lang == "lv" else community_en(community, community_name),
        "community_genitive": language.place_genitive(community_name) if lang == "lv" else community_name,
        "community_code": activity.community_code or (community.code if community else ""),
        "status": activity.status or "",
        "tense": tense,
        "when": when,
        "when_with_year": language.period_phrase(activity.start, activity.end, lang),
        "term": language.term_phrase(activity.start, activity.end, lang),
        "place": place,
        "place_unclear": unclear_place if lang == "lv" else [],
        "place_described": bool(place)
        and lang == "lv"
        and all(mentions(described, p) for p in language.place_parts(place)),
        "paragraphs": paras,
        "closing": closing,
        "closing_thanks": False,
        "lead_mode": mode,
        "opening": language.date_into(paras[0], when, proper) if mode == "joined" else "",
        "describes_aims": language.describes_aims(described),
        "latvian_paragraphs": 0,
        "still_latvian": [],
        "translated_by": "",
        "translation_failed": "",
        **_people(activity, lang),
        "institutions": _institutions(activity, programme),
        **_contact_facts(activity, community),
        "resource_centre": centre,
        **_made(made, zone, lang),
    }
    if lang != "lv":
        english_facts(context, community, English(translate), english_names(programme))
    return context
