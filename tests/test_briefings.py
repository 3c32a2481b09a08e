"""Briefings (Markdown, HTML, SVG) and whole-catalog exports."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clusterctl import query
from clusterctl.catalog.loader import CatalogSelection, load, validate
from tests.conftest import FIXTURES, MINI, ROOT, check_golden, invoke, mini

HOSTILE = FIXTURES / "hostile.yaml"
BRIEFS = {
    "timeline": ["timeline"],
    "profile": ["show", "daedeok"],
}


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.mark.parametrize("fmt", ["md", "html", "svg"])
@pytest.mark.parametrize("name", sorted(BRIEFS))
def test_golden_briefings(request: pytest.FixtureRequest, name: str, fmt: str) -> None:
    result = mini(*BRIEFS[name], "-o", fmt, "--title", f"Fixture {name}", "--width", "90")
    assert result.exit_code == 0, result.stderr
    check_golden(request, f"brief-{name}.{fmt}", result.stdout)


def test_svg_is_stable_byte_for_byte_and_valid_xml() -> None:
    first = mini("timeline", "-o", "svg", "--width", "80").stdout
    assert first == mini("timeline", "-o", "svg", "--width", "80").stdout
    ET.fromstring(first)
    assert "url(" not in first.replace("url(#clusterctl", "")  # no web fonts to fetch
    # a chart, not a terminal recording: its page is --size, not --width
    assert first == mini("timeline", "-o", "svg", "--width", "120").stdout
    assert first != mini("timeline", "-o", "svg", "--size", "a4").stdout


def test_markdown_and_html_cite_by_default_and_can_opt_out() -> None:
    md = mini("timeline", "-o", "md").stdout
    assert "## Sources" in md and "https://example.org/herald" in md
    assert "## Sources" not in mini("timeline", "-o", "md", "--no-cite").stdout
    html = mini("show", "daedeok", "-o", "html").stdout
    assert '<ol class="sources">' in html
    terminal = invoke(
        "--no-builtin", "--catalog", str(MINI), "timeline", env={"TTY_COMPATIBLE": "1"}
    )
    assert "Herald" not in terminal.stdout  # the terminal view stays opt-in
    assert "sources" not in mini("timeline").stdout.splitlines()[0]  # and so does its TSV


def test_html_is_self_contained_and_tags_korean() -> None:
    html = mini("show", "daedeok", "-o", "html", "--title", "Daedeok profile").stdout
    assert "<title>Daedeok profile</title>" in html
    assert '<span lang="ko">대덕연구개발특구</span>' in html
    assert not re.search(r"<(script|link|img|iframe|object)\b", html)
    assert not re.search(r"\bsrc=", html)
    assert "@media print" in html and "break-inside: avoid" in html


def test_briefing_formats_are_for_timeline_show_compare_and_the_cluster_map() -> None:
    for fmt in ("html", "svg"):
        result = mini("regions", "-o", fmt)
        assert result.exit_code == 2
        assert "for briefings" in result.stderr
        assert mini("clusters", "-o", fmt).exit_code == 0
        assert mini("compare", "daedeok", "boston", "-o", fmt).exit_code == 0


@pytest.mark.parametrize("fmt", ["md", "html", "svg"])
def test_golden_compare_briefing(request: pytest.FixtureRequest, fmt: str) -> None:
    result = mini("compare", "daedeok", "boston", "-o", fmt, "--title", "Fixture compare")
    assert result.exit_code == 0, result.stderr
    check_golden(request, f"brief-compare.{fmt}", result.stdout)


# --- footnotes: every figure, fact and ranking; sources in reading order -------------------


def _first_appearances(numbers: list[int]) -> list[int]:
    return list(dict.fromkeys(numbers))


def _html_refs(page: str) -> list[int]:
    body = page.split('<ol class="sources">', maxsplit=1)[0]
    numbers: list[int] = []
    for first, last in re.findall(r'href="#s(\d+)">\d+</a>(?:–<a href="#s(\d+)")?', body):
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def _md_refs(text: str) -> list[int]:
    body = text.split("## Sources", maxsplit=1)[0]
    numbers: list[int] = []
    for group in re.findall(r"\[([\d, –]+)\]", body):
        for part in group.split(", "):
            first, _, last = part.partition("–")
            numbers += range(int(first), int(last or first) + 1)
    return numbers


BRIEFINGS = [
    ["show", "daedeok-innopolis"],
    ["show", "boston-cambridge-biotech"],
    ["show", "songdo-bio-cluster"],
    ["show", "national-innovation-clusters"],
    ["compare", "daedeok-innopolis", "pangyo-techno-valley", "songdo-bio-cluster"],
    ["compare", "osong", "boston", "daedeok"],
]


@pytest.mark.parametrize("args", BRIEFINGS, ids=" ".join)
def test_sources_are_numbered_in_reading_order(args: list[str]) -> None:
    page = invoke(*args, "-o", "html").stdout
    order = _first_appearances(_html_refs(page))
    assert order == list(range(1, len(order) + 1))
    assert page.count('<li id="s') == len(order)  # every listed source is cited on the page
    text = invoke(*args, "-o", "md").stdout
    order = _first_appearances(_md_refs(text))
    assert order == list(range(1, len(order) + 1))
    assert len(re.findall(r"^\d+\. ", text.split("## Sources")[1], re.M)) == len(order)


def _rows(page: str, table: str) -> list[str]:
    found = re.search(rf'<table class="{table}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert found, table
    return re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)


@pytest.mark.parametrize("name", ["daedeok-innopolis", "songdo-bio-cluster", "boston"])
def test_a_profile_footnotes_every_fact_figure_and_ranking(name: str) -> None:
    page = invoke("show", name, "-o", "html").stdout
    for table in ("facts", "figures", "rankings"):
        if f'<table class="{table}">' not in page:
            assert table == "rankings"
            continue
        for row in _rows(page, table):
            assert 'class="refs"' in row, (table, row)
    for row in _rows(page, "timeline"):
        assert re.search(r'<td class="notes"><a href="#s\d+">', row), row
    assert re.search(r"<p>[^<]*(<span[^>]*>[^<]*</span>[^<]*)*<sup class=\"refs\">", page)


def test_a_profile_is_titled_by_name_and_says_where_it_came_from() -> None:
    page = invoke("show", "daedeok-innopolis", "-o", "html").stdout
    assert '<h1>Daedeok Innopolis (<span lang="ko">대덕연구개발특구</span>)</h1>' in page
    assert "daedeok-innopolis" not in page.split("</h1>")[0]
    assert "From clusterctl, catalog 2026." in page and "made 14 Nov 2023 22:13 UTC" in page
    text = invoke("show", "national-innovation-clusters", "-o", "md").stdout
    assert text.startswith("# National Innovation Cluster programme (국가혁신클러스터)")
    assert "made 14 Nov 2023 22:13 UTC" in text


def test_compare_footnotes_every_figure_and_ranking_and_marks_what_does_not_compare() -> None:
    args = ["compare", "daedeok-innopolis", "pangyo-techno-valley", "songdo-bio-cluster"]
    page = invoke(*args, "-o", "html").stdout
    rows = _rows(page, "compare")
    figures = rows[rows.index(next(r for r in rows if ">Figures<" in r)) + 1 :]
    figures = figures[: figures.index(next(r for r in figures if ">Milestones<" in r))]
    assert len(figures) > 20
    for row in figures:
        for cell in re.findall(r"<td>(.*?)</td>", row, re.S):
            assert cell == "—" or 'class="refs"' in cell, cell
    ranking = next(r for r in rows if ">Rankings<" in r)
    assert ranking.count('class="refs"') == 1  # Daedeok's; the others have none
    resident = next(r for r in rows if ">resident companies<" in r)
    assert resident.count('class="mark"') == 2 and '<sup class="remark">a</sup>' in resident
    assert "resident companies: not comparable: different dates." in page
    assert "1,179 companies (2010)" in resident and "Earlier: 1,006 companies (2009)" in resident
    text = invoke(*args, "-o", "md").stdout
    line = next(x for x in text.splitlines() if x.startswith("| resident companies"))
    assert line.count("≠") == 2 and "(a)" in line and line.count("[") == 2


def test_compare_svg_is_a_light_sheet_whose_text_never_overlaps() -> None:
    from clusterctl.render.briefing.compare import compare_briefing
    from clusterctl.render.briefing.svg import sheet_layout
    from clusterctl.render.results import CompareResult, Shape

    svg = invoke("compare", "daedeok", "pangyo", "songdo-bio", "-o", "svg").stdout
    root = ET.fromstring(svg)
    assert root.get("width") == "1200"
    assert "#ffffff" in svg and "<script" not in svg and "url(" not in svg
    cat = load(CatalogSelection())
    for names in (["daedeok", "pangyo", "songdo-bio"], ["osong", "boston", "daedeok", "ulsan-na"]):
        result = CompareResult(query.compare(cat, names), cat, Shape(cite=True))
        sheet = sheet_layout(compare_briefing(result), 1200 + 260 * (len(names) - 3))
        boxes = [t.box for t in sheet.texts]
        overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
        assert overlapping == []
        assert all(b.right <= sheet.width and b.bottom <= sheet.height for b in boxes)


def hostile(*args: str) -> str:
    result = invoke("--no-builtin", "--catalog", str(HOSTILE), *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("args", [["timeline"], ["show", "bold"], ["show", "markup"]])
def test_hostile_text_is_inert_in_html(args: list[str]) -> None:
    html = hostile(*args, "-o", "html")
    assert "<script>" not in html
    if args == ["show", "bold"]:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "[bold red]loud[/] :warning: [link=http://evil.example]x[/link]" in html
    assert not re.search(r'href="(?!https?://|#s\d)', html)
    assert "\x1b" not in html and "\u202e" not in html and "\x00" not in html
    assert "http://evil.example" not in re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("args", [["timeline"], ["show", "bold"], ["show", "markup"]])
def test_hostile_text_is_inert_in_markdown_and_svg(args: list[str]) -> None:
    md = hostile(*args, "-o", "md")
    assert "<script>" not in md
    assert "\x1b" not in md and "\u202e" not in md
    svg = hostile(*args, "-o", "svg")
    ET.fromstring(svg)  # control characters would make this invalid XML
    assert "<script" not in svg


def test_javascript_links_never_become_links(tmp_path: Path) -> None:
    catalog = tmp_path / "js.yaml"
    catalog.write_text(
        "sources:\n"
        "  - id: s\n"
        "    title: Evil\n"
        "    publisher: P\n"
        "    kind: news\n"
        "    language: en\n"
        "milestones:\n"
        "  - {id: m, date: 2020, title: T, kind: event, sources: [s]}\n",
        encoding="utf-8",
    )
    # The schema only admits http(s) URLs; even so the renderer re-checks before linking.
    from clusterctl.render.safe import safe_url

    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://example.org/a b") is None
    assert safe_url("https://example.org/a") == "https://example.org/a"
    bad = tmp_path / "bad-url.yaml"
    bad.write_text(
        catalog.read_text(encoding="utf-8").replace(
            "    language: en\n", "    language: en\n    url: javascript:alert(1)\n", 1
        ),
        encoding="utf-8",
    )
    assert invoke("--no-builtin", "validate", str(bad)).exit_code == 3


# --- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_catalog_exports_round_trip_through_validate(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"catalog.{fmt}"
    result = invoke("export", "-o", fmt, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    catalog, report = validate(CatalogSelection(builtin=False, overlays=(str(target),)))
    assert report.issues == []
    assert catalog is not None
    _, shipped = validate(CatalogSelection())
    assert report.counts == shipped.counts
    if fmt == "json":
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["schema_version"] == 1
        assert data["catalog_version"]


def test_csv_export_one_file_per_kind(tmp_path: Path) -> None:
    result = invoke("export", "-o", "csv", "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(
        f"{s}.csv"
        for s in (
            "sources",
            "regions",
            "industries",
            "actors",
            "policies",
            "clusters",
            "milestones",
            "eras",
        )
    )
    rows = list(csv.DictReader((tmp_path / "milestones.csv").open(encoding="utf-8")))
    assert len(rows) == len(json.loads(invoke("milestones", "-o", "json").stdout))


def test_csv_export_of_one_kind_to_stdout() -> None:
    out = invoke("export", "-o", "csv", "--type", "cluster").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"location.lat", "location.lon", "figures"} <= set(rows[0])
    assert invoke("export", "-o", "csv").exit_code == 2
    assert invoke("export", "-o", "json", "--type", "cluster").exit_code == 2


def test_geojson_follows_rfc_7946() -> None:
    data = json.loads(invoke("export", "-o", "geojson").stdout)
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert {"id", "name", "name_ko", "kind", "region", "industries", "established"} <= set(
            props
        )
        if props["country"] == "KR":  # [lon, lat] order: Korea lies east of 124°E
            assert 124 <= lon <= 132 and 33 <= lat <= 39


def test_icalendar_parses_and_matches_the_catalog() -> None:
    import icalendar

    text = invoke("export", "-o", "ics").stdout_bytes.decode("utf-8")  # keep the CRLFs
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    milestones = json.loads(invoke("milestones", "-o", "json").stdout)
    assert len(events) == len(milestones)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    by_uid = {str(e["UID"]): e for e in events}
    visit = by_uid["2023-07-04-mohw-minister-us-west-coast@clusterctl"]
    assert str(visit.decoded("DTSTART")) == "2023-07-04"
    assert str(visit.decoded("DTEND")) == "2023-07-10"  # exclusive end: the 9th is included
    month = by_uid["2023-04-yoon-state-visit-us@clusterctl"]
    assert (str(month.decoded("DTSTART")), str(month.decoded("DTEND"))) == (
        "2023-04-01",
        "2023-05-01",
    )
    assert "known to the month only" in str(month["DESCRIPTION"])
    year = by_uid["1973-daedeok-research-complex@clusterctl"]
    assert "known to the year only" in str(year["DESCRIPTION"])


def test_hostile_strings_in_exports(tmp_path: Path) -> None:
    import icalendar

    ics = hostile("export", "-o", "ics")
    icalendar.Calendar.from_ical(ics)
    assert "\x1b" not in ics and "\x07" not in ics
    out = hostile("export", "-o", "csv", "--type", "source")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["title"].startswith("'=") and row["publisher"].startswith("'@")
    target = tmp_path / "hostile.yaml"
    assert invoke("--no-builtin", "--catalog", str(HOSTILE), "export", "-o", "yaml",
                  "--output", str(target)).exit_code == 0  # fmt: skip
    _, report = validate(CatalogSelection(builtin=False, overlays=(str(target),)))
    assert report.ok


def test_a_failed_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clusterctl.render import export

    def broken(catalog: object, out: io.StringIO) -> None:
        out.write("partial")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(export.WRITERS, "json", broken)
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    result = invoke("export", "--output", str(target))
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_export_to_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("export", "--output", str(tmp_path / "nope" / "x.json"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert MINI.exists() and ROOT.exists()
