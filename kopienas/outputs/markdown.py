"""Spreadsheet text made safe for Markdown, while staying readable as plain text.

Choice: escape only what would change the meaning of the text, not every punctuation mark.

* At the start of a line: what would make a heading (`# `), a quote (`>`), a list item (`- `,
  `+ `, `* `, `1. `, `1) `), a rule or heading underline (`---`, `===`), or a code fence
  (```` ``` ````, `~~~`) gets a backslash: `\\# `, `\\>`, `\\- `, `1\\. `. Leading spaces are
  dropped, since four of them would make a code block. Hashtags (`#DarbīgāsKopienas`) are not
  headings and are left alone.
* Anywhere: `<` before a letter, `/`, `!` or `?` (raw HTML such as `<script>`, or an autolink),
  `&` that starts an entity (`&lt;`), `]` right before `(`, `[` or `:` (link syntax, so
  `[x](javascript:…)` cannot become a link), and a backslash before punctuation.
* Emphasis characters (`*`, `_`) and template-looking text (`{{ 7*7 }}`, `{% raw %}`) are left
  as typed: they cannot run code, and escaping them would clutter the text.

A Markdown renderer shows the escaped text exactly as the coordinator typed it.
"""

from __future__ import annotations

import re


class MarkdownText(str):
    """Text that is already Markdown (made by our own code); printed without escaping."""


_INLINE = re.compile(
    r"""
      \\(?=[!-/:-@\[-`{-~])   # a backslash would escape the punctuation after it
    | <(?=[A-Za-z/!?])        # raw HTML (<script>, </p>, <!-- -->) or an autolink
    | &(?=\#?\w+;)            # an entity reference such as &lt; or &#60;
    | \](?=[(\[:])            # the end of a link text or a link reference
    """,
    re.VERBOSE,
)

_HEADING = re.compile(r"^#{1,6}(?=[ \t]|$)")
_LIST_BULLET = re.compile(r"^[-+*](?=[ \t]|$)")
_RULE_OR_UNDERLINE = re.compile(r"^([-*_=])(?:[ \t]*\1)*[ \t]*$")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")
_FENCE = re.compile(r"^(?:```|~~~)")


def _escape_line_start(line: str) -> str:
    if m := _ORDERED_ITEM.match(line):
        return f"{m.group(1)}\\{m.group(2)}{line[m.end() :]}"
    if (
        line.startswith(">")
        or _HEADING.match(line)
        or _LIST_BULLET.match(line)
        or _RULE_OR_UNDERLINE.match(line)
        or _FENCE.match(line)
    ):
        return "\\" + line
    return line


def escape_line(line: str) -> str:
    """One line of cell text, safe to put anywhere in a Markdown document."""
    line = line.lstrip(" \t")
    line = _INLINE.sub(lambda m: "\\" + m.group(0), line)
    return _escape_line_start(line)


def escape_markdown(text: str) -> str:
    """Cell text (possibly several lines) as Markdown that renders as the same text."""
    if isinstance(text, MarkdownText):
        return text
    return "\n".join(escape_line(line) for line in str(text).split("\n"))


def autolink(url: str) -> MarkdownText:
    """A web address as a CommonMark autolink `<https://…>`; anything else as escaped text."""
    if re.fullmatch(r"https?://[^\s<>]+", url, re.IGNORECASE):
        return MarkdownText(f"<{url}>")
    return MarkdownText(escape_markdown(url))
