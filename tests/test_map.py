"""The cluster map (clusters -o svg|html, and the locator in a profile).

Checked from the layout (the pure step: positions and boxes) and from the drawn SVG (parsed
by a real XML parser): points fall inside South Korea and inside their own province, no
two text boxes overlap, the filters of ``clusters`` apply, approximate points are hollow.
"""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from clusterctl import model, query
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.render.clustermap.basemap import basemap, contains
from clusterctl.render.clustermap.layout import (
    MapLayout,
    MapText,
    approximate,
    layout_locator,
    layout_map,
)
from tests.conftest import FIXTURES, ROOT, invoke, mini

SVG = "{http://www.w3.org/2000/svg}"
FILTERS = [
    [],
    ["--region", "KR-30"],
    ["--region", "Chungbuk,KR-44"],
    ["--industry", "biotech"],
    ["--kind", "industrial-complex"],
    ["--country", "US"],
    ["--status", "planned"],
]


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load(CatalogSelection())


def _clusters(*args: str) -> list[dict[str, Any]]:
    result = invoke("clusters", *args, "-o", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _svg(*args: str) -> ET.Element:
    result = invoke("clusters", *args, "-o", "svg")
    assert result.exit_code == 0, result.stderr
    return ET.fromstring(result.stdout)


def _rings(d: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The rings of a path written as M x y L x y ... Z (the writer's only commands)."""
    rings = []
    for part in re.findall(r"M[^MZ]+Z", d):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", part)]
        rings.append(tuple(zip(numbers[::2], numbers[1::2], strict=True)))
    return tuple(rings)


def _layout(catalog: Any, *filters: str) -> MapLayout:
    ids = {c["id"] for c in _clusters(*filters)}
    clusters = [c for c in catalog.clusters() if c.id in ids]
    return layout_map(clusters, catalog, MapText("Map", "A subtitle"))


def test_every_korean_point_is_inside_the_drawn_country_and_its_own_province(
    catalog: Any,
) -> None:
    root = _svg()
    drawn = {
        path.get("data-code"): _rings(path.get("d", ""))
        for path in root.iter(f"{SVG}path")
        if path.get("data-code", "").startswith("KR-")
    }
    assert len(drawn) == 17  # every province, Sejong to Jeju
    layout = _layout(catalog)
    korean = [c for c in catalog.clusters() if c.country == "KR" and c.location is not None]
    assert len(korean) >= 20
    for cluster in korean:
        point = layout.placed[cluster.id]
        holding = [code for code, rings in drawn.items() if contains(rings, point)]
        assert holding == [cluster.region], (cluster.id, point, holding)
        # The same point, projected afresh, falls in the layout's own province.
        province = layout.province(cluster.region)
        assert province is not None and contains(province.rings, point)


def test_the_base_map_covers_every_korean_region_of_the_catalog(catalog: Any) -> None:
    codes = {area.code for area in basemap().provinces}
    regions = {r.id for r in catalog.of_type("region") if r.country == "KR"}
    assert regions <= codes
    assert {area.code for area in basemap().neighbours} == {"KP", "CN", "JP"}
    assert "CC BY 4.0" in basemap().attribution and "Natural Earth" in basemap().attribution
    data = ROOT / "clusterctl" / "data"
    assert (data / "korea-map.json").stat().st_size < 60_000
    licence = (data / "korea-map.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0" in licence and "public domain" in licence
    assert (ROOT / "tools" / "derive_korea_map.py").exists()


def _overlaps(boxes: list[Any]) -> list[tuple[Any, Any]]:
    return [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: " ".join(f) or "all")
def test_no_two_labels_overlap_and_labels_stay_clear_of_the_marks(
    catalog: Any, filters: list[str]
) -> None:
    layout = _layout(catalog, *filters)
    boxes = layout.text_boxes()
    assert _overlaps(boxes) == []
    marks = [site.box for site in layout.sites]
    for label in layout.labels:
        assert label.box.within(layout.panel)
        assert [m for m in marks if label.box.overlaps(m)] == []
        assert all(line.box.within(label.box) for line in label.lines)
    for text in layout.texts:  # the page's own words stay on the page
        assert text.box.x >= 0 and text.box.right <= layout.width
        assert text.box.y >= 0 and text.box.bottom <= layout.height


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: " ".join(f) or "all")
def test_the_map_honours_the_clusters_filters(filters: list[str]) -> None:
    listed = _clusters(*filters)
    root = _svg(*filters)
    drawn = {g.get("data-cluster") for g in root.iter(f"{SVG}g") if g.get("data-cluster")}
    expected = {c["id"] for c in listed if c["country"] == "KR" and c.get("location")}
    assert drawn == expected
    words = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    flat = re.sub(r"\s+", "", words)
    for cluster in listed:  # every cluster is either drawn with a label or listed
        if cluster["id"] not in drawn:
            assert re.sub(r"\s+", "", cluster["name"]) in flat, cluster["id"]
    abroad = [c for c in listed if c["country"] != "KR"]
    pointless = [c for c in listed if c["country"] == "KR" and not c.get("location")]
    assert ("Outside Korea, not drawn" in words) == bool(abroad)
    assert ("No point in the catalog" in words) == bool(pointless)


def test_approximate_points_are_hollow_and_others_filled(catalog: Any) -> None:
    root = _svg()
    fills = {
        g.get("data-cluster"): g.find(f"{SVG}path").get("fill")  # type: ignore[union-attr]
        for g in root.iter(f"{SVG}g")
        if g.get("data-cluster")
    }
    hollow = {c.id for c in catalog.clusters() if approximate(c)}
    assert {"daejeon-technopark", "lg-science-park", "magok-industrial-complex"} <= hollow
    assert "daedeok-innopolis" not in hollow  # its notes speak of a ranking, not its point
    assert {i for i, fill in fills.items() if fill == "#ffffff"} == hollow & set(fills)
    assert any(fill != "#ffffff" for fill in fills.values())


def test_approximate_reads_what_the_notes_say_about_the_point() -> None:
    def cluster(notes: str | None) -> model.Cluster:
        return model.Cluster(id="c", name="C", kind="bio-cluster", country="KR", sources=("s",),
                             location=model.Location(36.0, 127.0), notes=notes)  # fmt: skip

    assert approximate(cluster("Coordinates are the city's point, so they are approximate."))
    assert approximate(cluster("The point is Magok Station, an approximate centre."))
    assert not approximate(cluster("The area is approximately 10 km²."))
    assert not approximate(cluster(None))


def test_svg_is_valid_stable_and_self_contained() -> None:
    first = invoke("clusters", "-o", "svg").stdout
    assert first == invoke("clusters", "-o", "svg").stdout
    root = ET.fromstring(first)
    assert root.tag == f"{SVG}svg"
    assert "<script" not in first and "href" not in first
    assert re.findall(r"url\(([^)]*)\)", first) == ["#clusterctl-map-clip"]
    assert "catalog 2026" in first and "14 Nov 2023 22:13 UTC" in first
    assert "CC BY 4.0" in first


def test_a_catalog_without_points_and_hostile_names_still_draw() -> None:
    result = mini("clusters", "-o", "svg")
    assert result.exit_code == 0, result.stderr
    ET.fromstring(result.stdout)
    hostile = invoke("--no-builtin", "--catalog", str(FIXTURES / "hostile.yaml"),
                     "clusters", "-o", "svg")  # fmt: skip
    assert hostile.exit_code == 0, hostile.stderr
    ET.fromstring(hostile.stdout)
    assert "<script" not in hostile.stdout
    empty = invoke("clusters", "--region", "KR-30", "--country", "US", "-o", "svg")
    assert empty.exit_code == 0
    ET.fromstring(empty.stdout)


def test_the_map_page_lists_what_it_cannot_draw() -> None:
    result = invoke("clusters", "--industry", "biotech", "-o", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.count("<svg") == 1 and '<figure class="map">' in page
    assert not re.search(r"<(script|link|img|iframe|object)\b", page)
    assert "On the map" in page and "Outside Korea, not drawn" in page
    assert "No point in the catalog" in page
    assert "Boston-Cambridge biotech cluster" in page
    assert "From clusterctl, catalog" in page


def test_listings_other_than_clusters_have_no_map() -> None:
    for command in ("regions", "milestones", "policies"):
        for fmt in ("html", "svg"):
            result = invoke(command, "-o", fmt)
            assert result.exit_code == 2, (command, fmt)
            assert "for briefings" in result.stderr


def test_a_profile_locates_a_korean_cluster_on_a_small_map(catalog: Any) -> None:
    page = invoke("show", "daejeon-technopark", "-o", "html").stdout
    assert '<figure class="locator">' in page and page.count("<svg") == 1
    assert "an approximation" in page
    root = ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))  # type: ignore[union-attr]
    markers = [g.get("data-cluster") for g in root.iter(f"{SVG}g") if g.get("data-cluster")]
    assert markers == ["daejeon-technopark"]
    pointless = next(c for c in catalog.clusters() if c.country == "KR" and c.location is None)
    page = invoke("show", pointless.id, "-o", "html").stdout
    assert "No point in the catalog" in page and "data-cluster" not in page
    layout = layout_locator(pointless)
    assert layout is not None
    assert [a.code for a in layout.areas if a.highlighted] == [pointless.region]
    assert '<figure class="locator">' not in invoke("show", "boston", "-o", "html").stdout


def test_the_library_feeds_the_map_the_listing_s_records(catalog: Any) -> None:
    chosen = query.select(catalog, "cluster", query.Filters(regions=("KR-30",)))
    layout = layout_map(chosen, catalog, MapText("", ""))  # type: ignore[arg-type]
    ids = {m.cluster_id for site in layout.sites for m in site.markers}
    assert ids == {c.id for c in chosen if c.location is not None}  # type: ignore[attr-defined]
