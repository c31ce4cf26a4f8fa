"""Build multipart e-mails whose headers are safe and whose Latvian text survives.

Every value that ends up in a header goes through `validate_address` or
`validate_header_text` first, so user-supplied names and subjects can never
add header lines of their own.
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
import urllib.parse
from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.errors import ObsoleteHeaderDefect
from email.header import Header
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage

from email_validator import EmailNotValidError, validate_email

# SMTP policy: CRLF line endings and RFC 2047 encoded words for non-ASCII
# headers, which every mail client understands.
MAIL_POLICY = policy.SMTP

# Quoted-printable keeps mostly-ASCII Latvian text readable in the raw source
# and is 7-bit clean, so relays without 8BITMIME cannot damage it.
_TEXT_ENCODING = "quoted-printable"

_PROBLEMS = {
    "control": (
        "contains a line break, a control character or an unencodable character",
        "satur rindas pārnesumu, vadības rakstzīmi vai neiekodējamu rakstzīmi",
    ),
    "several": (
        "contains several addresses where one is expected",
        "satur vairākas adreses, kur gaidīta viena",
    ),
    "empty": ("contains no address", "nesatur adresi"),
    "invalid": ("is not a valid e-mail address", "nav derīga e-pasta adrese"),
    "header-name": ("is not a valid header name", "nav derīgs galvenes nosaukums"),
    "content-id": (
        "may only contain letters, digits and . _ @ -",
        "drīkst saturēt tikai burtus, ciparus un . _ @ -",
    ),
    "reserved": (
        "is set by build_message itself and cannot be overridden",
        "to iestata build_message, to nevar aizstāt",
    ),
}


class UnsafeHeader(ValueError):
    """A value would corrupt the message headers or smuggle in extra ones."""

    def __init__(self, field: str, value: object, problem: str, reason: str = "") -> None:
        english, latvian = _PROBLEMS[problem]
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        because = f" ({reason})" if reason else ""
        super().__init__(f"{field} {shown} {english}{because} / {field}: {latvian}")
        self.field = field
        self.value = value
        self.problem = problem


def _has_line_break_or_control(text: str) -> bool:
    # Cc covers CR, LF, NUL and friends; Zl/Zp are Unicode line and paragraph
    # separators, which Python's own header handling treats as line breaks;
    # Cs (lone surrogates) cannot be encoded at all.
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in text)


def validate_header_text(text: str, field: str = "Header") -> str:
    """Return `text` unchanged if it is safe as the value of an unstructured header."""
    if not isinstance(text, str):
        raise TypeError(f"{field} must be str, not {type(text).__name__}")
    if _has_line_break_or_control(text):
        raise UnsafeHeader(field, text, "control")
    return text


_registry = HeaderRegistry()


def validate_address(value: str | Address, field: str = "Address") -> Address:
    """Parse exactly one mailbox (``a@x.lv`` or ``Vārds <a@x.lv>``) or raise `UnsafeHeader`.

    The returned address has an ASCII addr-spec (IDN domains in punycode) and
    a display name whose whitespace runs are collapsed to single spaces.
    """
    if isinstance(value, Address):
        validate_header_text(value.display_name, field)
        validate_header_text(value.addr_spec, field)
        value = str(value)
    validate_header_text(value, field)

    try:
        parsed = _registry("to", value)
        mailboxes = parsed.addresses  # type: ignore[attr-defined]  # an address header
    except Exception as exc:  # the stdlib parser raises odd errors on odd input
        raise UnsafeHeader(field, value, "invalid", str(exc)) from None
    # A second, independent parser: both must agree there is exactly one.
    plain_parse = email.utils.getaddresses([value])
    if len(mailboxes) > 1 or len(plain_parse) > 1:
        raise UnsafeHeader(field, value, "several")
    if not mailboxes or not value.strip():
        raise UnsafeHeader(field, value, "empty")
    # Obsolete syntax such as an unquoted "Jānis K." is still unambiguous.
    serious = [d for d in parsed.defects if not isinstance(d, ObsoleteHeaderDefect)]
    groups = parsed.groups  # type: ignore[attr-defined]
    if serious or len(groups) != 1 or groups[0].display_name is not None:
        raise UnsafeHeader(field, value, "invalid", "; ".join(map(str, serious)))

    mailbox = mailboxes[0]
    try:
        checked = validate_email(mailbox.addr_spec, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise UnsafeHeader(field, value, "invalid", str(exc)) from None
    # Whitespace in a display name is not significant to mail clients (and
    # not reliably preserved), so keep one plain space wherever there was any.
    display_name = " ".join(mailbox.display_name.split())
    return Address(display_name=display_name, addr_spec=checked.ascii_email)


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
