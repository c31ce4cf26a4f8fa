"""Press-release drafts: rendering (`render`) and the files written for the press office (`files`)."""

from .files import content_hash, write_draft
from .render import Block, Draft, DraftTemplateError, Link, render_draft

__all__ = ["Block", "Draft", "DraftTemplateError", "Link", "content_hash", "render_draft", "write_draft"]
