"""`kopienas drafts --programme`: the programme's yearly progress release, from the figures of
`Kopsavilkums`, into the drafts folder (programme-<year>/, English in programme-<year>/en/), and,
where the spreadsheet has a Drive folder for drafts, as a Google Doc there kept in place."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from kopienas.adapters.draft_files import write_draft_files
from kopienas.adapters.ledger import Ledger
from kopienas.adapters.sources import SourceError
from kopienas.app.drafts.google_docs import folder_for, put_doc
from kopienas.app.drafts.redacted import redacted_files
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import Checked, check, now
from kopienas.config import Config
from kopienas.core.errors import KopienasError
from kopienas.core.progress import progress_facts
from kopienas.core.words import drafting
from kopienas.core.words.docs import DOC_ACTIONS
from kopienas.outputs.drafts.programme import render_programme_draft


def programme_release(config: Config, *, year: int | None = None, lang: str = "lv", dry_run: bool = False) -> Outcome:
    """Nothing is written to the sheet: the release only reads it."""
    current = now(config)
    checked = check(config)
    year = year or current.date().year
    facts = progress_facts(
        checked.report.valid_activities(), checked.programme.communities, year=year, today=current.date()
    )
    folder = config.drafts / f"programme-{year}" / ("" if lang == "lv" else lang)
    shown = os.path.relpath(folder) if not dry_run else str(folder)
    if dry_run:
        return Outcome(lines=[drafting.programme_release_planned(year, shown)])
    draft = render_programme_draft(
        facts, made_at=current, lang=lang, templates_dir=config.templates / "drafts", zone=config.timezone
    )
    files = redacted_files(draft)
    write_draft_files(files, folder)
    outcome = Outcome(lines=[drafting.programme_release_made(year, shown)], counts={"made": 1})
    key = f"programme-{year}" + ("" if lang == "lv" else f"/{lang}")
    digest = hashlib.sha256(files["draft.md"]).hexdigest()
    try:
        _to_google_doc(config, checked, outcome, key, drafting.programme_doc_name(year, lang), folder, digest, current)
    except (SourceError, OSError) as e:
        return outcome.failed(e if isinstance(e, KopienasError) else KopienasError(drafting.cannot_read_draft(e)))
    return outcome


def _to_google_doc(
    config: Config, checked: Checked, outcome: Outcome, key: str, name: str, folder: Path, digest: str, at: datetime
) -> None:
    """The release's Doc in `drafts.drive_folder`, when the source has one: made once, then kept in place."""
    docs = folder_for(config, checked)
    if docs is None:
        return
    with Ledger(config.ledger) as ledger:
        action, link, _ = put_doc(docs, ledger, key, name, folder / "draft.docx", digest, docs.live_docs(), now=at)
    outcome.say(drafting.programme_doc_line(DOC_ACTIONS[action], link))
    outcome.counts[f"docs_{action}"] = 1
