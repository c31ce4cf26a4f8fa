"""IDs and community codes that must never become a path, a file name or an ID."""

HOSTILE = [
    "../../x",
    "x/../DGP-2020-07",
    "..",
    ".",
    "/etc/passwd",
    "a\\..\\b",
    "DGP\x002020",
    "DGP-2020-07/",
    "~",
    "CON",
    "nul",
    "x" * 41,
    "DGP–2020–07",  # en dashes
    "DGР-2020-07",  # Cyrillic Р
    "ＤＧＰ-2020-07",  # fullwidth letters
    "DGP-２０２０-07",  # fullwidth digits
    "DGP\u2215..\u22152020",  # division slashes
    "DGP 2020 07",
    "-rf",
    "DGP-",
    "=1+1",
    "a\nb",
]
