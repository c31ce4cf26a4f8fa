"""The layout's rules that import-linter cannot see: runtime import cycles, private names, test
modules that stay independent, and templates that travel with the package."""

from __future__ import annotations

import ast
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from kopienas.config import PACKAGED_TEMPLATES
from tests.helpers import ROOT

PACKAGE = ROOT / "kopienas"
MAX_FUNCTION_LINES = 80


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def runtime_imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Modules of the package `name` imports when it runs (imports inside functions count;
    those under `if TYPE_CHECKING:` do not)."""
    package_parts = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out: set[str] = set()

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                out.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base_parts = package_parts[: len(package_parts) - child.level + 1]
                    base = ".".join(base_parts + ([child.module] if child.module else []))
                else:
                    base = child.module or ""
                out.add(base)
                out.update(f"{base}.{alias.name}" for alias in child.names)
            walk(child)

    walk(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in out if m in known and m != name}


def function_lengths() -> dict[str, int]:
    """Every function and method of the package (nested ones too) -> its lines, decorators left out."""
    lengths = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths[f"{name}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1
    return lengths


def test_no_function_is_over_80_lines():
    long = {where: n for where, n in function_lengths().items() if n > MAX_FUNCTION_LINES}
    assert long == {}


def test_no_runtime_import_cycle_between_modules():
    known = modules()
    graph = {name: runtime_imports(name, path, known) for name, path in known.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            for nxt in graph[stack.pop()]:
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    cycles = sorted(
        {
            tuple(sorted((a, b)))
            for a in graph
            for b in graph[a]
            if reaches(b, a) and not (a.startswith(b + ".") or b.startswith(a + "."))
        }
    )
    assert cycles == []


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kopienas"):
                offenders += [
                    f"{name}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert offenders == []


@pytest.mark.parametrize("layer", ["core", "outputs", "adapters", "app", "cli"])
def test_every_layer_is_a_package(layer):
    assert (PACKAGE / layer / "__init__.py").is_file()


def test_no_test_module_imports_another_test_module():
    # Shared pieces live in tests/helpers.py and tests/support/; a test module (or conftest) is never imported.
    tests = ROOT / "tests"
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            offenders += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith(("test_", "conftest"))
            ]
    assert offenders == []


def test_every_template_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kopienas"]
    templates = [p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "templates").rglob("*") if p.is_file()]
    assert {"templates/drafts/lv/text.j2", "templates/mail/summary.lv.txt.j2"} <= set(templates)
    missing = [t for t in templates if not any(fnmatch(t, pattern) for pattern in patterns)]
    assert missing == []


def test_the_top_level_templates_folder_is_the_packaged_one():
    # One folder of wording: the design's top-level `templates/` is a link into the package, and the
    # code finds it through the package's resources, wherever the package is installed.
    assert (ROOT / "templates").is_symlink()
    assert (ROOT / "templates").resolve() == PACKAGED_TEMPLATES.resolve() == (PACKAGE / "templates").resolve()


def _spells_blank_row(node: ast.AST) -> bool:
    """`all(... is_blank(v) ...)` or `any(not ... is_blank(v) ...)` over a row's cells."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("all", "any")):
        return False
    if not (node.args and isinstance(node.args[0], ast.GeneratorExp | ast.ListComp)):
        return False
    element = node.args[0].elt
    if isinstance(element, ast.UnaryOp) and isinstance(element.op, ast.Not):
        element = element.operand
    return isinstance(element, ast.Call) and ast.unparse(element.func).split(".")[-1] == "is_blank"


def test_a_blank_row_is_decided_by_one_rule():
    """Whether a row is blank is `cells.is_blank_row`'s to say, wherever rows are read or counted."""
    spelled = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in modules().values()
        if path != PACKAGE / "core" / "cells.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _spells_blank_row(node)
    ]
    assert spelled == []
