"""`kopienas fixlists`: each coordinator with broken rows gets one e-mail listing them."""

from __future__ import annotations

import click

from kopienas.config import Config
from kopienas.core.errors import EXIT_FAILED, EXIT_OK, KopienasError
from kopienas.app.fixlist_mails import fixlist_mails
from kopienas.app.mailing import transport_for
from kopienas.adapters.ledger import Ledger
from kopienas.app.delivery import deliver
from kopienas.app.pipeline import check, config_from, now
from kopienas.adapters.runlock import run_lock
from kopienas.app.summary import delivery_text


@click.command()
@click.option("--source", help="Workbook path, Google Sheet URL or gsheet:<id> (overrides the config).")
@click.pass_obj
def command(obj: dict, source: str | None) -> None:
    """Mail each coordinator the problems in their rows — at most once a day, and only when the
    list changed. Coordinators with no problems get nothing."""
    raise SystemExit(fixlists(config_from(obj, source)))


def fixlists(config: Config) -> int:
    """The fix-list job; returns the exit code."""
    with run_lock(config, "fixlists"), Ledger(config.ledger) as ledger:
        run_id = ledger.start_run("fixlists", config.source)
        try:
            checked = check(config)
            mails, rejected = fixlist_mails(config, checked, ledger, now=now(config))
            for name, why in rejected:
                click.echo(f"  Netiek sūtīts koordinatoram “{name}”: {why}")
            delivery = deliver(mails, transport_for(config), ledger)
            for line in delivery_text(delivery):
                click.echo(line)
        except KopienasError as e:
            ledger.finish_run(run_id, "failed", detail=str(e))
            raise
        ledger.finish_run(run_id, "failed" if delivery.error else "ok",
                          {"sent": len(delivery.sent), "failed": len(delivery.failed)}, detail=delivery.error)
    return EXIT_FAILED if delivery.error else EXIT_OK
