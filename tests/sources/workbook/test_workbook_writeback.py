"""The verdicts land in the workbook, and nothing else in it changes."""

import os
import stat

from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from kopienas.adapters.sources.workbook.source import AUTHOR, MARK_COLOR
from tests.helpers import COMMUNITIES, INSTITUTIONS, PARTNERS, activity, activity_rows, make_workbook, write_config


def column(ws, header):
    return next(c.column for c in ws[1] if c.value == header)


def cell(path, header, row, tab="Aktivitātes"):
    ws = load_workbook(path)[tab]
    return ws.cell(row, column(ws, header))


def test_verdicts_comments_and_fills_are_written(cli, workbook_with):
    path, cfg = workbook_with(activity(id="DGP-2020-01"), activity(id="DGP-2020-02", total=381, phone="1"))
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 1
    assert cell(path, "Pārbaude", 2).value == "Labi"
    check = cell(path, "Pārbaude", 3).value.splitlines()
    assert check[0].startswith("Kopā (381) nesakrīt") and check[1].startswith("Tālrunis: “1”")
    total = cell(path, "Kopā", 3)
    assert total.comment.author == AUTHOR and "332 + 48 = 380" in total.comment.text
    assert total.fill.fgColor.rgb == MARK_COLOR
    assert cell(path, "Kopā", 2).comment is None


def test_fixed_cells_lose_their_marks_on_the_next_run(cli, workbook_with):
    path, cfg = workbook_with(activity(total=381))
    cli("--config", cfg, "validate")
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    ws.cell(2, column(ws, "Kopā")).value = 380
    wb.save(path)
    assert cli("--config", cfg, "validate").exit_code == 0
    total = cell(path, "Kopā", 2)
    assert total.comment is None and total.fill.fill_type is None
    assert cell(path, "Pārbaude", 2).value == "Labi"


def test_a_coordinators_own_comment_and_colour_are_kept(cli, workbook_with):
    from openpyxl.comments import Comment

    path, cfg = workbook_with(activity())
    wb = load_workbook(path)
    ws = wb["Aktivitātes"]
    place = ws.cell(2, column(ws, "Vieta"))
    place.comment = Comment("Jāprecizē adrese", "Arvita")
    place.fill = PatternFill("solid", fgColor="FFFFFF00")
    wb.save(path)
    cli("--config", cfg, "validate")
    place = cell(path, "Vieta", 2)
    assert place.comment.text.startswith("Jāprecizē adrese") and place.fill.fgColor.rgb == "FFFFFF00"


def test_assigned_ids_are_written_back_and_stable(cli, workbook_with):
    path, cfg = workbook_with(activity(id="DGP-2020-01"), activity(id="", title="Putru darbnīca"))
    result = cli("--config", cfg, "validate")
    assert "3. rindai piešķirts ID DGP-2020-02" in result.output
    assert cell(path, "ID", 3).value == "DGP-2020-02"
    again = cli("--config", cfg, "validate")
    assert "piešķirts" not in again.output and cell(path, "ID", 3).value == "DGP-2020-02"


def test_nothing_else_in_the_workbook_changes(cli, tmp_path):
    rows = activity_rows(activity(), activity(id="B-1", total=1))
    rows[0].append("Piezīmes")
    rows[1].append("koordinatora piezīme")
    path = make_workbook(
        tmp_path / "wb.xlsx",
        {
            "Kopienas": COMMUNITIES,
            "Aktivitātes": rows,
            "Iestādes": INSTITUTIONS,
            "Partneri": PARTNERS,
            "Aprēķini": [["a", "b", "summa"], [1, 2, "=A2+B2"]],
        },
    )
    wb = load_workbook(path)
    wb["Aktivitātes"].column_dimensions["B"].width = 42
    wb["Aktivitātes"]["B2"].fill = PatternFill("solid", fgColor="FF00FF00")
    wb["Aktivitātes"].freeze_panes = "A2"
    wb.save(path)
    before = {ws.title: [[c.value for c in r] for r in ws.iter_rows()] for ws in load_workbook(path)}

    cli("--config", write_config(tmp_path / "cfg", path), "validate")

    after_wb = load_workbook(path)
    # the only new tabs are the tool's own: totals and its state (the workbook's identity), at the end
    assert after_wb.sheetnames == [
        *("Kopienas", "Aktivitātes", "Iestādes", "Partneri", "Aprēķini"),
        *("Kopsavilkums", "Rīka stāvoklis"),
    ]
    for title, rows_before in before.items():
        rows_after = [[c.value for c in r] for r in after_wb[title].iter_rows()]
        if title != "Aktivitātes":
            assert rows_after == rows_before, title
            continue
        width = len(rows_before[0])
        assert [r[:width] for r in rows_after] == rows_before  # every coordinator cell as it was
        assert rows_after[0][width:] == ["Pārbaude"]  # one new column, at the right
    ws = after_wb["Aktivitātes"]
    assert ws.column_dimensions["B"].width == 42 and ws["B2"].fill.fgColor.rgb == "FF00FF00"
    assert ws.freeze_panes == "A2"
    assert after_wb["Aprēķini"]["C2"].value == "=A2+B2"


def test_no_write_back_changes_nothing(cli, workbook_with):
    path, cfg = workbook_with(activity(total=1))
    before = path.read_bytes()
    assert cli("--config", cfg, "validate", "--no-write-back").exit_code == 1
    assert path.read_bytes() == before


def test_a_copy_target_leaves_the_source_untouched(cli, workbook_with, tmp_path):
    path, cfg = workbook_with(activity(total=1), config_extra="")
    cfg.write_text(cfg.read_text().replace("[output]", f'write_to = "{tmp_path / "copy.xlsx"}"\n\n[output]'))
    before = path.read_bytes()
    cli("--config", cfg, "validate")
    assert path.read_bytes() == before
    assert cell(tmp_path / "copy.xlsx", "Pārbaude", 2).value.startswith("Kopā (1)")


def test_a_workbook_open_in_libreoffice_is_busy_not_broken(cli, workbook_with):
    path, cfg = workbook_with(activity(total=1))
    lock = "Arvita Kalniņa,arvita,birojs,07.12.2026 05:18,file:///home/arvita/.config/libreoffice/4;"
    (path.parent / f".~lock.{path.name}#").write_text(lock, encoding="utf-8")
    before = path.read_bytes()
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 4  # busy: nothing was done, the next run tries again
    assert "atvērta citā programmā (atvēris Arvita Kalniņa)" in result.output
    assert path.read_bytes() == before


def test_a_read_only_workbook_fails_cleanly(cli_as_user, workbook_with):
    path, cfg = workbook_with(activity(total=1))
    path.chmod(stat.S_IRUSR)
    path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = cli_as_user("--config", cfg, "validate")
    finally:
        path.parent.chmod(stat.S_IRWXU)
    assert result.exit_code == 3 and "Nevar saglabāt" in result.output and "Kopā (1)" in result.output


def test_a_failed_save_leaves_the_old_workbook_and_no_temp_files(cli, workbook_with, monkeypatch):
    path, cfg = workbook_with(activity(total=1))
    before = path.read_bytes()

    def disk_full(src, dst, **at):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 3 and "No space left on device" in result.output
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".kopienas-")] == []


def test_the_sample_workbook_reads_with_blank_rows_and_text_dates(cli, sample_copy, tmp_path):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    result = cli("--config", cfg, "validate", "--format", "json")
    import json

    report = json.loads(result.output)
    assert report["rows_checked"] == 16 and report["rows_with_problems"] == 5
    # The sample has no DGP-2020-03 (a deleted row): the new row gets a number above every one used.
    assert {"row": 15, "id": "DGP-2020-08"} in report["assigned_ids"]
    kinds = {p["type"] for p in report["problems"]}
    assert kinds >= {
        "total_mismatch",
        "unknown_institution",
        "invalid_phone",
        "unknown_community",
        "end_before_start",
        "invalid_email",
        "invalid_link",
        "cell_format",
        "duplicate_id",
        "held_in_future",
        "overdue_planned",
    }


def test_a_workbook_saved_by_someone_between_read_and_write_gets_verdicts_by_id(workbook_with):
    from kopienas.adapters.sources.workbook.source import WorkbookSource
    from kopienas.app.pipeline import check
    from kopienas.config import load_config
    from kopienas.core.writeback import plan_from_report

    path, cfg = workbook_with(activity(id="A-1"), activity(id="A-2", total=1), activity(id="A-3"))
    config = load_config(cfg)
    source = WorkbookSource(path)
    checked = check(config, source)
    wb = load_workbook(path)  # a coordinator inserts a row above and deletes A-3, and saves
    ws = wb["Aktivitātes"]
    ws.insert_rows(2)
    ws["A2"], ws["B2"] = "NEW-1", "Jauna rinda"
    ws.delete_rows(5)
    wb.save(path)
    result = source.write(plan_from_report(checked.report, config.headers["activities"], config.tool_headers))
    assert [u.original_id for u in result.skipped] == ["A-3"]
    ws = load_workbook(path)["Aktivitātes"]
    col = column(ws, "Pārbaude")
    got = {ws.cell(r, 1).value: ws.cell(r, col).value for r in range(2, ws.max_row + 1)}
    assert got["NEW-1"] is None and got["A-1"] == "Labi" and got["A-2"].startswith("Kopā (1)")
