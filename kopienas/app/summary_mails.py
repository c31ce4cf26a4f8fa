"""Weekly summaries for partners: one mail per active partner, in its language, for the
communities it follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kopienas.adapters.mail import UnsafeHeader
from kopienas.app.delivery import Mail
from kopienas.app.mailing import message
from kopienas.app.pipeline import Checked
from kopienas.config import Config
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
    mail: Mail


@dataclass
class SummaryBatch:
    planned: list[PlannedSummary] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (partner, why)
    inactive: list[str] = field(default_factory=list)


def summary_mails(
    config: Config, checked: Checked, monday: date, sunday: date, *, now: datetime, only: str | None = None
) -> SummaryBatch:
    batch = SummaryBatch()
    templates = config.templates / "mail"
    for partner in checked.programme.partners:
        if only and partner.name.casefold() != only.casefold():
            continue
        if not partner.active:
            batch.inactive.append(partner.name)
            continue
        if not partner.emails:
            batch.rejected.append((partner.name, "nav e-pasta adreses / no address"))
            continue
        summary = build_partner_summary(checked.report, checked.programme, partner, monday, sunday, now=now)
        chart = participants_chart_png(summary.year_to_date, summary.lang) if summary.has_chart else None
        rendered = render_summary(summary, templates_dir=templates, chart_cid=CHART_CID if chart else None)
        key_period = summary.week
        mail_key = f"summary:{partner.name}:{key_period}"
        try:
            msg = message(
                config,
                mail_key,
                list(partner.emails),
                rendered.subject,
                rendered.text,
                rendered.html,
                inline_images={CHART_CID: chart} if chart else None,
            )
        except (UnsafeHeader, ValueError) as e:
            batch.rejected.append((partner.name, str(e)))
            continue
        batch.planned.append(
            PlannedSummary(
                partner.name,
                partner.emails,
                summary.lang,
                rendered.subject,
                len(summary.held),
                len(summary.upcoming),
                summary.left_out,
                Mail("summary", partner.name, key_period, msg),
            )
        )
    return batch
