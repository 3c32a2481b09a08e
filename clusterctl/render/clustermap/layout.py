"""The cluster map as data: projected areas, markers, labels and text blocks, with their boxes.

Pure: clusters in, positioned shapes out, nothing drawn (``svg.py`` draws). Label placement
lives here so a test can check that no two text boxes overlap and that every point falls in
its province. Korean clusters with a point are drawn where the catalog puts them; clusters
abroad and clusters without a point are listed, never placed by guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import field

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.lazyclass import dataclass
from clusterctl.query import Filters
from clusterctl.render.clustermap.basemap import MapFrame, Point, Ring, basemap
from clusterctl.render.metrics import text_width, wrap
from clusterctl.render.safe import visible
from clusterctl.render.shapes import SWATCH, Box, Text
from clusterctl.render.text import describe_filters, provenance

COUNTRY = "KR"

# Per kind: a colour and a shape, so that the kinds stay apart in black-and-white print.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "special-rd-zone": ("#6a3d9a", "diamond"),
    "research-complex": ("#1b7f5f", "triangle"),
    "innovation-cluster": ("#1f5fa8", "circle"),
    "bio-cluster": ("#d9730d", "triangle-down"),
    "industrial-complex": ("#b8322a", "square"),
    "technology-valley": ("#0f8fb3", "hexagon"),
    "science-belt": ("#8c6d31", "circle"),
    "startup-hub": ("#c2357f", "square"),
    "metropolitan-cluster": ("#555555", "diamond"),
}
DEFAULT_STYLE = ("#555555", "circle")

_APPROXIMATE = re.compile(r"approximat", re.IGNORECASE)
_ABOUT_POINT = re.compile(r"coordinat|\bpoint\b|\bcentre\b|\bcenter\b", re.IGNORECASE)


def style(kind: str) -> tuple[str, str]:
    """The colour and shape of a kind's marker."""
    return KIND_STYLES.get(kind, DEFAULT_STYLE)


def kind_name(kind: str) -> str:
    """``special-rd-zone`` as a reader says it: "Special R&D zone"."""
    words = kind.replace("-rd-", "-R&D-").split("-")
    return " ".join([words[0].capitalize(), *words[1:]])


def approximate(cluster: model.Cluster) -> bool:
    """Whether the catalog says the cluster's point is an approximation (a sentence of its
    notes that speaks of its coordinates or point calls them approximate)."""
    if cluster.location is None or not cluster.notes:
        return False
    sentences = re.split(r"(?<=[.;])\s+", cluster.notes)
    return any(_APPROXIMATE.search(s) and _ABOUT_POINT.search(s) for s in sentences)


# --- shapes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Area:
    """A province or a neighbouring country, projected."""

    code: str
    name: str
    rings: tuple[Ring, ...]
    neighbour: bool = False
    highlighted: bool = False


@dataclass(frozen=True, slots=True)
class Marker:
    """One cluster's mark: a shape of its kind's colour, hollow when its point is approximate.

    ``x, y`` is where the shape is drawn: the site itself, or beside it when several clusters
    share the site's point.
    """

    cluster_id: str
    kind: str
    x: float
    y: float
    size: float
    hollow: bool


@dataclass(frozen=True, slots=True)
class Site:
    """A point of the catalog (lon/lat projected to ``x, y``) and the clusters that share it."""

    x: float
    y: float
    lon: float
    lat: float
    markers: tuple[Marker, ...]
    radius: float  # of the circle the site's markers fit in

    @property
    def box(self) -> Box:
        r = self.radius
        return Box(self.x - r, self.y - r, 2 * r, 2 * r)


@dataclass(frozen=True, slots=True)
class Label:
    """A site's names, in a block placed clear of every other label and mark."""

    site: Site
    lines: tuple[Text, ...]
    box: Box
    leader: tuple[Point, Point] | None


@dataclass(slots=True)
class MapLayout:
    """Everything the map draws, positioned; ``texts`` and ``labels`` never overlap."""

    width: float
    height: float
    panel: Box  # the map's own frame
    areas: list[Area] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    scale_bar: tuple[Point, Point] | None = None
    legend: Box | None = None
    title: str = ""
    placed: dict[str, Point] = field(default_factory=dict)  # cluster id -> its site's point
    projection: MapFrame | None = None
    inset: Box | None = None

    def text_boxes(self) -> list[Box]:
        """Every box that holds text: label blocks and the loose lines."""
        return [label.box for label in self.labels] + [t.box for t in self.texts if t.text]

    def province(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code and not a.neighbour), None)


# --- the map ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MapText:
    """The words around the map, chosen by the caller."""

    title: str
    subtitle: str
    footer: tuple[str, ...] = ()


def _sites(clusters: Sequence[model.Cluster], projection: MapFrame, size: float) -> list[Site]:
    """Clusters at one point, or at points closer than a marker's width (Cheonan's two city
    points 2 km apart), share a site: their markers sit side by side around its centre."""
    groups: list[tuple[Point, list[model.Cluster]]] = []
    for cluster in clusters:
        assert cluster.location is not None
        point = projection(cluster.location.lon, cluster.location.lat)
        for centre, members in groups:
            if math.dist(centre, point) < size * 1.5:
                members.append(cluster)
                break
        else:
            groups.append((point, [cluster]))
    sites = []
    for _, members in groups:
        points = [projection(c.location.lon, c.location.lat) for c in members if c.location]
        x = round(sum(p[0] for p in points) / len(points), 2)
        y = round(sum(p[1] for p in points) / len(points), 2)
        count = len(members)
        spread = 0.0
        if count > 1:
            spread = max(size + 2, (2 * size + 2) / (2 * math.sin(math.pi / count)))
        markers = []
        for index, cluster in enumerate(members):
            angle = -math.pi / 2 + 2 * math.pi * index / count
            markers.append(
                Marker(
                    cluster.id,
                    cluster.kind,
                    round(x + spread * math.cos(angle), 2),
                    round(y + spread * math.sin(angle), 2),
                    size,
                    approximate(cluster),
                )
            )
        first = members[0].location
        assert first is not None
        sites.append(Site(x, y, first.lon, first.lat, tuple(markers), spread + size + 1))
    return sites


_ANGLES = (0, 180, -25, 25, 155, -155, -55, 55, -125, 125, -90, 90)
_DISTANCES = (3, 12, 24, 40, 60, 85, 115, 150, 190, 235)


class _Placer:
    """Greedy label placement: each block takes the first candidate spot (nearest first,
    east and west before north and south) clear of every box and leader placed so far."""

    def __init__(self, bounds: Box, obstacles: Iterable[Box]) -> None:
        self.bounds = bounds
        self.boxes: list[Box] = list(obstacles)
        self.marks: list[Box] = []
        self.leaders: list[tuple[Point, Point]] = []

    def block(
        self, site: Site, width: float, height: float
    ) -> tuple[Box, tuple[Point, Point] | None] | None:
        for distance in _DISTANCES:
            for degrees in _ANGLES:
                angle = math.radians(degrees)
                cos, sin = math.cos(angle), math.sin(angle)
                ax = site.x + (site.radius + distance) * cos
                ay = site.y + (site.radius + distance) * sin
                left = ax if cos > 0.3 else ax - width if cos < -0.3 else ax - width / 2
                top = ay if sin > 0.5 else ay - height if sin < -0.5 else ay - height / 2
                box = Box(round(left, 2), round(top, 2), _up(width), _up(height))
                leader = None
                end = box.nearest((site.x, site.y))
                length = math.dist(end, (site.x, site.y))
                if length - site.radius > 6:  # a gap the eye may not bridge: a leader
                    start = (
                        site.x + (end[0] - site.x) * site.radius / length,
                        site.y + (end[1] - site.y) * site.radius / length,
                    )
                    leader = (start, end)
                if self._clear(site, box, leader):
                    return box, leader
        return None

    def _clear(self, site: Site, box: Box, leader: tuple[Point, Point] | None) -> bool:
        if not box.within(self.bounds):
            return False
        if any(box.overlaps(other, 3) for other in self.boxes):
            return False
        if any(box.overlaps(mark, 2) for mark in self.marks):
            return False
        if leader is None:
            return True
        if any(other.crossed_by(*leader) for other in self.boxes):
            return False
        if any(m.crossed_by(*leader) for m in self.marks if m != site.box):
            return False
        return not any(_segments_cross(leader, other) for other in self.leaders)

    def take(self, box: Box, leader: tuple[Point, Point] | None) -> None:
        self.boxes.append(box)
        if leader is not None:
            self.leaders.append(leader)


def _segments_cross(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(b[0], b[1], a[0]), side(b[0], b[1], a[1])
    d3, d4 = side(a[0], a[1], b[0]), side(a[0], a[1], b[1])
    return d1 * d2 < 0 and d3 * d4 < 0


LABEL_SIZE = 11.5
LINE = 14.0


LABEL_WIDTH = 215.0  # a longer name wraps


def _label_text(site: Site, names: dict[str, str]) -> list[tuple[str, Marker | None]]:
    """The lines of a site's label: each name wrapped, its marker's swatch on its first line."""
    lines: list[tuple[str, Marker | None]] = []
    shared = len(site.markers) > 1  # a lone marker needs no swatch to say which it is
    for marker in site.markers:
        for index, part in enumerate(wrap(names[marker.cluster_id], LABEL_SIZE, LABEL_WIDTH)):
            lines.append((part, marker if index == 0 and shared else None))
    return lines


def _indent(lines: list[tuple[str, Marker | None]]) -> float:
    return SWATCH if any(marker for _, marker in lines) else 0.0


def _label_lines(lines: list[tuple[str, Marker | None]], box: Box, site: Site) -> tuple[Text, ...]:
    """The label's lines set in its box: flush left, or flush right (swatches after the
    text) when the box lies to the left of its point, so that the names meet the marks."""
    right = box.right <= site.x - site.radius + 0.5
    indent = _indent(lines)
    return tuple(
        Text(
            text,
            box.right - indent if right else box.x + indent,
            round(box.y + LINE * index + LABEL_SIZE * 0.95, 2),
            LABEL_SIZE,
            anchor="end" if right else "start",
            role="label",
            swatch=marker.kind if marker else None,
            hollow=marker.hollow if marker else False,
        )
        for index, (text, marker) in enumerate(lines)
    )


def _place_labels(
    layout: MapLayout, names: dict[str, str], fixed: list[Box], keyed: list[Site]
) -> None:
    placer = _Placer(
        Box(
            layout.panel.x + 4, layout.panel.y + 4, layout.panel.width - 8, layout.panel.height - 8
        ),
        fixed,
    )
    placer.marks = [site.box for site in layout.sites]

    def crowding(site: Site) -> tuple[int, float, float]:
        near = sum(1 for s in layout.sites if math.dist((s.x, s.y), (site.x, site.y)) < 90)
        return (-near, site.y, site.x)

    for site in sorted(layout.sites, key=crowding):
        lines = _label_text(site, names)
        width = _indent(lines) + max(text_width(text, LABEL_SIZE) for text, _ in lines)
        height = LINE * len(lines)
        spot = placer.block(site, width, height)
        if spot is None:
            keyed.append(site)
            continue
        box, leader = spot
        placer.take(box, leader)
        layout.labels.append(Label(site, _label_lines(lines, box, site), box, leader))
    # Sites whose names found no room get a number by their marks and a line in the key.
    for number, site in enumerate(keyed, 1):
        text = str(number)
        width, height = text_width(text, LABEL_SIZE, bold=True), LINE
        spot = placer.block(site, width, height)
        if spot is None:  # cannot happen while the map has room at its edges; fail loudly
            print("NO ROOM", site.markers[0].cluster_id)
            continue
        box, leader = spot
        placer.take(box, leader)
        line = Text(text, box.x, round(box.y + LABEL_SIZE * 0.95, 2), LABEL_SIZE, bold=True,
                    role="label")  # fmt: skip
        layout.labels.append(Label(site, (line,), box, leader))


LEGEND_SIZE = 11.0


def _legend(
    projection: MapFrame, panel: Box, kinds: list[str], hollow: bool, shared: bool
) -> tuple[Box, list[Text], tuple[Point, Point]]:
    """The legend, in a box in the Yellow Sea corner of the map: a swatch per kind drawn,
    what hollow means, what the points are, and a 100 km scale bar (at 36° N)."""
    left, width = panel.x + 10, 0.0
    entries: list[tuple[str, str | None, bool, bool]] = [("Legend", None, False, True)]
    entries += [(kind_name(kind), kind, False, False) for kind in kinds]
    if hollow:
        entries.append(("Hollow: an approximate point", kinds[0], True, False))
    notes = ["Points are the catalog's, often a city's;", "each stands for a cluster,",
             "not its extent."]  # fmt: skip
    if shared:
        notes = ["Clusters at one point sit around it.", *notes]
    entries += [(note, None, False, False) for note in notes]
    texts: list[Text] = []
    y = 0.0
    for text, swatch, empty, bold in entries:
        y += 15 if texts else 12 + LEGEND_SIZE
        x = left + 10 + (SWATCH if swatch else 0)
        role = "heading" if bold else ("note" if swatch is None else "text")
        texts.append(Text(text, x, y, LEGEND_SIZE, bold, role=role, swatch=swatch, hollow=empty))
        width = max(width, texts[-1].box.right - left + 10)
    km_per_degree = 111.32 * math.cos(math.radians(36))
    length = round(100 / km_per_degree * projection.scale, 2)
    y += 20
    bar_y = y
    texts.append(Text("100 km", left + 10 + length + 6, y + 3.5, 10, role="note"))
    width = max(width, texts[-1].box.right - left + 10)
    height = y + 10
    top = panel.bottom - 10 - height
    texts = [Text(t.text, t.x, round(t.y + top, 2), t.size, t.bold, t.anchor, t.role, t.swatch,
                  t.hollow) for t in texts]  # fmt: skip
    bar = (
        (left + 10, round(top + bar_y, 2)),
        (round(left + 10 + length, 2), round(top + bar_y, 2)),
    )
    return Box(left, round(top, 2), _up(width), _up(height)), texts, bar


def layout_map(
    clusters: Sequence[model.Cluster],
    catalog: Catalog,
    words: MapText,
    *,
    lists: bool = True,
    width: float = 1200,
) -> MapLayout:
    """The map of ``clusters``: Korean ones with a point drawn, the rest listed.

    With ``lists`` false the clusters abroad and those without a point are left to the page
    around the map (the HTML briefing lists them in tables).
    """
    margin = 32.0
    texts: list[Text] = []
    y = margin - 8
    if words.title:
        y += 30
        texts.append(Text(words.title, margin, y, 24, bold=True, role="title"))
        y += 8
    for line in wrap(words.subtitle, 13, width - 2 * margin) if words.subtitle else ():
        y += 18
        texts.append(Text(line, margin, y, 13, role="subtitle"))
    top = y + 18 if texts else margin / 2
    side = 330.0 if lists else 0.0
    panel_width = width - 2 * margin - (side + 24 if lists else 0)
    projection = MapFrame.fit(margin, top, panel_width)
    panel = Box(margin, top, panel_width, round(projection.height, 2))
    layout = MapLayout(width, 0, panel, title=words.title, projection=projection,
                       inset=Box(*projection.inset_box))  # fmt: skip
    layout.areas = _areas(projection, None)

    korean = [c for c in clusters if c.country == COUNTRY]
    drawn = [c for c in korean if c.location is not None]
    abroad = [c for c in clusters if c.country != COUNTRY]
    pointless = [c for c in korean if c.location is None]
    layout.sites = _sites(drawn, projection, 5.5)
    for cluster in drawn:
        assert cluster.location is not None
        layout.placed[cluster.id] = projection(cluster.location.lon, cluster.location.lat)

    # Fixed words on the map: neighbours' and seas' names, the legend with its scale bar.
    fixed: list[Text] = []
    for name, lon, lat in (("NORTH KOREA", 125.9, 38.5), ("JAPAN", 129.95, 33.35),
                           ("Yellow Sea", 125.0, 35.75), ("East Sea", 129.95, 36.6)):  # fmt: skip
        x, yy = projection(lon, lat)
        fixed.append(Text(name, x, yy, 10.5, anchor="middle", role="place"))
    inset = projection.inset_box
    for name, lon, lat, anchor, dx in (("Ulleungdo", 130.93, 37.49, "start", 5),
                                       ("Dokdo", 131.865, 37.243, "end", -6)):  # fmt: skip
        x, yy = projection(lon, lat)
        fixed.append(Text(name, x + dx, yy + 3.5, 9.5, anchor=anchor, role="place"))
    kinds = list(dict.fromkeys(c.kind for c in drawn))
    shared = any(len(s.markers) > 1 for s in layout.sites)
    hollow = any(approximate(c) for c in drawn)
    layout.legend, legend_texts, layout.scale_bar = _legend(projection, panel, kinds, hollow,
                                                            shared)  # fmt: skip
    fixed += legend_texts
    layout.texts += fixed
    keyed: list[Site] = []
    obstacles = [t.box for t in fixed] + [Box(*inset), layout.legend]
    _place_labels(layout, {c.id: visible(c.name) for c in drawn}, obstacles, keyed)

    # Beside the map (with lists): the clusters it does not draw.
    x = panel.right + 24
    column = Column(x, top - 13, side or panel.width, panel.bottom, (margin, width - 2 * margin))
    if keyed:
        column.heading("Key to numbered points")
        for number, site in enumerate(keyed, 1):
            names = "; ".join(
                visible(c.name) for c in drawn if c.id in {m.cluster_id for m in site.markers}
            )
            column.wrapped(f"{number}. {names}")
    if not lists:
        column.x, column.limit = margin, panel.bottom  # a key, if any, goes below the map
    else:
        if abroad:
            if column.entries:
                column.gap()
            column.heading(f"Outside Korea, not drawn ({len(abroad)})")
            for cluster in abroad:
                region = catalog.by_id.get(cluster.region or "")
                where = region.label if region is not None else cluster.country
                column.wrapped(visible(f"{cluster.name} ({where}, {cluster.country})"))
        if pointless:
            if column.entries:
                column.gap()
            column.heading(f"No point in the catalog ({len(pointless)})")
            column.wrapped("Listed by province, never placed by guess.", role="note")
            for region_id, members in _by_region(pointless, catalog):
                region = catalog.by_id.get(region_id)
                name = region.label if region is not None else region_id or "No region"
                column.begin()
                column.wrapped(visible(f"{name} ({len(members)})"), bold=True)
                column.wrapped(visible(" · ".join(c.name for c in members)))
    texts_bottom = max(panel.bottom, column.flow())
    layout.texts += column.texts
    y = texts_bottom + 12
    for line in words.footer:
        for part in wrap(line, 10, width - 2 * margin):
            y += 14
            layout.texts.append(Text(part, margin, y, 10, role="note"))
    layout.height = round(y + margin - 8, 2)
    layout.texts[0:0] = texts
    return layout


def _areas(projection: MapFrame, highlighted: str | None) -> list[Area]:
    """The base map projected: neighbours first (drawn underneath), then the provinces."""
    base = basemap()
    areas = [
        Area(a.code, a.name, tuple(projection.ring(r) for r in a.rings), neighbour=True)
        for a in base.neighbours
    ]
    for area in base.provinces:
        rings = tuple(projection.ring(r) for r in area.rings)
        areas.append(Area(area.code, area.name, rings, highlighted=area.code == highlighted))
    return areas


def _by_region(
    clusters: Sequence[model.Cluster], catalog: Catalog
) -> list[tuple[str, list[model.Cluster]]]:
    groups: dict[str, list[model.Cluster]] = {}
    for cluster in clusters:
        groups.setdefault(cluster.region or "", []).append(cluster)
    order = sorted(
        groups, key=lambda r: (r == "", catalog.by_id[r].label if r in catalog.by_id else r)
    )
    return [(r, groups[r]) for r in order]


@dataclass(frozen=True, slots=True)
class _Entry:
    """One line of the side lists before it is placed: its text and the room above it."""

    text: str
    size: float = 11.5
    bold: bool = False
    role: str = "text"
    swatch: str | None = None
    hollow: bool = False
    indent: float = 0.0
    above: float = 15.0  # baseline to the previous line's baseline
    keep_with_next: bool = False
    group: int = 0  # lines of one group stay in one column


class Column:
    """The lists beside the map: lines gathered first, then flowed down the side of the map
    and, when they run past its foot, on in balanced columns below it (as wide as the side
    or narrower, so every line is wrapped to fit both)."""

    SIZE = 11.5
    GUTTER = 24.0

    def __init__(
        self, x: float, top: float, width: float, bottom: float, below: tuple[float, float]
    ) -> None:
        self.x, self.top, self.limit = x, top, bottom
        self.below_left, below_width = below
        self.count = max(1, int((below_width + self.GUTTER) // (width * 0.72 + self.GUTTER)))
        self.step = (below_width + self.GUTTER) / self.count
        self.width = min(width, self.step - self.GUTTER)
        self.entries: list[_Entry] = []
        self.texts: list[Text] = []
        self.bottom = top
        self.group = 0

    def begin(self) -> None:
        """Start a group of lines that must not be split between columns."""
        self.group += 1

    def line(
        self, text: str, *, swatch: str | None = None, hollow: bool = False, bold: bool = False,
        role: str = "text", indent: float = 0,
    ) -> None:  # fmt: skip
        self.entries.append(
            _Entry(text, self.SIZE, bold, role, swatch, hollow, indent, group=self.group)
        )

    def wrapped(
        self, text: str, *, bold: bool = False, role: str = "text", indent: float = 0
    ) -> None:
        for part in wrap(text, self.SIZE, self.width - indent, bold):
            self.entries.append(_Entry(part, self.SIZE, bold, role, indent=indent,
                                       keep_with_next=bold, group=self.group))  # fmt: skip

    def heading(self, text: str) -> None:
        for part in wrap(text, 13, self.width, bold=True):
            self.entries.append(_Entry(part, 13, True, "heading", above=19, keep_with_next=True,
                                       group=self.group))  # fmt: skip

    def gap(self) -> None:
        self.entries.append(_Entry("", above=8))

    def flow(self) -> float:
        """Place the lines; return the bottom of the lowest."""
        entries = self.entries
        y, index = self.top, 0
        while index < len(entries):
            entry = entries[index]
            need = entry.above
            if entry.keep_with_next and index + 1 < len(entries):
                need += entries[index + 1].above
            if y + need > self.limit:
                break
            y += entry.above
            self._place(entry, self.x, y)
            index += 1
        if 0 < index < len(entries) and entries[index].group:
            start = index  # the group that ran out of room moves whole to the columns below
            while start > 0 and entries[start - 1].group == entries[index].group:
                start -= 1
            if start > 0:
                moved = sum(1 for e in entries[start:index] if e.text)
                del self.texts[len(self.texts) - moved :]
                self.bottom = max([self.top, *(t.box.bottom for t in self.texts)])
                index = start
        rest = list(entries[index:])
        while rest and not rest[0].text:
            rest.pop(0)
        if not rest:
            return self.bottom
        target = sum(e.above for e in rest) / self.count
        top = max(self.limit, self.bottom) + 12
        column, y = 0, top
        previous = rest[0].group
        for entry in rest:
            if not entry.text:
                if y > top:
                    y += entry.above
                continue
            starts_group = entry.group != previous
            previous = entry.group
            if y - top > target and column < self.count - 1 and starts_group:
                column, y = column + 1, top
            y += entry.above
            self._place(entry, self.below_left + column * self.step, y)
        return self.bottom

    def _place(self, entry: _Entry, x: float, y: float) -> None:
        if not entry.text:
            return
        start = x + entry.indent + (SWATCH if entry.swatch else 0)
        text = Text(entry.text, start, round(y, 2), entry.size, entry.bold, role=entry.role,
                    swatch=entry.swatch, hollow=entry.hollow)  # fmt: skip
        self.texts.append(text)
        self.bottom = max(self.bottom, text.box.bottom)


def layout_locator(cluster: model.Cluster, size: float = 300) -> MapLayout | None:
    """A small map locating one Korean cluster: its province shaded, its point (if the catalog
    gives one) marked; no words. None for a cluster abroad."""
    if cluster.country != COUNTRY:
        return None
    projection = MapFrame.fit(1, 1, size - 2)
    panel = Box(1, 1, size - 2, round(projection.height, 2))
    layout = MapLayout(size, round(panel.bottom + 1, 2), panel, title=visible(cluster.name),
                       projection=projection, inset=Box(*projection.inset_box))  # fmt: skip
    layout.areas = _areas(projection, cluster.region)
    if cluster.location is not None:
        layout.sites = _sites([cluster], projection, 5.0)
        layout.placed[cluster.id] = (layout.sites[0].x, layout.sites[0].y)
    return layout


def map_words(
    clusters: Sequence[model.Cluster], catalog: Catalog, filters: Filters | None
) -> MapText:
    """Title, subtitle (what is drawn, what is listed, the filters) and footer (which catalog,
    when, and whose boundaries)."""
    korean = [c for c in clusters if c.country == COUNTRY]
    drawn = sum(1 for c in korean if c.location is not None)
    abroad = len(clusters) - len(korean)
    parts = [f"{drawn} of {len(korean)} Korean {_plural(len(korean), 'cluster')} drawn at the "
             "point the catalog gives"]  # fmt: skip
    listed = []
    if len(korean) - drawn:
        listed.append(f"{len(korean) - drawn} with no point in the catalog")
    if abroad:
        listed.append(f"{abroad} outside Korea")
    subtitle = parts[0] + (f"; listed: {' and '.join(listed)}" if listed else "") + "."
    described = describe_filters(filters, catalog)
    if described:
        subtitle += f" Filters: {described}."
    footer = (
        f"Source: clusterctl, {provenance(catalog)}.",
        f"Map: {basemap().attribution} Mercator projection.",
    )
    return MapText("Korean innovation clusters", visible(subtitle), footer)


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _up(value: float) -> float:
    """Rounded up to hundredths: a box never ends short of what it holds."""
    return math.ceil(value * 100) / 100
