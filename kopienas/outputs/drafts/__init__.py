"""Press-release drafts: rendering (`render`) and the files written for the press office (`files`)."""

from kopienas.outputs.drafts.files import DRAFT_FILES, content_hash, draft_files
from kopienas.outputs.drafts.render import Block, Draft, Link, TemplateError, render_draft

__all__ = ["DRAFT_FILES", "Block", "Draft", "Link", "TemplateError", "content_hash", "draft_files", "render_draft"]
