"""The lock files: every dependency of pyproject.toml pinned with hashes, the two locks agreeing,
so two installs a month apart get the same versions. A dependency added without `make lock`
fails here, naming it."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.M)


def _pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {canonicalize_name(n): v for n, v in _PIN.findall(text)}


def _entries(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [e for e in re.split(r"\n(?=[A-Za-z0-9])", text) if _PIN.match(e)]


def test_every_dependency_is_locked_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    missing = [r for r in project["dependencies"] if canonicalize_name(Requirement(r).name) not in runtime]
    missing += [
        r for r in project["optional-dependencies"]["test"] if canonicalize_name(Requirement(r).name) not in test
    ]
    assert missing == [], f"not in the lock files: {missing}; run `make lock`"
    for r in project["dependencies"]:
        req = Requirement(r)
        assert runtime[canonicalize_name(req.name)] in req.specifier, f"{r}: lock is stale; run `make lock`"
    for lock in ("requirements.lock", "requirements-test.lock"):
        unhashed = [e.split()[0] for e in _entries(lock) if "--hash=sha256:" not in e]
        assert unhashed == [], f"{lock}: no hashes for {unhashed}"


def test_the_run_and_test_locks_agree():
    runtime, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    assert {n: v for n, v in runtime.items() if test.get(n) != v} == {}
