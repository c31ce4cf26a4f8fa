"""The summary job: the weekly e-mail to each partner, sent once per week."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import OutboxTransport, Outgoing, UnsafeHeader
from kopienas.app.jobs.steps import Pass, open_pass
from kopienas.app.mail.delivery import Mail, delivery_text, legacy_mail_key, mail_key
from kopienas.app.mail.sending import message, ready_transport
from kopienas.app.outcome import Outcome
from kopienas.app.pipeline import Checked, now, sheet_summary_week
from kopienas.app.unattended.plan import plan_from_config
from kopienas.config import Config
from kopienas.core import language
from kopienas.core.errors import ExitCode, KopienasError
from kopienas.core.partners import partner_recipients
from kopienas.core.safe_text import one_line
from kopienas.core.weeks import iso_week_label, parse_iso_week
from kopienas.core.words import jobs as words
from kopienas.outputs.summary import build_partner_summary, participants_chart_png, render_summary
from kopienas.outputs.templating import TemplateError


@dataclass
class SummaryStep:
    week: str  # "2020-W39"
    batch: SummaryBatch
    withheld: str = ""  # why the week's mails must not go (the sheet says they went); "" if nothing stands in the way

    @property
    def mails(self) -> list[Mail]:
        return [] if self.withheld else self.batch.mails


def summary_step(
    step: Pass, monday: date, sunday: date, *, only: str | None = None, resend: bool = False, plan_withheld: bool = True
) -> SummaryStep:
    """The week's mails, and whether the sheet's witness withholds them; `plan_withheld=False`
    does not render mails that would not go. A broken template stops them all (TemplateError)."""
    week = iso_week_label(monday)
    withheld = "" if resend else witness_says_sent(step.config, step.checked, step.ledger, week)
    if withheld and not plan_withheld:
        return SummaryStep(week, SummaryBatch(), withheld)
    batch = summary_mails(step.config, step.checked, monday, sunday, now=step.now, only=only)
    return SummaryStep(week, batch, withheld)


def batch_table(batch: SummaryBatch) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(*words.SUMMARY_TABLE_HEADERS, box=None)
    for p in batch.planned:
        table.add_row(
            one_line(p.partner, 60), "; ".join(p.to), p.lang, p.subject, str(p.held), str(p.upcoming), str(p.left_out)
        )
    console = Console(width=160, record=True, file=io.StringIO())  # rendered to text, not printed
    console.print(table)
    return console.export_text().rstrip()


def summary(
    config: Config, *, week: str | None = None, dry_run: bool = False, only: str | None = None, resend: bool = False
) -> Outcome:
    """The weekly summary job: the week that is due (`due_week`), or the one asked for."""
    try:
        monday, sunday = parse_iso_week(week) if week else plan_from_config(config).summary.due_week(now(config))
    except ValueError as e:
        raise KopienasError(str(e), ExitCode.USAGE) from None
    transport = None if dry_run else ready_transport(config)  # mail settings checked before anything is written
    with open_pass(config, "summary") as step:
        try:
            result = summary_step(step, monday, sunday, only=only, resend=resend or dry_run)
        except TemplateError as e:
            raise KopienasError(words.summary_template_broken(e)) from None
        batch = result.batch
        if only and not (batch.planned or batch.rejected):
            raise KopienasError(words.no_active_partner(language.quote(only), only), ExitCode.USAGE)
        outcome = Outcome(lines=[batch_table(batch)])
        outcome.say(*(words.not_sent_to_partner(language.quote(name), why) for name, why in batch.rejected))
        outcome.say(*(words.failed_line(error) for error in batch.errors))
        if dry_run:
            return _dry_run(step, batch, outcome)
        assert transport is not None
        if result.withheld:
            outcome.say(words.summaries_withheld(result.withheld))
        delivery = step.deliver(result.mails, transport, resend=resend)
        outcome.say(*delivery_text(delivery))
        outcome.counts = {
            "sent": len(delivery.sent),
            "already_sent": len(delivery.already_sent),
            "failed": len(delivery.failed),
            "uncertain": len(delivery.uncertain) + len(delivery.held),
            "rejected": len(batch.rejected),
        }
        failed = bool(delivery.error or batch.errors)
        problems = not delivery.ok or batch.rejected or result.withheld
        outcome.exit_code = ExitCode.FAILED if failed else ExitCode.PROBLEMS if problems else ExitCode.OK
        step.run.finish(outcome, delivery.error or "; ".join(batch.errors))
    return outcome


def _dry_run(step: Pass, batch: SummaryBatch, outcome: Outcome) -> Outcome:
    """The mails written to a folder to look at, none sent."""
    folder = step.config.output / "dry-run"
    OutboxTransport(folder, step.config.timezone).send_batch([Outgoing(m.key, m.message) for m in batch.mails])
    outcome.say(language.DRY_RUN_SAID.format(folder=folder))
    outcome.counts = {"planned": len(batch.planned), "dry_run": True}
    step.run.finish(outcome)
    return outcome


# -- the mails: one per address of each active partner -----------------------------------------
CHART_CID = "chart"


@dataclass(frozen=True)
class PlannedSummary:
    partner: str
    to: tuple[str, ...]
    lang: str
    subject: str
    held: int
    upcoming: int
    left_out: int
    mails: tuple[Mail, ...]  # one per address


@dataclass
class SummaryBatch:
    planned: list[PlannedSummary] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (partner, why): the partner's row
    inactive: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the job's own failures, for one partner each

    @property
    def mails(self) -> list[Mail]:
        return [m for p in self.planned for m in p.mails]


def _who(name: str, row: int) -> str:
    return words.partner_row(name, row)


def summary_mails(
    config: Config, checked: Checked, monday: date, sunday: date, *, now: datetime, only: str | None = None
) -> SummaryBatch:
    """Raises TemplateError (from `render_summary`) when the wording itself is broken: that stops
    every partner's mail alike; what concerns one partner only is in `rejected`."""
    batch = SummaryBatch()
    templates = config.templates / "mail"
    active = {r.partner.row: r for r in partner_recipients(checked.programme)}
    for partner in checked.programme.partners:
        if only and partner.name.casefold() != only.casefold():
            continue
        if partner.active_error:
            batch.rejected.append((_who(partner.name, partner.row), words.active_cell(partner.active_error)))
            continue
        if not partner.active:
            batch.inactive.append(partner.name)
            continue
        addresses = active[partner.row].addresses
        if not addresses:
            batch.rejected.append((_who(partner.name, partner.row), words.NO_USABLE_ADDRESS))
            continue
        summary = build_partner_summary(checked.report, checked.programme, partner, monday, sunday, now=now)
        try:
            chart = participants_chart_png(summary.year_to_date, summary.lang) if summary.has_chart else None
        except Exception as e:
            batch.errors.append(words.chart_failed(_who(partner.name, partner.row), e))
            continue
        rendered = render_summary(summary, templates_dir=templates, chart_cid=CHART_CID if chart else None)
        mails = []
        for address in addresses:
            key = mail_key("summary", address, summary.week)
            try:
                msg = message(
                    config,
                    key,
                    [address],
                    rendered.subject,
                    rendered.text,
                    rendered.html,
                    inline_images={CHART_CID: chart} if chart else None,
                )
            except (UnsafeHeader, ValueError) as e:
                batch.rejected.append((_who(partner.name, partner.row), str(e)))
                continue
            mails.append(
                Mail(
                    "summary",
                    address,
                    summary.week,
                    msg,
                    label=f"{partner.name} <{address}>",
                    legacy_keys=(legacy_mail_key("summary", partner.name, summary.week),),
                )
            )
        if mails:
            batch.planned.append(
                PlannedSummary(
                    partner.name,
                    tuple(m.recipient for m in mails),
                    summary.lang,
                    rendered.subject,
                    len(summary.held),
                    len(summary.upcoming),
                    summary.left_out,
                    tuple(mails),
                )
            )
    return batch


def witness_says_sent(config: Config, checked: Checked, ledger: Ledger, week: str) -> str:
    """Why `week`'s summaries must not go although the ledger has no record of them: the sheet's
    state tab says they went (the ledger was lost or replaced). "" when nothing stands in the way."""
    in_sheet = sheet_summary_week(config, checked)
    if not in_sheet or in_sheet < week or ledger.has_mails("summary", week):
        return ""
    return words.witness_says_sent(config.tabs["state"], in_sheet, ledger.path, week)
