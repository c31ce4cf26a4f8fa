"""One way to build a path from data (an ID, a code, a mail key): inside its output folder, or not at all.

`inside(root, *parts)` joins and normalises the parts as written and checks that the result lies
strictly inside `root`; anything else — `..`, an absolute part, a NUL — raises UnsafePath before a
file is touched. Nothing on disk is consulted: a symbolic link planted under the folder is refused
by the file door (`kopienas.adapters.files`) when the tool would write there.
"""

from __future__ import annotations

import os
from pathlib import Path

from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.words import values as said


class UnsafePath(KopienasError):
    """A path built from data would leave its output folder; nothing was written there."""

    exit_code = ExitCode.FAILED


def inside(root: str | os.PathLike[str], *parts: str) -> Path:
    """`root / parts`, resolved, guaranteed to lie strictly inside `root`."""
    base = Path(os.path.abspath(root))
    shown = "/".join(parts)
    if any("\0" in p for p in parts) or not any(p.strip() for p in parts):
        raise UnsafePath(_refusal(shown, base))
    target = Path(os.path.normpath(base.joinpath(*(p for p in parts if p))))
    if target == base or base not in target.parents:
        raise UnsafePath(_refusal(shown, base))
    return target


def _refusal(shown: str, base: Path) -> str:
    printable = shown.encode("unicode_escape").decode("ascii")[:80]
    return said.path_outside(printable, base)
