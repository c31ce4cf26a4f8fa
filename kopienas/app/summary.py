"""`kopienas summary`: the weekly e-mail to each partner, sent once per week."""

from __future__ import annotations

import click

from kopienas.config import Config
from kopienas.core.errors import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, KopienasError
from kopienas.app.mailing import transport_for
from kopienas.app.summary_mails import SummaryBatch, summary_mails
from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import OutboxTransport
from kopienas.app.delivery import Delivery, deliver
from kopienas.app.pipeline import check, config_from, now
from kopienas.adapters.runlock import run_lock
from kopienas.core.weeks import last_full_week, parse_iso_week


def batch_table(batch: SummaryBatch) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table("Partneris", "Adreses", "Valoda", "Temats", "Notika", "Plānots", "Kļūdainas", box=None)
    for p in batch.planned:
        table.add_row(p.partner, "; ".join(p.to), p.lang, p.subject, str(p.held), str(p.upcoming), str(p.left_out))
    console = Console(width=160, record=True, file=open("/dev/null", "w"))  # noqa: SIM115 - render only
    console.print(table)
    return console.export_text().rstrip()


def delivery_text(delivery: Delivery) -> list[str]:
    lines = [f"Nosūtīti: {len(delivery.sent)}; jau nosūtīti agrāk: {len(delivery.already_sent)}; "
             f"neizdevās: {len(delivery.failed)}."]
    lines += [f"  Neizdevās: {key} — {why}" for key, why in delivery.failed]
    if delivery.error:
        lines.append(f"  Pasta serveris: {delivery.error}")
    if delivery.not_attempted:
        lines.append(f"  Netika mēģināti (nākamajā reizē): {len(delivery.not_attempted)}")
    return lines


@click.command()
@click.option("--source", help="Workbook path, Google Sheet URL or gsheet:<id> (overrides the config).")
@click.option("--week", metavar="YYYY-Www", help="The week, e.g. 2020-W39 (default: the last full week).")
@click.option("--dry-run", is_flag=True, help="Write the mails as .eml files and show who would get what; send nothing.")
@click.option("--only", "only", metavar="PARTNER", help="Send to this partner only (a test send).")
@click.option("--resend", is_flag=True, help="Send again even if this week's mail was already sent.")
@click.pass_obj
def command(obj: dict, source: str | None, week: str | None, dry_run: bool, only: str | None, resend: bool) -> None:
    """Send each active partner (tab `Partneri`) the week's summary for the communities it follows."""
    raise SystemExit(summary(config_from(obj, source), week=week, dry_run=dry_run, only=only, resend=resend))


def summary(config: Config, *, week: str | None = None, dry_run: bool = False, only: str | None = None,
            resend: bool = False) -> int:
    """The weekly summary job; returns the exit code."""
    current = now(config)
    try:
        monday, sunday = parse_iso_week(week) if week else last_full_week(current)
    except ValueError as e:
        raise KopienasError(str(e), EXIT_USAGE) from None
    with run_lock(config, "summary"), Ledger(config.ledger) as ledger:
        run_id = ledger.start_run("summary", config.source)
        try:
            checked = check(config)
            batch = summary_mails(config, checked, monday, sunday, now=current, only=only)
            if only and not (batch.planned or batch.rejected):
                raise KopienasError(f"Nav aktīva partnera “{only}” lapā “Partneri”. / No active partner {only!r}.", EXIT_USAGE)
            click.echo(batch_table(batch))
            for name, why in batch.rejected:
                click.echo(f"  Netiek sūtīts partnerim “{name}”: {why}")
            if dry_run:
                folder = config.output / "dry-run"
                OutboxTransport(folder).send_batch([_outgoing(p.mail) for p in batch.planned])
                click.echo(f"Sausais mēģinājums: vēstules ierakstītas {folder}/ (nekas nav nosūtīts).")
                ledger.finish_run(run_id, "ok", {"planned": len(batch.planned), "dry_run": True})
                return EXIT_OK
            delivery = deliver([p.mail for p in batch.planned], transport_for(config), ledger, resend=resend)
            for line in delivery_text(delivery):
                click.echo(line)
        except KopienasError as e:
            ledger.finish_run(run_id, "failed", detail=str(e))
            raise
        counts = {"sent": len(delivery.sent), "already_sent": len(delivery.already_sent),
                  "failed": len(delivery.failed), "rejected": len(batch.rejected)}
        outcome = "failed" if delivery.error else "problems" if (delivery.failed or batch.rejected) else "ok"
        ledger.finish_run(run_id, outcome, counts, detail=delivery.error)
    return EXIT_FAILED if delivery.error else EXIT_PROBLEMS if outcome == "problems" else EXIT_OK


def _outgoing(mail):
    from kopienas.adapters.mail import Outgoing

    return Outgoing(mail.key, mail.message)
