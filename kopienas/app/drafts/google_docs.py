"""The press drafts as Google Docs in `drafts.drive_folder`, one per row, updated in place.

Each row's Doc keeps its id (kept in the ledger, table `drive_docs`), so the link a press officer
bookmarked keeps working: a changed row re-uploads the `.docx` into the same file. An unchanged
row costs no Drive call; each run lists the folder once (not in the trash), so a Doc someone
deleted or trashed is made again, and reported. The sheet's `Relīzes melnraksts` gets a link on
plain text with the time the Doc was last updated.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.sources import DocFolder, DocGone, SourceError
from kopienas.app.drafts.making import DraftOutcome
from kopienas.app.pipeline import Checked
from kopienas.config import Config
from kopienas.core import language
from kopienas.core.errors import KopienasError
from kopienas.core.words import drafting as drafting_words
from kopienas.core.words.docs import DOC_ACTIONS, DOC_NOT_UPLOADED, doc_note
from kopienas.core.writeback import Linked

log = logging.getLogger(__name__)


@dataclass
class DocsOutcome:
    done: list[tuple[str, str, str]] = field(default_factory=list)  # (ID, action, link)
    error: KopienasError | None = None  # the folder is unavailable (exit 2) or Drive failed (exit 3)

    def lines(self) -> list[str]:
        if not self.done and not self.error:
            return []
        count = {a: sum(1 for _, action, _ in self.done if action == a) for a in DOC_ACTIONS}
        lines = [language.docs_summary(**count)]
        lines += [f"  {DOC_ACTIONS[a]}: {id_} → {link}" for id_, a, link in self.done if a != "unchanged"]
        return lines

    @property
    def counts(self) -> dict[str, int]:
        return {f"docs_{a}": n for a in DOC_ACTIONS if (n := sum(1 for _, x, _ in self.done if x == a))}


def folder_for(config: Config, checked: Checked) -> DocFolder | None:
    """The folder of documents the source has for `drafts.drive_folder` (a Google Sheet's Drive), or None."""
    return checked.source.docs_folder(config.drive_folder) if config.drive_folder else None


def sync_docs(
    config: Config, drafts: DraftOutcome, ledger: Ledger, folder: DocFolder | None, *, now: datetime
) -> DocsOutcome:
    """Create or update each ready draft's Doc; sets `drafts.notes` (linked) and `drafts.links`.
    A Drive failure stops the uploads; the rows left get a note saying so, the error is returned."""
    outcome = DocsOutcome()
    if folder is None or not drafts.ready:
        return outcome
    pending = list(drafts.ready)
    try:
        live = folder.live_docs()
        while pending:
            ready = pending[0]
            action, link, stamp = put_doc(
                folder, ledger, ready.activity_id, ready.name, ready.folder / "draft.docx", ready.digest, live, now=now
            )
            text, end = doc_note(datetime.fromisoformat(stamp).astimezone(config.zone))
            drafts.notes[ready.row] = Linked(text, link, end)
            drafts.links[ready.activity_id] = link
            outcome.done.append((ready.activity_id, action, link))
            pending.pop(0)
    except (SourceError, OSError) as e:
        outcome.error = e if isinstance(e, KopienasError) else KopienasError(drafting_words.cannot_read_draft(e))
        for ready in pending:
            drafts.notes[ready.row] = DOC_NOT_UPLOADED
    return outcome


def put_doc(
    folder: DocFolder, ledger: Ledger, key: str, name: str, docx: Path, digest: str, live: set[str], *, now: datetime
) -> tuple[str, str, str]:
    """Create, update in place or keep the Doc the ledger holds under `key` (`live`: the folder's
    ids not in the trash): its action, link and when it was last updated (ISO)."""
    record = ledger.drive_doc(key)
    old_id = record["file_id"] if record is not None and record["file_id"] in live else ""
    if record is not None and old_id and record["content_hash"] == digest:
        return "unchanged", record["link"], record["updated_at"]
    data = docx.read_bytes()
    action = "created" if record is None else "recreated"
    doc = None
    if old_id:
        try:
            doc, action = folder.update(old_id, name, data), "updated"
        except DocGone:
            log.info("%s: its Google Doc was deleted meanwhile; making it again", key)
    doc = doc or folder.create(name, data)
    stamp = now.isoformat(timespec="seconds")
    ledger.record_drive_doc(key, doc.id, doc.link, digest, stamp)
    return action, doc.link, stamp
