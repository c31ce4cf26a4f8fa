"""Writing a draft's files into its folder, each replaced whole (a reader never sees half a file)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kopienas.adapters.files import atomic_write


def write_draft_files(files: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write each file into `folder` (created if needed); drafts are shared documents, so 0644.
    The contents are all built before the first is written, so a failing build writes nothing."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [atomic_write(folder / name, data, mode=0o644, keep_mode=False) for name, data in files.items()]
