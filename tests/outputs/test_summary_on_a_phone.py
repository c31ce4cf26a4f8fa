"""The weekly summary as a partner sees it: the mail rendered by a real browser (headless Chromium,
installed by `make system-tools`) at a phone's width (390 px) and a desktop's (1280 px). Nothing
may stick out of the screen or need scrolling sideways, and the chart's labels stay readable."""

from __future__ import annotations

import base64
import email
import json
import shutil
import subprocess
from email import policy
from pathlib import Path

import pytest

from kopienas.outputs.summary.chart import DPI, FONT_PT
from tests.helpers import write_config

pytestmark = pytest.mark.slow  # Chromium started four times

# Runs after the page has loaded and writes what it measured into the DOM for --dump-dom.
_MEASURE = """<script>
window.addEventListener("load", () => {
  const width = window.innerWidth, out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.left < -0.5 || box.right > width + 0.5)) {
      out.push(el.tagName + " " + (el.textContent || "").trim().slice(0, 40) + " right=" + box.right);
    }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") {
      out.push("scrolls sideways: " + el.tagName + " " + el.scrollWidth + ">" + el.clientWidth);
    }
  }
  let smallest = 1000;
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
  }
  const img = document.querySelector("img");
  const result = {
    width, page: document.documentElement.scrollWidth, outside: out, smallest,
    chart: img ? img.getBoundingClientRect().width / img.naturalWidth : null,
  };
  parent.postMessage(JSON.stringify(result), "*");
});
</script>"""

# Chromium's headless window is at least 500 px wide: the mail is shown in a frame of the width
# being tested, as a phone's screen, and tells the page around it what it measured.
_FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="width:{width}px; height:2400px; border:0; display:block"></iframe>
<script>
window.addEventListener("message", e => document.body.setAttribute("data-measured", e.data));
</script></body></html>"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "chromium is missing: run `make system-tools` (make test does)"
    return found


def _mail_as_page(eml: Path) -> str:
    """The HTML part with its inline images as data URLs, as a mail client shows it."""
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    body = msg.get_body(preferencelist=("html",))
    assert body is not None
    page = body.get_content()
    for part in msg.walk():
        cid = part.get("Content-ID")
        if cid and part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_payload(decode=True)).decode("ascii")
            page = page.replace(f"cid:{cid.strip('<>')}", f"data:{part.get_content_type()};base64,{data}")
    return page.replace("</body>", _MEASURE + "</body>")


def _render(page: Path, width: int, shot: Path) -> dict:
    frame = page.with_name(f"{page.stem}-frame-{width}.html")
    frame.write_text(_FRAME.format(src=page.name, width=width), encoding="utf-8")
    common = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={max(width, 500)},2400",
        "--virtual-time-budget=5000",
        f"--user-data-dir={shot.parent / ('profile-' + str(width))}",
    ]
    dom = subprocess.run([*common, "--dump-dom", frame.as_uri()], capture_output=True, text=True, timeout=120)
    subprocess.run([*common, f"--screenshot={shot}", frame.as_uri()], capture_output=True, timeout=120)
    assert 'data-measured="' in dom.stdout, dom.stderr[-2000:]
    raw = dom.stdout.split('data-measured="', 1)[1].split('"', 1)[0]
    return json.loads(raw.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


@pytest.fixture(scope="module")
def summary_pages(tmp_path_factory) -> list[Path]:
    from click.testing import CliRunner

    from kopienas.cli import main

    folder = tmp_path_factory.mktemp("phone")
    sample = Path(__file__).resolve().parents[2] / "examples" / "aktivitates.xlsx"
    shutil.copy(sample, folder / "aktivitates.xlsx")
    cfg = write_config(folder / "etc", folder / "aktivitates.xlsx")
    result = CliRunner().invoke(main, ["--config", str(cfg), "run"], env={"KOPIENAS_TODAY": "2020-10-05"})
    assert result.exit_code == 1, result.output  # the sample has rows with problems on purpose
    pages = []
    # One Latvian and one English summary (British Council reads English), each with the chart.
    for pattern in ("summary_iic*.eml", "summary_people*.eml"):
        [eml] = (folder / "etc" / "out" / "outbox").glob(pattern)
        page = folder / (eml.stem + ".html")
        page.write_text(_mail_as_page(eml), encoding="utf-8")
        pages.append(page)
    return pages


@pytest.mark.parametrize("width", [390, 1280])
def test_the_summary_fits_the_screen_and_its_chart_reads(summary_pages, width):
    for page in summary_pages:
        measured = _render(page, width, page.with_name(f"{page.stem}-{width}.png"))
        assert measured["width"] == width, measured
        assert measured["page"] <= width, measured  # no sideways scrolling
        assert measured["outside"] == [], measured["outside"]
        assert measured["smallest"] >= 13, measured  # text a phone can read without zooming
        # The chart's labels as drawn on the screen: FONT_PT at DPI, scaled to the shown width.
        label_px = FONT_PT * DPI / 72 * measured["chart"]
        assert label_px >= 12, (label_px, measured)
        assert page.with_name(f"{page.stem}-{width}.png").stat().st_size > 10_000  # a screenshot was taken
