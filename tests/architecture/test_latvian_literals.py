"""Every Latvian phrase lives in `kopienas/core/words/`: a string literal with a Latvian letter
anywhere else is listed here with the reason it stays (run this file to print them all).

Docstrings and comments are not counted."""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LATVIAN = re.compile("[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]")

# Whole files of data: their Latvian is what they describe, not what the tool says.
DATA_FILES = {
    "kopienas/core/contract.py": "the sheet contract: tab titles, headers, their help, status and yes/no values",
    "kopienas/core/sample_data.py": "the sample spreadsheet's rows (made-up activities, names, places)",
}
# Single literals, by file: (the literal, why it stays).
ALLOWED: dict[str, list[tuple[str, str]]] = {
    "kopienas/core/cells.py": [
        ("jā", "input vocabulary: the yes/no a coordinator may type"),
        ("nē", "input vocabulary: the yes/no a coordinator may type"),
        ("Jā", "input vocabulary: a checkbox read as text"),
        ("Nē", "input vocabulary: a checkbox read as text"),
    ],
    "kopienas/core/sheet_setup.py": [
        ("Jā", "input vocabulary: the checkbox values `init` offers"),
        ("Nē", "input vocabulary: the checkbox values `init` offers"),
    ],
    "kopienas/core/identifiers.py": [
        ("A-Za-z0-9ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž", "the letters an ID may contain (a pattern, not a phrase)"),
    ],
    "kopienas/app/unattended/plan.py": [
        *((day, "input vocabulary: a Latvian weekday `schedule.summary_day` accepts besides the English one")
          for day in ("trešdiena", "svētdiena")),
    ],
    "kopienas/config/schema.py": [
        ("Darbīgās kopienas <kopienas@example.lv>", "a setting's default value (`mail.sender`), as the starter file"),
    ],
    "kopienas/outputs/drafts/english.py": [
        (r"[āčēģīķļņšūž]|\b(?:un|ar|ir|kā|bet|arī|no|uz|par|tika|kas)\b", "a pattern that recognises Latvian text"),
    ],
    "kopienas/core/institutions.py": [
        (r"\s+[a-zāčēģīķļņšūž]", "a pattern: a name followed by a lower-case noun phrase takes the genitive"),
    ],
    "kopienas/outputs/drafts/context.py": [
        *((stem, "a month's stem, to recognise a date typed in a description") for stem in
          ("janvār", "februār", "aprī", "jūnij", "jūlij")),
        (r"\.\s*(?:(?:un|līdz|–|-)\s*\d{1,2}\.\s*)?", "a pattern that recognises a typed date range"),
        ("bērni un jaunieši", "a key of the noun table in core/words/numbers.py"),
        ("pieaugušie", "a key of the noun table in core/words/numbers.py"),
        ("cilvēks", "a key of the noun table in core/words/numbers.py"),
    ],
}  # fmt: skip


def latvian_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each string literal with a Latvian letter, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and LATVIAN.search(node.value)
    ]
    return sorted(found)


def outside_words() -> dict[str, list[tuple[int, str]]]:
    out = {}
    for path in sorted((ROOT / "kopienas").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith("kopienas/core/words/") and (found := latvian_literals(path)):
            out[rel] = found
    return out


def test_every_latvian_literal_outside_words_is_allowed_with_a_reason() -> None:
    unexplained = []
    for rel, found in outside_words().items():
        if rel in DATA_FILES:
            continue
        allowed = Counter(text for text, _ in ALLOWED.get(rel, []))
        unexplained += [f"{rel}:{line}: {text!r}" for line, text in found if not allowed[text]]
    assert unexplained == [], "move these phrases to kopienas/core/words/ (or allow them here, with why)"


def test_the_allow_list_has_no_stale_entries() -> None:
    found = outside_words()
    stale = [
        (rel, text)
        for rel, items in ALLOWED.items()
        for text, _ in items
        if text not in {t for _, t in found.get(rel, [])}
    ]
    assert stale == []


if __name__ == "__main__":
    # Grouped by why each stays, then where.
    by_reason: dict[str, Counter[str]] = {}
    for rel, found in outside_words().items():
        reasons = dict(ALLOWED.get(rel, []))
        for _, text in found:
            why = DATA_FILES.get(rel) or reasons.get(text, "NOT ALLOWED")
            by_reason.setdefault(why, Counter())[rel] += 1
    total = sum(sum(c.values()) for c in by_reason.values())
    print(f"{total} Latvian string literals outside kopienas/core/words/, by why they stay:")
    for why, files in sorted(by_reason.items(), key=lambda item: -sum(item[1].values())):
        print(f"{sum(files.values()):4}  {why}  ({', '.join(f'{rel} {n}' for rel, n in sorted(files.items()))})")
    sys.exit(0)
