"""The base map: South Korea's provinces and its neighbours' coasts, and how to project them.

The geometry ships in ``clusterctl/data/korea-map.json`` (derived by
``tools/derive_korea_map.py``; ``korea-map.md`` beside it gives its sources and licences).
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

from clusterctl.lazyclass import dataclass

Point = tuple[float, float]
Ring = tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Area:
    """A province (its ISO 3166-2 code) or a neighbouring country, as lon/lat rings.

    Rings combine by the even-odd rule: a ring inside another is a hole (South Jeolla's
    ring around Gwangju).
    """

    code: str
    name: str
    rings: tuple[Ring, ...]


@dataclass(frozen=True, slots=True)
class Basemap:
    provinces: tuple[Area, ...]
    neighbours: tuple[Area, ...]
    attribution: str


def _decode(encoded: list[int]) -> Ring:
    points = []
    lon = lat = 0
    for index in range(0, len(encoded), 2):
        lon += encoded[index]
        lat += encoded[index + 1]
        points.append((lon / 1000, lat / 1000))
    return tuple(points)


@cache
def basemap() -> Basemap:
    """The shipped base map (read once)."""
    text = resources.files("clusterctl").joinpath("data/korea-map.json").read_text("utf-8")
    document = json.loads(text)

    def areas(key: str) -> tuple[Area, ...]:
        return tuple(
            Area(item["code"], item["name"], tuple(_decode(r) for r in item["rings"]))
            for item in document[key]
        )

    return Basemap(areas("provinces"), areas("neighbours"), document["attribution"])


def mercator(lat: float) -> float:
    """Web-free, spherical Mercator northing of a latitude, in degrees of longitude."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


@dataclass(frozen=True, slots=True)
class Projection:
    """Mercator, scaled so that the lon/lat box ``frame`` fills a ``width`` x ``height`` box
    at ``(left, top)`` (centred along the axis with room to spare)."""

    west: float
    north: float
    scale: float
    left: float
    top: float

    @classmethod
    def fit(
        cls, frame: tuple[float, float, float, float], left: float, top: float,
        width: float, height: float,
    ) -> Projection:  # fmt: skip
        west, south, east, north = frame
        span_x, span_y = east - west, mercator(north) - mercator(south)
        scale = min(width / span_x, height / span_y)
        return cls(
            west,
            north,
            scale,
            left + (width - span_x * scale) / 2,
            top + (height - span_y * scale) / 2,
        )

    def __call__(self, lon: float, lat: float) -> Point:
        x = self.left + (lon - self.west) * self.scale
        y = self.top + (mercator(self.north) - mercator(lat)) * self.scale
        return round(x, 2), round(y, 2)

    def ring(self, ring: Ring) -> Ring:
        return tuple(self(lon, lat) for lon, lat in ring)


def contains(rings: tuple[Ring, ...], point: Point) -> bool:
    """Whether ``point`` lies inside ``rings`` by the even-odd rule (any plane coordinates)."""
    x, y = point
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


# What the maps show: the mainland and the islands west and south, with sea for labels; and
# Ulleungdo and Dokdo, far out in the East Sea, in an inset at the same scale (the way Korean
# maps show them), which keeps the main frame tight around the mainland.
FRAME = (124.5, 33.0, 130.3, 38.72)
INSET = (130.72, 37.17, 131.95, 37.6)


def _in_inset(lon: float, lat: float) -> bool:
    return INSET[0] <= lon <= INSET[2] and INSET[1] <= lat <= INSET[3]


@dataclass(frozen=True, slots=True)
class MapFrame:
    """The main projection and the inset's: a point goes through the one whose box holds it."""

    main: Projection
    inset: Projection
    inset_box: tuple[float, float, float, float]  # x, y, width, height in user units

    @classmethod
    def fit(cls, left: float, top: float, width: float) -> MapFrame:
        """A frame ``width`` wide at ``(left, top)``; its height follows (``height``)."""
        west, _south, east, north = FRAME
        scale = width / (east - west)
        main = Projection(west, north, scale, left, top)
        inset_width = (INSET[2] - INSET[0]) * scale
        inset_height = (mercator(INSET[3]) - mercator(INSET[1])) * scale
        box = (left + width - inset_width - 10, top + 10, inset_width, inset_height)
        inset = Projection(INSET[0], INSET[3], scale, box[0], box[1])
        return cls(main, inset, tuple(round(v, 2) for v in box))  # type: ignore[arg-type]

    @property
    def height(self) -> float:
        return (mercator(FRAME[3]) - mercator(FRAME[1])) * self.main.scale

    @property
    def scale(self) -> float:
        return self.main.scale

    def __call__(self, lon: float, lat: float) -> Point:
        return (self.inset if _in_inset(lon, lat) else self.main)(lon, lat)

    def ring(self, ring: Ring) -> Ring:
        lon, lat = ring[0]
        return (self.inset if _in_inset(lon, lat) else self.main).ring(ring)
