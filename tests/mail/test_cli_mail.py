"""Summaries and fix-lists as partners and coordinators receive them, over a real SMTP server."""

import sqlite3

import pytest

from tests.helpers import COMMUNITIES, INSTITUTIONS, activity, activity_rows, make_workbook, write_config
from tests.smtp_server import PASSWORD, USER, _test_ca, decoded_mailboxes, text_of

PARTNERS = [
    ["Nosaukums", "E-pasts", "Kopienas", "Valoda", "Aktīvs"],
    ["Daugavpils Izglītības pārvalde", "parvalde@example.com", "DGP", "lv", "Jā"],
    ["British Council Latvia", "bc@example.org", "Visas", "en", "Jā"],
    ["Izglītības iniciatīvu centrs", "iic@example.com; projekti@example.com", "Visas", "lv", "Jā"],
    ["Preiļu novada pašvaldība", "preili@example.net", "PRE", "lv", "Jā"],
    ["Ludzas novads", "ludza@example.net", "DGP; PRE", "lv", "Jā"],
    ["Vecais partneris", "vecais@example.net", "Visas", "lv", "Nē"],
]

ROWS = [
    activity(id="DGP-2020-07"),
    activity(
        id="PRE-2020-02",
        community="PRE",
        title="Keramikas darbnīca",
        start="30.09.2020",
        end="02.10.2020",
        status="Plānota",
        children=None,
        adults=None,
        total=None,
        institutions="",
    ),
    activity(id="DGP-2020-09", title="Kļūdaina rinda", total=1, email="arvita@example.com"),
]


@pytest.fixture
def mail_setup(tmp_path, smtp_server):
    ca = tmp_path / "ca.pem"
    _test_ca().cert_pem.write_to_path(str(ca))

    def build(rows=ROWS, partners=PARTNERS, transport="smtp"):
        wb = make_workbook(
            tmp_path / "wb.xlsx",
            {
                "Aktivitātes": activity_rows(*rows),
                "Kopienas": COMMUNITIES,
                "Iestādes": INSTITUTIONS,
                "Partneri": partners,
            },
        )
        extra = (
            f'\n[mail]\ntransport = "{transport}"\nsender = "Darbīgās kopienas <kopienas@example.com>"\n'
            f'sheet_link = "https://docs.google.com/spreadsheets/d/abc"\n'
            f'\n[mail.smtp]\nhost = "{smtp_server.host}"\nport = {smtp_server.port}\nsecurity = "starttls"\n'
            f'user = "{USER}"\nca_file = "{ca}"\ntimeout = 5\n'
        )
        return wb, write_config(tmp_path / "cfg", wb, extra)

    return build


@pytest.fixture(autouse=True)
def smtp_password(monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", PASSWORD)
    # The Monday the summary of 2020-W39 goes out: the planned row is still ahead then.
    monkeypatch.setenv("KOPIENAS_TODAY", "2020-09-28")


def by_recipient(server):
    out = {}
    for r in server.received:
        for rcpt in r.rcpt_tos:
            out.setdefault(rcpt, []).append(r)
    return out


def test_each_active_partner_gets_exactly_one_mail_for_its_communities(cli, mail_setup, smtp_server):
    _, cfg = mail_setup()
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 0, result.output
    got = by_recipient(smtp_server)
    assert sorted(got) == sorted(
        [
            "parvalde@example.com",
            "bc@example.org",
            "iic@example.com",
            "projekti@example.com",
            "preili@example.net",
            "ludza@example.net",
        ]
    )
    assert all(len(mails) == 1 for mails in got.values())
    assert smtp_server.connections == 1  # one connection for the whole batch

    dgp = got["parvalde@example.com"][0].message
    assert dgp["Subject"] == "Darbīgās kopienas — nedēļas kopsavilkums, 2020. gada 21.–27. septembris"
    assert dgp.get_content_type() == "multipart/alternative"
    plain = text_of(dgp.get_body(("plain",)))
    assert "Rudens talka" in plain and "no 24. līdz 27. septembrim" in plain and "380 cilvēki" in plain
    assert "Keramikas darbnīca" not in plain  # a Preiļi activity, not followed
    html_part = dgp.get_body(("html",))
    assert 'src="cid:chart"' in text_of(html_part)
    images = [p for p in dgp.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<chart>" and images[0].get_content()[:4] == b"\x89PNG"
    # no partner sees another partner's address
    raw = got["parvalde@example.com"][0].content.decode("ascii", "replace")
    assert "bc@example.org" not in raw and "iic@example.com" not in raw
    assert decoded_mailboxes(got["parvalde@example.com"][0].content, "From") == [
        ("Darbīgās kopienas", "kopienas@example.com")
    ]

    preili = text_of(got["preili@example.net"][0].message.get_body(("plain",)))
    assert "Keramikas darbnīca" in preili and "Rudens talka" not in preili  # planned for next week
    english = got["bc@example.org"][0].message
    assert english["Subject"] == "Active Communities — weekly summary, 21–27 September 2020"


def test_rows_with_problems_are_counted_not_dropped(cli, mail_setup, smtp_server):
    _, cfg = mail_setup()
    cli("--config", cfg, "summary", "--week", "2020-W39")
    plain = text_of(by_recipient(smtp_server)["parvalde@example.com"][0].message.get_body(("plain",)))
    assert "1 rinda ar kļūdām nav iekļauta" in plain


def test_a_second_run_sends_nothing_and_resend_sends_again(cli, mail_setup, smtp_server):
    _, cfg = mail_setup()
    cli("--config", cfg, "summary", "--week", "2020-W39")
    assert len(smtp_server.received) == 6  # one mail per address: a partner with two gets two
    again = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert again.exit_code == 0 and "6 vēstules bija nosūtītas jau agrāk." in again.output
    assert len(smtp_server.received) == 6
    cli("--config", cfg, "summary", "--week", "2020-W39", "--resend", "--only", "British Council Latvia")
    assert len(smtp_server.received) == 7 and smtp_server.received[-1].rcpt_tos == ("bc@example.org",)


def test_a_killed_run_resends_only_what_was_not_confirmed(cli, mail_setup, smtp_server, tmp_path):
    _, cfg = mail_setup()
    cli("--config", cfg, "summary", "--week", "2020-W39", "--only", "British Council Latvia")
    # what a run killed after queueing everything and sending one mail leaves behind:
    db = sqlite3.connect(tmp_path / "cfg" / "out" / "ledger.sqlite")
    db.executemany(
        "INSERT INTO mails (key, kind, recipient, period, message_hash, state, updated_at) "
        "VALUES (?, 'summary', ?, '2020-W39', 'x', 'queued', 'now')",
        [(f"summary:{n}:2020-W39", n) for n in ("Daugavpils Izglītības pārvalde", "Ludzas novads")],
    )
    db.commit()
    cli("--config", cfg, "summary", "--week", "2020-W39")
    counts = {rcpt: len(m) for rcpt, m in by_recipient(smtp_server).items()}
    assert counts == {
        "bc@example.org": 1,
        "parvalde@example.com": 1,
        "iic@example.com": 1,
        "projekti@example.com": 1,
        "preili@example.net": 1,
        "ludza@example.net": 1,
    }


def test_a_dropped_connection_after_the_third_mail_loses_nothing_and_doubles_nothing(cli, mail_setup, smtp_server):
    _, cfg = mail_setup()
    smtp_server.faults.drop_after_message = 3
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 0, result.output
    assert all(len(m) == 1 for m in by_recipient(smtp_server).values()) and len(smtp_server.received) == 6


def test_a_temporary_refusal_is_retried(cli, mail_setup, smtp_server):
    _, cfg = mail_setup()
    smtp_server.faults.tempfail_data = 1
    assert cli("--config", cfg, "summary", "--week", "2020-W39").exit_code == 0
    assert len(smtp_server.received) == 6


def test_a_permanent_refusal_fails_one_partner_only_and_is_retried_next_time(cli, mail_setup, smtp_server):
    _, cfg = mail_setup()
    smtp_server.faults.refuse_recipients = {"preili@example.net"}
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 1
    assert "Neizdevās: Preiļu novada pašvaldība <preili@example.net>, 2020-W39 – " in result.output
    assert "preili@example.net" not in by_recipient(smtp_server) and len(smtp_server.received) == 5
    smtp_server.faults.refuse_recipients = set()
    retry = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert "Nosūtīta 1 vēstule; 5 vēstules bija nosūtītas jau agrāk." in retry.output
    assert len(by_recipient(smtp_server)["preili@example.net"]) == 1


def test_header_injection_in_the_partner_tab_is_refused_for_that_partner(cli, mail_setup, smtp_server):
    partners = [
        *PARTNERS[:2],
        ["Ļaunais\r\nBcc: evil@example.org", "ok@example.org", "Visas", "lv", "Jā"],
        ["Divi vienā", "a@example.org, b@example.org", "Visas", "lv", "Jā"],
    ]
    _, cfg = mail_setup(partners=partners)
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert "Netiek sūtīts partnerim “Divi vienā (4. rinda)”" in result.output
    rcpts = by_recipient(smtp_server)
    assert "evil@example.org" not in rcpts and "a@example.org" not in rcpts
    assert len(rcpts["parvalde@example.com"]) == 1


def test_dry_run_sends_nothing_and_shows_who_would_get_what(cli, mail_setup, smtp_server, tmp_path):
    _, cfg = mail_setup()
    result = cli("--config", cfg, "summary", "--week", "2020-W39", "--dry-run")
    assert result.exit_code == 0 and smtp_server.received == []
    assert "British Council Latvia" in result.output and "bc@example.org" in result.output
    emls = list((tmp_path / "cfg" / "out" / "dry-run").glob("*.eml"))
    assert len(emls) == 6
    again = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert "Nosūtītas 6 vēstules." in again.output  # a dry run does not count as sent


def test_a_bad_week_is_a_usage_error(cli, mail_setup):
    _, cfg = mail_setup()
    result = cli("--config", cfg, "summary", "--week", "2020-39")
    assert result.exit_code == 2


def test_a_wrong_password_is_a_clear_error_without_the_password(cli, mail_setup, smtp_server, monkeypatch):
    monkeypatch.setenv("KOPIENAS_SMTP_PASSWORD", "nepareiza-parole-123")
    _, cfg = mail_setup()
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    # Checked before anything is read or written: one line naming the setting and the fix, exit 2.
    assert result.exit_code == 2 and smtp_server.received == []
    [line] = result.output.strip().splitlines()
    assert "[mail.smtp]" in line and "was refused" in line and "KOPIENAS_SMTP_PASSWORD" in line
    assert "nepareiza-parole-123" not in result.output and PASSWORD not in result.output


def test_no_password_anywhere_is_a_usage_error(cli, mail_setup, monkeypatch):
    monkeypatch.delenv("KOPIENAS_SMTP_PASSWORD")
    _, cfg = mail_setup()
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert result.exit_code == 2 and "KOPIENAS_SMTP_PASSWORD" in result.output


def test_fixlists_go_to_coordinators_with_problems_once_a_day_and_when_changed(
    cli, mail_setup, smtp_server, monkeypatch
):
    wb, cfg = mail_setup()
    result = cli("--config", cfg, "fixlists")
    assert result.exit_code == 0, result.output
    got = by_recipient(smtp_server)
    assert list(got) == ["arvita@example.com"]  # only the coordinator with a broken row
    msg = got["arvita@example.com"][0].message
    plain = text_of(msg.get_body(("plain",)))
    assert "DGP-2020-09" in plain and "Kopā (1) nesakrīt" in plain
    assert "https://docs.google.com/spreadsheets/d/abc" in plain

    cli("--config", cfg, "fixlists")
    assert len(smtp_server.received) == 1  # same day, same list
    monkeypatch.setenv("KOPIENAS_TODAY", "2020-09-29")
    cli("--config", cfg, "fixlists")
    assert len(smtp_server.received) == 1  # next day, but nothing changed

    from openpyxl import load_workbook

    book = load_workbook(wb)
    book["Aktivitātes"].cell(4, 13).value = "1"  # Tālrunis: now a second problem in that row
    book.save(wb)
    cli("--config", cfg, "fixlists")
    assert len(smtp_server.received) == 2
    assert "Tālrunis" in text_of(smtp_server.received[-1].message.get_body(("plain",)))


def test_run_needs_no_server_and_leaves_a_previewable_outbox(cli, sample_copy, tmp_path):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    result = cli("--config", cfg, "run")
    assert result.exit_code == 1, result.output  # the sample has rows with problems on purpose
    outbox = tmp_path / "cfg" / "out" / "outbox"
    index = (outbox / "index.html").read_text(encoding="utf-8")
    emls = sorted(p.name for p in outbox.glob("*.eml"))
    assert any(n.startswith("summary_") for n in emls) and any(n.startswith("fixlist_") for n in emls)
    assert "nedēļas kopsavilkums" in index
    assert (tmp_path / "cfg" / "out" / "drafts" / "DGP-2020-07" / "draft.docx").exists()
    again = cli("--config", cfg, "run")
    assert "Nosūtīta" not in again.output and "jaun" not in again.output.split("Relīžu melnraksti:")[1].splitlines()[0]


def test_run_sends_the_weeks_summary_only_from_its_scheduled_time(cli, sample_copy, tmp_path, monkeypatch):
    cfg = write_config(tmp_path / "cfg", sample_copy)
    outbox = tmp_path / "cfg" / "out" / "outbox"
    monkeypatch.setenv("KOPIENAS_TODAY", "2026-11-15")  # Sunday: the last full week is 2–8 November
    cli("--config", cfg, "run")
    assert {p.name.split("_2026-")[1][:3] for p in outbox.glob("summary_*.eml")} == {"W45"}
    monkeypatch.setenv("KOPIENAS_TODAY", "2026-11-16T07:59")  # Monday before 08:00: not yet
    cli("--config", cfg, "run")
    assert {p.name.split("_2026-")[1][:3] for p in outbox.glob("summary_*.eml")} == {"W45"}
    monkeypatch.setenv("KOPIENAS_TODAY", "2026-11-16T08:00")  # Monday 08:00: the week 9–15 November is due
    cli("--config", cfg, "run")
    assert {p.name.split("_2026-")[1][:3] for p in outbox.glob("summary_*.eml")} == {"W45", "W46"}
