"""The `## Layout` of docs/reference.md draws the package's tree: every folder it names exists, and every folder of
the package (its top-level folders, and every subpackage below them) is named there, as are the
modules of `app/` itself."""

from __future__ import annotations

import re

from tests.helpers import ROOT

PACKAGE = ROOT / "kopienas"


def layout() -> dict[str, str]:
    """Each top-level entry of the Layout's tree -> its description (continuation lines joined)."""
    readme = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```\nkopienas/\n", 1)[1].split("```", 1)[0]
    entries: dict[str, str] = {}
    current = ""
    for line in block.splitlines():
        if entry := re.match(r"  (\w+)/\s+(.*)", line):
            current = entry[1]
            entries[current] = entry[2]
        else:
            entries[current] += " " + line.strip()
    return entries


def folders_named(description: str) -> set[str]:
    """The folders a description names, `{a,b}/` as two; a path in backticks is the repository's
    (the top-level `templates/`), not the package's; `I/O` is no folder."""
    names = set()
    for token in re.findall(r"(?<![`\w])(\{[\w,]+\}|\w+)/(?!\w)", description):
        names.update(token.strip("{}").split(","))
    return names


def packages_below(top: str) -> set[str]:
    return {p.parent.name for p in (PACKAGE / top).rglob("*/__init__.py")}


def test_every_folder_the_layout_names_exists() -> None:
    missing = []
    for top, description in layout().items():
        if not (PACKAGE / top).is_dir():
            missing.append(f"{top}/")
        below = {p.name for p in (PACKAGE / top).rglob("*") if p.is_dir()}
        missing += [f"{top}/…/{name}/" for name in folders_named(description) - below]
    assert missing == []


def test_every_folder_and_subpackage_is_in_the_layout() -> None:
    entries = layout()
    tops = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    unnamed = sorted(f"{top}/" for top in tops - set(entries))
    for top in tops & set(entries):
        unnamed += sorted(f"{top}/…/{name}/" for name in packages_below(top) - folders_named(entries[top]))
    assert unnamed == []


def test_the_modules_of_app_are_in_the_layout() -> None:
    words = set(re.findall(r"\w+", layout()["app"]))
    modules = {p.stem for p in (PACKAGE / "app").glob("*.py") if p.stem != "__init__"}
    assert sorted(modules - words) == []
