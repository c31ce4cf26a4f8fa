"""The rules of the tabs other than the activities: community codes and partners' rows."""

from __future__ import annotations

from kopienas.core import cells, contract, wording
from kopienas.core.contacts import email_problem
from kopienas.core.identifiers import is_identifier
from kopienas.core.models import Partner, Problem, Programme


def validate_community_codes(programme: Programme, headers: dict[str, str] | None) -> list[Problem]:
    """A community code that is not an identifier is a problem on its cell in tab `Kopienas`."""
    column = (headers or contract.COMMUNITIES.headers())["code"]
    return [
        Problem(
            "invalid_code",
            c.row,
            "code",
            column,
            wording.invalid_code(column, cells.shorten(c.code)),
            tab=programme.communities_tab,
        )
        for c in programme.communities
        if not is_identifier(c.code)
    ]


def validate_partners(programme: Programme, headers_partners: dict[str, str] | None) -> list[Problem]:
    """Problems in tab `Partneri` that would stop a partner's weekly mail."""
    problems = []
    known = {c.code for c in programme.communities}
    h = headers_partners or {c.field: c.header for c in contract.PARTNERS.columns}
    for p in programme.partners:
        if not p.active:
            continue

        def add(kind: str, field: str, message: str, p: Partner = p) -> None:
            problems.append(Problem(kind, p.row, field, h[field], message, "", contract.PARTNERS.title))

        if not p.emails:
            add("required", "emails", f"{h['emails']}: partnerim “{cells.shorten(p.name)}” nav e-pasta adreses.")
        for e in p.emails:
            if email_problem(e):
                add("invalid_email", "emails", f"{h['emails']}: “{cells.shorten(e)}” nav derīga e-pasta adrese.")
        for c in p.communities:
            if c not in known:
                add(
                    "unknown_community",
                    "communities",
                    f"{h['communities']}: “{cells.shorten(c)}” nav lapā “Kopienas”; rakstiet kodu, nosaukumu vai Visas.",
                )
    return problems
