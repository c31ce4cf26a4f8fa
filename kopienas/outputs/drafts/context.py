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
from kopienas.core.models import Activity, Community, Programme

DEFAULT_ZONE = "Europe/Riga"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MONTH_STEMS = (
    "janvār", "februār", "mart", "aprī", "maij", "jūnij", "jūlij", "august", "septembr", "oktobr", "novembr", "decembr",
)  # fmt: skip
_LATVIAN = re.compile(r"[āčēģīķļņšūž]|\b(?:un|ar|ir|kā|bet|arī|no|uz|par|tika|kas)\b", re.IGNORECASE)


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


def looks_latvian(text: str) -> bool:
    return bool(_LATVIAN.search(text))


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


def lead_mode(paras: list[str], title: str, start: date, lang: str) -> str:
    """ "dropped" when the description opens with the date and the event, "merged" (one paragraph
    with the lead) when it opens naming the event, else "full". An English draft keeps its lead:
    the description is in Latvian."""
    if lang != "lv" or not paras or not mentions(paras[0], title):
        return "full"
    return "dropped" if mentions_date(paras[0], start) else "merged"


# --- the template context -----------------------------------------------------------------------


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


def _place(activity: Activity, lang: str) -> tuple[str, list[str]]:
    place = without_final_stop(one_line(activity.place))
    if lang != "lv":
        return place, []
    return language.nominative_place(place)


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
    community_name = one_line(activity.community_name or (community.name if community else activity.community))
    title = one_line(activity.title)
    last_day = activity.last_day or activity.start
    # News leaves out the year of this year's dates; an older (or next year's) activity gets it.
    same_year = activity.start.year == last_day.year == made.year
    coordinator, phone, email, gender_override = _contact(activity, community)
    gender = language.gender_of(coordinator, gender_override) if coordinator else None
    paras, closing = split_closing(paragraphs(activity.description))
    place, unclear_place = _place(activity, lang)
    described = "\n".join(paras)
    return {
        "lang": lang,
        "tab": programme.activities_tab,
        "row": activity.row,
        "activity_id": one_line(activity.id),
        "title": title,
        "title_mentions_community": mentions(title, community_name),
        "title_ends_with_punctuation": title[-1:] in ("!", "?", ".", "…", "\u201d", "\u2019"),
        # A title with its own punctuation or quotations is named in quotation marks ("pasākums “…”").
        "title_needs_quotes": title[-1:] in ("!", "?", ".", "…") or any(q in title for q in "\u201c\u201d\u2018"),
        "community": community_name if lang == "lv" else language.english_place(community_name),
        "community_genitive": language.place_genitive(community_name) if lang == "lv" else community_name,
        "community_code": activity.community_code or (community.code if community else ""),
        "status": activity.status or "",
        "tense": _tense(activity, made.date()),
        "when": language.period_phrase(activity.start, activity.end, lang, with_year=not same_year),
        "when_with_year": language.period_phrase(activity.start, activity.end, lang),
        "place": place,
        "place_unclear": unclear_place,
        "place_described": bool(place)
        and lang == "lv"
        and all(mentions(described, p) for p in language.place_parts(place)),
        "paragraphs": paras,
        "closing": closing,
        "lead_mode": lead_mode(paras, title, activity.start, lang),
        "latvian_paragraphs": sum(looks_latvian(p) for p in paras + closing) if lang != "lv" else 0,
        **_people(activity, lang),
        "institutions": [one_line(n) for n in (activity.institution_names or activity.institutions) if one_line(n)],
        "coordinator": coordinator,
        "coordinator_gender": gender or "",
        "coordinator_female": gender == language.FEMALE,
        "phone": phone,
        "email": email,
        "resource_centre": one_line(community.resource_centre) if community else "",
        "made_on": language.date_phrase(made.date(), lang),
        "made_time": language.time_phrase(made.hour, made.minute, lang),
        "made_at": language.moment_phrase(made, lang),
        "zone": language.zone_label(zone, lang),
    }
