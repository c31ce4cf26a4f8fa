"""What a save through openpyxl would lose from an existing workbook (for `kopienas init`, which
still saves that way): macros, formulas' cached values, Excel-2010 extensions, shapes and charts,
custom XML."""

from __future__ import annotations

import io
import re
import zipfile

from kopienas.core.words import workbook as said

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_EXTENSIONS = (b"x14:dataValidation", b"sparklineGroup", b"x14:conditionalFormatting")


def openpyxl_would_lose(data: bytes) -> list[str]:
    """Latvian names of what is in the package and would not survive an openpyxl save."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = [n.lower() for n in z.namelist()]
            sheets = [z.read(n) for n in z.namelist() if n.lower().startswith("xl/worksheets/") and n.endswith(".xml")]
    except zipfile.BadZipFile:
        return []
    lost = []
    if any(n.endswith("vbaproject.bin") for n in names):
        lost.append(said.LOST["macros"])
    if any(_FORMULA.search(s) for s in sheets):
        lost.append(said.LOST["cached_values"])
    if any(ext in s for s in sheets for ext in _EXTENSIONS):
        lost.append(said.LOST["extensions"])
    if any(n.startswith(("xl/drawings/drawing", "xl/charts/")) for n in names):
        lost.append(said.LOST["drawings"])
    if any(n.startswith("customxml/") for n in names):
        lost.append(said.LOST["custom_xml"])
    return lost
