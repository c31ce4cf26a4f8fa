"""A workbook beyond the tool's limits is refused before it is parsed: one line naming the file and
the limit, exit 2, nothing written — whatever shape the excess takes (zip bombs of several kinds)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters.sources.workbook import bounds
from kopienas.cli import main
from tests.helpers import activity, make_workbook, standard_tabs, write_config

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _valid(folder: Path) -> tuple[Path, Path]:
    path = make_workbook(folder / "wb.xlsx", standard_tabs(activity()))
    return path, write_config(folder / "cfg", path)


def _rewrite(path: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> None:
    """The package with some parts' bytes replaced and others added (streamed: a bomb never sits in memory)."""
    source = zipfile.ZipFile(path)
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    source.close()
    out.replace(path)


def _refused(path: Path, cfg: Path, limit_word: str) -> None:
    before = path.read_bytes(), os.stat(path).st_mtime_ns
    result = CliRunner().invoke(main, ["--config", str(cfg), "validate"], catch_exceptions=False)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1, result.output
    assert "wb.xlsx" in lines[0] and limit_word in lines[0], lines[0]
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["cfg", "wb.xlsx"]  # no temporary left


def _sheet(rows: str) -> bytes:
    return f'<?xml version="1.0"?><worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'.encode()


SHAPES = ("giant part", "ratio", "many parts", "shared strings", "row number", "column", "many rows")


@settings(max_examples=14, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from(SHAPES), over=st.integers(1, 50))
def test_a_workbook_beyond_a_limit_is_refused_whole(tmp_path_factory, monkeypatch, shape, over):
    folder = tmp_path_factory.mktemp("bomb")
    path, cfg = _valid(folder)
    # Small limits, so each shape is built in milliseconds; the real ones are checked below.
    monkeypatch.setattr(bounds, "MAX_PART_BYTES", 200_000)
    monkeypatch.setattr(bounds, "MAX_TOTAL_BYTES", 400_000)
    monkeypatch.setattr(bounds, "RATIO_FLOOR", 50_000)
    monkeypatch.setattr(bounds, "MAX_PARTS", 60)
    monkeypatch.setattr(bounds, "MAX_SHARED_STRINGS", 1_000)
    monkeypatch.setattr(bounds, "MAX_ROWS", 5_000)
    sheet = "xl/worksheets/sheet1.xml"
    if shape == "giant part":  # incompressible, so only its size is beyond
        noise = os.urandom(100_000 + over * 1_000).hex().encode()
        _rewrite(path, {}, {"xl/media/image1.bin": noise})
        word = "MiB"
    elif shape == "ratio":
        _rewrite(path, {}, {"xl/media/image1.bin": b"\0" * (60_000 + over * 2_000)})
        word = "200"
    elif shape == "many parts":
        _rewrite(path, {}, {f"customXml/item{i}.xml": b"<a/>" for i in range(60 + over)})
        word = "60"
    elif shape == "shared strings":
        strings = "".join(f"<si><t>{i}</t></si>" for i in range(1_000 + over))
        rels = (
            zipfile.ZipFile(path)
            .read("xl/_rels/workbook.xml.rels")
            .replace(
                b"</Relationships>",
                b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/sharedStrings"/></Relationships>',
            )
        )
        _rewrite(
            path,
            {"xl/_rels/workbook.xml.rels": rels},
            {"xl/sharedStrings.xml": f"<sst {NS}>{strings}</sst>".encode()},
        )
        word = "1000"
    elif shape == "row number":
        _rewrite(path, {sheet: _sheet(f'<row r="{5_000 + over}"><c r="A{5_000 + over}"><v>1</v></c></row>')})
        word = "5000"
    elif shape == "column":
        _rewrite(path, {sheet: _sheet(f'<row r="1"><c r="XF{chr(69 + over % 20)}1"><v>1</v></c></row>')})
        word = "16384"
    else:
        _rewrite(path, {sheet: _sheet("<row/>" * (5_000 + over))})
        word = "5000"
    _refused(path, cfg, word)


@pytest.mark.slow  # 400 MiB deflated on the way
def test_the_issues_bomb_a_small_file_inflating_to_400_mb_is_refused_at_the_real_limits(tmp_path):
    path, cfg = _valid(tmp_path)
    source = zipfile.ZipFile(path)
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode())
            chunk = b" " * (4 * bounds.MIB)
            for _ in range(100):  # 400 MiB of blanks, a few hundred KB compressed
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    source.close()
    out.replace(path)
    assert path.stat().st_size < 1 * bounds.MIB
    _refused(path, cfg, "MiB")


def test_a_real_workbook_is_well_inside_the_limits(tmp_path):
    _, cfg = _valid(tmp_path)
    result = CliRunner().invoke(main, ["--config", str(cfg), "validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
