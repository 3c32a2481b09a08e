"""``timeline -o timelinejs`` and ``-o mermaid``: what TimelineJS3 documents, what Mermaid draws.

The TimelineJS checks follow its JSON format documentation (timeline.knightlab.com, "TimelineJS
JSON data format"): the document's, slide's, era's, date's and text's properties, which are
required, and what each holds. The Mermaid diagrams are drawn by Mermaid itself in headless
Chromium; `.ci/run` fetches its library (one file of the npm package) into tests/fixtures.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import FIXTURES, invoke

SYNTAX = FIXTURES / "syntax.yaml"
HOSTILE = FIXTURES / "hostile.yaml"
MERMAID_JS = FIXTURES / "mermaid" / "dist" / "mermaid.min.js"

# The documented properties (TimelineJS3 JSON format).
DOCUMENT_KEYS = {"events", "title", "eras", "scale"}
SLIDE_KEYS = {
    "start_date", "end_date", "text", "media", "group", "display_date", "background",
    "autolink", "unique_id",
}  # fmt: skip
ERA_KEYS = {"start_date", "end_date", "text"}
DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
TEXT_KEYS = {"headline", "text"}


def run(*args: str, catalog: Path | None = None) -> Any:
    prefix = ["--no-builtin", "--catalog", str(catalog)] if catalog else []
    return invoke(*prefix, *args)


def timelinejs(*args: str, catalog: Path | None = None) -> dict[str, Any]:
    result = run("timeline", *args, "-o", "timelinejs", catalog=catalog)
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def records(*args: str, catalog: Path | None = None) -> list[dict[str, Any]]:
    result = run("timeline", *args, "-o", "json", catalog=catalog)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def check_date(date: Any) -> None:
    assert isinstance(date, dict)
    assert set(date) <= DATE_KEYS
    assert isinstance(date["year"], int)  # a number, never a string with commas or "BCE"
    if "month" in date:
        assert isinstance(date["month"], int)
        assert 1 <= date["month"] <= 12
    if "day" in date:
        assert isinstance(date["day"], int)
        assert "month" in date


def check_document(document: dict[str, Any]) -> None:
    """Every property is one the format documents, with the value it documents."""
    assert set(document) <= DOCUMENT_KEYS
    assert isinstance(document["events"], list)  # required
    slides = [*document["events"], document["title"]]
    for slide in slides:
        assert set(slide) <= SLIDE_KEYS
        assert "media" not in slide
        assert set(slide["text"]) <= TEXT_KEYS
        assert all(isinstance(v, str) for v in slide["text"].values())
    for event in document["events"]:
        check_date(event["start_date"])  # required, except on the title slide
        if "end_date" in event:
            check_date(event["end_date"])
        assert isinstance(event["unique_id"], str)
    ids = [e["unique_id"] for e in document["events"]]
    assert len(ids) == len(set(ids))  # "unique among all slides"
    for era in document["eras"]:
        assert set(era) <= ERA_KEYS
        check_date(era["start_date"])  # both required for an era
        check_date(era["end_date"])
        assert set(era.get("text", {})) <= {"headline"}  # text: "not used for era objects"


def expected_dates(date: str) -> tuple[dict[str, int], dict[str, int] | None]:
    def parts(text: str) -> dict[str, int]:
        names = ("year", "month", "day")
        return {name: int(value) for name, value in zip(names, text.split("-"), strict=False)}

    start, _, end = date.partition("/")
    return parts(start), parts(end) if end else None


@pytest.mark.parametrize("group_by", ["year", "cluster", "policy", "none"])
def test_timelinejs_has_only_documented_fields_on_the_shipped_catalog(group_by: str) -> None:
    document = timelinejs("--group-by", group_by)
    check_document(document)
    rows = records("--group-by", group_by)
    assert len(document["events"]) == len(rows)
    seen: set[str] = set()
    for event, row in zip(document["events"], rows, strict=True):
        start, end = expected_dates(row["date"])
        assert event["start_date"] == start  # the real precision: no month or day it lacks
        assert event.get("end_date") == end  # ranges only
        if row["id"] not in seen:
            assert event["unique_id"] == row["id"]
        else:
            assert event["unique_id"] == f"{row['id']}--{row['group_id']}"
        seen.add(row["id"])
        assert html.unescape(event["text"]["headline"]) == row["title"]
        if group_by in ("cluster", "policy"):
            assert event["group"] == row["group"]
        else:
            assert "group" not in event  # the axis already shows the year


def test_a_year_only_milestone_has_only_a_year() -> None:
    document = timelinejs(catalog=FIXTURES / "mini.yaml")
    by_id = {e["unique_id"]: e for e in document["events"]}
    assert by_id["daedeok-founded"]["start_date"] == {"year": 1973}
    assert by_id["daedeok-founded"]["display_date"] == "1973"
    assert by_id["special-zone"]["start_date"] == {"year": 2005, "month": 7}
    assert "end_date" not in by_id["special-zone"]
    assert by_id["us-visit"]["start_date"] == {"year": 2023, "month": 7, "day": 4}
    assert by_id["us-visit"]["end_date"] == {"year": 2023, "month": 7, "day": 9}
    assert by_id["us-visit"]["display_date"] == "4–9 Jul 2023"


def test_timelinejs_text_is_escaped_html() -> None:
    document = timelinejs("--group-by", "cluster", "--cite", catalog=SYNTAX)
    check_document(document)
    first = document["events"][0]
    assert first["text"]["headline"] == (
        "Act: passed; R&amp;D #3 &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    assert first["text"]["text"].startswith(
        "<p>Line one: &lt;b&gt;not bold&lt;/b&gt;<br>line two &amp; `code` %% comment</p>"
        '<p>Sources: <a href="https://example.org/release?a=1&amp;b=2">'
    )
    assert first["group"] == "Zone: one #1; <i>two</i>"  # a label TimelineJS shows as text
    for event in document["events"]:
        for text in event["text"].values():
            assert "<script" not in text and "<b>" not in text and "<i>" not in text
    hostile = timelinejs("--group-by", "cluster", catalog=HOSTILE)
    check_document(hostile)
    assert html.unescape(hostile["events"][0]["text"]["headline"]) == "-cmd|' /C calc'!A0"


def test_timelinejs_carries_the_catalogs_eras() -> None:
    """Eras (where the catalog has them) become TimelineJS eras over the events' span."""
    from clusterctl import model
    from clusterctl.catalog.index import Catalog
    from clusterctl.dates import parse_when
    from clusterctl.render.exchange import timelinejs as build
    from clusterctl.render.results import TimelineResult

    @dataclass(frozen=True)
    class Era:
        type: ClassVar[str] = "era"
        id: str
        label: str
        start: Any
        end: Any

    def milestone(identifier: str, when: str) -> model.Milestone:
        return model.Milestone(id=identifier, date=parse_when(when), title=identifier,
                               kind="event", sources=("s",))  # fmt: skip

    catalog = Catalog.of([milestone("a", "2010-05"), milestone("b", "2019")])
    catalog.by_type["era"] = [
        Era("old", "Before", parse_when("1990"), parse_when("1995")),
        Era("lee", "Lee <admin>", parse_when("2008-02-25"), parse_when("2013-02-24")),
        Era("now", "Running", parse_when("2017-05"), None),
    ]  # type: ignore[list-item]
    from clusterctl.query import timeline

    entries = timeline(catalog, catalog.milestones(), "year")
    document = build(TimelineResult(tuple(entries), "year", catalog))
    check_document(document)
    assert document["eras"] == [
        {
            "start_date": {"year": 2008, "month": 2, "day": 25},
            "end_date": {"year": 2013, "month": 2, "day": 24},
            "text": {"headline": "Lee &lt;admin&gt;"},
        },
        {
            "start_date": {"year": 2017, "month": 5},
            "end_date": {"year": 2019},
            "text": {"headline": "Running"},
        },
    ]


@pytest.mark.parametrize("fmt", ["timelinejs", "mermaid"])
@pytest.mark.parametrize("command", [["clusters"], ["show", "daedeok"], ["search", "bio"]])
def test_the_timeline_formats_are_for_timeline_only(fmt: str, command: list[str]) -> None:
    result = run(*command, "-o", fmt, catalog=FIXTURES / "mini.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"clusterctl: error: -o {fmt} is for timeline\n")


# --- Mermaid ---------------------------------------------------------------------------------


def mermaid(*args: str, catalog: Path | None = None) -> str:
    result = run("timeline", *args, "-o", "mermaid", catalog=catalog)
    assert result.exit_code == 0, result.stderr
    text: str = result.stdout
    return text


def test_mermaid_is_a_timeline_with_a_line_per_year_and_a_section_per_group() -> None:
    text = mermaid(catalog=FIXTURES / "mini.yaml")
    assert text == (
        "timeline\n"
        "    title Timeline\n"
        "    1973 : Daedeok research complex planned\n"
        "    2005 : Jul 2005 — Daedeok becomes a special R#38;D zone\n"
        "    2023 : 4–9 Jul 2023 — Minister visits U.S. bio clusters\n"
    )
    grouped = mermaid("--group-by", "cluster", "--title", "Zones: all", catalog=SYNTAX)
    assert grouped.splitlines()[:3] == [
        "timeline",
        "    title Zones#58; all",
        "    section Zone#58; one #35;1#59; #60;i#62;two#60;/i#62;",
    ]
    sections = [line for line in grouped.splitlines() if line.startswith("    section ")]
    assert len(sections) == 3  # two clusters, then the milestones without one
    for line in grouped.splitlines()[2:]:
        assert re.fullmatch(r"    section [^:\n]+|        \d{4} : [^:\n]+( : [^:\n]+)*", line), line


def test_mermaid_on_the_shipped_catalog_fits_mermaids_default_size() -> None:
    result = invoke("timeline", "-o", "mermaid")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(result.stdout) <= 50_000


@pytest.fixture(scope="module")
def mermaid_page(browser: Any) -> Iterator[Any]:
    if not MERMAID_JS.exists():
        pytest.skip(f"Mermaid's library is not at {MERMAID_JS} (.ci/run fetches it with npm)")
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_content("<!DOCTYPE html><html><body><div id='out'></div></body></html>")
    page.add_script_tag(path=str(MERMAID_JS))
    page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
    yield page
    page.close()
    assert [r for r in requests if not r.startswith(("about:", "data:"))] == []


DRAW = """async (text) => {
  const out = document.getElementById('out');
  try {
    const {svg} = await mermaid.render('diagram' + Math.floor(Math.random() * 1e9), text);
    out.innerHTML = svg;
    return {svg: out.querySelector('svg') !== null,
            texts: Array.from(out.querySelectorAll('svg text')).map(t => t.textContent)};
  } catch (error) {
    return {error: String((error && error.message) || error)};
  }
}"""


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("catalog", "args"),
    [
        (SYNTAX, ["--group-by", "cluster"]),
        (SYNTAX, ["--title", "Zones: #1; <b>all</b> & 100%"]),
        (HOSTILE, ["--group-by", "cluster"]),
        (None, []),
        (None, ["--group-by", "policy"]),
        (None, ["daedeok-innopolis", "--group-by", "cluster"]),
    ],
    ids=["syntax-by-cluster", "syntax-title", "hostile", "shipped", "shipped-policy", "daedeok"],
)
def test_mermaid_draws_the_diagram_with_every_text_as_written(
    mermaid_page: Any, catalog: Path | None, args: list[str]
) -> None:
    text = mermaid(*args, catalog=catalog)
    drawn = mermaid_page.evaluate(DRAW, text)
    assert "error" not in drawn, drawn.get("error")
    assert drawn["svg"]
    shown = _squeezed("".join(drawn["texts"]))
    assert "Syntaxerror" not in shown
    for row in records(*args, catalog=catalog):
        assert _squeezed(row["title"]) in shown, row["title"]
        if row["group"] and "--group-by" in args:
            assert _squeezed(row["group"]) in shown, row["group"]
    if "--title" in args:
        assert _squeezed(args[args.index("--title") + 1]) in shown
