"""The rules of tab `Kopienas`: its community codes (partners' rows: core/partners.py)."""

from __future__ import annotations

from collections.abc import Mapping

from kopienas.core import cells, contract
from kopienas.core.identifiers import is_issuing_code
from kopienas.core.models import Problem, Programme
from kopienas.core.words import problems as kinds

__all__ = ["validate_community_codes"]


def validate_community_codes(programme: Programme, headers: Mapping[str, str] | None) -> list[Problem]:
    """A community code the tool cannot issue IDs under (not an identifier, or too long for every
    `<code>-<yyyy>-<nn>` to be one) is a problem on its cell in tab `Kopienas`."""
    column = (headers or contract.COMMUNITIES.headers())["code"]
    return [
        Problem(
            kinds.INVALID_CODE.type,
            c.row,
            "code",
            column,
            kinds.INVALID_CODE.say(column, cells.shorten(c.code)),
            tab=programme.communities_tab,
        )
        for c in programme.communities
        if not is_issuing_code(c.code)
    ]
