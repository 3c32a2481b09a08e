"""Draw a ``MapLayout`` as SVG: one element per shape, nothing decided here.

Light, print-friendly and self-contained: no scripts, no web fonts, no external references.
"""

from __future__ import annotations

import math
from html import escape
from typing import IO

from clusterctl import model
from clusterctl.render.clustermap.layout import (
    Area,
    Label,
    MapLayout,
    Marker,
    Site,
    layout_map,
    map_words,
    style,
)
from clusterctl.render.metrics import FONT_FAMILY
from clusterctl.render.results import ListResult
from clusterctl.render.shapes import SWATCH as _SWATCH
from clusterctl.render.shapes import Box, Text

SEA = "#e8eff5"
LAND = "#f6f3ea"
LAND_EDGE = "#9d978a"
HIGHLIGHT = "#f0d89a"
NEIGHBOUR = "#e2e2e0"
NEIGHBOUR_EDGE = "#c4c4c0"
INK = "#1a1a1a"
COLOURS = {
    "title": INK,
    "subtitle": "#444444",
    "heading": INK,
    "text": "#222222",
    "note": "#666666",
    "place": "#8a8a8a",
    "label": INK,
}


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _path(rings: tuple[tuple[tuple[float, float], ...], ...]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        head, *rest = ring
        parts.append(
            f"M{_n(head[0])} {_n(head[1])}" + "".join(f"L{_n(x)} {_n(y)}" for x, y in rest) + "Z"
        )
    return "".join(parts)


def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """A marker's outline: about as much ink whatever the shape."""
    if shape == "circle":
        return (f"M{_n(x - r)} {_n(y)}a{_n(r)} {_n(r)} 0 1 0 {_n(2 * r)} 0"
                f"a{_n(r)} {_n(r)} 0 1 0 {_n(-2 * r)} 0Z")  # fmt: skip
    if shape == "square":
        s = r * 0.86
        return f"M{_n(x - s)} {_n(y - s)}h{_n(2 * s)}v{_n(2 * s)}h{_n(-2 * s)}Z"
    corners = {
        "diamond": [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)],
        "triangle": [(0, -1.25), (1.15, 0.8), (-1.15, 0.8)],
        "triangle-down": [(0, 1.25), (1.15, -0.8), (-1.15, -0.8)],
        "hexagon": [(math.cos(a), math.sin(a)) for a in (math.pi / 3 * i for i in range(6))],
    }[shape]
    points = [(x + dx * r, y + dy * r) for dx, dy in corners]
    return "M" + "L".join(f"{_n(px)} {_n(py)}" for px, py in points) + "Z"


def _marker(kind: str, x: float, y: float, size: float, hollow: bool) -> str:
    colour, shape = style(kind)
    d = shape_path(shape, x, y, size)
    if hollow:
        return f'<path d="{d}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    return f'<path d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'


def _text(text: Text) -> str:
    weight = ' font-weight="bold"' if text.bold else ""
    anchor = f' text-anchor="{text.anchor}"' if text.anchor != "start" else ""
    italic = ' font-style="italic"' if text.role == "place" and not text.text.isupper() else ""
    halo = (
        ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
        if text.role in ("label", "place")
        else ""
    )
    swatch = ""
    if text.swatch:
        x = text.x + _SWATCH - 5.5 if text.anchor == "end" else text.x - _SWATCH + 5.5
        swatch = _marker(text.swatch, x, text.y - text.size * 0.34, 4.6, text.hollow)
    return (
        f'{swatch}<text x="{_n(text.x)}" y="{_n(text.y)}" font-size="{_n(text.size)}"'
        f'{weight}{anchor}{italic}{halo} fill="{COLOURS.get(text.role, INK)}">'
        f"{escape(text.text, quote=False)}</text>"
    )


def _area(area: Area) -> str:
    if area.neighbour:
        fill, edge, width = NEIGHBOUR, NEIGHBOUR_EDGE, "0.6"
    else:
        fill, edge, width = (HIGHLIGHT if area.highlighted else LAND), LAND_EDGE, "0.7"
    dots = "".join(  # islets smaller than a dot (Dokdo) still show
        f'<circle cx="{_n(sum(p[0] for p in ring) / len(ring))}" '
        f'cy="{_n(sum(p[1] for p in ring) / len(ring))}" r="1.6" fill="{edge}"/>'
        for ring in area.rings
        if ring
        and max(p[0] for p in ring) - min(p[0] for p in ring) < 2
        and max(p[1] for p in ring) - min(p[1] for p in ring) < 2
    )
    return (
        f'<path d="{_path(area.rings)}" fill="{fill}" stroke="{edge}" stroke-width="{width}" '
        f'stroke-linejoin="round" fill-rule="evenodd" data-code="{escape(area.code)}">'
        f"<title>{escape(area.name)}</title></path>{dots}"
    )


def _site(site: Site) -> list[str]:
    out = []
    if len(site.markers) > 1:
        for marker in site.markers:
            out.append(f'<line x1="{_n(site.x)}" y1="{_n(site.y)}" x2="{_n(marker.x)}" '
                       f'y2="{_n(marker.y)}" stroke="#444444" stroke-width="0.8"/>')  # fmt: skip
    for marker in site.markers:
        out.append(_marker_element(marker))
    if len(site.markers) > 1:
        out.append(f'<circle cx="{_n(site.x)}" cy="{_n(site.y)}" r="1.8" fill="{INK}"/>')
    return out


def _marker_element(marker: Marker) -> str:
    return (
        f'<g data-cluster="{escape(marker.cluster_id, quote=True)}">'
        + _marker(marker.kind, marker.x, marker.y, marker.size, marker.hollow)
        + "</g>"
    )


def _label(label: Label) -> list[str]:
    out = []
    if label.leader is not None:
        (x1, y1), (x2, y2) = label.leader
        out.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                   'stroke="#555555" stroke-width="0.8"/>')  # fmt: skip
    out += [_text(line) for line in label.lines]
    return out


def _rect(box: Box, paint: str) -> str:
    return (
        f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" '
        f'height="{_n(box.height)}" {paint}/>'
    )


def write_map(layout: MapLayout, out_id: str = "clusterctl-map") -> str:
    """The SVG document (no XML declaration, so it also sits inside HTML as is)."""
    panel = layout.panel
    clip = f"{out_id}-clip"
    w, h = _n(layout.width), _n(layout.height)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="{escape(layout.title, quote=True)}" '
        f'font-family="{escape(FONT_FAMILY, quote=True)}">',
        f"<title>{escape(layout.title)}</title>",
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
        f'<clipPath id="{clip}"><rect x="{_n(panel.x)}" y="{_n(panel.y)}" '
        f'width="{_n(panel.width)}" height="{_n(panel.height)}"/></clipPath>',
        f'<rect x="{_n(panel.x)}" y="{_n(panel.y)}" width="{_n(panel.width)}" '
        f'height="{_n(panel.height)}" fill="{SEA}"/>',
        f'<g clip-path="url(#{clip})">',
    ]
    if layout.inset is not None:
        box = layout.inset
        lines.append(_rect(box, f'fill="{SEA}" stroke="#9a9a9a" stroke-width="0.8"'))
    lines += [_area(area) for area in layout.areas]
    lines.append("</g>")
    lines.append(_rect(panel, 'fill="none" stroke="#b9b9b9" stroke-width="0.8"'))
    if layout.legend is not None:
        lines.append(_rect(layout.legend, 'fill="#ffffff" fill-opacity="0.92" stroke="#b9b9b9" '
                                          'stroke-width="0.8"'))  # fmt: skip
    if layout.scale_bar is not None:
        (x1, y1), (x2, _) = layout.scale_bar
        lines.append(
            f'<path d="M{_n(x1)} {_n(y1 - 4)}V{_n(y1)}H{_n(x2)}V{_n(y1 - 4)}" fill="none" '
            f'stroke="{INK}" stroke-width="1.2"/>'
        )
    for label in layout.labels:
        if label.leader is not None:
            lines += _label(label)[:1]
    for site in layout.sites:
        lines += _site(site)
    for label in layout.labels:
        lines += [_text(line) for line in label.lines]
    lines += [_text(text) for text in layout.texts if text.text]
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def write_svg(result: ListResult, out: IO[str]) -> None:
    """``clusters -o svg``: the map, with the clusters it cannot draw listed beside it."""
    clusters = [e for e in result.entities if isinstance(e, model.Cluster)]
    words = map_words(clusters, result.catalog, result.filters)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(write_map(layout_map(clusters, result.catalog, words)))
