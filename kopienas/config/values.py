"""Settings whose values have a shape of their own to check."""

from __future__ import annotations

import re

from kopienas.config.files import ConfigError

_FOLDER_ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")
_FOLDER_IN_URL = re.compile(r"^https://drive\.google\.com/drive/(?:u/\d+/)?folders/([A-Za-z0-9_-]{10,})(?:[/?#].*)?$")


def drive_folder_id(value: str, file: str) -> str:
    """The folder id from `drafts.drive_folder`: an id, or the folder's address as the browser shows it."""
    text = value.strip()
    if not text:
        return ""
    match = _FOLDER_IN_URL.match(text)
    if match:
        return match[1]
    if _FOLDER_ID.match(text):
        return text
    raise ConfigError(
        f"{file}: `drafts.drive_folder` must be a Google Drive folder's id or its address "
        f"(https://drive.google.com/drive/folders/…), not {value!r}"
    )
