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
from pathlib import Path

import pytest

from tests.conftest import ROOT, invoke

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOT = ROOT / "tests" / "screenshots" / "briefing-timeline.png"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

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


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_full_timeline_briefing_in_a_browser(
    request: pytest.FixtureRequest, tmp_path: Path, paper: str
) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    page_html = tmp_path / "timeline.html"
    result = invoke("timeline", "-o", "html", "--title", "Korean innovation clusters: timeline")
    assert result.exit_code == 0
    page_html.write_text(result.stdout, encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    pdf = tmp_path / f"timeline-{paper}.pdf"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_html.as_uri())
        page.wait_for_load_state("networkidle")
        if paper == "A4" and request.config.getoption("--update-golden"):
            page.screenshot(path=str(SCREENSHOT))
        page.pdf(path=str(pdf), format=paper, print_background=True)
        browser.close()
    assert errors == []
    assert [r for r in requests if not r.startswith("file:")] == []
    pages_out = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", pages_out).group(1))  # type: ignore[union-attr]
    page_texts = [
        _compact(
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for n in range(1, pages + 1)
    ]
    milestones = json.loads(invoke("milestones", "-o", "json").stdout)
    # No clipped rows: every milestone's title is printed whole on one page.
    split = [
        m["id"]
        for m in milestones
        if not any(all(w in text for w in _words(m["title"])) for text in page_texts)
    ]
    assert split == []
