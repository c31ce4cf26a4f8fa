"""The workbook reader reads what openpyxl reads: over messy workbooks — scattered cells of every
kind, dates in many number formats, text with XML's special characters, formulas without a saved
result, fills — its tables equal the ones built from openpyxl's read-only, data-only mode, with its
fills and formula cells as openpyxl's full load sees them. Each workbook is also read as other
programs save it: UTF-8 text instead of character references, shared strings instead of inline
ones, and a namespace prefix on every element (the form the reader leaves to lxml whole); and
hand-written sheets hold every other form XML allows."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from kopienas.adapters.sources.workbook import numbers, reader
from kopienas.adapters.sources.workbook.reader import read_tables, table_of
from kopienas.core import cells
from kopienas.core.formula_cells import mark_empty_formulas
from tests.xlsx_diff import with_workbook_part

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
FORMATS = [
    "General", "0", "0.00", "yyyy-mm-dd", "dd.mm.yyyy", "d/m/yy h:mm", "h:mm:ss", "[h]:mm:ss", "mm:ss.0",
    '0.0 "d"', "[Red]0.00", "[$-426]dd/mm/yyyy", "@", "#,##0;[Red]-#,##0", 'yyyy"年"m"月"', "[mm]:ss",
]  # fmt: skip
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("&<>\"'\n\t"), max_size=10
)
numbers_ = st.one_of(st.integers(-(10**9), 10**9), st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False))
dated = st.tuples(st.floats(0, 80000, allow_nan=False), st.sampled_from(FORMATS))
values = st.one_of(
    st.none(), texts, numbers_, st.booleans(), dated,
    st.sampled_from(["=1+1", "=A2", '="x"&"y"', "=NA()"]),
    st.datetimes(datetime.datetime(1900, 3, 1), datetime.datetime(2100, 1, 1)),
)  # fmt: skip
fills = st.one_of(st.none(), st.sampled_from(["FFFCE4E4", "FFE7E6E6", "FF00FF00"]))
cells_ = st.lists(st.tuples(st.integers(1, 40), st.integers(1, 30), values, fills), max_size=40)


def _workbook(sheets: list[list[tuple]], date1904: bool) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    wb.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    for i, placed in enumerate(sheets):
        ws = wb.create_sheet(f"Lapa {i}")
        for row, col, value, fill in placed:
            cell = ws.cell(row, col)
            if isinstance(value, tuple):
                cell.value, cell.number_format = value
            elif value is not None:
                cell.value = value
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rewritten(data: bytes, change) -> bytes:
    """The package with each sheet part re-serialised by `change(root) -> bytes`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                body = change(etree.fromstring(body))
            dst.writestr(info, body)
    return out.getvalue()


def _shared(data: bytes) -> bytes:
    """The package as Excel saves it: every inline string moved to the shared strings part."""
    strings: list = []

    def move(root) -> bytes:
        for c in root.iter(f"{{{NS}}}c"):
            inline = c.find(f"{{{NS}}}is")
            if c.get("t") == "inlineStr" and inline is not None:
                c.remove(inline)
                inline.tag = f"{{{NS}}}si"
                strings.append(inline)
                c.set("t", "s")
                etree.SubElement(c, f"{{{NS}}}v").text = str(len(strings) - 1)
        return _utf8(root)

    data = _rewritten(data, move)
    table = etree.Element(f"{{{NS}}}sst", nsmap={None: NS})
    table.extend(strings)
    strings_xml = etree.tostring(table, xml_declaration=True, encoding="UTF-8")
    return with_workbook_part(data, "sharedStrings.xml", strings_xml, "sharedStrings", "rIdStrings")


def _utf8(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _prefixed(root) -> bytes:
    text = _utf8(root).decode()
    text = re.sub(r"<(/?)(?=[A-Za-z])", r"<\1x:", text).replace(f'xmlns="{NS}"', f'xmlns:x="{NS}"')
    return text.replace("<x:?xml", "<?xml").encode()


def _as_openpyxl(data: bytes) -> dict:
    """The tables as the tool once read them: openpyxl read-only and data-only, fills and formula
    cells from its full load."""
    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    full = load_workbook(io.BytesIO(data))
    tables = {}
    for ws in values.worksheets:
        ws.reset_dimensions()
        numbered: list[tuple[int, tuple]] = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if any(not cells.is_blank(v) for v in row):
                numbered.append((number, tuple(row)))
            elif numbered and numbered[-1][1]:
                numbered.append((number, ()))
        while numbered and not numbered[-1][1]:
            numbered.pop()
        sheet = full[ws.title]
        fills = {
            (c.row, c.column - 1): "#" + c.fill.fgColor.rgb[-6:]
            for c in sheet._cells.values()  # the cells the file has (iter_rows would visit the whole dimension)
            if c.fill is not None and c.fill.fill_type == "solid"
        }
        tables[ws.title] = table_of(ws.title, numbered, {}, fills)
    formulas = {
        ws.title: {(c.row, c.column - 1) for c in ws._cells.values() if c.data_type == "f"} for ws in full.worksheets
    }
    return mark_empty_formulas(tables, formulas)


def _same(read: dict, expected: dict) -> None:
    assert read.keys() == expected.keys()
    for title, table in expected.items():
        got = read[title]
        assert (got.header_row, got.header, got.rows) == (table.header_row, table.header, table.rows)
        kinds = [type(v) for _, row in got.rows for v in row]
        assert kinds == [type(v) for _, row in table.rows for v in row]
        assert dict(got.fills) == dict(table.fills)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets=st.lists(cells_, min_size=1, max_size=3), date1904=st.booleans())
def test_a_messy_workbook_reads_as_openpyxl_reads_it_however_it_was_saved(sheets, date1904):
    data = _workbook(sheets, date1904)
    expected = _as_openpyxl(data)
    _same(read_tables(data), expected)
    _same(read_tables(_rewritten(data, _utf8)), expected)
    _same(read_tables(_rewritten(data, _prefixed)), expected)
    _same(read_tables(_shared(data)), expected)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    serials=st.lists(st.sampled_from([0.5, 1, 59, 60, 61, 44545, 44545.25, 2958466, -1]), min_size=1, max_size=12),
    formats=st.lists(st.sampled_from(["dd.mm.yyyy", "[h]:mm:ss", "h:mm", "0.00", "General"]), min_size=1, max_size=4),
    date1904=st.booleans(),
)
def test_the_same_serial_down_a_column_reads_as_openpyxl_reads_it_in_each_format(serials, formats, date1904):
    """A date converted once and given to every row that holds it is the value of each row."""
    placed = [
        (row + 2, col + 1, (serial, code), None)
        for row, serial in enumerate(serials * 2)
        for col, code in enumerate(formats)
    ]
    data = _workbook([placed], date1904)
    _same(read_tables(data), _as_openpyxl(data))


@given(
    st.binary(max_size=64)
    | st.lists(st.sampled_from([b"!", b"?", b"<", b"a", b"<!", b"<?", b"!" * 700]), max_size=12).map(b"".join)
)
@example(b"!" * 2000 + b"<!")
@example(b"?!" * 2000)
@example(b"<" + b"!" * 2000)
def test_a_declaration_or_instruction_is_found_wherever_it_stands(xml):
    assert reader._declarations(xml) == (b"<!" in xml or b"<?" in xml)


format_text = st.text(st.sampled_from('dmyhsDMYHS0#.,;:@_\\"[]$-/ Redbmhs'), max_size=14)


@given(code=st.one_of(format_text, st.sampled_from(FORMATS), st.sampled_from(list(BUILTIN_FORMATS.values()))))
def test_a_number_format_is_a_date_or_a_duration_exactly_when_openpyxl_says_so(code):
    assert numbers.is_date_format(code) == is_date_format(code)
    assert numbers.is_duration_format(code) == is_timedelta_format(code)


def test_the_built_in_date_formats_are_openpyxls():
    assert {i for i, f in BUILTIN_FORMATS.items() if is_date_format(f)} == numbers.BUILTIN_DATES
    assert {i for i, f in BUILTIN_FORMATS.items() if is_timedelta_format(f)} == numbers.BUILTIN_DURATIONS
    assert (numbers.WINDOWS_1900, numbers.MAC_1904) == (CALENDAR_WINDOWS_1900, CALENDAR_MAC_1904)


@given(
    value=st.one_of(st.floats(-1000, 3e6, allow_nan=False), st.integers(-1000, 3 * 10**6)),
    mac=st.booleans(),
    duration=st.booleans(),
)
def test_a_serial_number_is_the_date_openpyxl_makes_of_it(value, mac, duration):
    epoch = CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
    try:
        expected = from_excel(value, epoch, timedelta=duration)
    except (OverflowError, ValueError) as e:
        expected = type(e)
    try:
        got = numbers.from_excel(value, epoch, timedelta=duration)
    except (OverflowError, ValueError) as e:
        got = type(e)
    assert got == expected
    assert type(got) is type(expected)


def test_cells_out_of_order_in_a_row_are_placed_as_openpyxl_places_them(tmp_path):
    data = _workbook(
        [[(2, 1, "ID", None), (3, 1, "a", "FFFCE4E4"), (3, 2, "=B1", "FFFCE4E4"), (3, 4, 5, "FFFCE4E4")]], False
    )

    def shuffled(root) -> bytes:
        row = root.find(f"{{{NS}}}sheetData")[1]
        cells_ = list(row)
        row[:] = [cells_[2], cells_[0], cells_[1]]  # D3, A3, B3: the last one decides the row's length
        return _utf8(root)

    data = _rewritten(data, shuffled)
    _same(read_tables(data), _as_openpyxl(data))


SHEET = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" xmlns:x14ac="{X14AC}"><sheetData>{{}}</sheetData></worksheet>'
ROWS = {
    "rich inline text": '<row r="1"><c r="A1" t="inlineStr"><is><r><t>ID </t></r><r><rPr><b/></rPr><t>x</t></r></is></c></row>',
    "empty inline text": '<row r="1"><c r="A1" t="inlineStr"><is><t/></is></c><c r="B1" t="inlineStr"><is><t></t></is></c>'
    '<c r="C1" t="inlineStr"><is/></c><c r="D1" t="inlineStr"><v>1</v></c><c r="E1" t="n"><v></v></c></row>',
    "kinds": '<row r="2"><c r="A2" t="e"><v>#N/A</v></c><c r="B2" t="str"><f>A1</f><v>ab</v></c><c r="C2" t="b">'
    '<v>1</v></c><c r="D2" t="d"><v>2021-03-04T05:06:07</v></c><c r="E2"><v>-1.5E3</v></c><c r="F2" t="s"><v>0</v></c></row>',
    "references": '<row r="1"><c r="A1" t="inlineStr"><is><t>&#x41;&amp;&lt;&#257;&quot;</t></is></c>'
    '<c r="B1" t="str"><v>&gt;&apos;</v></c><c r="C1"><v>&#49;2</v></c></row>',
    "references that look alike": '<row r="1"><c r="A1" t="inlineStr"><is><t>&amp;#257;&#257;&#38;#257;&#x101;'
    '&#60;b&#62;&#9;&#10;&#13;&#x1F600;</t></is></c><c r="B1" t="str"><f>"&#257;"</f><v>&#257;&amp;amp;</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>&#38;amp;&#x26;#x101;&#34;&#39;</t></is></c></row>',
    "line ends": '<row r="1"><c r="A1" t="inlineStr"><is><t>a\r\nb\rc</t></is></c><c r="B1" t="inlineStr">'
    '<is><t xml:space="preserve"> d&#13;</t></is></c></row>',
    "rows and cells without numbers": '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>'
    '<row spans="1:2"><c r="C2"><v>3</v></c><c><v>4</v></c></row><row r="5"/><row r="4"><c r="A4"><v>9</v></c></row>',
    "markup between rows": '<row r="1"><c r="A1"><v>1</v></c></row><!-- a note --><row r="2"><c r="A2"><v>2</v></c></row>',
    "attributes in another order": '<row r="1" ht="20" customHeight="1"><c t="inlineStr" r="A1" s="0"><is><t>a</t></is></c>'
    '<c r="B1" s="0" t="n" cm="1"><v>2</v></c></row>',
    "excel's row attributes": '<row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><r><t>b'
    "</t></r></is></c></row><row r='3' x14ac:dyDescent='0.25'><c r=\"A3\"><v>3</v></c></row>",
    "a stray cell far away": '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
    "formulas": '<row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1</f><v></v></c>'
    '<c r="C1" t="str"><f>"x"</f><v></v></c><c r="D1"><f>1</f><v>1</v></c></row>',
}


@pytest.mark.parametrize("rows", ROWS.values(), ids=ROWS.keys())
def test_a_sheet_in_any_form_xml_allows_reads_as_openpyxl_reads_it(rows):
    base = _shared(_workbook([[(1, 1, "kopīgs", None)]], False))  # shared string 0, for the "s" cell
    sheet = SHEET.format(rows).encode()
    data = _rewritten(base, lambda root: sheet)
    _same(read_tables(data), _as_openpyxl(data))
