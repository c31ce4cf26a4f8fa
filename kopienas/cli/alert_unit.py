"""`kopienas alert-unit`: the systemd `OnFailure=` hook."""

from __future__ import annotations

import click

from kopienas.app.unattended.alerts import record_job_result
from kopienas.cli.output import config_of


@click.command()
@click.argument("unit")
@click.option("--ok", is_flag=True, help="The unit worked (ExecStartPost=): the next failure alerts again.")
@click.pass_obj
def command(obj: dict, unit: str, ok: bool) -> None:
    """Tell the operator (`mail.operator`) that the systemd unit UNIT failed — once, until it has
    worked again — for failures kopienas could not report itself (it could not start, was killed,
    ran out of time). Run by deploy/systemd/kopienas-alert@.service."""
    error = "" if ok else f"systemd reports the unit {unit} as failed; see `journalctl -u {unit}`"
    record_job_result(config_of(obj), f"systemd {unit}", ok, error, after=1)
