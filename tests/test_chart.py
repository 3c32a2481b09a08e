"""The timeline chart (`timeline -o svg`, atop `-o html`): checked on the layout step's output
(marks, bands, every text's box) and on the SVG a real XML parser reads."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from clusterctl.render.chart import layout as chart_layout
from clusterctl.render.chart.layout import Box, Chart, text_width, ticks, wrap
from tests.conftest import FIXTURES, invoke, load_json, mini

SVG = "{http://www.w3.org/2000/svg}"
EPOCH = "1796083200"  # 1 Dec 2026, 00:00 UTC
CASES = {
    "catalog": [],
    "2023": ["--since", "2023", "--until", "2023"],
    "cluster": ["daedeok-innopolis"],
}


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def charts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Chart]]:
    """Every chart the layout step makes while a test runs."""
    made: list[Chart] = []
    real = chart_layout.layout

    def spy(*args: object, **kwargs: object) -> Chart:
        chart = real(*args, **kwargs)  # type: ignore[arg-type]  # passed through as given
        made.append(chart)
        return chart

    monkeypatch.setattr(chart_layout, "layout", spy)
    yield made


def draw(charts: list[Chart], *args: str) -> tuple[Chart, ET.Element, str]:
    result = invoke("timeline", *args, "-o", "svg")
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(result.stdout)  # a real XML parser: the SVG is well formed
    assert root.tag == f"{SVG}svg"
    return charts[-1], root, result.stdout


def overlapping(boxes: list[tuple[str, Box]]) -> list[tuple[str, str]]:
    found = []
    ordered = sorted(boxes, key=lambda pair: pair[1].x)
    for index, (name, box) in enumerate(ordered):
        for other_name, other in ordered[index + 1 :]:
            if other.x >= box.right:
                break
            if box.overlaps(other):
                found.append((name, other_name))
    return found


def no_overlaps(chart: Chart) -> None:
    texts = [(f"{t.role}:{t.text}", t.box) for t in chart.texts]
    assert overlapping(texts) == [], "text boxes overlap"
    marks = [(f"mark:{m.milestone}", m.box) for m in chart.marks]
    clashes = [pair for pair in overlapping(texts + marks) if pair[0].startswith("mark:")
               != pair[1].startswith("mark:")]  # fmt: skip
    assert clashes == [], "a text overlaps a mark"


@pytest.mark.parametrize("size", ["slide", "a4"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_chart_is_valid_svg_with_no_overlapping_text(
    charts: list[Chart], case: str, size: str
) -> None:
    chart, root, _ = draw(charts, *CASES[case], "--size", size)
    width = {"slide": 1600, "a4": 794}[size]
    assert root.get("viewBox", "").startswith(f"0 0 {width} ")
    assert chart.width == width and chart.height >= {"slide": 900, "a4": 1123}[size]
    if size == "a4":
        assert root.get("width") == "210mm"
    else:
        assert (root.get("width"), root.get("height")) == ("1600", f"{chart.height:g}")
    no_overlaps(chart)
    texts = root.findall(f".//{SVG}text")
    assert [t.text for t in texts] == [t.text for t in chart.texts]
    assert len(root.findall(f".//{SVG}rect[@class='band']")) == len(chart.bands) > 0
    assert len(root.findall(".//*[@class='mark']")) == len(chart.marks) > 0


@pytest.mark.parametrize("size", ["slide", "a4"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_marks_are_drawn_at_their_own_precision(charts: list[Chart], case: str, size: str) -> None:
    chart, _, _ = draw(charts, *CASES[case], "--size", size)
    scale = chart.scale
    assert scale is not None

    def width(days: int) -> float:
        return (scale.right - scale.left) * days / (scale.end - scale.start).days

    milestones = {m["id"]: m["date"] for m in _milestones(*CASES[case])}
    seen = set()
    for mark in chart.marks:
        text = milestones[mark.milestone]
        seen.add(mark.precision)
        if mark.precision == "day":
            day = date.fromisoformat(text)
            assert mark.x0 == mark.x1 == pytest.approx(scale.x(day) + width(1) / 2)
        elif mark.precision == "year":  # the whole year, never a point on 1 January
            year = int(text)
            assert mark.x0 == pytest.approx(scale.x(date(year, 1, 1)))
            assert mark.x1 - mark.x0 == pytest.approx(width(366 if year % 4 == 0 else 365))
        elif mark.precision == "month":
            start = date.fromisoformat(f"{text}-01")
            end = (start + timedelta(days=32)).replace(day=1)
            assert mark.x1 - mark.x0 == pytest.approx(width((end - start).days))
            assert mark.box.w >= 2  # visible, however short the month is on the axis
        else:
            assert "/" in text and mark.x1 > mark.x0
    if case == "catalog":
        assert seen == {"day", "month", "year", "range"}


def _milestones(*args: str) -> list[dict[str, str]]:
    import json

    result = invoke("timeline", *args, "-o", "json")
    records: list[dict[str, str]] = json.loads(result.stdout)
    return records


def test_the_2023_slice_and_one_cluster_put_labels_beside_their_marks(
    charts: list[Chart],
) -> None:
    for args in (CASES["2023"], CASES["cluster"]):
        for size in ("slide", "a4"):
            chart, _, _ = draw(charts, *args, "--size", size)
            assert not chart.numbered, (args, size)
            labels = {t.text for t in chart.texts if t.role == "label"}
            assert "Committee for Daedeok's 50th anniversary launched" in labels
            assert chart.height == {"slide": 900, "a4": 1123}[size]  # fits its page


def test_the_whole_catalog_numbers_its_marks_with_a_key_below(charts: list[Chart]) -> None:
    chart, _, _ = draw(charts)
    assert chart.numbered
    numbers = sorted({m.number for m in chart.marks if m.number is not None})
    milestones = len(load_json(invoke("milestones", "-o", "json").stdout))
    assert numbers == list(range(1, milestones + 1))
    keys = [t for t in chart.texts if t.role == "key" and t.bold]
    assert [int(t.text) for t in keys] == numbers
    first = min(chart.marks, key=lambda m: m.x0)
    assert first.number == 1  # numbered in date order
    assert min(t.box.y for t in keys) > max(m.box.bottom for m in chart.marks)


def test_administrations_are_shaded_bands_with_names(charts: list[Chart]) -> None:
    chart, _, _ = draw(charts)
    bands = [b.era for b in chart.bands]
    assert bands[0] == "park-chung-hee-administration"
    assert bands[-1] == "lee-jae-myung-administration"
    assert len(bands) == 12 and all(b.kind == "administration" for b in chart.bands)
    named = {t.text for t in chart.texts if t.role == "era"}
    for band in chart.bands:
        short = band.name.removesuffix(" administration")
        assert short in named or any(short in line for line in named), short
    widths = [b.x1 - b.x0 for b in chart.bands]
    assert all(w > 0 for w in widths)
    # consecutive bands meet: no administration's band starts before the last one ends
    for earlier, later in pairwise(chart.bands):
        assert later.x0 >= earlier.x1 - 0.01
    chart, _, _ = draw(charts, "--since", "2023", "--until", "2023")
    assert [b.era for b in chart.bands] == ["yoon-suk-yeol-administration"]


def test_eras_none_hides_them_and_all_adds_acting_presidencies(charts: list[Chart]) -> None:
    chart, root, _ = draw(charts, "--eras", "none")
    assert chart.bands == () and root.findall(f".//{SVG}rect[@class='band']") == []
    chart, _, _ = draw(charts, "--since", "2016", "--until", "2017", "--eras", "all")
    assert "hwang-kyo-ahn-acting-presidency" in [b.era for b in chart.bands]
    result = invoke("timeline", "-o", "svg", "--eras", "dynasties")
    assert result.exit_code == 2
    assert "--eras: 'dynasties' is not one of the allowed values" in result.stderr


def test_lanes_follow_group_by_and_a_milestone_appears_in_each_of_its_lanes(
    charts: list[Chart],
) -> None:
    chart, _, _ = draw(charts, "--group-by", "cluster", "--since", "2023-06", "--until",
                       "2023-07")  # fmt: skip
    lanes = [lane.group_id for lane in chart.lanes]
    assert len(lanes) == len(set(lanes)) > 1
    names = {t.text for t in chart.texts if t.role == "lane"}
    assert any("Songdo" in n for n in names)
    by_milestone: dict[str, set[str]] = {}
    for mark in chart.marks:
        by_milestone.setdefault(mark.milestone, set()).add(mark.group_id)
    assert max(len(groups) for groups in by_milestone.values()) > 1
    for lane in chart.lanes:  # each lane's marks lie inside the lane
        inside = [m for m in chart.marks if m.group_id == lane.group_id]
        assert inside and all(lane.top <= m.box.y and m.box.bottom <= lane.bottom for m in inside)
    no_overlaps(chart)
    for group_by in ("year", "none"):
        chart, _, _ = draw(charts, "--group-by", group_by, "--since", "2023-06")
        assert len(chart.lanes) == 1


def test_cite_numbers_each_event_and_lists_the_sources(charts: list[Chart]) -> None:
    chart, _, svg = draw(charts, "daedeok-innopolis", "--cite")
    labels = [t.text for t in chart.texts if t.role == "label"]
    noted = [label for label in labels if re.search(r"\[\d+(,\d+)*\]$", label)]
    assert len(noted) == len(chart.marks)  # each label's last line: its footnotes
    headings = [t.text for t in chart.texts if t.role == "sources-heading"]
    assert headings == ["Sources"]
    entries = [t.text for t in chart.texts if t.role == "key" and re.fullmatch(r"\d+\.", t.text)]
    cited = {int(n) for label in labels for n in re.findall(r"\d+", label.rpartition("[")[2])}
    assert [int(e.rstrip(".")) for e in entries] == sorted(cited) == list(range(1, len(cited) + 1))
    # numbered in reading order: the earliest milestone's first source is source 1
    earliest = _milestones("daedeok-innopolis", "--cite")[0]
    first_source = earliest["sources"][0]
    texts = [t.text for t in chart.texts]
    after_one = texts[texts.index("1.") + 1]
    assert first_source["publisher"] in after_one, (first_source, after_one)
    assert first_source["url"][:20] in svg
    no_overlaps(chart)


def test_subtitle_states_filters_catalog_version_and_date_of_generation(
    charts: list[Chart],
) -> None:
    chart, root, svg = draw(charts, "daedeok-innopolis", "--since", "2000", "--kind",
                            "designation", "--title", "Daedeok since 2000")  # fmt: skip
    subtitle = " ".join(t.text for t in chart.texts if t.role == "subtitle")
    assert "Filters: daedeok-innopolis; --kind designation; --since 2000" in subtitle
    assert "catalog 2026.11.1" in subtitle and "generated 1 Dec 2026" in subtitle
    assert root.findtext(f"{SVG}title") == "Daedeok since 2000"
    assert [t.text for t in chart.texts if t.role == "title"] == ["Daedeok since 2000"]
    again = invoke("timeline", "daedeok-innopolis", "--since", "2000", "--kind", "designation",
                   "--title", "Daedeok since 2000", "-o", "svg").stdout  # fmt: skip
    assert again == svg  # SOURCE_DATE_EPOCH makes it reproducible, byte for byte


def test_legend_says_how_precision_is_drawn(charts: list[Chart]) -> None:
    chart, _, _ = draw(charts, "daedeok-innopolis")
    legend = " ".join(t.text for t in chart.texts if t.role == "legend")
    for words in ("exact day", "spans the month", "spans the year", "date range",
                  "presidential administration"):  # fmt: skip
        assert words in legend


def test_hangul_renders_through_a_cjk_font_stack(tmp_path: Path, charts: list[Chart]) -> None:
    path = tmp_path / "ko.yaml"
    path.write_text(
        "sources:\n  - {id: s, title: 기사, publisher: 신문, language: ko, kind: news}\n"
        "milestones:\n  - {id: m, date: 2023-06, title: 대덕연구개발특구 50주년, kind: event,"
        " sources: [s]}\n",
        encoding="utf-8",
    )
    result = invoke("--no-builtin", "--catalog", str(path), "timeline", "-o", "svg")
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(result.stdout)
    assert "Noto Sans CJK KR" in root.get("font-family", "")
    [label] = [t for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert (label.text, label.get("lang")) == ("대덕연구개발특구 50주년", "ko")
    # a wide character counts a whole em, so the box holds the text
    assert text_width("대덕", 10) == 20
    assert "http" not in result.stdout.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_hostile_text_is_escaped_and_measured_as_drawn(charts: list[Chart]) -> None:
    result = invoke("--no-builtin", "--catalog", str(FIXTURES / "hostile.yaml"), "timeline",
                    "-o", "svg")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    ET.fromstring(result.stdout)
    assert "\x1b" not in result.stdout and "<script" not in result.stdout.lower()
    no_overlaps(charts[-1])


def test_an_empty_timeline_is_still_a_chart(charts: list[Chart]) -> None:
    result = invoke("timeline", "--since", "2099", "-o", "svg")
    assert result.exit_code == 0
    assert "no milestone records match" in result.stderr
    root = ET.fromstring(result.stdout)
    assert any("No milestones match" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_the_html_briefing_carries_the_same_chart_on_top(charts: list[Chart]) -> None:
    result = invoke("timeline", "daedeok-innopolis", "-o", "html")
    assert result.exit_code == 0
    page = result.stdout
    start = page.index('<figure class="chart">')
    end = page.index("</svg>", start) + len("</svg>")
    assert start < page.index('<table class="timeline">')
    svg = page[start + len('<figure class="chart">') : end].strip()
    root = ET.fromstring(svg)
    assert root.findall(f".//{SVG}rect[@class='band']")
    assert not [t for t in charts[-1].texts if t.role == "title"]  # the page has the title
    assert '<figure class="chart">' not in mini("show", "daedeok", "-o", "html").stdout


def test_show_svg_is_still_the_terminal_view() -> None:
    result = mini("show", "daedeok", "-o", "svg", "--width", "80")
    assert result.exit_code == 0
    assert "clusterctl-clip-terminal" in result.stdout  # Rich's recording, not the chart
    ET.fromstring(result.stdout)


@pytest.mark.parametrize(
    ("first", "last", "unit", "step", "labels"),
    [
        (date(2023, 1, 16), date(2024, 1, 31), "month", 1, ["Jan 2023", "Feb"]),
        (date(2022, 3, 1), date(2023, 12, 1), "month", 3, None),
        (date(2019, 5, 1), date(2024, 2, 1), "year", 1, None),
        (date(2010, 1, 1), date(2026, 1, 1), "year", 2, None),
        (date(1962, 1, 27), date(2026, 3, 2), "year", 10, None),
    ],
)
def test_ticks_suit_the_span(
    first: date, last: date, unit: str, step: int, labels: list[str] | None
) -> None:
    axis = ticks(first, last)
    assert (axis.unit, axis.step) == (unit, step)
    assert axis.start <= first and last <= axis.end
    if unit == "year":
        assert all(d.month == d.day == 1 and d.year % step == 0 for d in axis.marks)
    else:
        assert all(d.day == 1 and (d.month - 1) % step == 0 for d in axis.marks)
    if labels:
        from clusterctl.render.chart.layout import _tick_label

        assert [_tick_label(d, unit, i == 0) for i, d in enumerate(axis.marks[:2])] == labels


def test_wrap_keeps_within_the_width_and_says_when_it_cuts() -> None:
    lines = wrap("one two three four five six seven eight nine ten", 10, 60, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line, 10) <= 60 for line in lines)
    assert wrap("short", 10, 100, 1) == ["short"]


def test_boxes_overlap_only_when_they_share_area() -> None:
    a = Box(0, 0, 10, 10)
    assert a.overlaps(Box(5, 5, 10, 10))
    assert not a.overlaps(Box(10, 0, 5, 5))  # touching edges
    assert not a.overlaps(Box(0, 10, 5, 5))
    assert list(combinations([a], 2)) == []
