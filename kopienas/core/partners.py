"""Who each partner row is mailed at, and what is wrong in tab `Partneri` (pure).

A partner's mail is keyed by its addresses, not its name, so renaming a partner, reordering the
rows or changing the case of an address never sends a week's summary again. An address is mailed
only when it is one plain, deliverable-looking address (`Name <a@x>`, a non-ASCII local part that
most servers refuse, two addresses run together are problems on the row, not mailed), and only
from the first active row that lists it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from kopienas.core import cells, contract
from kopienas.core.models import Partner, Problem, Programme
from kopienas.core.words import problems as kinds


@lru_cache(maxsize=4096)
def checked_address(raw: str) -> tuple[str, str]:
    """(address to send to, "") for a usable address, else ("", why in Latvian)."""
    from email_validator import EmailNotValidError, validate_email  # here: `status` starts without it

    try:
        valid = validate_email(raw, check_deliverability=False, allow_smtputf8=False, allow_display_name=False)
    except EmailNotValidError as e:
        text = str(e)
        if "<" in raw or "display name" in text:
            return "", kinds.ADDRESS_WHY["display"]
        if any(ord(ch) > 127 for ch in raw.partition("@")[0]) or "internationalized" in text.lower():
            return "", kinds.ADDRESS_WHY["ascii"]
        return "", kinds.ADDRESS_WHY["other"]
    return valid.ascii_email or valid.normalized, ""


def identity(address: str) -> str:
    """The stable identity of an address: the same mailbox however its case is typed."""
    return address.strip().casefold()


@dataclass(frozen=True)
class Recipients:
    """One active partner and the addresses it is mailed at (each address in one partner only)."""

    partner: Partner
    addresses: tuple[str, ...]


def _unusable_activity(partner: Partner) -> bool:
    return bool(partner.active_error)


def partner_recipients(programme: Programme) -> list[Recipients]:
    """Every active partner row (in sheet order) with its usable addresses: valid ones, each
    mailed from the first active row that lists it. A row whose `Aktīvs` cannot be read is left out."""
    seen: set[str] = set()
    out = []
    for partner in programme.partners:
        if not partner.active or _unusable_activity(partner):
            continue
        addresses = []
        for raw in partner.emails:
            address, _ = checked_address(raw)
            if address and identity(address) not in seen:
                seen.add(identity(address))
                addresses.append(address)
        out.append(Recipients(partner, tuple(addresses)))
    return out


def _check_addresses(p: Partner, add: Callable[..., None], address_owner: dict[str, Partner]) -> None:
    """A partner's addresses: each one valid, and no address another partner already has."""
    for raw in p.emails:
        address, why = checked_address(raw)
        if not address:
            add(kinds.PARTNER_INVALID_EMAIL, "emails", value=cells.shorten(raw), why=why)
            continue
        owner = address_owner.setdefault(identity(address), p)
        if owner is not p:
            add(
                kinds.PARTNER_DUPLICATE_EMAIL,
                "emails",
                value=cells.shorten(raw),
                other=cells.shorten(owner.name),
                row=owner.row,
            )


def validate_partners(programme: Programme, headers: Mapping[str, str] | None) -> list[Problem]:
    """Problems in tab `Partneri`, each on its row: what would stop or double a partner's mail."""
    h = headers or {c.field: c.header for c in contract.PARTNERS.columns}
    known = {c.code for c in programme.communities}
    problems: list[Problem] = []
    address_owner: dict[str, Partner] = {}
    name_row: dict[str, int] = {}

    for p in programme.partners:

        def add(kind: kinds.ProblemKind, field: str, p: Partner = p, **values: object) -> None:
            message = kind.say(col=h[field], name=cells.shorten(p.name), **values)
            problems.append(Problem(kind.type, p.row, field, h[field], message, "", contract.PARTNERS.title))

        if p.active_error:
            add(kinds.PARTNER_INVALID_ACTIVE, "active", why=p.active_error)
        if not p.active or p.active_error:
            continue
        if p.name:
            first = name_row.setdefault(p.name.casefold(), p.row)
            if first != p.row:
                add(kinds.PARTNER_DUPLICATE_NAME, "name", row=first)
        if not p.emails:
            add(kinds.PARTNER_NO_ADDRESS, "emails")
        _check_addresses(p, add, address_owner)
        for c in p.communities:
            if c not in known:
                add(kinds.PARTNER_UNKNOWN_COMMUNITY, "communities", value=cells.shorten(c))
    return problems
