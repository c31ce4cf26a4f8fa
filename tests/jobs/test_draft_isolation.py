"""One draft's failure is that draft's: an unwritable draft folder fails its own row (a note in
the sheet, a line in the output, exit 3), and every other marked row still gets its draft, its
note and its press-office mail."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.helpers import ACTIVITY_HEADERS, activity, make_workbook, standard_tabs, write_config

DRAFT_COL = len(ACTIVITY_HEADERS) + 2  # after `Pārbaude`


def test_one_unwritable_draft_folder_stops_only_its_draft(cli, tmp_path):
    rows = [activity(id=f"DGP-2020-0{i}", title=f"Talka {i}") for i in range(1, 4)]
    path = make_workbook(tmp_path / "wb.xlsx", standard_tabs(*rows))
    cfg = write_config(tmp_path / "cfg", path, '\n[mail]\npress_office = "prese@example.com"\n')
    drafts = tmp_path / "cfg" / "out" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "DGP-2020-02").write_text("a file where the folder should be")
    result = cli("--config", cfg, "run")
    assert result.exit_code == 3, result.output
    assert "Neizdevās darbs melnraksti / drafts: nevar ierakstīt melnrakstu mapē" in result.output
    assert (drafts / "DGP-2020-01" / "draft.md").is_file() and (drafts / "DGP-2020-03" / "draft.md").is_file()
    ws = load_workbook(path)["Aktivitātes"]
    notes = [ws.cell(r, DRAFT_COL).value for r in (2, 3, 4)]
    assert notes[1] == "Nav sagatavots: melnrakstu nevarēja ierakstīt."
    assert "DGP-2020-01/ (sagatavots " in notes[0] and "DGP-2020-03/ (sagatavots " in notes[2], notes
    outbox = tmp_path / "cfg" / "out" / "outbox"
    press = [p for p in outbox.rglob("*.eml") if b"prese@example.com" in p.read_bytes()]
    assert len(press) == 2


@given(st.lists(st.booleans(), min_size=1, max_size=5))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whichever_folders_fail_every_other_draft_is_made(cli, tmp_path_factory, broken):
    tmp_path = tmp_path_factory.mktemp("iso")
    rows = [activity(id=f"DGP-2020-{i + 10}", title=f"Talka {i}") for i in range(len(broken))]
    path = make_workbook(tmp_path / "wb.xlsx", standard_tabs(*rows))
    cfg = write_config(tmp_path / "cfg", path)
    drafts = tmp_path / "cfg" / "out" / "drafts"
    drafts.mkdir(parents=True)
    for i, bad in enumerate(broken):
        if bad:
            (drafts / f"DGP-2020-{i + 10}").write_text("not a folder")
    result = cli("--config", cfg, "drafts")
    assert result.exit_code == (3 if any(broken) else 0), result.output
    for i, bad in enumerate(broken):
        assert (drafts / f"DGP-2020-{i + 10}").is_file() == bad
        assert (drafts / f"DGP-2020-{i + 10}" / "draft.md").is_file() != bad
