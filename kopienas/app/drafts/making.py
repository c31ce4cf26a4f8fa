"""Press-release drafts for the rows marked `Relīze: Jā`, rebuilt only when a row changed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from kopienas.adapters.draft_files import write_draft_files
from kopienas.adapters.ledger import Ledger
from kopienas.app.drafts.redacted import redacted_files
from kopienas.app.drafts.translation import english_translator
from kopienas.app.mail.delivery import Mail, mail_from_bytes, mail_key, queue
from kopienas.app.pipeline import Checked
from kopienas.config import Config
from kopienas.core import contract, language
from kopienas.core.models import Activity, Programme
from kopienas.core.safe_text import one_line, safe_file_name
from kopienas.core.safepaths import UnsafePath, inside
from kopienas.core.words import drafting as drafting_words
from kopienas.core.words.docs import MAIL_DOC_LINE, doc_name
from kopienas.core.writeback import Linked
from kopienas.outputs.drafts import Draft, TemplateError, content_hash, render_draft
from kopienas.outputs.drafts.context import Translate
from kopienas.outputs.drafts.plain import draft_text


@dataclass(frozen=True)
class Ready:
    """A row whose draft is on disk and current (made this run or unchanged)."""

    row: int
    activity_id: str
    name: str  # the document's name in Drive
    digest: str
    folder: Path


@dataclass
class DraftOutcome:
    made: list[tuple[str, Path]] = field(default_factory=list)  # (ID, folder)
    rendered: list[tuple[Draft, str, Path]] = field(default_factory=list)  # (draft, content hash, folder), this run
    unchanged: list[tuple[str, Path]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (ID or row, why)
    notes: dict[int, str | Linked] = field(default_factory=dict)  # row -> text for `Relīzes melnraksts`
    ready: list[Ready] = field(default_factory=list)  # lv drafts on disk, for the Google Docs
    links: dict[str, str] = field(default_factory=dict)  # ID -> its Google Doc, when kept in Drive
    errors: list[str] = field(default_factory=list)  # the job's failures: a broken template, a row's draft
    # (ledger key, content hash, folder, made at) of each draft made: recorded together with its
    # press-office mail queued, in one transaction, so neither is ever without the other.
    records: list[tuple[str, str, str, str]] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # report lines: press mails the sheet says went


def draft_for(
    config: Config,
    activity: Activity,
    programme: Programme,
    *,
    now: datetime,
    lang: str,
    translate: Translate | None = None,
) -> Draft:
    """The row's draft in the configured wording and time zone."""
    return render_draft(
        activity,
        programme,
        made_at=now,
        lang=lang,
        templates_dir=config.templates / "drafts",
        zone=config.timezone,
        translate=translate,
    )


def write_draft(draft: Draft, folder: Path, root: Path | None = None) -> list[Path]:
    """The draft's three files, built first (from its redacted words) and then each replaced whole in `folder`."""
    return write_draft_files(redacted_files(draft), folder, root=root)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _skip_reason(report, activity) -> str:
    """Why a marked row gets no draft ("" when it gets one)."""
    if not report.verdict_for(activity.row).ok:
        return drafting_words.ROW_HAS_PROBLEMS
    if activity.status == contract.STATUS_CANCELLED:
        return drafting_words.CANCELLED
    return ""


def _marked(report, only_id: str | None):
    """The rows marked for a press release (only `only_id`, when given)."""
    for activity in report.activities:
        if activity.press_release and not (only_id and activity.id.casefold() != only_id.casefold()):
            yield activity


def make_drafts(
    config: Config,
    checked: Checked,
    ledger: Ledger | None,
    *,
    now: datetime,
    only_id: str | None = None,
    lang: str = "lv",
    force: bool = False,
    dry_run: bool = False,
) -> DraftOutcome:
    """Render and write drafts; `ledger` None means a dry run's view of what would be made."""
    outcome = DraftOutcome()
    report, programme = checked.report, checked.programme
    translate = english_translator(config, programme) if lang != "lv" and not dry_run else None
    for activity in _marked(report, only_id):
        label = activity.id or drafting_words.row_label(activity.row)
        why = _skip_reason(report, activity)
        if why:
            outcome.skipped.append((label, why))
            outcome.notes[activity.row] = drafting_words.not_made_note(why)
            continue
        try:
            inside(config.drafts, activity.id, "" if lang == "lv" else lang)
            # Written as named: a link planted under the output folder is refused, never followed.
            folder = config.drafts.joinpath(activity.id, "" if lang == "lv" else lang)
        except UnsafePath:  # validation refuses such IDs already; this is the last line of defence
            outcome.skipped.append((label, drafting_words.BAD_FOLDER_NAME))
            continue
        key = activity.id if lang == "lv" else f"{activity.id}/{lang}"
        digest = content_hash(activity, programme.community(activity.community_code))
        record = ledger.draft_record(key) if ledger else None
        if record and record["content_hash"] == digest and not force and (folder / "draft.md").exists():
            outcome.unchanged.append((activity.id, folder))
            if lang == "lv":
                outcome.ready.append(Ready(activity.row, activity.id, _doc_name(activity), digest, folder))
            made_at = datetime.fromisoformat(record["made_at"]).astimezone(config.zone)
            outcome.notes[activity.row] = language.draft_made_note(_shown(folder), made_at)
            continue
        outcome.made.append((activity.id, folder))
        outcome.notes[activity.row] = language.draft_made_note(_shown(folder), now)
        if dry_run:
            continue
        draft, stop = _render(
            config, programme, outcome, activity, label, folder, now=now, lang=lang, translate=translate
        )
        if stop:
            break
        if draft is None:
            continue
        if ledger:
            outcome.records.append((key, digest, str(folder), now.isoformat(timespec="seconds")))
        outcome.rendered.append((draft, digest, folder))
        if lang == "lv":
            outcome.ready.append(Ready(activity.row, activity.id, _doc_name(activity), digest, folder))
    return outcome


def _render(
    config: Config,
    programme: Programme,
    outcome: DraftOutcome,
    activity: Activity,
    label: str,
    folder: Path,
    *,
    now: datetime,
    lang: str,
    translate: Translate | None = None,
) -> tuple[Draft | None, bool]:
    """One row's draft written to `folder`; (None, stop?) when it could not be: a broken template
    stops the drafts (the same for every row); an unwritable folder, or anything else, only this row."""
    try:
        draft = draft_for(config, activity, programme, now=now, lang=lang, translate=translate)
        write_draft(draft, folder, config.drafts.parent)
    except TemplateError as e:
        outcome.made.pop()
        outcome.notes[activity.row] = drafting_words.NOTE_TEMPLATE_BROKEN
        outcome.errors.append(drafting_words.template_broken(e))
        return None, True
    except OSError as e:
        outcome.made.pop()
        outcome.notes[activity.row] = drafting_words.NOTE_NOT_WRITTEN
        outcome.errors.append(drafting_words.cannot_write(e.filename or folder, e.strerror))
        return None, False
    except Exception as e:
        outcome.made.pop()
        outcome.notes[activity.row] = drafting_words.NOTE_NOT_MADE
        outcome.errors.append(drafting_words.cannot_make(activity.row, label, e))
        return None, False
    return draft, False


def _doc_name(activity) -> str:
    return doc_name(activity.start, activity.title, activity.id)


def outcome_text(outcome: DraftOutcome, dry_run: bool = False) -> str:
    lines = [drafting_words.made_line(id_, _shown(folder), dry_run) for id_, folder in outcome.made]
    lines += [drafting_words.unchanged_line(id_, _shown(folder)) for id_, folder in outcome.unchanged]
    lines += [drafting_words.not_made_line(label, why) for label, why in outcome.skipped]
    lines += [drafting_words.error_line(error) for error in outcome.errors]
    lines += outcome.withheld
    head = language.drafts_summary(len(outcome.made), len(outcome.unchanged), len(outcome.skipped), dry_run=dry_run)
    return "\n".join([head, *lines])


def _press_office_mails(config: Config, outcome: DraftOutcome) -> list[Mail]:
    from kopienas.app.mail.sending import message

    mails = []
    for draft, digest, folder in outcome.rendered:
        # Each language is its own mail and attachment: the English draft never replaces the Latvian one.
        suffix = "" if draft.lang == "lv" else f"/{draft.lang}"
        period = f"{draft.activity_id}{suffix}:{digest[:12]}"
        key = mail_key("draft", config.mail.press_office, period)
        docx_name = f"{safe_file_name(draft.activity_id)}{'' if draft.lang == 'lv' else '.' + draft.lang}.docx"
        intro = language.press_office_intro(docx_name, _shown(folder), draft.lang)
        text, html = f"{intro}\n\n{draft_text(draft)}", draft.html
        link = outcome.links.get(draft.activity_id)
        if link:  # the Google Doc first: that is where the press office edits
            text = f"{intro}\n{MAIL_DOC_LINE.format(link=link)}\n\n{draft_text(draft)}"
            anchor = f'<p><a href="{escape(link, quote=True)}">{escape(MAIL_DOC_LINE.format(link=link))}</a></p>'
            html = html.replace("<body>", "<body>\n" + anchor, 1) if "<body>" in html else anchor + html
        msg = message(
            config,
            key,
            [config.mail.press_office],
            one_line(language.press_office_subject(draft.title, draft.activity_id, draft.lang)),
            text,
            html,
            attachments=[
                (
                    docx_name,
                    (folder / "draft.docx").read_bytes(),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            ],
        )
        mails.append(Mail("draft", config.mail.press_office, period, msg, content_hash=digest, label=draft.activity_id))
    return mails


def queue_press_office_mails(
    config: Config,
    outcome: DraftOutcome,
    ledger: Ledger,
    witness: Mapping[str, str] | None = None,
    *,
    force: bool = False,
) -> None:
    """Record every draft made together with its one mail to the press office (the .docx
    attached, with its content), in one transaction — so a run killed at any moment leaves both or
    neither: a draft recorded is a mail owed. A draft whose row changes later is a new draft, and
    is mailed again. A mail the sheet's `witness` (draft ID -> period) says was queued, of which
    the ledger knows nothing (it was lost), is not queued again but reported — unless `force`."""
    mails = _press_office_mails(config, outcome) if config.mail.press_office else []
    if not force:
        gone = [m for m in mails if (witness or {}).get(m.label) == m.period and ledger.mail_state(m.key) is None]
        mails = [m for m in mails if m not in gone]
        outcome.withheld += [drafting_words.press_withheld_line(m.label, config.tabs["state"]) for m in gone]
    queue(mails, ledger, drafts=outcome.records)


def press_office_mails(config: Config, ledger: Ledger) -> list[Mail]:
    """Every press-office mail still owed — made by this run or an earlier one that failed — as it
    was made."""
    if not config.mail.press_office:
        return []
    return [
        Mail(
            "draft",
            row["recipient"],
            row["period"],
            mail_from_bytes(row["content"]),
            content_hash=row["message_hash"],
            label=row["period"].partition(":")[0],
        )
        for row in ledger.owed_mails("draft")
    ]
