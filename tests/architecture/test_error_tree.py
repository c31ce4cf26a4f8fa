"""Every exception class of kopienas is in the one documented tree under KopienasError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import kopienas
from kopienas.core import errors
from kopienas.core.errors import KopienasError


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(kopienas.__path__, "kopienas."):
        if info.name.endswith("__main__"):  # importing it runs the command line
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == info.name:
                found.append(cls)
    return found


def test_every_exception_class_derives_from_the_root() -> None:
    classes = _exception_classes()
    assert len(classes) > 20
    assert [c.__qualname__ for c in classes if not issubclass(c, KopienasError)] == []


def test_the_map_names_every_exception_class() -> None:
    documented = errors.__doc__ or ""
    assert [c.__name__ for c in _exception_classes() if c.__name__ not in documented] == []


def test_there_is_one_template_error() -> None:
    names = [c.__name__ for c in _exception_classes() if "Template" in c.__name__]
    assert names == ["TemplateError"]
