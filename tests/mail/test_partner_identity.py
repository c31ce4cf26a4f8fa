"""A partner's weekly mail is keyed by its addresses, not its name: whatever coordinators do to
tab `Partneri` between runs, each real address gets exactly one summary per week; and what is
wrong in a partner's row is a problem on that row, never a silent skip or a doomed send."""

import json
import sqlite3
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.app.jobs.summary import summary
from kopienas.config import load_config
from tests.helpers import COMMUNITIES, INSTITUTIONS, activity, activity_rows, make_workbook, write_config
from tests.smtp_server import run_smtp_server

HEAD = ["Nosaukums", "E-pasts", "Kopienas", "Valoda", "Aktīvs"]
ADDRESSES = ["parvalde@example.com", "bc@example.org", "iic@example.com", "ludza@example.net"]


def workbook(path, partners):
    return make_workbook(
        path,
        {
            "Aktivitātes": activity_rows(activity()),
            "Kopienas": COMMUNITIES,
            "Iestādes": INSTITUTIONS,
            "Partneri": [HEAD, *partners],
        },
    )


def smtp_config(folder, wb, server, extra=""):
    return write_config(
        folder,
        wb,
        f'\n[mail]\ntransport = "smtp"\nsender = "Darbīgās kopienas <kopienas@example.com>"\n{extra}'
        f'\n[mail.smtp]\nhost = "{server.host}"\nport = {server.port}\nsecurity = "none"\ntimeout = 5\n',
    )


# One edit of the tab, as coordinators make them between runs.
edits = st.sampled_from(["rename", "reorder", "case", "duplicate", "split", "merge", "drop_address", "add_address"])


def apply(edit, rows, draw_index):
    rows = [list(r) for r in rows]
    i = draw_index % len(rows)
    if edit == "rename":
        rows[i][0] = rows[i][0] + " (jaunais nosaukums)"
    elif edit == "reorder":
        rows.reverse()
    elif edit == "case":
        rows[i][1] = rows[i][1].upper()
    elif edit == "duplicate":
        rows.append([rows[i][0], rows[i][1], "Visas", "lv", "Jā"])
    elif edit == "split" and ";" in rows[i][1]:
        first, rest = rows[i][1].split(";", 1)
        rows[i][1] = first
        rows.append(["Atdalītais partneris", rest.strip(), "Visas", "en", "Jā"])
    elif edit == "merge" and len(rows) > 1:
        rows[0][1] = f"{rows[0][1]}; {rows.pop()[1]}"
    elif edit == "drop_address" and ";" in rows[i][1]:
        rows[i][1] = rows[i][1].split(";", 1)[1].strip()
    elif edit == "add_address":
        rows[i][1] = f"{rows[i][1]}; {ADDRESSES[draw_index % len(ADDRESSES)]}"
    return rows


def listed(rows):
    return {a.strip().casefold() for r in rows for a in r[1].split(";") if a.strip()}


@pytest.fixture(scope="module")
def relay():
    with run_smtp_server("none", auth=False) as server:
        yield server


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.lists(st.sets(st.sampled_from(ADDRESSES), min_size=1, max_size=2), min_size=1, max_size=3),
    steps=st.lists(st.tuples(edits, st.integers(0, 9)), min_size=1, max_size=3),
)
def test_each_real_address_gets_exactly_one_summary_a_week_whatever_is_edited(tmp_path_factory, relay, start, steps):
    folder = tmp_path_factory.mktemp("edits")
    relay.received.clear()
    rows = [[f"Partneris {n}", "; ".join(sorted(a)), "Visas", "lv", "Jā"] for n, a in enumerate(start)]
    seen = listed(rows)
    wb = workbook(folder / "wb.xlsx", rows)
    config = load_config(smtp_config(folder / "cfg", wb, relay))
    week = "2020-W05"  # a quiet week: no chart to draw, so each run is quick
    summary(config, week=week)
    for edit, index in steps:
        rows = apply(edit, rows, index)
        seen |= listed(rows)
        workbook(wb, rows)
        summary(config, week=week)
    got = Counter(r.casefold() for m in relay.received for r in m.rcpt_tos)
    assert set(got) == seen and set(got.values()) == {1}, (rows, got)


def test_a_summary_sent_under_an_older_ledgers_name_key_still_counts(tmp_path, plain_smtp_server):
    wb = workbook(tmp_path / "wb.xlsx", [["Izglītības pārvalde", "parvalde@example.com", "Visas", "lv", "Jā"]])
    config = load_config(smtp_config(tmp_path / "cfg", wb, plain_smtp_server))
    summary(config, week="2020-W38")  # makes the ledger
    db = sqlite3.connect(config.ledger)
    db.execute(
        "INSERT INTO mails (key, kind, recipient, period, message_hash, state, updated_at) VALUES "
        "('summary:Izglītības pārvalde:2020-W39', 'summary', 'Izglītības pārvalde', '2020-W39', 'x', 'sent', 'then')"
    )
    db.commit()
    before = len(plain_smtp_server.received)
    outcome = summary(config, week="2020-W39")
    assert len(plain_smtp_server.received) == before and outcome.counts["already_sent"] == 1


def partner_problems(cli, tmp_path, partners):
    wb = workbook(tmp_path / "wb.xlsx", partners)
    cfg = write_config(tmp_path / "cfg", wb)
    data = json.loads(cli("--config", cfg, "validate", "--format", "json", "--no-write-back").stdout)
    return {(p["row"], p["column"], p["type"]): p["message"] for p in data["sheet_problems"] if p["tab"] == "Partneri"}


def test_duplicate_partners_are_problems_on_the_later_row(cli, tmp_path):
    problems = partner_problems(
        cli,
        tmp_path,
        [
            ["Izglītības pārvalde", "parvalde@example.com", "Visas", "lv", "Jā"],
            ["Izglītības pārvalde", "PARVALDE@example.com; cits@example.com", "Visas", "lv", "Jā"],
        ],
    )
    assert set(problems) == {(3, "Nosaukums", "duplicate_name"), (3, "E-pasts", "duplicate_email")}
    assert "jau ir partnerim “Izglītības pārvalde” (2. rindā)" in problems[(3, "E-pasts", "duplicate_email")]


def test_a_typo_in_active_a_display_name_or_a_non_ascii_local_part_is_a_problem_and_not_mailed(
    cli, tmp_path, plain_smtp_server
):
    partners = [
        ["Ar drukas kļūdu", "typo@example.com", "Visas", "lv", "Jaa"],
        ["Ar vārdu adresē", "Jānis Bērziņš <janis@example.com>", "Visas", "lv", "Jā"],
        ["Ar garumzīmi", "jānis@example.com", "Visas", "lv", "Jā"],
        ["Labs", "labs@example.com", "Visas", "lv", "Jā"],
    ]
    problems = partner_problems(cli, tmp_path, partners)
    assert set(problems) == {
        (2, "Aktīvs", "invalid_active"),
        (3, "E-pasts", "invalid_email"),
        (4, "E-pasts", "invalid_email"),
    }
    assert "“Jaa” nav saprotams" in problems[(2, "Aktīvs", "invalid_active")]
    assert "vārds un leņķiekavas" in problems[(3, "E-pasts", "invalid_email")]
    assert "latīņu burti" in problems[(4, "E-pasts", "invalid_email")]

    wb = workbook(tmp_path / "wb.xlsx", partners)
    cfg = smtp_config(tmp_path / "mail", wb, plain_smtp_server)
    result = cli("--config", cfg, "summary", "--week", "2020-W39")
    assert [m.rcpt_tos for m in plain_smtp_server.received] == [("labs@example.com",)]
    assert "Ar drukas kļūdu (2. rinda)" in result.output and "Ar vārdu adresē (3. rinda)" in result.output
    assert result.exit_code == 1
