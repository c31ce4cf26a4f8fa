"""`kopienas drafts`: press-release drafts for the rows coordinators mark."""

from __future__ import annotations

import click

from kopienas.core.errors import KopienasError
from kopienas.app.drafting import make_drafts, outcome_text, press_office_mails
from kopienas.app.mailing import transport_for
from kopienas.app.delivery import deliver
from kopienas.adapters.ledger import Ledger
from kopienas.app.pipeline import check, config_from, now, tool_tabs
from kopienas.adapters.runlock import run_lock
from kopienas.core.writeback import plan_from_report


@click.command()
@click.option("--source", help="Workbook path, Google Sheet URL or gsheet:<id> (overrides the config).")
@click.option("--id", "only_id", metavar="ID", help="Only the row with this ID.")
@click.option("--lang", type=click.Choice(["lv", "en"]), default="lv", show_default=True,
              help="Language of the drafts (en: for the British Council).")
@click.option("--force", is_flag=True, help="Rebuild drafts even when their rows did not change.")
@click.option("--dry-run", is_flag=True, help="Only print what would be made; write nothing.")
@click.pass_obj
def command(obj: dict, source: str | None, only_id: str | None, lang: str, force: bool, dry_run: bool) -> None:
    """Make drafts (Markdown, HTML, .docx) for valid rows marked `Relīze: Jā`, and note in
    `Relīzes melnraksts` where each one is, or why none was made."""
    config = config_from(obj, source)
    with run_lock(config, "drafts", needed=not dry_run), Ledger(config.ledger) as ledger:
        run_id = None if dry_run else ledger.start_run("drafts", config.source)
        try:
            checked = check(config)
            outcome = make_drafts(config, checked, None if dry_run else ledger, now=now(config),
                                  only_id=only_id, lang=lang, force=force, dry_run=dry_run)
            if only_id and not (outcome.made or outcome.unchanged or outcome.skipped):
                raise KopienasError(f"Nav rindas ar ID {only_id}, kurai prasīta relīze. / No marked row with ID {only_id}.", 2)
            click.echo(outcome_text(outcome, dry_run))
            if not dry_run and lang == "lv":
                plan = plan_from_report(checked.report, config.headers["activities"], config.tool_headers,
                                        outcome.notes, owned_tabs=tool_tabs(config, checked))
                written = checked.source.write(plan)
                click.echo(f"“Relīzes melnraksts” ierakstīts: {written.target}.")
            to_press = [] if dry_run else press_office_mails(config, outcome)
            if to_press:
                delivery = deliver(to_press, transport_for(config), ledger)
                click.echo(f"Preses dienestam ({config.mail.press_office}): nosūtīti {len(delivery.sent)}, "
                           f"neizdevās {len(delivery.failed)}.{' ' + delivery.error if delivery.error else ''}")
        except KopienasError as e:
            if run_id:
                ledger.finish_run(run_id, "failed", detail=str(e))
            raise
        if run_id:
            ledger.finish_run(run_id, "ok", {"made": len(outcome.made), "unchanged": len(outcome.unchanged),
                                             "skipped": len(outcome.skipped)})
