"""The problem kinds are one catalogue, and the reference's table of JSON `type` values
(docs/reference.md, moved there from the README) is that catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

from kopienas.core.words import problems

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_lists_every_problem_type() -> None:
    readme = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert problems.docs_table() in readme, (
        "docs/reference.md's problem-type table differs: paste problems.docs_table()"
    )
    for kind in problems.CATALOGUE:
        assert f"| `{kind.type}` | {kind.tab} |" in readme


def test_every_problem_is_made_from_the_catalogue() -> None:
    """No `Problem("some_type", …)` outside the catalogue: a new kind is added there, with its wording."""
    literal_kinds = []
    for path in sorted((ROOT / "kopienas").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Problem"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                literal_kinds.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert literal_kinds == []


def test_the_types_are_the_published_ones() -> None:
    """These are part of the JSON output: a rename breaks the scripts that read it."""
    assert {k.type for k in problems.CATALOGUE} == {
        "cell_format", "invalid_id", "no_id_left", "invalid_community_code", "duplicate_id", "required",
        "held_before_end", "press_without_description",
        "unknown_community", "end_before_start", "held_in_future", "overdue_planned", "total_mismatch",
        "unknown_institution", "invalid_phone", "invalid_email", "invalid_link", "duplicate_header",
        "missing_column", "rows_below_table", "invalid_code", "no_address", "duplicate_email",
        "duplicate_name", "invalid_active",
    }  # fmt: skip
