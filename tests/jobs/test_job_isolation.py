"""One bad input stops one thing: a broken template stops its own job, named with the template's
file and line; the other jobs run, the verdicts are written, and the run exits 3."""

import shutil
from pathlib import Path

from openpyxl import load_workbook

from kopienas.config import PACKAGED_TEMPLATES
from tests.helpers import write_config


def templates_with(tmp_path, name, line_no, text):
    copy = tmp_path / "templates"
    shutil.copytree(PACKAGED_TEMPLATES, copy)
    path = copy / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line_no - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return copy


def run(cli, tmp_path, sample_copy, templates: Path):
    cfg = write_config(tmp_path / "cfg", sample_copy, f'\ntemplates = "{templates}"\n')
    # `templates` is a top-level key: it must come before the first table
    cfg.write_text(f'templates = "{templates}"\n' + cfg.read_text().replace(f'\ntemplates = "{templates}"\n', ""))
    return cli("--config", cfg, "run"), tmp_path / "cfg" / "out"


def verdicts(workbook):
    ws = load_workbook(workbook)["Aktivitātes"]
    header = [c.value for c in ws[1]]
    column = header.index("Pārbaude")
    return [row[column] for row in ws.iter_rows(min_row=2, values_only=True) if any(row)]


def test_a_broken_summary_template_stops_the_summaries_only(cli, tmp_path, sample_copy):
    templates = templates_with(tmp_path, "mail/summary.lv.txt.j2", 3, "{{ week_label }")
    result, out = run(cli, tmp_path, sample_copy, templates)
    assert result.exit_code == 3, result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("Neizdevās darbs")]
    where = templates / "mail" / "summary.lv.txt.j2"
    assert line.startswith(f"Neizdevās darbs nedēļas kopsavilkumi / weekly summaries: {where}, line 3:")
    assert "Traceback" not in result.output and "neparedzēta" not in result.output
    assert all(verdicts(sample_copy))  # the verdicts were written
    assert list((out / "drafts").glob("*/draft.docx"))  # the drafts were made
    assert list((out / "outbox").glob("fixlist_*.eml")) and not list((out / "outbox").glob("summary_*.eml"))


def test_a_broken_draft_template_stops_the_drafts_only(cli, tmp_path, sample_copy):
    last = len((PACKAGED_TEMPLATES / "drafts/lv/text.j2").read_text(encoding="utf-8").splitlines()) + 1
    templates = templates_with(tmp_path, "drafts/lv/text.j2", last, "{% if %}")
    result, out = run(cli, tmp_path, sample_copy, templates)
    assert result.exit_code == 3, result.output
    [line] = [x for x in result.output.splitlines() if x.startswith("Neizdevās darbs")]
    assert line.startswith("Neizdevās darbs melnraksti / drafts: melnraksta veidne ir bojāta: ")
    assert f"text.j2, line {last}" in line
    assert all(verdicts(sample_copy))
    assert not list((out / "drafts").glob("*/draft.docx"))
    assert list((out / "outbox").glob("summary_*.eml")) and list((out / "outbox").glob("fixlist_*.eml"))
