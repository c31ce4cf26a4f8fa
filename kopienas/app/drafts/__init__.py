"""Press-release drafts: made from the marked rows (`making`), and kept as Google Docs (`google_docs`)."""
