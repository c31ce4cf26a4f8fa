import unicodedata
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopienas.adapters.mail import UnsafeHeader, build_message, validate_address, validate_header_text
from tests.smtp_server import (
    CSV,
    CSV_NAME,
    LATVIAN_LETTERS,
    PNG,
    SENDER,
    SUBJECT,
    TEXT,
    decoded_mailboxes,
    layout,
    reparse,
    text_of,
    weekly_summary,
)


def test_weekly_summary_has_text_html_inline_chart_and_attachment():
    msg = reparse(weekly_summary())

    assert layout(msg) == (
        "multipart/mixed",
        [
            (
                "multipart/alternative",
                [
                    "text/plain",
                    ("multipart/related", ["text/html", "image/png"]),
                ],
            ),
            "text/csv",
        ],
    )


def test_latvian_text_survives_in_headers_and_both_parts():
    raw = weekly_summary().as_bytes()
    msg = reparse(raw)

    assert msg["Subject"] == SUBJECT
    assert decoded_mailboxes(raw, "From") == [("Biedrība „Darbīgās kopienas”", "info@kopienas.lv")]
    assert decoded_mailboxes(raw, "To") == [("Jānis Bērziņš", "janis@partneri.lv")]
    assert text_of(msg.get_body(("plain",))) == TEXT
    assert LATVIAN_LETTERS in msg.get_body(("html",)).get_content()


def test_message_is_seven_bit_clean_so_any_relay_keeps_it_intact():
    raw = weekly_summary().as_bytes()

    assert raw.isascii()
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))


def test_inline_chart_is_attached_under_the_cid_the_html_uses():
    msg = reparse(weekly_summary())
    related = msg.get_body(("related",))
    html_part, image = list(related.iter_parts())

    assert 'src="cid:aktivitates"' in html_part.get_content()
    assert image["Content-ID"] == "<aktivitates>"
    assert image.get_content_disposition() == "inline"
    assert image.get_content() == PNG


def test_attachment_keeps_latvian_file_name_and_exact_bytes():
    [attachment] = reparse(weekly_summary()).iter_attachments()

    assert attachment.get_filename() == CSV_NAME
    assert attachment.get_content_type() == "text/csv"
    assert attachment.get_payload(decode=True) == CSV


def test_text_only_message_is_a_single_plain_part():
    msg = reparse(build_message(sender=SENDER, to=["a@partneri.lv"], subject="Labojumi", text="Lūdzu, izlabojiet."))

    assert layout(msg) == "text/plain"
    assert text_of(msg) == "Lūdzu, izlabojiet.\n"


def test_html_without_images_is_a_plain_alternative():
    msg = reparse(weekly_summary(html="<p>Sveiki</p>", inline_images=None, attachments=None))

    assert layout(msg) == ("multipart/alternative", ["text/plain", "text/html"])


def test_attachment_without_html_wraps_the_text_in_mixed():
    msg = reparse(weekly_summary(html=None, inline_images=None))

    assert layout(msg) == ("multipart/mixed", ["text/plain", "text/csv"])


def test_several_recipients_reply_to_and_extra_headers():
    raw = weekly_summary(
        to=["Līga Ozoliņa <liga@partneri.lv>", "koordinators@kopienas.lv"],
        reply_to="Koordinatore Ērika <erika@kopienas.lv>",
        headers={"X-Kopienas-Week": "2020-W39", "Auto-Submitted": "auto-generated"},
    ).as_bytes()
    msg = reparse(raw)

    assert decoded_mailboxes(raw, "To") == [
        ("Līga Ozoliņa", "liga@partneri.lv"),
        ("", "koordinators@kopienas.lv"),
    ]
    assert decoded_mailboxes(raw, "Reply-To") == [("Koordinatore Ērika", "erika@kopienas.lv")]
    assert msg["X-Kopienas-Week"] == "2020-W39"
    assert msg["Auto-Submitted"] == "auto-generated"


def test_message_id_is_stable_when_given_and_date_is_set():
    sent_at = datetime(2020, 9, 28, 9, 0, tzinfo=timezone(timedelta(hours=3)))
    first = reparse(weekly_summary(message_id="summary-2020-W39@kopienas.lv", date=sent_at))
    second = reparse(weekly_summary(message_id="<summary-2020-W39@kopienas.lv>", date=sent_at))

    assert first["Message-ID"] == second["Message-ID"] == "<summary-2020-W39@kopienas.lv>"
    assert first["Date"].datetime == sent_at


def test_generated_message_ids_are_unique_and_in_the_sender_domain():
    ids = {reparse(weekly_summary())["Message-ID"] for _ in range(3)}

    assert len(ids) == 3
    assert all(i.endswith("@kopienas.lv>") for i in ids)


@pytest.mark.parametrize(
    "fields",
    [
        {"to": ["Partner\r\nBcc: evil@x.lv <partner@partneri.lv>"]},
        {"to": [Address("Partner\u2028Bcc: evil@x.lv", addr_spec="partner@partneri.lv")]},
        {"sender": Address("Kopienas\x00", addr_spec="info@kopienas.lv")},
        {"to": ["a@x.lv, b@y.lv"]},
        {"to": ["a@x.lv; b@y.lv"]},
        {"sender": "Kopienas <info@kopienas.lv>, evil@x.lv"},
        {"reply_to": "ok@kopienas.lv\nBcc: evil@x.lv"},
        {"subject": "Kopsavilkums\r\nBcc: evil@x.lv"},
        {"subject": "Kopsavilkums\x00"},
        {"subject": "Kopsavilkums\u2028Bcc: evil@x.lv"},
        {"headers": {"X-Week": "39\r\nBcc: evil@x.lv"}},
        {"headers": {"X-Week: 39\r\nBcc": "evil@x.lv"}},
        {"headers": {"Bcc": "evil@x.lv"}},
        {"attachments": [("a.csv\r\nX-Evil: 1", b"", "text/csv")]},
        {"message_id": "<id@kopienas.lv>\r\nBcc: evil@x.lv"},
    ],
    ids=lambda fields: repr(fields)[:40],
)
def test_header_injection_is_refused(fields):
    with pytest.raises(UnsafeHeader):
        weekly_summary(**fields)


def test_refusal_explains_itself_in_english_and_latvian():
    with pytest.raises(UnsafeHeader) as caught:
        validate_address("a@x.lv, b@y.lv", "To")

    message = str(caught.value)
    assert "several addresses" in message
    assert "vairākas adreses" in message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "   ",
        "nav-adrese",
        "a@",
        "@partneri.lv",
        "jānis@partneri.lv",
        "a@partneri",
        "a b@partneri.lv",
        "a@x.lv b@y.lv",
        "Vārds <a@x.lv> <b@y.lv>",
        "grupa: a@x.lv;",
        "a@[10.0.0.1]",
    ],
)
def test_invalid_mailboxes_are_refused(address):
    with pytest.raises(UnsafeHeader):
        validate_address(address)


@pytest.mark.parametrize(
    "given, display_name, addr_spec",
    [
        ("info@kopienas.lv", "", "info@kopienas.lv"),
        ("<info@kopienas.lv>", "", "info@kopienas.lv"),
        ("Jānis K. <j@partneri.lv>", "Jānis K.", "j@partneri.lv"),
        ('"Ozoliņa, Līga" <liga@partneri.lv>', "Ozoliņa, Līga", "liga@partneri.lv"),
        ("Ķekavas  novads <info@kekava.lv>", "Ķekavas novads", "info@kekava.lv"),
        ("pasts@piemērs.lv", "", "pasts@xn--piemrs-s3a.lv"),
        (Address("Rīgas dome", "riga", "riga.lv"), "Rīgas dome", "riga@riga.lv"),
    ],
)
def test_valid_mailboxes_are_normalised(given, display_name, addr_spec):
    address = validate_address(given)

    assert (address.display_name, address.addr_spec) == (display_name, addr_spec)


def test_header_text_is_returned_unchanged_when_safe():
    assert validate_header_text(SUBJECT) == SUBJECT


@pytest.mark.parametrize(
    "fields, complaint",
    [
        ({"html": None, "attachments": None}, "need an HTML part"),
        ({"html": "<p>bez attēla</p>"}, "not referenced"),
        ({"inline_images": {}}, "were not given"),
        ({"inline_images": {"aktivitates": b"GIF? no"}}, "PNG"),
        ({"attachments": [("a.csv", b"", "csv")]}, "type/subtype"),
        ({"to": []}, "at least one recipient"),
    ],
)
def test_inconsistent_content_is_refused_with_a_reason(fields, complaint):
    with pytest.raises(ValueError, match=complaint):
        weekly_summary(**fields)


def _has_control_or_line_break(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in text)


EXPECTED_HEADERS = {
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
}
# Plenty of the characters that stress header encoding: quoting specials,
# encoded-word markers, Latvian letters, odd spaces and an emoji.
_TRICKY = list(' \t"\\()<>,;:@[].=?_āčēģīķļņšūžĀŽ—–„”aZ09\xa0\u3000\U0001f600')
tricky_text = st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=120)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=tricky_text, name=tricky_text)
def test_any_subject_and_name_is_refused_or_arrives_exactly(subject, name):
    try:
        msg = build_message(
            sender=Address(display_name=name, addr_spec="info@kopienas.lv"),
            to=[Address(display_name=name, addr_spec="a@partneri.lv"), "Otrais <b@partneri.lv>"],
            subject=subject,
            text="x",
        )
    except ValueError:  # UnsafeHeader, or Address() itself refusing CR/LF
        assert _has_control_or_line_break(subject + name)
        return

    raw = msg.as_bytes()
    header_lines = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    # Continuation lines start with whitespace; anything else is a header of
    # its own, so exactly the expected ones may appear.
    starts = {line.split(b":", 1)[0].decode() for line in header_lines if line[:1] not in (b" ", b"\t")}
    assert starts == EXPECTED_HEADERS
    assert all(len(line) <= 78 and b"\r" not in line and b"\n" not in line for line in header_lines)

    assert reparse(raw)["Subject"] == subject.strip()
    expected_name = " ".join(name.split())
    assert decoded_mailboxes(raw, "From") == [(expected_name, "info@kopienas.lv")]
    assert decoded_mailboxes(raw, "To") == [(expected_name, "a@partneri.lv"), ("Otrais", "b@partneri.lv")]
