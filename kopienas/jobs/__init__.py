"""The jobs kopienas runs — validation, drafts, summaries, fix-lists — each a function taking the
already-read spreadsheet, so `kopienas run` and the scheduler read it once and write it once."""
