"""A draft's files built from its words after the redactor: the one way a draft becomes files.

The Markdown, the HTML and the Word file — which is also attached to the press office's mail and
uploaded as a Google Doc — all carry the same text, with every registered secret and anything
shaped like a key or token taken out before any of them is built."""

from __future__ import annotations

from dataclasses import replace

from kopienas.adapters.secrets import redact
from kopienas.outputs.drafts import Block, Draft, draft_files


def redacted_files(draft: Draft) -> dict[str, bytes]:
    """File name -> content of the draft's files, every one built from `redacted(draft)`."""
    return draft_files(redacted(draft))


def redacted(draft: Draft) -> Draft:
    """The draft with each of its texts passed through the redactor (itself when nothing changes)."""
    blocks = tuple(_block(b) for b in draft.blocks)
    texts = (draft.activity_id, draft.title, draft.markdown, draft.html, draft.author)
    clean = tuple(redact(t) for t in texts)
    if clean == texts and all(a is b for a, b in zip(blocks, draft.blocks, strict=True)):
        return draft
    activity_id, title, markdown, html, author = clean
    return replace(
        draft, activity_id=activity_id, title=title, markdown=markdown, html=html, author=author, blocks=blocks
    )


def _block(block: Block) -> Block:
    text, items = redact(block.text), tuple(redact(i) for i in block.items)
    links = tuple(replace(k, label=redact(k.label), url=redact(k.url)) for k in block.links)
    if (text, items, links) == (block.text, block.items, block.links):
        return block
    return replace(block, text=text, items=items, links=links)
