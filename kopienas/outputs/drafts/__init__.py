"""Press-release drafts: rendering (`render`) and the files written for the press office (`files`)."""

from kopienas.outputs.drafts.files import content_hash, write_draft
from kopienas.outputs.drafts.render import Block, Draft, DraftTemplateError, Link, render_draft

__all__ = ["Block", "Draft", "DraftTemplateError", "Link", "content_hash", "render_draft", "write_draft"]
