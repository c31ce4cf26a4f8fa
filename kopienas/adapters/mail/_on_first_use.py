"""A package's names imported where they live on first use (PEP 562's module `__getattr__`), so a
command that sends no mail loads no SMTP, TLS or e-mail parser."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def names_on_first_use(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """The `__getattr__` of `package`: each name of `homes` imported from its module once, then kept."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
