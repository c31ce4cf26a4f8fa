"""Every Latvian (and English) phrase and date/time format, in one package.

`kopienas.core.language` is the front for the grammar (dates, numbers, names, places, quotes,
messages, summary). The wording of each feature has its module: `problems` (the catalogue of
problem kinds, with their JSON `type`), `values` (a cell or option that cannot be read), `sheets`
(headers, tables, `init`), `owned` (identifiers and what the tool owns), `workbook` and `google`
(the sources' one-line errors), `runs` (lock, ledger, files, mail headers), `reports` and `status`
(tables and reports), `drafts` and `docs` (draft documents, Google Docs notes), `console` (the
command line's own failure lines). Only the tests' allow-list
(tests/architecture/test_latvian_literals.py) names the Latvian literals kept elsewhere, with why.
"""
