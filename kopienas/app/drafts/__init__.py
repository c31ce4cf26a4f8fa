"""Press-release drafts: made from the marked rows (`making`), kept as Google Docs (`google_docs`), the
English ones translated (`translation`), and the programme's yearly release (`programme_release`)."""
