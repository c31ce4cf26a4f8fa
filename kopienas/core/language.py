"""Latvian (and English) wording: every phrase, date and time format the tool writes.

Pure functions, no I/O. The pieces live in `kopienas.core.words` and are all re-exported here,
so `from kopienas.core import language` is the one import for wording:

* dates (`words/dates.py`): months in every case, "no 24. līdz 27. septembrim",
  "2022. gada 27. janvārī", "from 24 to 27 September 2020", one time format "plkst. 22.52";
* numbers (`words/numbers.py`): the one agreement rule (`count_phrase`, `agree`), people
  ("11 cilvēki, visi pieaugušie"), English numbers that open a sentence spelled out;
* names (`words/names.py`): a coordinator's gender from the first name, greetings in the vocative;
* places (`words/places.py`): genitives, places typed in the locative, municipalities in English;
* quotes (`words/quotes.py`): “ ” outside and ‘ ’ inside, in every output;
* messages (`words/messages.py`): console lines, alerts and sheet notes that carry counts or times.
"""

from __future__ import annotations

from collections.abc import Iterable

from kopienas.core.words.base import BABEL_LOCALE, LANGUAGES, check_lang
from kopienas.core.words.dates import (
    CASES,
    EN_DASH,
    EN_MONTHS,
    LV_MONTHS,
    MonthName,
    date_phrase,
    date_range_phrase,
    moment_phrase,
    month_name,
    period_phrase,
    time_phrase,
    timestamp,
    week_label,
    zone_label,
)
from kopienas.core.words.leads import (
    date_into,
    describes_aims,
    event_phrase,
    first_sentence,
    headline_title,
    is_common_noun_title,
    latvian_part,
    lower_first,
    names_event,
    quoted_name,
    states_event,
    term_phrase,
)
from kopienas.core.words.messages import (
    DRY_RUN_SAID,
    INTERRUPTED_DETAIL,
    NOTHING_TO_DO,
    PROTECTION_NOTE,
    TOOL_NAME,
    TOOL_NOTE,
    alert_subject,
    alert_text,
    delivery_summary,
    docs_summary,
    draft_made_note,
    drafts_summary,
    interrupted_delivery,
    mails_planned,
    merged_cell_line,
    more_rows,
    not_attempted,
    press_office_intro,
    press_office_subject,
    recovery_subject,
    recovery_text,
    row_changed_line,
    rows_checked,
    rows_written,
    uncertain_delivery,
    uncertain_held,
)
from kopienas.core.words.names import (
    FEMALE,
    FEMALE_NAMES,
    MALE,
    MALE_NAMES,
    first_name,
    gender_of,
    greeting,
    looks_feminine,
    parse_gender,
    vocative,
)
from kopienas.core.words.numbers import (
    NOUNS,
    Noun,
    agree,
    count_phrase,
    format_count,
    noun_form,
    people_groups,
    people_phrase,
    plural_index_lv,
    sentence_start,
    spell_out,
)
from kopienas.core.words.places import english_place, is_locative, nominative_place, place_genitive, place_parts
from kopienas.core.words.quotes import normalise_quotes, quote
from kopienas.core.words.summary import (
    PROGRAMME_NAME,
    SUMMARY_SUBJECT,
    TABLE_HEADER,
    TOTAL_LABEL,
    chart_alt,
    until_phrase,
)

__all__ = [
    "BABEL_LOCALE",
    "CASES",
    "DRY_RUN_SAID",
    "EN_DASH",
    "EN_MONTHS",
    "FEMALE",
    "FEMALE_NAMES",
    "INTERRUPTED_DETAIL",
    "LANGUAGES",
    "LV_MONTHS",
    "MALE",
    "MALE_NAMES",
    "NOTHING_TO_DO",
    "NOUNS",
    "PROGRAMME_NAME",
    "PROTECTION_NOTE",
    "SUMMARY_SUBJECT",
    "TABLE_HEADER",
    "TOOL_NAME",
    "TOOL_NOTE",
    "TOTAL_LABEL",
    "MonthName",
    "Noun",
    "agree",
    "alert_subject",
    "alert_text",
    "chart_alt",
    "check_lang",
    "count_phrase",
    "date_into",
    "date_phrase",
    "date_range_phrase",
    "delivery_summary",
    "describes_aims",
    "docs_summary",
    "draft_made_note",
    "drafts_summary",
    "english_place",
    "event_phrase",
    "first_name",
    "first_sentence",
    "format_count",
    "format_phone",
    "gender_of",
    "greeting",
    "headline_title",
    "interrupted_delivery",
    "is_common_noun_title",
    "is_locative",
    "join_list",
    "latvian_part",
    "looks_feminine",
    "lower_first",
    "mails_planned",
    "merged_cell_line",
    "moment_phrase",
    "month_name",
    "more_rows",
    "names_event",
    "nominative_place",
    "normalise_quotes",
    "not_attempted",
    "noun_form",
    "parse_gender",
    "people_groups",
    "people_phrase",
    "period_phrase",
    "place_genitive",
    "place_parts",
    "plural_index_lv",
    "press_office_intro",
    "press_office_subject",
    "quote",
    "quoted_name",
    "recovery_subject",
    "recovery_text",
    "row_changed_line",
    "rows_checked",
    "rows_written",
    "sentence_start",
    "spell_out",
    "states_event",
    "term_phrase",
    "time_phrase",
    "timestamp",
    "uncertain_delivery",
    "uncertain_held",
    "until_phrase",
    "upper_first",
    "vocative",
    "week_label",
    "zone_label",
]  # fmt: skip


# --- lists, phones, text -------------------------------------------------------------------------


def join_list(items: Iterable[str], lang: str = "lv") -> str:
    """ "A, B un C"; en "A, B and C". Empty -> ""."""
    items = [str(i) for i in items]
    if not items:
        return ""
    from babel.lists import format_list  # here: a run that joins no list loads no locale data

    return format_list(items, locale=BABEL_LOCALE[check_lang(lang)])


def format_phone(raw: str) -> str:
    """One house style for phone numbers: "+371 26 825 598". Unparsable input comes back as is."""
    import phonenumbers  # here: most commands never format a phone number

    try:
        number = phonenumbers.parse(raw, "LV")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number):
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def upper_first(text: str) -> str:
    """Capitalise the first letter only ("no 24. līdz …" -> "No 24. līdz …")."""
    return text[:1].upper() + text[1:]
