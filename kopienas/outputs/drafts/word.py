"""A draft as a Word document (.docx), built from its blocks — never by parsing Markdown.

A4 pages with 2.5 cm margins; Word's own styles (Title for the headline, Heading 1 for the
contacts, Normal, List Bullet, and "Draft Note" for the note) set in a font with every Latvian
letter; the language set on the text (Latvian paragraphs of an English draft marked Latvian);
title, author, subject and language in the document's properties.
"""

from __future__ import annotations

from datetime import UTC
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from kopienas.core.safe_text import docx_property, xml_text
from kopienas.core.words import drafts as said
from kopienas.outputs.drafts.render import Block, Draft, Link

# Word's spelling and hyphenation follow the language set on the text.
LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}
FONT = "Times New Roman"  # every Latvian letter (ā č ē ģ ī ķ ļ ņ š ū ž), on every Word installation
NOTE_STYLE = "Draft Note"

_NOTE_COLOUR = RGBColor(0x6B, 0x5B, 0x00)
_LINK_COLOUR = RGBColor(0x0B, 0x57, 0xA4)
_HEADING_STYLES = ("Title", "Heading 1", "Heading 2")


def _set_lang(rpr, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _set_font(rpr, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _set_up(document: WordDocument, tag: str) -> None:
    """A4 pages; the font and language of all text: document defaults, Normal and the headings."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    styles = document.styles
    default_rpr = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if default_rpr is not None:
        _set_lang(default_rpr, tag)
        _set_font(default_rpr, FONT)
    normal = styles["Normal"]
    normal.font.size = Pt(12)
    for name in ("Normal", *_HEADING_STYLES, "List Bullet"):
        rpr = styles[name].element.get_or_add_rPr()
        _set_lang(rpr, tag)
        _set_font(rpr, FONT)
    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.italic = True
    note.font.size = Pt(9)
    note.font.color.rgb = _NOTE_COLOUR
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


def _mark_language(paragraph: Paragraph, lang: str) -> None:
    tag = LANGUAGE_TAGS.get(lang, lang)
    for run in paragraph.runs:
        _set_lang(run._r.get_or_add_rPr(), tag)


def _add_block(document: WordDocument, block: Block) -> None:
    if block.kind == "note":
        document.add_paragraph(xml_text(block.text), style=NOTE_STYLE)
    elif block.kind == "heading":
        document.add_paragraph(xml_text(block.text), style="Title")
    elif block.kind == "subheading":
        document.add_paragraph(xml_text(block.text), style="Heading 1")
    elif block.kind == "list":
        for item in block.items:
            document.add_paragraph(xml_text(item), style="List Bullet")
    elif block.kind == "lines":
        _add_lines(document.add_paragraph(), list(block.items))
    elif block.kind == "links":
        _add_links(document, block.links)
    else:
        paragraph = document.add_paragraph()
        _add_lines(paragraph, block.text.split("\n"))
        if block.lang:
            _mark_language(paragraph, block.lang)


def build_docx(draft: Draft) -> bytes:
    """The .docx file's bytes: headline, paragraphs, list, links and contacts, in Latvian (or English)."""
    document = Document()
    _set_up(document, LANGUAGE_TAGS.get(draft.lang, draft.lang))
    properties = document.core_properties
    # Sheet text as data: core properties hold at most 255 characters on one line.
    properties.title = docx_property(draft.title)
    properties.subject = docx_property(draft.activity_id)
    properties.author = properties.last_modified_by = draft.author
    properties.comments = properties.keywords = ""  # python-docx's own "generated by python-docx"
    properties.keywords = said.DOCUMENT_KEYWORDS
    properties.category = said.DOCUMENT_CATEGORY["lv" if draft.lang == "lv" else "en"]
    made_utc = draft.made_at.astimezone(UTC).replace(tzinfo=None)  # stored as UTC
    properties.created = properties.modified = made_utc
    properties.revision = 1
    for block in draft.blocks:
        _add_block(document, block)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
