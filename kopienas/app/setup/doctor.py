"""`kopienas doctor`: the whole setup checked without changing anything, one line per check.

Each check returns a Check: passed or not, what was found, and — when it failed — the fix. Nothing
here writes: the source is read, the SMTP server gets EHLO and AUTH and is left without a mail,
folders and the ledger are looked at with access checks, the lock file is only read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from kopienas.adapters.access_checks import setup_access
from kopienas.adapters.mail import MailError, SmtpTransport, validate_address
from kopienas.adapters.runlock import current_holder
from kopienas.adapters.sources import check_access, open_source
from kopienas.app.drafts.making import draft_for
from kopienas.app.mail.sending import transport_for
from kopienas.app.pipeline import ENV_TODAY, now
from kopienas.app.unattended.plan import plan_from_config
from kopienas.config import PACKAGED_TEMPLATES, Config
from kopienas.core import contract, language, sample_data
from kopienas.core.errors import KopienasError
from kopienas.core.headers import tab_columns
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.reading import find_tab, read_programme
from kopienas.core.validation import validate
from kopienas.outputs.fixlist import build_fixlists, render_fixlist
from kopienas.outputs.summary import build_partner_summary, render_summary

OK_MARK, FAIL_MARK = "✓", "✗"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{OK_MARK if self.ok else FAIL_MARK} {self.name}: {self.detail}"
        return text if self.ok or not self.fix else f"{text} — fix: {self.fix}"


def _stamp(config: Config, moment) -> str:
    return moment.astimezone(config.zone).strftime("%d.%m.%Y %H:%M")


def check_config(config: Config) -> Check:
    where = config.path.resolve() if config.path else "-"
    return Check("config", True, f"{where} (from {config.found_by}), every key known and of the right type")


def check_timezone(config: Config) -> Check:
    pinned = " (pinned by KOPIENAS_TODAY)" if os.environ.get(ENV_TODAY) else ""
    return Check("time zone", True, f"{config.timezone}, now {_stamp(config, now(config))}{pinned}")


def check_schedule(config: Config) -> Check:
    try:
        plan = plan_from_config(config)
    except KopienasError as e:
        return Check("next scheduled times", False, str(e), "correct the [schedule] setting named")
    current = now(config)
    names = {"validation": "validation", "summary": "summaries", "fixlists": "fix-lists"}
    parts = [
        f"{names[name]} {rule.describe()} (next {_stamp(config, rule.following(current))})"
        for name, rule in plan.rules().items()
    ]
    return Check("next scheduled times", True, "; ".join(parts) + f"; alert after {plan.alert_after} failures")


def check_google(config: Config) -> list[Check]:
    return [Check(a.name, a.ok, a.detail, a.fix) for a in check_access(config)]


def check_source(config: Config) -> tuple[Check, Snapshot | None]:
    try:
        snapshot = open_source(config).read()
    except KopienasError as e:
        fix = "share the sheet or correct `source.location`" if config.is_google_sheet else "correct `source.location`"
        return Check("source", False, str(e), fix), None
    return Check("source", True, f"{config.source}: {len(snapshot.tables)} tabs read"), snapshot


def check_structure(config: Config, snapshot: Snapshot | None) -> Check:
    if snapshot is None:
        return Check("tabs and headers", False, "not checked: the source could not be read", "fix the source first")
    missing_tabs, missing_headers = [], []
    for tab in contract.TABS:
        title = config.tabs[tab.key]
        table = find_tab(snapshot, title)
        if table is None:
            missing_tabs.append(f"“{title}”")
            continue
        # Found as reading finds them (header row by content); the tool's own columns are added by its first write.
        _, columns = tab_columns(table, config.sheet, tab.key)
        missing_headers += [
            f"“{title}”.“{c.header}”" + (f" (did you mean “{c.closest}”?)" if c.closest else "")
            for c in columns.checks
            if not c.found
        ]
    if missing_tabs or missing_headers:
        said = []
        if missing_tabs:
            said.append("missing tabs " + ", ".join(missing_tabs))
        if missing_headers:
            said.append("missing headers " + ", ".join(missing_headers))
        return Check(
            "tabs and headers",
            False,
            "; ".join(said),
            "run `kopienas init` (adds what is missing, changes nothing else), or map the names in [tabs]/[headers]",
        )
    return Check("tabs and headers", True, f"{len(contract.TABS)} tabs with every contract header")


def check_addresses(config: Config) -> Check:
    problems, shown = [], []
    for key in ("sender", "operator", "press_office"):
        value = getattr(config.mail, key)
        if not value:
            continue
        try:
            validate_address(value, key)
        except ValueError as e:
            problems.append(f"`mail.{key}`: {e}")
        else:
            shown.append(f"{key} {value}")
    if problems:
        return Check("mail addresses", False, "; ".join(problems), "set valid addresses in [mail]")
    if not config.mail.operator:
        shown.append("no operator (`mail.operator`): a job that keeps failing is only logged")
    return Check("mail addresses", True, ", ".join(shown))


def check_mail_server(config: Config) -> Check:
    if config.mail.transport == "outbox":
        return Check("mail transport", True, f"outbox: mails are written to {config.outbox}, nothing is sent")
    smtp = config.mail.smtp
    where = f"{smtp.host}:{smtp.port} ({smtp.security})"
    # The session needs no sender; a wrong one is the addresses check's to report.
    session_config = replace(config, mail=replace(config.mail, sender="kopienas@example.com"))
    try:
        transport = transport_for(session_config)
        assert isinstance(transport, SmtpTransport)
        transport.open_session()
        transport.close()
    except (KopienasError, MailError) as e:
        fix = (
            "check `mail.smtp.user` and the password (KOPIENAS_SMTP_PASSWORD or `mail.smtp.password_file`)"
            if "login" in str(e) or "password" in str(e)
            else "check `mail.smtp.host`, `mail.smtp.port`, `mail.smtp.security` and the firewall"
        )
        return Check("SMTP", False, f"{where}: {e}", fix)
    login = f", login as {smtp.user} accepted" if smtp.user else ", no login configured"
    return Check("SMTP", True, f"{where} reachable{login} (no mail sent)")


def check_templates(config: Config) -> Check:
    where = "packaged" if config.templates == PACKAGED_TEMPLATES else str(config.templates)
    try:
        rendered = render_samples(config)
    except Exception as e:  # a template may fail in any way; that is what this check is for
        return Check(
            "templates",
            False,
            f"{where}: {type(e).__name__}: {e}",
            "correct the template named, or remove `templates` to use the packaged wording",
        )
    return Check("templates", True, f"{where}; rendered on a sample row: {rendered}")


def _writable(path: Path) -> tuple[bool, str]:
    """Whether `path` (a folder) exists and is writable, or could be made: its nearest existing
    parent is a writable folder. Nothing is created."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return False, f"{path}: no existing parent folder"
        probe = probe.parent
    if not probe.is_dir():
        return False, f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return False, f"{probe} is not writable by this user"
    return True, str(path) if probe == path else f"{path} (will be made in {probe})"


def check_storage(config: Config) -> Check:
    problems: list[str] = []
    fixes: list[str] = []
    found: list[str] = []
    for folder in dict.fromkeys([config.output, config.drafts, config.outbox, config.ledger.parent]):
        ok, said = _writable(folder)
        (found if ok else problems).append(said)
    if problems:
        fixes.append("give the service user these folders (or set [output] and [ledger] to its state folder)")
    ledger = config.ledger
    if ledger.exists():
        if not ledger.is_file() or not os.access(ledger, os.R_OK | os.W_OK):
            problems.append(f"ledger {ledger} is not a file this user can read and write")
            fixes.append("chown the ledger to the service user, or point `ledger.path` elsewhere")
        else:
            with open(ledger, "rb") as f:
                if ledger.stat().st_size and f.read(16) != b"SQLite format 3\0":
                    problems.append(f"ledger {ledger} is not an SQLite database")
                    fixes.append("move that file away and name the ledger's path in `ledger.path`")
            if ledger.stat().st_mode & 0o077:
                problems.append(f"ledger {ledger} is readable by others (it holds addresses)")
                fixes.append(f"chmod 600 {ledger}*")
    if problems:
        return Check("output and ledger", False, "; ".join(problems), "; ".join(fixes))
    return Check("output and ledger", True, "writable: " + ", ".join(found) + f"; ledger {ledger}")


def check_files_access(config: Config) -> Check:
    problems, found = setup_access(config)
    if problems:
        return Check(
            "files this user needs", False, "; ".join(p.problem for p in problems), "; ".join(p.fix for p in problems)
        )
    return Check("files this user needs", True, "; ".join(found) or "nothing outside the output folders")


def check_lock(config: Config) -> Check:
    holder = current_holder(config)
    if holder is None:
        return Check("run lock", True, "free")
    return Check(
        "run lock",
        False,
        f"held by PID {holder.pid} ({holder.job}) since {holder.since_text(config.zone)}",
        "wait for that run to finish; a killed run's lock frees itself",
    )


def checks(config: Config) -> Iterator[Check]:
    """Every check, in the order a person would fix them."""
    yield check_config(config)
    yield check_timezone(config)
    yield from check_google(config)
    source, snapshot = check_source(config)
    yield source
    yield check_structure(config, snapshot)
    yield check_addresses(config)
    yield check_mail_server(config)
    yield check_templates(config)
    yield check_storage(config)
    yield check_files_access(config)
    yield check_lock(config)
    yield check_schedule(config)


def doctor(config: Config, show: Callable[[str], None]) -> int:
    """Run every check, showing each line as it is known; 0 when all pass, else 2."""
    failed = 0
    for check in checks(config):
        show(check.line())
        failed += not check.ok
    show(
        "All checks passed."
        if not failed
        else language.sentence_start(f"{language.count_phrase(failed, 'check', 'en')} failed.", "en")
    )
    return 0 if not failed else 2


# -- the sample drafts and mails doctor renders ------------------------------------------------
def sample_snapshot(config: Config) -> Snapshot:
    """The sample programme under the config's own tab and header names."""
    tables = {}
    rows_by_tab = sample_data.rows_by_tab()
    for tab in contract.TABS:
        header = [config.headers[tab.key][c.field] for c in tab.columns]
        body = [list(r) if r else [None] * len(header) for r in rows_by_tab[tab.key]]
        title = config.tabs[tab.key]
        tables[title] = table_from_rows(title, [header, *body])
    return Snapshot(tables, source="sample")


def render_samples(config: Config) -> str:
    """Render every template on a sample row; raises whatever a broken template raises."""
    current = now(config)
    programme = read_programme(sample_snapshot(config), config.sheet)
    report = validate(
        programme, config.headers["activities"], current.date(), partner_headers=config.headers["partners"]
    )
    valid = report.valid_activities()
    activity = next((a for a in valid if a.press_release and a.start), valid[0])
    for lang in language.LANGUAGES:
        draft_for(config, activity, programme, now=current, lang=lang)
    assert activity.start is not None
    monday = activity.start - timedelta(days=activity.start.weekday())
    said = [f"draft {activity.id} ({', '.join(language.LANGUAGES)})"]
    for partner in [p for p in programme.partners if p.active][:2]:
        summary = build_partner_summary(report, programme, partner, monday, monday + timedelta(days=6), now=current)
        render_summary(summary, templates_dir=config.templates / "mail", chart_cid=None)
        said.append(f"summary for {partner.name} ({summary.lang})")
    for fixlist in build_fixlists(report, programme)[:1]:
        render_fixlist(fixlist, sheet_link=config.mail.sheet_link, templates_dir=config.templates / "mail")
        said.append(f"fix-list for {fixlist.email}")
    return ", ".join(said)
