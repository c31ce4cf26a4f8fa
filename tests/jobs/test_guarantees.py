"""The promises in README's "Guarantees", each tested."""

import json
import random
from collections import Counter

import pytest

from kopienas.adapters.ledger import Ledger
from kopienas.adapters.mail import SmtpTransport, build_message
from kopienas.app.mail.delivery import Mail, deliver
from kopienas.core.writeback import plain
from tests.helpers import COMMUNITIES, INSTITUTIONS, activity, activity_rows, make_workbook, write_config
from tests.smtp_server import PASSWORD, USER, _test_ca


@pytest.mark.parametrize("text", ['=IMPORTXML("http://x","//a")', "+1", "-2+3", "@SUM(A1)"])
def test_text_written_to_the_sheet_never_starts_like_a_formula(text):
    assert plain(text) == "'" + text
    assert plain("Kopā (1) nesakrīt") == "Kopā (1) nesakrīt"


def test_a_hostile_community_name_reaches_the_totals_tab_as_text(cli, tmp_path):
    from openpyxl import load_workbook

    path = make_workbook(
        tmp_path / "wb.xlsx",
        {
            "Aktivitātes": activity_rows(activity(id="", community="X")),
            "Kopienas": [*COMMUNITIES, ["X", "Y"]],
            "Iestādes": INSTITUTIONS,
        },
    )
    wb = load_workbook(path)
    # text that looks like a formula, as a Google Sheet or a pasted CSV can hold it
    for ws, ref, value in (
        (wb["Kopienas"], "B4", '=HYPERLINK("http://evil")'),
        (wb["Aktivitātes"], "C2", "X"),
    ):
        ws[ref].value = value
        ws[ref].data_type = "s"
    wb.save(path)
    cli("--config", write_config(tmp_path / "cfg", path), "validate")

    wb = load_workbook(path)
    names = [r[0] for r in wb["Kopsavilkums"].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in names
    assert wb["Aktivitātes"]["A2"].value == "X-2020-01"


def test_a_formula_as_a_community_code_gives_no_id_and_a_problem(cli, tmp_path):
    from openpyxl import load_workbook

    path = make_workbook(
        tmp_path / "wb.xlsx",
        {
            "Aktivitātes": activity_rows(activity(id="", community="Y")),
            "Kopienas": [*COMMUNITIES, ["=X", "Y"]],
            "Iestādes": INSTITUTIONS,
        },
    )
    wb = load_workbook(path)
    wb["Kopienas"]["A4"].data_type = "s"
    wb.save(path)
    result = cli("--config", write_config(tmp_path / "cfg", path), "validate")

    wb = load_workbook(path)
    assert wb["Aktivitātes"]["A2"].value is None  # no ID is built from a code that is not an identifier
    assert "kopienas kods “=X” nav derīgs" in result.output
    assert "Kopiena: kopienai “Y” lapā “Kopienas” nav derīga koda" in wb["Aktivitātes"]["R2"].value


@pytest.mark.slow
def test_1000_mails_with_random_transient_faults_each_partner_gets_exactly_one(smtp_server, tmp_path):
    rng = random.Random(20201)
    settings = smtp_server.settings(max_retries=8)
    transport = SmtpTransport(settings, sleep=lambda s: None)
    mails = [
        Mail(
            "summary",
            f"partner-{i}",
            "2020-W39",
            build_message(
                sender="kopienas@example.com", to=[f"p{i}@example.org"], subject=f"Kopsavilkums {i}", text="Labdien!"
            ),
        )
        for i in range(1000)
    ]
    faults = Counter()

    def misbehave(result):
        roll = rng.random()
        if roll < 0.03:
            smtp_server.faults.tempfail_data = rng.randint(1, 2)
            faults["451"] += 1
        elif roll < 0.05:
            smtp_server.faults.drop_after_message = len(smtp_server.received) + rng.randint(1, 3)
            faults["drop"] += 1

    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        delivery = deliver(mails, transport, ledger, on_sent=misbehave)
        assert delivery.ok and len(delivery.sent) == 1000
        again = deliver(mails, transport, ledger)
        assert again.sent == [] and len(again.already_sent) == 1000
    per_rcpt = Counter(r for m in smtp_server.received for r in m.rcpt_tos)
    assert len(per_rcpt) == 1000 and set(per_rcpt.values()) == {1}
    assert faults["451"] > 10 and faults["drop"] > 5


@pytest.mark.slow
def test_secrets_never_appear_in_anything_the_tool_writes_or_says(cli, tmp_path, smtp_server, monkeypatch):
    secret_key = (
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"
    )
    sa = tmp_path / "sa.json"
    sa.write_text(
        json.dumps(
            {
                "type": "service_account",
                "client_email": "robots@x.iam.gserviceaccount.com",
                "private_key": secret_key,
                "private_key_id": "abc",
                "token_uri": "https://oauth2.example/t",
            }
        )
    )
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", PASSWORD)
    ca = tmp_path / "ca.pem"
    _test_ca().cert_pem.write_to_path(str(ca))
    path = make_workbook(
        tmp_path / "wb.xlsx",
        {
            "Aktivitātes": activity_rows(activity(), activity(id="X-1", total=3, email="x@example.com")),
            "Kopienas": COMMUNITIES,
            "Iestādes": INSTITUTIONS,
            "Partneri": [
                ["Nosaukums", "E-pasts", "Kopienas", "Valoda", "Aktīvs"],
                ["P", "p@example.com", "Visas", "lv", "Jā"],
            ],
        },
    )
    smtp = (
        f'\n[mail]\ntransport = "smtp"\nsender = "kopienas@example.com"\n[mail.smtp]\nhost = "{smtp_server.host}"\n'
        f'port = {smtp_server.port}\nuser = "{USER}"\nca_file = "{ca}"\n'
    )
    cfg = write_config(tmp_path / "cfg", path, smtp)
    outputs = [
        cli("--config", cfg, "run").output,
        cli("--config", cfg, "validate", "--format", "json").output,
        cli("--config", cfg, "summary", "--week", "2020-W39", "--resend").output,
    ]
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "wrong-" + PASSWORD)
    outputs.append(cli("--config", cfg, "summary", "--week", "2020-W40").output)
    gcfg = tmp_path / "g.toml"
    gcfg.write_text(f'[source]\nlocation = "gsheet:abc"\ncredentials = "{sa}"\n')
    outputs.append(cli("--config", gcfg, "validate").output)
    assert "servisa konta" in outputs[-1]

    written = b"".join(p.read_bytes() for p in (tmp_path / "cfg" / "out").rglob("*") if p.is_file())
    for secret in (PASSWORD, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"):
        assert secret not in "".join(outputs)
        assert secret.encode() not in written
    assert len(smtp_server.received) >= 2  # the mails really went out


def test_a_password_in_the_config_file_is_refused(cli, tmp_path):
    cfg = tmp_path / "k.toml"
    cfg.write_text('[mail.smtp]\npassword = "Sl3pena"\n')
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 2 and "KOPIENAS_SMTP_PASSWORD" in result.output and "Sl3pena" not in result.output


def test_a_corrupt_ledger_refuses_to_send(cli, workbook_with, tmp_path):
    _path, cfg = workbook_with(activity())
    ledger = tmp_path / "cfg" / "out" / "ledger.sqlite"
    ledger.parent.mkdir(parents=True)
    ledger.write_bytes(b"this is not a database" * 100)
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 3 and "nekas netika sūtīts" in result.output
    assert not (tmp_path / "cfg" / "out" / "outbox").exists()


def test_an_unwritable_output_folder_is_a_clear_error(cli, workbook_with, tmp_path):
    _path, cfg = workbook_with(activity())
    blocker = tmp_path / "cfg" / "out"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the output folder should be")
    result = cli("--config", cfg, "run")
    assert result.exit_code == 3 and "out" in result.output and "Traceback" not in result.output


def test_an_unexpected_error_is_one_line_and_exit_3(cli, workbook_with, monkeypatch):
    import kopienas.app.jobs.steps as validate_command  # where every job reads and checks the sheet

    def broken(*args, **kwargs):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(validate_command, "check", broken)
    path, cfg = workbook_with(activity())
    before = path.read_bytes()
    result = cli("--config", cfg, "validate")
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        "kopienas: neparedzēta kļūda (RuntimeError: something nobody expected); darbs apturēts, nekas nav "
        "ierakstīts pa pusei. Sīkāk: KOPIENAS_DEBUG=1. / Unexpected error; the run stopped safely."
    ]
    assert path.read_bytes() == before
    import sqlite3

    runs = (
        sqlite3.connect(path.parent / "cfg" / "out" / "ledger.sqlite")
        .execute("SELECT outcome, detail FROM runs")
        .fetchall()
    )
    assert runs == [("failed", "RuntimeError")]  # recorded as failed, not left running
