"""The benchmark harness runs end to end at tiny sizes. Benchmarks are not tests: nothing here
looks at a time, only at the table's shape and the API call count."""

import pytest

from bench.__main__ import main

EXPECTED = (
    "API calls per run",
    "Wall time at",
    "Core rows/s (read+validate+plan) — vs JSON decode",
    "Core rows/s (read+validate+plan) — vs openpyxl xlsx read",
    "slowest core stage",
    "Drafts/s",
    "Peak RSS",
    "Mail, STARTTLS+AUTH",
    "Start-up: kopienas --help",
    "Workbook validate+write, first pass CPU",
    "Workbook validate, unchanged pass CPU",
    "Workbook peak RSS",
    "Google steady-state pass: bytes up",
)


def table_rows(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]  # no header, no ---


@pytest.mark.slow
def test_quick_bench_prints_every_measurement_and_kopienas_stays_at_four_calls(tmp_path, capsys):
    out = tmp_path / "bench.md"
    main(["--quick", "--markdown", str(out)])

    printed = capsys.readouterr().out
    assert printed.startswith("Machine: ")
    rows = table_rows(out.read_text(encoding="utf-8"))
    for label in EXPECTED:
        assert any(label in r[0] for r in rows), label

    calls = [r for r in rows if r[0].startswith("API calls per run")]
    assert len(calls) == 2
    for _measurement, size, kopienas, naive, *_ in calls:
        assert int(kopienas) <= 4, size
        assert int(naive.split()[0].replace(",", "")) > int(kopienas), size


def test_the_unchanged_workbook_pass_leaves_the_file_untouched_and_google_gets_nothing_up(tmp_path):
    out = tmp_path / "bench.md"
    main(["--quick", "--only", "passes", "--markdown", str(out)])
    rows = {r[0]: r for r in table_rows(out.read_text(encoding="utf-8"))}
    unchanged = next(r for label, r in rows.items() if label.startswith("Workbook validate, unchanged"))
    assert "file untouched (yes)" in unchanged[5]
    google = next(r for label, r in rows.items() if label.startswith("Google steady-state"))
    assert google[2].startswith("up 0.0 KB"), google
