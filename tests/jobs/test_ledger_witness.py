"""The ledger is never mistaken: an empty or foreign file is refused, an older one keeps its
meaning, a lost one cannot send a week again (the sheet's state tab is a second witness), and a
press-office mail queued by a failed run is sent later from the ledger, as it was made."""

import sqlite3

from openpyxl import load_workbook

from tests.helpers import COMMUNITIES, INSTITUTIONS, activity, activity_rows, make_workbook, write_config

PARTNERS = [
    ["Nosaukums", "E-pasts", "Kopienas", "Valoda", "Aktīvs"],
    ["Izglītības pārvalde", "parvalde@example.com", "DGP", "lv", "Jā"],
    ["British Council", "bc@example.org", "Visas", "en", "Jā"],
]


def setup(tmp_path, server, extra=""):
    wb = make_workbook(
        tmp_path / "wb.xlsx",
        {
            "Aktivitātes": activity_rows(activity()),
            "Kopienas": COMMUNITIES,
            "Iestādes": INSTITUTIONS,
            "Partneri": PARTNERS,
        },
    )
    cfg = write_config(
        tmp_path / "cfg",
        wb,
        f'\n[mail]\ntransport = "smtp"\nsender = "Darbīgās kopienas <kopienas@example.com>"\n{extra}'
        f'\n[mail.smtp]\nhost = "{server.host}"\nport = {server.port}\nsecurity = "none"\ntimeout = 5\n',
    )
    return wb, cfg, tmp_path / "cfg" / "out" / "ledger.sqlite"


def one_line(result):
    """The one line the command ends with (`run` also logs, on stderr, what it did)."""
    lines = [x for x in result.output.strip().splitlines() if x.startswith("kopienas:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_an_empty_ledger_is_refused_not_taken_for_a_new_one(cli, tmp_path, plain_smtp_server):
    _, cfg, ledger = setup(tmp_path, plain_smtp_server)
    ledger.parent.mkdir(parents=True)
    ledger.write_bytes(b"")
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 3 and plain_smtp_server.received == []
    assert "ir tukšs (0 baitu); nekas netika sūtīts" in one_line(result)


def test_another_programs_database_is_refused(cli, tmp_path, plain_smtp_server):
    _, cfg, ledger = setup(tmp_path, plain_smtp_server)
    ledger.parent.mkdir(parents=True)
    db = sqlite3.connect(ledger)
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    db.commit()
    db.close()
    result = cli("--config", cfg, "run")
    assert result.exit_code == 3 and plain_smtp_server.received == []
    assert "nav kopienas žurnāls" in one_line(result)
    # a database with the right tables but another program's mark is refused too
    db = sqlite3.connect(ledger)
    db.executescript("CREATE TABLE runs (id INTEGER); CREATE TABLE mails (key TEXT); PRAGMA application_id = 7;")
    db.close()
    assert "nav kopienas žurnāls" in one_line(cli("--config", cfg, "run"))


def test_a_ledger_from_before_the_mark_is_upgraded_and_keeps_its_rows(cli, tmp_path, plain_smtp_server):
    from kopienas.adapters.ledger import SCHEMA
    from kopienas.adapters.ledger_file import APPLICATION_ID

    _, cfg, ledger = setup(tmp_path, plain_smtp_server)
    ledger.parent.mkdir(parents=True)
    db = sqlite3.connect(ledger)
    db.executescript(SCHEMA)  # the tables as the previous version made them, without a mark
    db.execute(
        "INSERT INTO mails (key, kind, recipient, period, message_hash, state, updated_at) VALUES "
        "('summary:British Council:2020-W39', 'summary', 'British Council', '2020-W39', 'x', 'sent', 'then')"
    )
    db.commit()
    db.close()
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 0, result.output
    assert [m.rcpt_tos for m in plain_smtp_server.received] == [("parvalde@example.com",)]
    assert sqlite3.connect(ledger).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_lost_ledger_cannot_send_a_week_again(cli, tmp_path, plain_smtp_server):
    wb, cfg, ledger = setup(tmp_path, plain_smtp_server)
    first = cli("--config", cfg, "run")  # 2026-11-21: the summaries of 2026-W46 are due
    assert first.exit_code in (0, 1), first.output
    assert sorted(r for m in plain_smtp_server.received for r in m.rcpt_tos) == [
        "bc@example.org",
        "parvalde@example.com",
    ]
    state = [list(r) for r in load_workbook(wb)["Rīka stāvoklis"].iter_rows(values_only=True)]
    assert state[1][1] == "2026-W46"

    ledger.unlink()  # an evicted CI cache, a wiped disk
    for suffix in ("-wal", "-shm"):
        ledger.with_name(ledger.name + suffix).unlink(missing_ok=True)
    again = cli("--config", cfg, "run")
    assert len(plain_smtp_server.received) == 2, again.output
    assert "Kopsavilkumi netiek sūtīti: lapā “Rīka stāvoklis” ierakstīts" in again.output
    summary = cli("--config", cfg, "summary", "--week", "2026-W46")
    assert len(plain_smtp_server.received) == 2 and summary.exit_code == 1
    # the next week is not held back by the witness
    assert "2026-W46" in load_workbook(wb)["Rīka stāvoklis"]["B2"].value


def test_a_press_office_mail_of_a_busy_run_is_sent_later_once(cli, tmp_path, plain_smtp_server):
    wb, cfg, _ = setup(tmp_path, plain_smtp_server, extra='press_office = "prese@example.com"\n')
    lock = wb.with_name(f".~lock.{wb.name}#")
    lock.write_text("someone has it open")  # the sheet cannot be written: the run is busy, does nothing
    failed = cli("--config", cfg, "run")
    assert failed.exit_code == 4 and plain_smtp_server.received == []
    lock.unlink()
    cli("--config", cfg, "run")  # the row did not change: no new draft, but the owed mail goes
    cli("--config", cfg, "run")
    press = [m for m in plain_smtp_server.received if m.rcpt_tos == ("prese@example.com",)]
    assert len(press) == 1
    attachment = next(press[0].message.iter_attachments())
    assert attachment.get_filename() == "DGP-2020-07.docx" and attachment.get_content()[:2] == b"PK"
