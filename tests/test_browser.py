"""The HTML briefing in a real headless browser (Debian's chromium), printed to PDF.

Needs `chromium` and `pdftotext` (Debian: chromium, poppler-utils; fonts-noto-cjk for Hangul)
and the `playwright` Python package, which drives the installed browser (it downloads none).
Skipped, with the reason, where they are missing; `.ci/run` installs them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, ROOT, invoke

SCREENSHOT = ROOT / "tests" / "screenshots" / "briefing-timeline.png"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed"),
]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _compact(text: str) -> str:
    # pdftotext joins a word hyphenated across a line end ("pre-" + "announced"), so pages are
    # compared with every space and punctuation mark removed.
    return re.sub(r"\W+", "", text.lower())


# Each element's printed text nodes joined by spaces (textContent runs cells and labels
# together, and counts SVG titles, which only show as tooltips).
_TEXTS = """els => els.map(e => {
  const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walk.nextNode()) {
    const node = walk.currentNode;  // an SVG <title> is a tooltip, not printed
    if (node.parentNode.nodeName.toLowerCase() !== "title") parts.push(node.textContent);
  }
  return parts.join(" ");
})"""


def _print(
    browser: Any,
    tmp_path: Path,
    name: str,
    page_html: str,
    paper: str,
    shot: tuple[Path, str | None] | None = None,
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Open a page in Chromium with the network unused and print it to PDF.

    Returns the console errors, the requests made, each PDF page's text (compacted) and the
    text of every table row and figure (the units that must not be split across pages).
    ``shot`` takes a screenshot first: of the whole viewport, or of the element a CSS
    selector names.
    """
    path = tmp_path / f"{name}.html"
    path.write_text(page_html, encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    pdf = tmp_path / f"{name}-{paper}.pdf"
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("networkidle")
        units = page.eval_on_selector_all("tbody tr, figure", _TEXTS)
        if shot is not None:
            target, selector = shot
            if selector is None:
                page.screenshot(path=str(target))
            else:
                page.locator(selector).screenshot(path=str(target))
        page.pdf(path=str(pdf), format=paper, print_background=True)
    finally:
        page.close()
    pages_out = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", pages_out).group(1))  # type: ignore[union-attr]
    # pdftotext ends every page with a form feed.
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_texts = [_compact(part) for part in text.split("\f")[:pages]]
    assert len(page_texts) == pages
    return errors, requests, page_texts, units


def _split(units: list[str], page_texts: list[str]) -> list[str]:
    """The rows and figures whose words are not all on one printed page."""
    return [
        unit[:80]
        for unit in units
        if not any(all(_compact(w) in text for w in _words(unit)) for text in page_texts)
    ]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_full_timeline_briefing_in_a_browser(
    request: pytest.FixtureRequest, browser: Any, tmp_path: Path, paper: str
) -> None:
    result = invoke("timeline", "-o", "html", "--title", "Korean innovation clusters: timeline")
    assert result.exit_code == 0
    update = paper == "A4" and request.config.getoption("--update-golden")
    errors, requests, page_texts, _ = _print(
        browser, tmp_path, "timeline", result.stdout, paper, (SCREENSHOT, None) if update else None
    )
    assert errors == []
    assert [r for r in requests if not r.startswith("file:")] == []
    milestones = json.loads(invoke("milestones", "-o", "json").stdout)
    # No clipped rows: every milestone's title is printed whole on one page.
    split = [
        m["id"]
        for m in milestones
        if not any(all(w in text for w in _words(m["title"])) for text in page_texts)
    ]
    assert split == []


# --- the timeline chart ------------------------------------------------------------------------

DOCS = ROOT / "docs"
# (screenshot, arguments): what a policy office would put on a slide, and on an A4 page.
CHARTS = {
    "timeline-chart-slide.png": ["--since", "2023", "--until", "2023", "--size", "slide",
                                 "--title", "Korean innovation-cluster milestones, 2023"],
    "timeline-chart-a4.png": ["daedeok-innopolis", "--size", "a4", "--cite",
                              "--title", "Daedeok Innopolis: fifty years of milestones"],
}  # fmt: skip
_BOXES = """() => Array.from(document.querySelectorAll('svg text')).map(t => {
  const b = t.getBBox();
  return [t.textContent, b.x, b.y, b.width, b.height];
})"""


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_timeline_chart_in_a_browser(
    request: pytest.FixtureRequest,
    browser: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    """The chart as Chromium draws it: every text inside the box the layout step gave it (so
    the layout's no-overlap check holds on screen), no two drawn texts overlapping, Hangul
    and Latin in real fonts, nothing fetched; the screenshot goes to docs/."""
    from clusterctl.render.chart import layout as chart_layout

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    made: list[chart_layout.Chart] = []
    real = chart_layout.layout

    def spy(*args: object, **kwargs: object) -> chart_layout.Chart:
        chart = real(*args, **kwargs)  # type: ignore[arg-type]  # passed through as given
        made.append(chart)
        return chart

    monkeypatch.setattr(chart_layout, "layout", spy)
    result = invoke("timeline", *CHARTS[name], "-o", "svg")
    assert result.exit_code == 0, result.stderr
    chart = made[-1]
    svg = result.stdout
    if chart.physical:  # show A4 at its user units, so one unit is one CSS pixel
        size = f'width="{chart.width:g}" height="{chart.height:g}"'
        svg = re.sub(r'width="[\d.]+mm" height="[\d.]+mm"', size, svg, count=1)
    page_html = tmp_path / "chart.html"
    page_html.write_text(f'<!DOCTYPE html><html><body style="margin:0">'
                         f'<div style="display:flex">{svg}</div></body></html>',
                         encoding="utf-8")  # fmt: skip
    errors: list[str] = []
    requests: list[str] = []
    page = browser.new_page(viewport={"width": int(chart.width), "height": int(chart.height)})
    try:
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_html.as_uri())
        page.wait_for_load_state("networkidle")
        drawn = page.evaluate(_BOXES)
        if request.config.getoption("--update-golden"):
            DOCS.mkdir(exist_ok=True)
            page.screenshot(path=str(DOCS / name), full_page=True)
    finally:
        page.close()
    assert errors == []
    assert [r for r in requests if not r.startswith("file:")] == []
    texts = chart.texts
    assert [d[0] for d in drawn] == [t.text for t in texts]
    # Widths are what fonts decide: each drawn text lies within the width the layout gave
    # it, give or take a glyph's side bearing (1.5 units). Heights are the layout's: getBBox
    # reports the font's whole line box, taller than any glyph, not the ink.
    real_boxes = []
    for (text, x, _, w, _), shape in zip(drawn, texts, strict=True):
        box = shape.box
        assert box.x - 1.5 <= x and x + w <= box.right + 1.5, (text, x, w, box)
        real_boxes.append((text, chart_layout.Box(x, box.y, w, box.h)))
    clashes = [
        (a, b) for (a, box_a), (b, box_b) in combinations(real_boxes, 2) if box_a.overlaps(box_b)
    ]
    assert clashes == []


DOCS = ROOT / "docs"
BRIEFINGS = {
    "map": (["clusters", "-o", "html"], "figure.map"),
    "compare": (
        ["compare", "daedeok-innopolis", "pangyo-techno-valley", "songdo-bio-cluster", "-o",
         "html", "--title", "Daedeok, Pangyo and Songdo compared"],
        None,
    ),
    "profile": (["show", "daedeok-innopolis", "-o", "html"], None),
    "profile-abroad": (["show", "boston-cambridge-biotech", "-o", "html"], None),
}  # fmt: skip


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", sorted(BRIEFINGS))
def test_map_compare_and_profile_briefings_print_whole(
    request: pytest.FixtureRequest, browser: Any, tmp_path: Path, name: str, paper: str
) -> None:
    args, selector = BRIEFINGS[name]
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    shot = None
    if paper == "A4" and request.config.getoption("--update-golden") and "-" not in name:
        shot = (DOCS / f"{name}.png", selector)
    errors, requests, page_texts, units = _print(
        browser, tmp_path, name, result.stdout, paper, shot
    )
    assert errors == []
    assert [r for r in requests if not r.startswith("file:")] == []
    assert len(units) > 3
    # Every table row, and every figure (the map, its labels and caption), on one page.
    assert _split(units, page_texts) == []
