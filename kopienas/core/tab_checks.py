"""The rules of the tabs other than the activities: community codes and partners' rows."""

from __future__ import annotations

from kopienas.core import cells, contract
from kopienas.core.identifiers import is_issuing_code
from kopienas.core.models import Problem, Programme
from kopienas.core.partners import validate_partners  # partners' rows: addresses, names, `Aktīvs`
from kopienas.core.words import owned as wording

__all__ = ["validate_community_codes", "validate_partners"]


def validate_community_codes(programme: Programme, headers: dict[str, str] | None) -> list[Problem]:
    """A community code the tool cannot issue IDs under (not an identifier, or too long for every
    `<code>-<yyyy>-<nn>` to be one) is a problem on its cell in tab `Kopienas`."""
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
        if not is_issuing_code(c.code)
    ]
