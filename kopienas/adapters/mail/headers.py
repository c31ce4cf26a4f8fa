"""Header values that are safe: one real address, or text that cannot add header lines."""

from __future__ import annotations

import email.utils
import unicodedata
from email.errors import ObsoleteHeaderDefect
from email.headerregistry import Address, HeaderRegistry

from kopienas.core.errors import Signal
from kopienas.core.words import runs as said

_PROBLEMS = said.HEADER_PROBLEMS


class UnsafeHeader(Signal, ValueError):
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

    from email_validator import EmailNotValidError, validate_email  # here: `status` starts without it

    mailbox = mailboxes[0]
    try:
        checked = validate_email(mailbox.addr_spec, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise UnsafeHeader(field, value, "invalid", str(exc)) from None
    # Whitespace in a display name is not significant to mail clients (and
    # not reliably preserved), so keep one plain space wherever there was any.
    display_name = " ".join(mailbox.display_name.split())
    return Address(display_name=display_name, addr_spec=checked.ascii_email)
