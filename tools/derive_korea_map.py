"""Derive clusterctl/data/korea-map.json: South Korea's provinces and its neighbours' coasts.

Run by hand (never at run time), from the repository root, with node's ``npm`` on the PATH:

    python tools/derive_korea_map.py

It fetches two packages from the npm registry with ``npm pack`` (or reads them unpacked:
``--svg-maps DIR --world-atlas DIR``) and writes a small file of lon/lat rings:

- Provinces: ``@svg-maps/south-korea`` 2.0.0 (CC BY 4.0, after MapSVG). The package is an SVG
  drawing with no coordinates, so it is georeferenced here: its outline is fitted to Natural
  Earth's coast of South Korea (an iterated nearest-point least-squares fit of a Mercator
  scale and offset; the script prints the fit's residuals, about 1 km).
- Islands the drawing leaves out (Dokdo, Baengnyeong and Yeonpyeong among them) are taken from
  Natural Earth and given to the nearest province.
- Neighbours (North Korea, China, Japan): Natural Earth 1:10m countries (public domain) from
  ``world-atlas`` 2.0.2, clipped to the map's frame.

Rings are simplified (Douglas-Peucker, in kilometres), small islands dropped, and stored as
integer thousandths of a degree, delta-encoded. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "clusterctl" / "data" / "korea-map.json"
PACKAGES = {"svg-maps": "@svg-maps/south-korea@2.0.0", "world-atlas": "world-atlas@2.0.2"}

# svg-maps ids to ISO 3166-2:KR codes (the catalog's region ids).
CODES = {
    "seoul": "KR-11", "busan": "KR-26", "daegu": "KR-27", "incheon": "KR-28",
    "gwangju": "KR-29", "daejeon": "KR-30", "ulsan": "KR-31", "gyeonggi": "KR-41",
    "gangwon": "KR-42", "north-chungcheong": "KR-43", "south-chungcheong": "KR-44",
    "north-jeolla": "KR-45", "south-jeolla": "KR-46", "north-gyeongsang": "KR-47",
    "south-gyeongsang": "KR-48", "jeju": "KR-49", "sejong": "KR-50",
}  # fmt: skip
NEIGHBOURS = {"408": ("KP", "North Korea"), "156": ("CN", "China"), "392": ("JP", "Japan")}
SOUTH_KOREA = "410"
FRAME = (123.0, 32.0, 133.5, 40.0)  # lon/lat box the neighbours are clipped to
PROVINCE_TOLERANCE_KM = 0.5
NEIGHBOUR_TOLERANCE_KM = 1.5
MIN_ISLAND_KM2 = 2.5
MIN_NEIGHBOUR_ISLAND_KM2 = 40.0
KM_PER_DEGREE = 111.32

Point = tuple[float, float]
Ring = list[Point]


# --- inputs -----------------------------------------------------------------------------------


def fetch(name: str, spec: str, into: Path) -> Path:
    """``npm pack`` a package into ``into`` and unpack it; return its folder."""
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=into, check=True, capture_output=True)
    [tarball] = into.glob(f"*{spec.rsplit('/', maxsplit=1)[-1].split('@', maxsplit=1)[0]}*.tgz")
    folder = into / name
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def svg_provinces(folder: Path) -> dict[str, tuple[str, list[Ring]]]:
    """Rings in SVG units by svg-maps id. The paths use only relative ``m`` and ``z``."""
    source = (folder / "index.js").read_text(encoding="utf-8")
    document = json.loads(source[source.index("{") :].rstrip().rstrip(";"))
    provinces = {}
    for location in document["locations"]:
        tokens = re.findall(r"[a-zA-Z]|-?\d*\.?\d+(?:e-?\d+)?", location["path"])
        rings: list[Ring] = []
        ring: Ring | None = None
        x = y = start_x = start_y = 0.0
        command = ""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.isalpha():
                if token not in "mMzZ":
                    raise SystemExit(f"unexpected path command {token!r}")
                if token in "zZ":
                    if ring:
                        rings.append(ring)
                    ring = None
                    x, y = start_x, start_y
                command = token
                index += 1
                continue
            dx, dy = float(tokens[index]), float(tokens[index + 1])
            index += 2
            if command == "m":  # a moveto; the pairs after it are relative linetos
                if ring:
                    rings.append(ring)
                x, y = x + dx, y + dy
                start_x, start_y = x, y
                ring = [(x, y)]
                command = "l"
            elif command == "l":
                x, y = x + dx, y + dy
                assert ring is not None
                ring.append((x, y))
            else:
                raise SystemExit(f"coordinates after {command!r}")
        if ring:
            rings.append(ring)
        provinces[location["id"]] = (location["name"], rings)
    return provinces


def topo_countries(folder: Path, ids: set[str]) -> dict[str, list[list[Ring]]]:
    """Polygons (outer ring first) of the given countries from world-atlas's 1:10m TopoJSON."""
    topology = json.loads((folder / "countries-10m.json").read_text(encoding="utf-8"))
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indices: list[int]) -> Ring:
        points: Ring = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc if not points else arc[1:])
        return points[:-1] if points and points[0] == points[-1] else points

    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in ids:
            polygons = (
                geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            )
            found[geometry["id"]] = [[ring(r) for r in polygon] for polygon in polygons]
    return found


# --- geometry ---------------------------------------------------------------------------------


def mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def inverse_mercator(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def km(a: Point, b: Point) -> float:
    """Distance in km between two lon/lat points (equirectangular: fine at this scale)."""
    k = math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * KM_PER_DEGREE


def area_km2(ring: Ring) -> float:
    if len(ring) < 3:
        return 0.0
    k = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    total = sum(
        x1 * k * y2 - x2 * k * y1
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    return abs(total) / 2 * KM_PER_DEGREE**2


def inside(point: Point, ring: Ring) -> bool:
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def _segment_km(p: Point, a: Point, b: Point) -> float:
    k = math.cos(math.radians(p[1]))
    px, py, ax, ay, bx, by = p[0] * k, p[1], a[0] * k, a[1], b[0] * k, b[1]
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy) * KM_PER_DEGREE


def _douglas_peucker(points: Ring, tolerance: float) -> Ring:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _segment_km(points[i], points[first], points[last])
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify(ring: Ring, tolerance: float) -> Ring:
    """A closed ring simplified, split at its first point and the point farthest from it."""
    if len(ring) < 5:
        return ring
    far = max(range(len(ring)), key=lambda i: km(ring[0], ring[i]))
    first = _douglas_peucker(ring[: far + 1], tolerance)
    second = _douglas_peucker([*ring[far:], ring[0]], tolerance)
    return first[:-1] + second[:-1]


def clip(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman: the part of a ring inside a lon/lat box."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    for keep, cross in edges:
        if not ring:
            break
        out: Ring = []
        for a, b in zip([ring[-1], *ring[:-1]], ring, strict=True):
            if keep(b):
                if not keep(a):
                    out.append(cross(a, b))
                out.append(b)
            elif keep(a):
                out.append(cross(a, b))
        ring = out
    return ring


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


# --- georeferencing ---------------------------------------------------------------------------


class Coast:
    """Natural Earth's coast of South Korea, densified and bucketed for nearest-point look-ups."""

    CELL = 0.05

    def __init__(self, polygons: list[list[Ring]]) -> None:
        self.buckets: dict[tuple[int, int], list[Point]] = {}
        for polygon in polygons:
            for ring in polygon:
                for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                    steps = max(1, int(km(a, b) / 0.3))
                    for s in range(steps):
                        p = (a[0] + (b[0] - a[0]) * s / steps, a[1] + (b[1] - a[1]) * s / steps)
                        self.buckets.setdefault(self._cell(p), []).append(p)

    def _cell(self, p: Point) -> tuple[int, int]:
        return int(p[0] // self.CELL), int(p[1] // self.CELL)

    def nearest(self, p: Point) -> tuple[Point | None, float]:
        cx, cy = self._cell(p)
        best, distance = None, math.inf
        for i in range(cx - 2, cx + 3):
            for j in range(cy - 2, cy + 3):
                for q in self.buckets.get((i, j), ()):
                    d = km(p, q)
                    if d < distance:
                        best, distance = q, d
        return best, distance


def _line(u: list[float], v: list[float]) -> tuple[float, float]:
    """Least squares v = s*u + o."""
    mu, mv = sum(u) / len(u), sum(v) / len(v)
    s = sum((a - mu) * (b - mv) for a, b in zip(u, v, strict=True)) / sum((a - mu) ** 2 for a in u)
    return s, mv - s * mu


def georeference(
    mainland: list[Point], svg: list[Point], coast: Coast
) -> tuple[float, float, float, float]:
    """Fit lon = a*x + b, mercator(lat) = c*y + d to the coast (SVG y grows southwards).

    The start matches the extent of the drawing's mainland to Natural Earth's (126.129 to
    129.589 E, 34.292 to 38.625 N); each round then matches every SVG point to its nearest
    coast point and keeps the pairs closer than a shrinking threshold (points on inland
    borders find none).
    """
    xs, ys = [p[0] for p in mainland], [p[1] for p in mainland]
    a, b = _line([min(xs), max(xs)], [126.129, 129.589])
    c, d = _line([min(ys), max(ys)], [mercator(38.625), mercator(34.292)])
    for threshold in (20, 12, 8, 5, 4, 3, 3, 3, 3, 3, 3, 3):
        pairs = []
        for x, y in svg:
            near, distance = coast.nearest((a * x + b, inverse_mercator(c * y + d)))
            if near is not None and distance < threshold:
                pairs.append((x, y, near[0], mercator(near[1])))
        a, b = _line([p[0] for p in pairs], [p[2] for p in pairs])
        c, d = _line([p[1] for p in pairs], [p[3] for p in pairs])
    residuals = sorted(coast.nearest((a * x + b, inverse_mercator(c * y + d)))[1] for x, y in svg)
    matched = [r for r in residuals if r < 3]
    rms = math.sqrt(sum(r * r for r in matched) / len(matched))
    print(
        f"georeferenced: {len(matched)} of {len(svg)} outline points within 3 km of Natural "
        f"Earth's coast; RMS {rms:.2f} km, median {matched[len(matched) // 2]:.2f} km"
    )
    print(f"lon = {a:.8f} x + {b:.6f}; mercator(lat) = {c:.10f} y + {d:.8f}")
    return a, b, c, d


# --- output -----------------------------------------------------------------------------------


def encode(ring: Ring) -> list[int]:
    """Thousandths of a degree, the first pair absolute and the rest as differences."""
    out: list[int] = []
    last = (0, 0)
    for lon, lat in ring:
        point = (round(lon * 1000), round(lat * 1000))
        if point == last and out:
            continue
        out += [point[0] - last[0], point[1] - last[1]]
        last = point
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--svg-maps", type=Path, help="unpacked @svg-maps/south-korea folder")
    parser.add_argument("--world-atlas", type=Path, help="unpacked world-atlas folder")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        svg_folder = args.svg_maps or fetch("svg-maps", PACKAGES["svg-maps"], Path(tmp))
        atlas_folder = args.world_atlas or fetch("world-atlas", PACKAGES["world-atlas"], Path(tmp))
        drawing = svg_provinces(svg_folder)
        countries = topo_countries(atlas_folder, {SOUTH_KOREA, *NEIGHBOURS})

    coast = Coast(countries[SOUTH_KOREA])
    outline = [p for _, rings in drawing.values() for ring in rings for p in ring]
    largest = [max(rings, key=len) for key, (_, rings) in drawing.items() if key != "jeju"]
    a, b, c, d = georeference([p for ring in largest for p in ring], outline, coast)
    provinces: dict[str, list[Ring]] = {}
    for svg_id, (_, rings) in drawing.items():
        provinces[CODES[svg_id]] = [
            [(a * x + b, inverse_mercator(c * y + d)) for x, y in ring] for ring in rings
        ]

    # Natural Earth islands the drawing leaves out go to the nearest province.
    every = [(code, ring) for code, rings in provinces.items() for ring in rings]
    added: list[Ring] = []  # kept whatever their size: Dokdo is a few hectares
    for polygon in countries[SOUTH_KOREA]:
        island = polygon[0]
        centre = (sum(p[0] for p in island) / len(island), sum(p[1] for p in island) / len(island))
        hits = sum(inside(centre, ring) for _, ring in every)
        if hits % 2 == 1 or area_km2(island) > 10_000:
            continue
        gap, code = min(
            (min(km(p, q) for p in island for q in ring[:: max(1, len(ring) // 200)]), code)
            for code, ring in every
        )
        if gap < 1.0:  # drawn already, a little off
            continue
        if centre[0] < 126.0 and centre[1] > 37.0:  # Baengnyeong, Daecheong, Yeonpyeong:
            code = "KR-28"  # Ongjin county, Incheon (nearer to Gyeonggi's islands)
        print(f"added island at {centre[0]:.3f} E {centre[1]:.3f} N "
              f"({area_km2(island):.2f} km²) to {code}, {gap:.0f} km from it")  # fmt: skip
        provinces[code].append(island)
        added.append(island)

    names = {CODES[k]: name for k, (name, _) in drawing.items()}
    vertices = 0
    document: dict[str, object] = {
        "about": "South Korea's provinces and its neighbours' coasts in thousandths of a "
        "degree (WGS 84 lon/lat), each ring's first point absolute and the rest as "
        "differences. Derived by tools/derive_korea_map.py; korea-map.md gives the sources, "
        "their licences and what was changed.",
        "attribution": "Provinces: MapSVG via @svg-maps/south-korea (CC BY 4.0), "
        "georeferenced and simplified. Coasts and borders: Natural Earth (public domain).",
        "provinces": [],
        "neighbours": [],
    }
    for code in sorted(provinces):
        rings = []
        for ring in provinces[code]:
            # A ring around another province (South Jeolla's around Gwangju) is a hole: keep
            # it whatever its size.
            hole = any(inside(r[0], ring) for c2, rs in provinces.items() if c2 != code for r in rs)
            if area_km2(ring) < MIN_ISLAND_KM2 and not hole and ring not in added:
                continue
            rings.append(encode(simplify(ring, PROVINCE_TOLERANCE_KM)))
        vertices += sum(len(r) // 2 for r in rings)
        document["provinces"].append({"code": code, "name": names[code], "rings": rings})  # type: ignore[attr-defined]
    for topo_id, (code, name) in NEIGHBOURS.items():
        rings = []
        for polygon in countries[topo_id]:
            ring = clip(polygon[0], FRAME)
            if area_km2(ring) < MIN_NEIGHBOUR_ISLAND_KM2:
                continue
            rings.append(encode(simplify(ring, NEIGHBOUR_TOLERANCE_KM)))
        vertices += sum(len(r) // 2 for r in rings)
        document["neighbours"].append({"code": code, "name": name, "rings": rings})  # type: ignore[attr-defined]
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({len(text):,} bytes, {vertices:,} points)")


if __name__ == "__main__":
    main()
