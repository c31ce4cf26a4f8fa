"""Build multipart e-mails whose headers are safe and whose Latvian text survives.

Every value that ends up in a header goes through `validate_address` or
`validate_header_text` first, so user-supplied names and subjects can never
add header lines of their own.
"""

from __future__ import annotations

import email.utils
import re
import urllib.parse
from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage

from kopienas.adapters.mail.headers import UnsafeHeader, validate_address, validate_header_text
from kopienas.adapters.secrets import redact

# SMTP policy: CRLF line endings and RFC 2047 encoded words for non-ASCII
# headers, which every mail client understands.
MAIL_POLICY = policy.SMTP

# Quoted-printable keeps mostly-ASCII Latvian text readable in the raw source
# and is 7-bit clean, so relays without 8BITMIME cannot damage it.
_TEXT_ENCODING = "quoted-printable"

# Headers build_message owns; letting callers set them would break the
# structure or bypass address validation.
_RESERVED_HEADERS = {
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "content-id",
    "return-path",
}
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # RFC 5322 ftext: printable ASCII minus ':'
_MIMETYPE = re.compile(r"[\w.+-]+/[\w.+-]+", re.ASCII)
_CONTENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")
_MESSAGE_ID = re.compile(r"[^<>@\s]+@[^<>@\s]+")
# How HTML points at an inline image: src="cid:<content-id>".
CID_REFERENCE = re.compile(r"""cid:([^"'\s)>]+)""", re.IGNORECASE)
_IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


def build_message(
    *,
    sender: str | Address,
    to: Sequence[str | Address],
    subject: str,
    text: str,
    html: str | None = None,
    inline_images: dict[str, bytes] | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    reply_to: str | Address | None = None,
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
    date: datetime | None = None,
) -> EmailMessage:
    """Assemble a ready-to-send message.

    Layout: text/plain alone, or multipart/alternative with an HTML part; the
    HTML part becomes multipart/related when `inline_images` (content-id ->
    image bytes, referenced as ``cid:<id>`` in the HTML) are given; with
    `attachments` ((filename, bytes, "type/subtype") tuples) everything is
    wrapped in multipart/mixed. Surrounding whitespace of `subject` is dropped.
    `message_id` ("local@domain") makes the Message-ID stable across runs;
    `date` defaults to now, and a naive one is taken as local time.
    """
    if not to:
        raise ValueError("a message needs at least one recipient")
    # Every mail's words pass the redactor: a secret quoted by an error never leaves in a mail.
    subject, text, html = redact(subject), redact(text), redact(html) if html is not None else None
    from_address = validate_address(sender, "From")
    msg = EmailMessage(policy=MAIL_POLICY)
    msg.set_raw("From", _fold_mailboxes("From", [from_address]))
    msg.set_raw("To", _fold_mailboxes("To", [validate_address(a, "To") for a in to]))
    if reply_to is not None:
        msg.set_raw("Reply-To", _fold_mailboxes("Reply-To", [validate_address(reply_to, "Reply-To")]))
    _set_text_header(msg, "Subject", validate_header_text(subject, "Subject").strip())
    msg["Date"] = email.utils.format_datetime((date or datetime.now()).astimezone())
    msg["Message-ID"] = _message_id(message_id, from_address.domain)
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise UnsafeHeader("Header name", name, "header-name")
        if name.lower() in _RESERVED_HEADERS:
            raise UnsafeHeader("Header name", name, "reserved")
        _set_text_header(msg, name, validate_header_text(value, name))

    msg.set_content(text, subtype="plain", cte=_TEXT_ENCODING)
    if html is not None:
        msg.add_alternative(html, subtype="html", cte=_TEXT_ENCODING)
        if inline_images or CID_REFERENCE.search(html):
            html_part = msg.get_body(preferencelist=("html",))
            assert isinstance(html_part, EmailMessage)  # the alternative just added
            _add_inline_images(html_part, html, inline_images or {})
    elif inline_images:
        raise ValueError("inline images need an HTML part that references them")
    for filename, data, mimetype in attachments or []:
        if not _MIMETYPE.fullmatch(mimetype):
            raise ValueError(f"attachment {filename!r}: {mimetype!r} is not a type/subtype")
        maintype, _, subtype = mimetype.partition("/")
        msg.add_attachment(
            data,
            maintype,
            subtype,
            filename=validate_header_text(filename, "Attachment filename"),
        )
    return msg


# Header lines stay within the policy's limit so it never refolds them; the
# encoder gets two characters less to leave room for a separating comma.
_MAX_LINE = MAIL_POLICY.max_line_length or 78
_FOLD_AT = _MAX_LINE - 2


def _is_plain(text: str) -> bool:
    # "=?" would be read as the start of an RFC 2047 encoded word if sent as is.
    return text.isascii() and text.isprintable() and "=?" not in text


def _set_text_header(msg: EmailMessage, name: str, value: str) -> None:
    if _is_plain(value):
        msg[name] = value
    else:
        msg.set_raw(name, Header(value, "utf-8", _FOLD_AT, name).encode())


def _fold_mailboxes(header_name: str, mailboxes: list[Address]) -> str:
    """Render an address header, one mailbox per line.

    Display names that need encoding are encoded here with email.header:
    the policy's own folder can lose a space inside long encoded names.
    """
    rendered = []
    for index, mailbox in enumerate(mailboxes):
        plain = str(mailbox)
        line_start = len(header_name) + 2 if index == 0 else 1  # "To: " or folding space
        if _is_plain(mailbox.display_name) and line_start + len(plain) < _FOLD_AT:
            rendered.append(plain)
            continue
        encoded = _encode_display_name(mailbox.display_name, header_name if index == 0 else None)
        angle_addr = f"<{mailbox.addr_spec}>"
        last_line = encoded.rsplit("\n", 1)[-1]
        width = len(last_line) + (line_start if "\n" not in encoded else 0)
        separator = " " if width + 1 + len(angle_addr) <= _FOLD_AT else "\n "
        rendered.append(f"{encoded}{separator}{angle_addr}")
    return ",\n ".join(rendered)


def _encode_display_name(name: str, shares_line_with: str | None) -> str:
    encoded = Header(name, "utf-8", _FOLD_AT, shares_line_with).encode()
    if "\n" in encoded:
        # Python's own parser (unlike mail clients) inserts a space between
        # adjacent encoded words in a name, so prefer one word on a line of its own.
        alone = Header(name, "utf-8", _FOLD_AT - 1).encode()
        if "\n" not in alone:
            return "\n " + alone
    return encoded


def _message_id(requested: str | None, domain: str) -> str:
    if requested is None:
        return email.utils.make_msgid(domain=domain)
    validate_header_text(requested, "Message-ID")
    bare = requested[1:-1] if requested.startswith("<") and requested.endswith(">") else requested
    if not _MESSAGE_ID.fullmatch(bare):
        raise UnsafeHeader("Message-ID", requested, "invalid", "expected local@domain")
    return f"<{bare}>"


def _add_inline_images(html_part: EmailMessage, html: str, images: dict[str, bytes]) -> None:
    # cid: URLs are URL-encoded (RFC 2392).
    referenced = {urllib.parse.unquote(ref) for ref in CID_REFERENCE.findall(html)}
    missing = referenced - images.keys()
    unused = images.keys() - referenced
    if missing:
        raise ValueError(f"HTML references images that were not given: {sorted(missing)}")
    if unused:
        # An unreferenced image would show up as a stray attachment.
        raise ValueError(f"inline images not referenced by the HTML: {sorted(unused)}")
    for content_id, data in images.items():
        if not _CONTENT_ID.fullmatch(content_id):
            raise UnsafeHeader("Content-ID", content_id, "content-id")
        subtype = _image_subtype(content_id, data)
        html_part.add_related(
            data,
            "image",
            subtype,
            cid=f"<{content_id}>",
            disposition="inline",
            filename=f"{content_id}.{subtype}",
        )


def _image_subtype(content_id: str, data: bytes) -> str:
    for signature, subtype in _IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return subtype
    raise ValueError(f"inline image {content_id!r} is not a PNG, JPEG or GIF file")


__all__ = ["CID_REFERENCE", "MAIL_POLICY", "UnsafeHeader", "build_message", "validate_address", "validate_header_text"]
