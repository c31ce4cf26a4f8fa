"""Every exception class of kopienas is in the one documented tree under KopienasError."""

from __future__ import annotations

import json
import subprocess
import sys

from kopienas.core import errors

# Run in a fresh interpreter: importing every module here would bind the CLI's commands before
# other tests patch what they import.
_LIST_CLASSES = """
import importlib, inspect, json, pkgutil
import kopienas
from kopienas.core.errors import KopienasError
found = []
for info in pkgutil.walk_packages(kopienas.__path__, "kopienas."):
    if info.name.endswith("__main__"):  # importing it runs the command line
        continue
    module = importlib.import_module(info.name)
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if issubclass(cls, BaseException) and cls.__module__ == info.name:
            found.append((cls.__name__, issubclass(cls, KopienasError)))
print(json.dumps(found))
"""


def _exception_classes() -> list[tuple[str, bool]]:
    run = subprocess.run([sys.executable, "-c", _LIST_CLASSES], capture_output=True, text=True, check=True, timeout=120)
    return [(name, rooted) for name, rooted in json.loads(run.stdout)]


def test_every_exception_class_derives_from_the_root_and_is_on_the_map() -> None:
    classes = _exception_classes()
    assert len(classes) > 20
    assert [name for name, rooted in classes if not rooted] == []
    assert [name for name, _ in classes if name not in (errors.__doc__ or "")] == []


def test_there_is_one_template_error() -> None:
    assert [name for name, _ in _exception_classes() if "Template" in name] == ["TemplateError"]
