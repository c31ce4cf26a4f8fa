"""`kopienas drafts --programme`: the programme's yearly progress release, from the figures of
`Kopsavilkums`, into the drafts folder (programme-<year>/, English in programme-<year>/en/)."""

from __future__ import annotations

import os

from kopienas.adapters.draft_files import write_draft_files
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import check, now
from kopienas.config import Config
from kopienas.core.progress import progress_facts
from kopienas.core.words import drafting
from kopienas.outputs.drafts import draft_files
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
    write_draft_files(draft_files(draft), folder)
    return Outcome(
        lines=[drafting.programme_release_made(year, shown)],
        counts={"made": 1},
    )
