"""The templates rendered on the packaged sample programme, as `doctor` checks them: a draft in
each language, a partner's summary and a coordinator's fix-list. Nothing is written."""

from __future__ import annotations

from datetime import timedelta

from kopienas.app.drafting import draft_for
from kopienas.app.pipeline import now
from kopienas.config import Config
from kopienas.core import contract, language, sample_data
from kopienas.core.models import Snapshot, table_from_rows
from kopienas.core.reading import read_programme
from kopienas.core.validation import validate
from kopienas.outputs.fixlist import build_fixlists, render_fixlist
from kopienas.outputs.summary import build_partner_summary, render_summary


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
