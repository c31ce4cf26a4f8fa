"""A draft's files as bytes (Markdown, HTML, Word), and whether a row's draft is out of date."""

from __future__ import annotations

import hashlib
import json

from kopienas.core.models import Activity, Community
from kopienas.outputs.drafts.render import Draft

# Bump when the draft's content or layout changes in a way that should remake every draft.
DRAFT_FORMAT = 3

DRAFT_FILES = ("draft.md", "draft.html", "draft.docx")


def draft_files(draft: Draft) -> dict[str, bytes]:
    """File name -> content, every file built before any is written."""
    return {
        "draft.md": draft.markdown.encode("utf-8"),
        "draft.html": draft.html.encode("utf-8"),
        "draft.docx": _docx(draft),
    }


def content_hash(activity: Activity, community: Community | None = None) -> str:
    """A fingerprint of everything in the row (and its community) that shows in the draft.

    Stable across runs and machines; the time the draft was made is not part of it, nor is the
    row number (inserting a row above should not remake every draft). Equal hashes: the draft
    would say the same, so it need not be made again.
    """
    content = {
        "format": DRAFT_FORMAT,
        "id": activity.id,
        "title": activity.title,
        "community": activity.community_code or activity.community,
        "community_name": activity.community_name,
        "start": activity.start.isoformat() if activity.start else None,
        "end": activity.end.isoformat() if activity.end else None,
        "place": activity.place,
        "description": activity.description,
        "institutions": list(activity.institution_names or activity.institutions),
        "children": activity.children,
        "adults": activity.adults,
        "total": activity.total,
        "coordinator": activity.coordinator,
        "phone": activity.phone,
        "email": activity.email,
        "links": list(activity.links),
        "status": activity.status,
        "kind": activity.kind,
    }
    if community is not None:
        content["community_details"] = [
            community.code,
            community.name,
            community.resource_centre,
            community.coordinator,
            community.email,
            community.name_en,
            community.resource_centre_en,
        ]
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _docx(draft) -> bytes:
    from kopienas.outputs.drafts.word import build_docx  # python-docx only when a draft is written

    return build_docx(draft)
