"""The weekly summary for partners: what it covers (build), its words (render), its chart."""

from kopienas.outputs.summary.build import PartnerSummary, WeekTotals, build_partner_summary, follows
from kopienas.outputs.summary.chart import participants_chart_png
from kopienas.outputs.summary.render import render_summary, summary_subject

__all__ = [
    "PartnerSummary",
    "WeekTotals",
    "build_partner_summary",
    "follows",
    "participants_chart_png",
    "render_summary",
    "summary_subject",
]
