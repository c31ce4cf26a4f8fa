"""The words of a press-release draft that are not in its templates: the document's properties
(the sentences themselves are in `templates/drafts/`, which the press office edits)."""

from __future__ import annotations

DOCUMENT_AUTHOR = "Darbīgās kopienas"  # unless the template's `document_author` says otherwise
DOCUMENT_KEYWORDS = "Darbīgās kopienas; People to People"
DOCUMENT_CATEGORY = {"lv": "Preses relīzes melnraksts", "en": "Press release draft"}
