"""Weekly summaries for partners: one mail per address of each active partner, in its language,
for the communities it follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import UnsafeHeader
from kopienas.app.delivery import Mail, legacy_mail_key, mail_key
from kopienas.app.mailing import message
from kopienas.app.pipeline import Checked, sheet_summary_week
from kopienas.config import Config
from kopienas.core.partners import partner_recipients
from kopienas.outputs.summary import build_partner_summary, participants_chart_png, render_summary

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
    return f"{name or '—'} ({row}. rinda)"


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
            batch.rejected.append((_who(partner.name, partner.row), f"“Aktīvs”: {partner.active_error}"))
            continue
        if not partner.active:
            batch.inactive.append(partner.name)
            continue
        addresses = active[partner.row].addresses
        if not addresses:
            why = "nav derīgas e-pasta adreses (skat. lapu “Partneri”) / no usable address"
            batch.rejected.append((_who(partner.name, partner.row), why))
            continue
        summary = build_partner_summary(checked.report, checked.programme, partner, monday, sunday, now=now)
        try:
            chart = participants_chart_png(summary.year_to_date, summary.lang) if summary.has_chart else None
        except Exception as e:
            batch.errors.append(f"{_who(partner.name, partner.row)}: diagrammu nevar uzzīmēt ({type(e).__name__}: {e})")
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
    return (
        f"lapā “{config.tabs['state']}” ierakstīts, ka kopsavilkumi par {in_sheet} jau sūtīti, bet žurnālā "
        f"{ledger.path} par {week} nekā nav (žurnāls zaudēts vai aizstāts); nesūtu vēlreiz — ja tiešām vajag, "
        f"`kopienas summary --week {week} --resend`. / The sheet says {in_sheet} was sent; the ledger has no record."
    )
