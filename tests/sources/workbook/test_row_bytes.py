"""A row edited as bytes: over random rows (cells with and without `r`, empty and self-closing
cells, formulas, rich text, styles) and random edits, the row stays well-formed XML, every cell
holds what was written or what it held, cells stay in column order, and every cell not edited
keeps its bytes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kopienas.adapters.sources.workbook.refs import ref, xml_text
from kopienas.adapters.sources.workbook.row_bytes import RowBytes, dialect

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROW = 7

cell_bodies = st.sampled_from(
    [
        ("", None),
        ('t="inlineStr"', "<is><t>teksts</t></is>"),
        ('t="s"', "<v>0</v>"),
        ("", "<v>12</v>"),
        ('t="str"', "<f>A1&amp;B1</f><v>ab</v>"),
        ('t="inlineStr"', '<is><r><rPr><color rgb="FF000000"/></rPr><t>rich</t></r></is>'),
        ("", '<f>1+1</f><v>2</v><extLst><ext uri="x"/></extLst>'),
    ]
)
cells_st = st.lists(
    st.tuples(st.integers(1, 12), cell_bodies, st.sampled_from([None, 0, 3]), st.booleans()), max_size=8
)
edits_st = st.lists(
    st.one_of(
        st.tuples(st.just("text"), st.integers(1, 14), st.text(max_size=6), st.sampled_from([None, 0, 5])),
        st.tuples(st.just("style"), st.integers(1, 14), st.just(""), st.sampled_from([0, 4])),
    ),
    max_size=6,
)


def make_row(cells, attrs: str) -> tuple[bytes, dict[int, bytes]]:
    """A row of distinct, ordered columns; a cell without `r` only right after its left neighbour."""
    parts, raw_cells, previous = [], {}, 0
    for col, (kind, inner), style, explicit in sorted({c[0]: c for c in cells}.values()):
        r = f' r="{ref(ROW, col)}"' if explicit or col != previous + 1 else ""
        s = f' s="{style}"' if style is not None else ""
        t = f" {kind}" if kind else ""
        cell = f"<c{r}{s}{t}/>" if inner is None else f"<c{r}{s}{t}>{inner}</c>"
        parts.append(cell)
        raw_cells[col] = cell.encode()
        previous = col
    return f'<row r="{ROW}"{attrs}>{"".join(parts)}</row>'.encode(), raw_cells


def parsed(raw: bytes) -> dict[int, etree._Element]:
    row = etree.fromstring(f'<worksheet xmlns="{MAIN}">'.encode() + raw + b"</worksheet>")[0]
    out, previous = {}, 0
    for c in row.iter(f"{{{MAIN}}}c"):
        col = _col(c.get("r")) if c.get("r") else previous + 1
        assert col not in out and col > previous, "cells in column order, each once"
        out[col] = c
        previous = col
    return out


def _col(r: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", r).group(0):
        n = n * 26 + ord(ch) - 64
    return n


@settings(max_examples=300, deadline=None)
@given(cells_st, edits_st, st.sampled_from(["", ' spans="1:12"', ' ht="30" customHeight="1"']), st.booleans())
def test_a_row_edited_as_bytes_holds_what_was_written_and_keeps_the_rest(cells, edits, attrs, grow):
    raw, raw_cells = make_row(cells, attrs)
    before = parsed(raw)
    row = RowBytes(raw, ROW, dialect(b""), lambda col: 9 if col == 14 else 0)
    expected_text: dict[int, str] = {}
    expected_style: dict[int, int] = {}
    for kind, col, text, style in edits:
        if kind == "text":
            base = row.style(col)
            row.set_text(col, text, style)
            expected_text[col] = text
            expected_style[col] = base if style is None else style
        else:
            had = row.cell(col) is not None and b" s=" in row.cell(col).render(row.d)
            row.set_style(col, style)
            if style or had:
                expected_style[col] = style
    if grow:
        row.grow(45)
    out = row.render()
    after = parsed(out)
    assert set(before) | set(expected_text) <= set(after)
    for col, c in after.items():
        if col in expected_text:
            text = expected_text[col]
            assert "".join(c.itertext()) == xml_text(text) and c.find(f"{{{MAIN}}}f") is None
            assert (c.get("t") == "inlineStr") == (text != "")
        if col in expected_style:
            assert int(c.get("s", "0")) == expected_style[col]
        if col not in expected_text and col not in expected_style and col in raw_cells and b' r="' in raw_cells[col]:
            assert raw_cells[col] in out, "a cell not edited keeps its bytes"
    if not edits and not grow:
        assert out == raw
    if grow:
        element = etree.fromstring(f'<w xmlns="{MAIN}">'.encode() + out + b"</w>")[0]
        assert float(element.get("ht")) >= 45 and element.get("customHeight") == "1"


def test_a_prefixed_sheet_is_edited_in_its_own_prefix():
    raw = b'<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>'
    row = RowBytes(raw, 2, dialect(b"x:"), lambda col: 0)
    row.set_text(3, "b & <c>")
    out = row.render()
    assert (
        out.startswith(raw[:-8]) and b'<x:c r="C2" t="inlineStr"><x:is><x:t>b &amp; &lt;c&gt;</x:t></x:is></x:c>' in out
    )


def test_text_with_line_breaks_and_edge_spaces_keeps_them():
    row = RowBytes(b'<row r="3"/>', 3, dialect(b""), lambda col: 0)
    row.set_text(2, " a\r\nb ")
    out = row.render()
    assert b'xml:space="preserve"' in out and b"&#13;" in out
    [c] = parsed(out).values()
    assert "".join(c.itertext()) == " a\r\nb "
