"""Sheet text is data in every sink it reaches: chart labels (no TeX), .docx core properties (no
limit crossed), file names (no way out of the folder), mail headers (one line), HTML (escaped),
Markdown (literal), sheet cells (never a formula). One strategy of hostile text feeds them all."""

from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from io import BytesIO
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kopienas.adapters.mail import build_message
from kopienas.core.safe_text import DOCX_PROPERTY_LIMIT, one_line, safe_file_name
from kopienas.core.totals import CommunityTotals
from kopienas.core.writeback import plain
from kopienas.outputs.drafts import render_draft
from kopienas.outputs.drafts.word import build_docx
from kopienas.outputs.summary import participants_chart_png
from tests.support.drafts import clean_up, programme_of

HOSTILE_PIECES = [
    "$x$",
    "$\\frac{1}{$",
    "$$",
    "\\",
    "{{ 7*7 }}",
    "{% raw %}",
    "<script>alert(1)</script>",
    "&amp;",
    "*bold* _x_ [a](javascript:alert(1))",
    "../../etc/passwd",
    "C:\\Windows\\",
    '=HYPERLINK("http://evil")',
    "+1",
    "\r\nBcc: evil@example.org",
    "\x00\x01\x0b\x1f",
    "\u2028\u2029\u202e",
    "ā" * 300,
    "🙂",
]
hostile = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=30)), min_size=1, max_size=6).map(
    "".join
)

MADE = datetime(2020, 9, 28, 10, 0, tzinfo=UTC)


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(name=hostile)
def test_chart_labels_are_never_tex(name):
    rows = [CommunityTotals("X", name, 2020, held=1, children=3), CommunityTotals("Y", "Preiļi", 2020, held=1)]
    assert participants_chart_png(rows, "lv")[:4] == b"\x89PNG"


@settings(max_examples=25, deadline=None)
@given(title=hostile, text=hostile)
def test_a_draft_of_hostile_text_is_a_valid_docx_html_and_markdown(title, text):
    activity = replace(clean_up(), title=title or "x", description=text, place=text, coordinator=text)
    draft = render_draft(activity, programme_of(activity), made_at=MADE)
    document = docx.Document(BytesIO(build_docx(draft)))
    properties = document.core_properties
    assert len(properties.title) <= DOCX_PROPERTY_LIMIT and "\n" not in properties.title
    assert "<script>" not in draft.html
    assert "{{ 7*7 }}" not in text or "49" not in draft.markdown.replace(text, "")


@settings(max_examples=200, deadline=None)
@given(text=hostile)
def test_a_file_name_made_of_hostile_text_stays_in_its_folder(text, tmp_path_factory):
    name = safe_file_name(text)
    folder = Path("/srv/drafts")
    assert name and not name.startswith(".") and "/" not in name and "\\" not in name and len(name) <= 80
    assert (folder / name).resolve().parent == folder


@settings(max_examples=100, deadline=None)
@given(text=hostile)
def test_a_subject_made_of_hostile_text_is_one_header_line(text):
    subject = one_line(f"Relīzes melnraksts: {text} (DGP-2020-07)")
    message = build_message(sender="k@example.com", to=["prese@example.com"], subject=subject, text="x")
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["Subject"] == subject and parsed["Bcc"] is None and len(parsed.get_all("To")) == 1


@settings(max_examples=200, deadline=None)
@given(text=hostile)
def test_text_for_a_sheet_cell_never_starts_a_formula(text):
    assert not plain(text).startswith(("=", "+", "-", "@"))
