import html
import re
from datetime import UTC, datetime

from kopienas.adapters.mail import OutboxTransport, Outgoing, Transport, build_message
from kopienas.adapters.mail.transports.outbox import eml_filename
from tests.smtp_server import SENDER, SUBJECT, reparse, simple_message, weekly_summary

LONG_NAME = "Biedrības „Darbīgās kopienas” koordinatore Līga Ozoliņa-Kalniņa"


def index_of(folder) -> str:
    return (folder / "index.html").read_text(encoding="utf-8")


def test_each_message_becomes_an_eml_file_a_mail_client_can_open(tmp_path):
    outbox = OutboxTransport(tmp_path / "outbox")
    message = weekly_summary()

    [result] = outbox.send_batch([Outgoing("summary-2020-W39", message)])

    assert result.status == "sent"
    saved = tmp_path / "outbox" / "summary-2020-W39.eml"
    assert str(saved) in result.detail
    assert saved.read_bytes() == message.as_bytes()
    assert reparse(saved.read_bytes())["Subject"] == SUBJECT


def test_results_are_reported_one_by_one(tmp_path):
    seen = []
    outbox = OutboxTransport(tmp_path)

    outbox.send_batch([Outgoing(f"k{n}", simple_message(n)) for n in range(3)], on_result=seen.append)

    assert [r.key for r in seen] == ["k0", "k1", "k2"]


def test_sending_the_same_key_again_replaces_the_file(tmp_path):
    outbox = OutboxTransport(tmp_path)

    outbox.send_batch([Outgoing("summary:Jānis:2020-W39", simple_message(1))])
    outbox.send_batch([Outgoing("summary:Jānis:2020-W39", simple_message(2))])

    [only] = tmp_path.glob("*.eml")
    assert reparse(only.read_bytes())["Subject"] == f"{SUBJECT} #2"


def test_keys_never_escape_the_folder_or_collide(tmp_path):
    keys = ["../../etc/passwd", "a/b", "a_b", "a:b", ".hidden", "summary:Jānis Bērziņš:2020-W39", ""]
    outbox = OutboxTransport(tmp_path / "outbox")

    outbox.send_batch([Outgoing(k, simple_message(n)) for n, k in enumerate(keys)])

    files = sorted(p.name for p in (tmp_path / "outbox").iterdir() if p.suffix == ".eml")
    assert len(files) == len(keys)
    assert all(not name.startswith(".") for name in files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outbox"]
    assert eml_filename("a_b") == "a_b.eml"


def test_no_temporary_files_are_left_behind(tmp_path):
    OutboxTransport(tmp_path).send_batch([Outgoing(f"k{n}", simple_message(n)) for n in range(3)])

    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "k0.eml", "k1.eml", "k2.eml"]


def test_index_lists_every_message_newest_first(tmp_path):
    outbox = OutboxTransport(tmp_path)
    older = build_message(
        sender=SENDER,
        to=["janis@partneri.lv"],
        subject="Vecākā vēstule",
        text="a",
        date=datetime(2020, 9, 21, 8, 30, tzinfo=UTC),
    )
    newer = build_message(
        sender=SENDER,
        to=[f"{LONG_NAME} <liga@partneri.lv>"],
        subject="Jaunākā vēstule",
        text="b",
        date=datetime(2020, 9, 28, 8, 30, tzinfo=UTC),
    )

    outbox.send_batch([Outgoing("older", older)])
    outbox.send_batch([Outgoing("newer", newer)])

    page = index_of(tmp_path)
    assert page.index("Jaunākā vēstule") < page.index("Vecākā vēstule")
    # 08:30 UTC is 11:30 in Riga (summer time): the index shows the tool's time zone, not UTC.
    assert "21.09.2020. plkst. 11.30" in page and "28.09.2020. plkst. 11.30" in page
    assert f"{LONG_NAME} &lt;liga@partneri.lv&gt;" in page
    assert 'href="newer.eml"' in page and 'href="older.eml"' in page


def test_index_escapes_user_text(tmp_path):
    sneaky = build_message(
        sender=SENDER,
        to=["janis@partneri.lv"],
        subject='<script>alert("ā")</script>',
        text="<b>ne treknrakstā</b>",
    )

    OutboxTransport(tmp_path).send_batch([Outgoing("sneaky", sneaky)])

    page = index_of(tmp_path)
    assert "<script>" not in page and "<b>ne" not in page
    assert "&lt;script&gt;alert(&quot;ā&quot;)&lt;/script&gt;" in page
    assert "<pre>&lt;b&gt;ne treknrakstā&lt;/b&gt;" in page


def test_html_preview_shows_inline_images_as_data_urls_in_a_sandbox(tmp_path):
    OutboxTransport(tmp_path).send_batch([Outgoing("summary", weekly_summary())])

    page = index_of(tmp_path)
    [srcdoc] = re.findall(r'<iframe sandbox srcdoc="([^"]*)"', page)
    preview = html.unescape(srcdoc)
    assert "Nedēļas kopsavilkums" in preview
    assert "cid:" not in preview
    assert 'src="data:image/png;base64,' in preview
    assert "aktivitātes-septembris.csv" in page  # attachment named


def test_a_damaged_file_does_not_hide_the_others(tmp_path):
    (tmp_path / "broken.eml").write_bytes(b"Date: not a date\r\nSubject: =?utf-8?b?###?=\r\n\r\n")
    OutboxTransport(tmp_path).send_batch([Outgoing("good", simple_message(1))])

    page = index_of(tmp_path)
    assert "broken.eml" in page and f"{SUBJECT} #1" in page


def test_a_failed_write_fails_that_message_and_the_batch_goes_on(tmp_path):
    (tmp_path / "blocked.eml").mkdir()  # a directory where the file should go

    results = OutboxTransport(tmp_path).send_batch(
        [Outgoing("blocked", simple_message(1)), Outgoing("fine", simple_message(2))]
    )

    assert [r.status for r in results] == ["failed", "sent"]
    assert "blocked.eml" in results[0].detail
    assert (tmp_path / "fine.eml").exists()


def test_empty_outbox_still_gets_an_index(tmp_path):
    OutboxTransport(tmp_path / "new").send_batch([])

    assert "No messages" in index_of(tmp_path / "new")


def test_outbox_is_a_transport(tmp_path):
    assert isinstance(OutboxTransport(tmp_path), Transport)
