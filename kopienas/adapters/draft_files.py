"""Writing a draft's files into its folder, each replaced whole (a reader never sees half a file)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kopienas.adapters.files import write_file


def write_draft_files(files: Mapping[str, bytes], folder: Path, *, root: Path | None = None) -> list[Path]:
    """Write each file into `folder` (made if needed, no link followed below `root`); drafts are
    shared documents, so 0644. The contents are all built before the first is written, so a
    failing build writes nothing; they are built from the draft's redacted words
    (`kopienas.app.drafts.redacted`), the Word file as much as the text ones."""
    folder = Path(folder)
    return [write_file(folder / name, data, mode=0o644, root=root) for name, data in files.items()]
