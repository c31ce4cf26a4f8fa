"""A draft as plain text (the text part of the press office's mail), built from its blocks.

Plain text is printed as typed: no Markdown marks, no backslash escapes. Headings are underlined,
list items start with "– ", links are written out.
"""

from __future__ import annotations

from kopienas.outputs.drafts.render import Block, Draft


def _block_text(block: Block) -> str:
    if block.kind == "heading":
        return f"{block.text}\n{'=' * len(block.text)}"
    if block.kind == "subheading":
        return f"{block.text}\n{'-' * len(block.text)}"
    if block.kind == "note":
        return f"[{block.text}]"
    if block.kind == "list":
        return "\n".join(f"– {item}" for item in block.items)
    if block.kind == "lines":
        return "\n".join(block.items)
    if block.kind == "links":
        return "\n".join(f"{link.label}: {link.url}" if link.label else link.url for link in block.links)
    return block.text


def draft_text(draft: Draft) -> str:
    """The whole draft as plain text, blocks separated by a blank line."""
    return "\n\n".join(_block_text(b) for b in draft.blocks) + "\n"
