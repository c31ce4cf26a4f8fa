"""A draft as a Word document (.docx), built from its blocks — never by parsing Markdown."""

from __future__ import annotations

from datetime import UTC
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from kopienas.core.safe_text import docx_property, xml_text
from kopienas.outputs.drafts.render import Block, Draft, Link

# Word's spelling and hyphenation follow the language set on the text.
LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}

_NOTE_COLOUR = RGBColor(0x6B, 0x5B, 0x00)
_LINK_COLOUR = RGBColor(0x0B, 0x57, 0xA4)


def _set_language(document: WordDocument, tag: str) -> None:
    """Language of all text: the document defaults, the Normal style, and the core properties."""
    styles = document.styles.element
    default_rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    normal_rpr = document.styles["Normal"].element.get_or_add_rPr()
    for rpr in (default_rpr, normal_rpr):
        if rpr is None:
            continue
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)
    document.core_properties.language = tag


def _add_lines(paragraph: Paragraph, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        run = paragraph.add_run(xml_text(line))
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _add_hyperlink(paragraph: Paragraph, url: str) -> None:
    relationship = paragraph.part.relate_to(xml_text(url), RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relationship)
    run = paragraph.add_run(xml_text(url))
    run.font.underline = True
    run.font.color.rgb = _LINK_COLOUR
    # Move the formatted run inside the hyperlink element.
    hyperlink.append(run._r)
    paragraph._p.append(hyperlink)


def _add_links(document: WordDocument, links: tuple[Link, ...]) -> None:
    paragraph = document.add_paragraph()
    for i, link in enumerate(links):
        if link.label:
            paragraph.add_run(xml_text(f"{link.label}: "))
        if link.clickable:
            _add_hyperlink(paragraph, link.url)
        else:
            paragraph.add_run(xml_text(link.url))
        if i < len(links) - 1:
            paragraph.add_run().add_break(WD_BREAK.LINE)


def _add_block(document: WordDocument, block: Block) -> None:
    if block.kind == "note":
        run = document.add_paragraph().add_run(xml_text(block.text))
        run.italic = True
        run.font.size = Pt(9)
        run.font.color.rgb = _NOTE_COLOUR
    elif block.kind == "heading":
        document.add_heading(xml_text(block.text), level=1)
    elif block.kind == "subheading":
        document.add_heading(xml_text(block.text), level=2)
    elif block.kind == "list":
        for item in block.items:
            document.add_paragraph(xml_text(item), style="List Bullet")
    elif block.kind == "lines":
        _add_lines(document.add_paragraph(), list(block.items))
    elif block.kind == "links":
        _add_links(document, block.links)
    else:
        _add_lines(document.add_paragraph(), block.text.split("\n"))


def build_docx(draft: Draft) -> bytes:
    """The .docx file's bytes: headline, paragraphs, list, links and contacts, in Latvian (or English)."""
    document = Document()
    _set_language(document, LANGUAGE_TAGS.get(draft.lang, draft.lang))
    properties = document.core_properties
    # Sheet text as data: core properties hold at most 255 characters on one line.
    properties.title = docx_property(draft.title)
    properties.subject = docx_property(draft.activity_id)
    properties.author = properties.last_modified_by = "Darbīgās kopienas"
    made_utc = draft.made_at.astimezone(UTC).replace(tzinfo=None)  # stored as UTC
    properties.created = properties.modified = made_utc
    properties.revision = 1
    for block in draft.blocks:
        _add_block(document, block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
