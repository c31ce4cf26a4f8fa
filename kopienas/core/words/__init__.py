"""Every Latvian (and English) phrase and date/time format, in one package.

`kopienas.core.language` is the front for the grammar (dates, numbers, names, places, quotes,
messages, summary); `sheets` (header and table messages), `owned` (identifier and ownership
messages) and `docs` (Google Docs notes) hold the wording of those features.
"""
