"""What the tool says about the spreadsheet itself: open in another program, and what `init` found."""

from __future__ import annotations


def open_elsewhere_line(path: str, lock_file: str, who: str) -> str:
    """The one line of a run that found the workbook open in another program (exit 4)."""
    by_lv = f" (atvēris {who})" if who else ""
    by_en = f" by {who}" if who else ""
    return (
        f"Darbgrāmata {path} ir atvērta citā programmā{by_lv}, atrasts {lock_file}; nekas netika ierakstīts – "
        f"rīks mēģinās vēlreiz, kad tā būs aizvērta. / The workbook is open in another program{by_en}: "
        "nothing was written; the next run tries again once it is closed."
    )


def google_sheet_intro(name: str, share_with: str) -> list[str]:
    return [f"Google tabula {name}: tai jābūt kopīgotai (rediģētājs) ar {share_with}", "Piekļuve ir."]


def workbook_intro(target: str, source: str, created: bool) -> list[str]:
    """The file written (the one --source names), the one read when it differs, and whether it is new."""
    return [f"Darbgrāmata {target}" + (f" (no {source})" if target != source else "") + (" (jauna)" if created else "")]
