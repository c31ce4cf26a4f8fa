"""One door for every file the tool writes (`kopienas.adapters.files`): no other write path in the
package, and a symbolic link planted at any name the tool creates or replaces is refused with one
line naming it — nothing outside the output folder is created or changed."""

from __future__ import annotations

import ast
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters import files

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kopienas"
DOOR = PACKAGE / "adapters" / "files.py"
SAMPLE = ROOT / "examples" / "aktivitates.xlsx"

WRITE_MODES = set("wax+")
# Calls that create, replace, move, link, remove or re-mode a file or folder.
FORBIDDEN_OS = {
    "open", "replace", "rename", "renames", "link", "symlink", "chmod", "fchmod", "chown", "lchown",
    "mkdir", "makedirs", "unlink", "remove", "rmdir", "removedirs", "truncate", "mkfifo", "mknod",
}  # fmt: skip
FORBIDDEN_METHODS = {"write_text", "write_bytes", "mkdir", "touch", "unlink", "rmdir", "symlink_to", "hardlink_to",
                     "chmod", "lchmod", "rename"}  # fmt: skip
# A library that writes a file (.save, .savefig, ZipFile for writing) writes into a buffer made in
# the same function, which the door then writes; these calls hand a workbook to the door itself.
LIBRARY_SAVES_THROUGH_THE_DOOR = {("adapters/sources/workbook/setup.py", "self.source.save")}


def _mode(call: ast.Call, position: int) -> str:
    for keyword in call.keywords:
        if keyword.arg == "mode" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        return str(call.args[position].value)
    return "r"


def _buffers(function: ast.AST) -> set[str]:
    """Names bound to an in-memory buffer (`io.BytesIO()`) in `function`."""
    return {
        target.id
        for node in ast.walk(function)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func) in ("io.BytesIO", "BytesIO", "io.StringIO")
        for target in node.targets
        if isinstance(target, ast.Name)
    }  # fmt: skip


def _writes(call: ast.Call, rel: str, buffers: set[str]) -> bool:
    func, name = call.func, ast.unparse(call.func)
    target = ast.unparse(call.args[0]) if call.args else ""
    if name in ("zipfile.ZipFile", "ZipFile") and WRITE_MODES & set(_mode(call, 1)):
        return target not in buffers
    if isinstance(func, ast.Name):
        return func.id == "open" and bool(WRITE_MODES & set(_mode(call, 1)))
    if not isinstance(func, ast.Attribute):
        return False
    owner, attr = ast.unparse(func.value), func.attr
    if attr in ("save", "savefig") and (rel, name) not in LIBRARY_SAVES_THROUGH_THE_DOOR:
        return target not in buffers
    return (
        (owner == "os" and attr in FORBIDDEN_OS)
        or (owner == "shutil" and attr != "get_terminal_size")
        or (owner == "sqlite3" and attr == "connect")
        or (attr in FORBIDDEN_METHODS and owner not in ("self", "super()"))
        or (attr == "open" and owner != "os" and bool(WRITE_MODES & set(_mode(call, 0))))
    )


def write_paths_outside_the_door() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == DOOR:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        buffers_in = {id(n): _buffers(s) for s in scopes for n in ast.walk(s) if isinstance(n, ast.Call)}
        found += [
            f"{rel}:{call.lineno}: {ast.unparse(call.func)}"
            for call in ast.walk(tree)
            if isinstance(call, ast.Call) and _writes(call, rel, buffers_in.get(id(call), set()))
        ]
    return found


def test_no_file_is_written_outside_the_door():
    assert write_paths_outside_the_door() == []


def test_the_scan_sees_each_kind_of_write(tmp_path, monkeypatch):
    planted = tmp_path / "kopienas" / "sneaky.py"
    planted.parent.mkdir()
    planted.write_text(
        "import os, shutil, sqlite3, zipfile\n"
        "def f(p, doc, fig):\n"
        "    open(p, 'w')\n    open(p, mode='ab')\n    p.write_text('x')\n    p.open('wb')\n"
        "    shutil.copy(p, p)\n    os.replace(p, p)\n    os.chmod(p, 0)\n    sqlite3.connect(p)\n"
        "    zipfile.ZipFile(p, 'w')\n    doc.save(p)\n    fig.savefig(p)\n    p.mkdir()\n"
        "    open(p)\n    p.read_text()\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", planted.parent)
    assert len(write_paths_outside_the_door()) == 12


# -- the examples, through the command ---------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder: the sample workbook, a config, and `elsewhere/` with a file not ours."""
    monkeypatch.setenv("KOPIENAS_TODAY", "2020-10-05")
    shutil.copy(SAMPLE, tmp_path / "aktivitates.xlsx")
    (tmp_path / "k.toml").write_text('[source]\nlocation = "aktivitates.xlsx"\n[output]\nfolder = "out"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "victim.txt").write_text("not the tool's")
    (elsewhere / "victim.txt").chmod(0o644)
    (elsewhere / "dir").mkdir()
    return tmp_path


def _outside(project: Path) -> dict[str, tuple[bytes | str, int]]:
    """Everything outside `out/` (the workbook changes: it gets the verdicts)."""
    seen = {}
    for p in sorted(project.rglob("*")):
        rel = p.relative_to(project).as_posix()
        if rel == "out" or rel.startswith("out/") or rel == "aktivitates.xlsx" or p.is_symlink():
            continue
        st = p.lstat()
        seen[rel] = (p.read_bytes() if p.is_file() else "dir", stat.S_IMODE(st.st_mode))
    return seen


@pytest.mark.parametrize(
    ("link", "command"),
    [("out/outbox/index.html", "run"), ("out/drafts/DGP-2020-07/draft.md", "drafts")],
    ids=["outbox-index", "draft-file"],
)
def test_a_link_at_a_file_the_tool_replaces_is_refused_and_its_target_kept(cli, project, link, command):
    target = project / "elsewhere" / "victim.txt"
    (project / link).parent.mkdir(parents=True)
    (project / link).symlink_to(target)
    before = _outside(project)
    result = cli("--config", project / "k.toml", command)
    assert result.exit_code == 3
    assert _outside(project) == before and (project / link).is_symlink()
    line = next(x for x in result.output.splitlines() if "symbolic link" in x)
    assert str(project / link) in line and "Traceback" not in result.output


# -- the property: links of every kind at every name the tool writes -----------------------------

# Every name a run writes under the project (folders and files), the workbook's folder aside.
WRITTEN = [
    "out", "out/drafts", "out/drafts/DGP-2020-07", "out/drafts/DGP-2020-07/draft.md",
    "out/drafts/DGP-2020-07/draft.docx", "out/drafts/DGP-2020-07/draft.html", "out/outbox",
    "out/outbox/index.html", "out/kopienas.sqlite", "out/kopienas.sqlite-wal", "out/kopienas.sqlite-shm",
    "out/kopienas.sqlite-journal", "out/.kopienas.sqlite.new", "out/kopienas.sqlite.lock",
]  # fmt: skip
KINDS = ["file", "dir", "dangling", "loop", "chain", "inside"]


def _plant(project: Path, rel: str, kind: str) -> None:
    link = project / rel
    if any(p.is_symlink() or p.is_file() for p in [link, *link.parents]) or link.exists():
        return  # something is planted there or above already
    link.parent.mkdir(parents=True, exist_ok=True)
    elsewhere = project / "elsewhere"
    target = {
        "file": elsewhere / "victim.txt",
        "dir": elsewhere / "dir",
        "dangling": elsewhere / "made-by-the-tool",
        "loop": link,
        "chain": elsewhere / "hop",
        "inside": project / "out",
    }[kind]
    if kind == "chain" and not (elsewhere / "hop").is_symlink():
        (elsewhere / "hop").symlink_to(
            elsewhere / "dir" if "." not in rel.rsplit("/", 1)[-1] else elsewhere / "victim.txt"
        )
    link.symlink_to(target)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plants=st.lists(st.tuples(st.sampled_from(WRITTEN[1:]), st.sampled_from(KINDS)), min_size=1, max_size=3))
def test_links_planted_anywhere_the_tool_writes_change_nothing_outside(cli, project, tmp_path_factory, plants):
    work = tmp_path_factory.mktemp("links")
    shutil.copytree(project, work, dirs_exist_ok=True, symlinks=True)
    for rel, kind in plants:
        _plant(work, rel, kind)
    links = {p: os.readlink(p) for p in work.rglob("*") if p.is_symlink()}
    before = _outside(work)
    result = cli("--config", work / "k.toml", "run")
    assert _outside(work) == before
    assert not (work / "elsewhere" / "made-by-the-tool").exists()
    # No link is replaced or followed (the stale name of a half-made ledger may be removed).
    kept = {p: os.readlink(p) for p in links if p.is_symlink()}
    assert kept == {p: t for p, t in links.items() if p in kept or p.name != ".kopienas.sqlite.new"}
    assert "Traceback" not in result.output
    if result.exit_code not in (0, 1):
        refusals = [x for x in result.output.splitlines() if "symbolic link" in x]
        assert refusals and all(any(str(p) in x for p in links) for x in refusals), result.output


# -- the door itself -----------------------------------------------------------------------------


def test_a_link_at_a_folder_below_the_root_is_refused_with_its_path(tmp_path):
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "sub").symlink_to(tmp_path)
    with pytest.raises(files.LinkRefused) as e:
        files.write_file(tmp_path / "root" / "sub" / "f.txt", b"x", mode=0o600, root=tmp_path / "root")
    assert e.value.filename == str(tmp_path / "root" / "sub") and not (tmp_path / "f.txt").exists()


def test_modes_are_set_explicitly_whatever_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        files.write_file(tmp_path / "a" / "draft.md", b"x", mode=0o644, root=tmp_path)
        files.write_file(tmp_path / "a" / "mail.eml", b"x", mode=0o600, root=tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a" / "draft.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "a" / "mail.eml").stat().st_mode) == 0o600


def test_a_link_beside_the_ledger_is_refused_before_sqlite_opens_anything(tmp_path):
    (tmp_path / "l.sqlite-wal").symlink_to(tmp_path / "outside")
    with pytest.raises(files.LinkRefused) as e:
        files.connect_sqlite(tmp_path / "l.sqlite")
    assert e.value.filename == str(tmp_path / "l.sqlite-wal")
    assert not (tmp_path / "outside").exists() and not (tmp_path / "l.sqlite").exists()
