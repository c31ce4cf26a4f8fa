"""The `Kopsavilkums` tab every run writes: figures from valid rows only, by community and year."""

from openpyxl import load_workbook

from tests.helpers import activity, write_config


def tab(path):
    return [[c for c in row] for row in load_workbook(path)["Kopsavilkums"].iter_rows(values_only=True)]


def test_the_sample_totals_match_hand_computed_figures(cli, sample_copy, tmp_path):
    cli("--config", write_config(tmp_path / "cfg", sample_copy), "validate")
    rows = tab(sample_copy)
    assert rows[0][0] == "Darbīgās kopienas — kopsavilkums pa kopienām un gadiem"
    assert rows[1][0].startswith("Atjaunināts: 21.11.2026. plkst. 12.00 (Rīgas laiks)")
    table = {(r[0], r[1]): tuple(r[2:9]) for r in rows if r[0] and isinstance(r[1], int)}
    # Daugavpils 2020, held: opening 24+31, onions 38+12, clean-up 332+48, porridge workshop 9+11
    assert table[("Daugavpils", 2020)] == (4, 0, 0, 403, 102, 505, 12)
    assert table[("Preiļi", 2020)] == (2, 0, 0, 26 + 14, 19 + 17, 76, 2)
    assert table[("Rēzekne", 2019)] == (1, 0, 0, 41, 23, 64, 1)
    assert table[("Daugavpils", 2027)] == (0, 2, 0, 0, 0, 0, 0)  # the spring clean-up and the sorting project
    total = next(r for r in rows if r[0] == "Programmā kopā")
    # Held: 8 rows of 2019–2020 (Ludza's water-safety day is still “Plānota”, a problem row).
    assert tuple(total[2:9]) == (8, 3, 0, 502, 175, 677, 15)
    assert next(r for r in rows if r[0] and r[0].startswith("Rindas ar kļūdām"))[1] == 5


def test_the_tab_is_rewritten_not_appended(cli, workbook_with):
    path, cfg = workbook_with(activity(id="A-1"), activity(id="A-2"))
    cli("--config", cfg, "validate")
    first = tab(path)
    cli("--config", cfg, "validate")
    assert tab(path) == first
    total = next(r for r in first if r[0] == "Programmā kopā")
    assert total[2] == 2 and total[5] == 332 * 2


def test_rows_with_problems_are_left_out_and_counted(cli, workbook_with):
    path, cfg = workbook_with(activity(id="A-1"), activity(id="A-2", total=1))
    cli("--config", cfg, "validate")
    rows = tab(path)
    assert next(r for r in rows if r[0] == "Programmā kopā")[2] == 1
    assert next(r for r in rows if r[0] and r[0].startswith("Rindas ar kļūdām"))[1] == 1


def test_the_weekly_summary_and_the_tab_agree(cli, sample_copy, tmp_path):
    """Both come from totals.community_totals: the year-to-date line of a summary for the last
    week of 2020 equals the tab's 2020 rows."""
    cfg = write_config(tmp_path / "cfg", sample_copy)
    cli("--config", cfg, "validate")
    rows = tab(sample_copy)
    dgp_2020 = next(r for r in rows if r[0] == "Daugavpils" and r[1] == 2020)
    cli("--config", cfg, "summary", "--week", "2020-W52", "--dry-run")
    eml = next((tmp_path / "cfg" / "out" / "dry-run").glob("summary_izglitibas.parvalde*.eml")).read_bytes()
    from email import message_from_bytes, policy

    text = message_from_bytes(eml, policy=policy.default).get_body(("plain",)).get_content()
    line = next(x for x in text.splitlines() if x.startswith("Daugavpils"))
    assert line.split()[1:] == [str(v) for v in dgp_2020[2:3] + dgp_2020[5:9]]
