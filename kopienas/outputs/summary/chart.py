"""A small bar chart of participants per community, year to date, as PNG bytes for a mail."""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

from kopienas.core import language
from kopienas.core.safe_text import one_line
from kopienas.core.totals import CommunityTotals
from kopienas.core.words import reports as said

_TITLE = said.CHART_TITLE
_BAR_COLOUR = "#2e7d5b"
# 600 pixels wide (the mail's width) drawn at 150 dpi: an 11 pt label is 23 px in the image and
# still about 14 px where a phone shows the image 360 px wide.
WIDTH_PX, DPI, FONT_PT = 600, 150, 11


def participants_chart_png(ytd_rows: Sequence[CommunityTotals], lang: str) -> bytes:
    """Horizontal bars, one per community, largest first from the top, each labelled with its
    number. The same rows give the same bytes: no timestamp or software name is written."""
    # Imported here: matplotlib takes a noticeable time to load, and only this function needs it.
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = sorted(ytd_rows, key=lambda r: (-r.participants, r.community_name.casefold()))
    names = [one_line(r.community_name, 60) for r in rows]
    values = [r.participants for r in rows]
    year = rows[0].year if rows else ""

    # Community names are data: `$…$` in one must not be read as TeX (mathtext off).
    with (
        matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": FONT_PT, "text.parse_math": False}),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # a letter the font lacks is drawn as a box, not said on stderr
        figure = Figure(figsize=(WIDTH_PX / DPI, 0.42 * max(len(rows), 1) + 0.8), dpi=DPI)
        FigureCanvasAgg(figure)  # Agg draws without a display and without touching pyplot's state
        axes = figure.add_subplot()
        positions = range(len(rows))
        axes.barh(positions, values, color=_BAR_COLOUR)
        axes.set_yticks(list(positions), labels=names)
        axes.invert_yaxis()  # the largest bar on top, as read
        # Over the whole image, not the bars: beside long names the axes start far to the right.
        figure.suptitle(_TITLE[lang].format(year=year), x=0.02, ha="left", fontsize=FONT_PT + 1)
        for y, value in zip(positions, values, strict=False):
            axes.annotate(
                language.format_count(value, lang),
                (value, y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=FONT_PT,
            )
        axes.set_xlim(0, max([*values, 1]) * 1.25)  # room for the labels at the bar ends
        axes.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
