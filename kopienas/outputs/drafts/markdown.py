"""Spreadsheet text made safe for Markdown: see `kopienas.outputs.markdown`."""

from kopienas.outputs.markdown import MarkdownText, autolink, escape_line, escape_markdown

__all__ = ["MarkdownText", "autolink", "escape_line", "escape_markdown"]
