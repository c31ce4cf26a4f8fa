"""A lost ledger mails no draft to the press office again: the sheet's state tab names each press
mail queued, and a run whose ledger knows nothing of it withholds it and says so; `drafts --force`
sends it on purpose."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.helpers import activity, make_workbook, standard_tabs, write_config


def test_a_lost_ledger_does_not_mail_the_press_office_again(cli, tmp_path, plain_smtp_server):
    server = plain_smtp_server
    path = make_workbook(tmp_path / "wb.xlsx", standard_tabs(activity()))
    cfg = write_config(
        tmp_path / "cfg",
        path,
        '\n[mail]\ntransport = "smtp"\nsender = "kopienas@example.com"\npress_office = "prese@example.com"\n'
        f'\n[mail.smtp]\nhost = "{server.host}"\nport = {server.port}\nsecurity = "none"\ntimeout = 5\n',
    )
    first = cli("--config", cfg, "run")
    press = [r for r in server.received if r.rcpt_tos == ("prese@example.com",)]
    assert len(press) == 1, first.output
    state = [[c.value for c in row] for row in load_workbook(path)["Rīka stāvoklis"].iter_rows()]
    assert any(row[0] == "Preses dienestam nosūtīts melnraksts" and row[1].startswith("DGP-2020-07:") for row in state)

    for leftover in (tmp_path / "cfg" / "out").glob("ledger.sqlite*"):
        leftover.unlink()  # an evicted CI cache, a wiped disk
    again = cli("--config", cfg, "run")
    assert len([r for r in server.received if r.rcpt_tos == ("prese@example.com",)]) == 1, again.output
    assert (
        "Nepārliecināti: DGP-2020-07 — lapā “Rīka stāvoklis” ierakstīts, ka melnraksts preses dienestam" in again.output
    )

    forced = cli("--config", cfg, "drafts", "--id", "DGP-2020-07", "--force")
    assert forced.exit_code == 0, forced.output
    assert len([r for r in server.received if r.rcpt_tos == ("prese@example.com",)]) == 2
