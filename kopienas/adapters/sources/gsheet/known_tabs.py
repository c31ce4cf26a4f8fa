"""The spreadsheet's tab titles and sheet ids as the last full read found them, kept in a small
file beside the ledger, so that a later pass can ask for the values at once and for the notes and
colours by sheet id: two calls, without a first one just for the titles.

Trusted only while it names every tab the configuration names (a tab created since, by the tool or
a coordinator, sends the pass back to the full read, which renews the file); a title or id Google
no longer knows is found out by the calls themselves (see `GoogleSheetSource.read`)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection
from pathlib import Path

from kopienas.adapters.files import make_folder, write_file
from kopienas.core.errors import KopienasError
from kopienas.core.headers import find_title

KNOWN_TABS_FILE = "google-tabs.json"  # beside the ledger


class KnownTabs:
    def __init__(self, path: Path | None, key: str, configured: Collection[str]):
        self.path, self.key, self.configured = path, key, tuple(configured)

    def load(self) -> dict[str, int] | None:
        """Title -> sheet id, in the spreadsheet's order; None when not known or not to be trusted."""
        if self.path is None:
            return None
        try:
            tabs = json.loads(self.path.read_text(encoding="utf-8")).get(self.key)
        except (OSError, ValueError, AttributeError):
            return None
        if not isinstance(tabs, dict) or not tabs or not all(isinstance(v, int) for v in tabs.values()):
            return None
        if any(find_title(tabs, t) is None for t in self.configured):
            return None
        return tabs

    def keep(self, tabs: dict[str, int] | None) -> None:
        """Keep (None: forget) the tabs; a file that cannot be written only costs the next pass a call."""
        if self.path is None:
            return
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        known = known if isinstance(known, dict) else {}
        if known.get(self.key) == tabs:
            return  # as kept already: the file is not written again
        if tabs is None:
            known.pop(self.key, None)
        else:
            known[self.key] = tabs
        with contextlib.suppress(OSError, KopienasError):
            make_folder(self.path.parent)
            write_file(self.path, json.dumps(known, ensure_ascii=False).encode("utf-8"), mode=None)
