"""A laid-out chart as SVG: one element per shape, text escaped, nothing fetched.

Fonts are named, never embedded or linked: the stack ends in CJK families so Hangul renders
wherever Noto CJK (or the system's Korean font) is installed.
"""

from __future__ import annotations

from typing import IO
from xml.sax.saxutils import escape, quoteattr

from clusterctl.render.chart.layout import Chart, Dot, Line, Rect, Shape, Text
from clusterctl.render.safe import visible

FONTS = (
    '"Noto Sans", "Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans K", '
    '"Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", "DejaVu Sans", sans-serif'
)
_HANGUL = range(0xAC00, 0xD7B0)


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attrs(**values: str | float) -> str:
    parts = []
    for name, value in values.items():
        if value == "" or value is None:
            continue
        shown = _n(value) if isinstance(value, (int, float)) else value
        parts.append(f"{name.replace('_', '-')}={quoteattr(shown)}")
    return " ".join(parts)


def _element(shape: Shape) -> str:
    if isinstance(shape, Text):
        text = visible(shape.text)
        korean = any(ord(c) in _HANGUL for c in text)
        attrs = _attrs(
            x=shape.x,
            y=shape.y,
            font_size=shape.size,
            text_anchor="" if shape.anchor == "start" else shape.anchor,
            font_weight="bold" if shape.bold else "",
            fill=shape.fill,
            lang="ko" if korean else "",
            **{"class": shape.role},
        )
        return f"<text {attrs}>{escape(text)}</text>"
    if isinstance(shape, Rect):
        attrs = _attrs(
            x=shape.x,
            y=shape.y,
            width=shape.w,
            height=shape.h,
            fill=shape.fill,
            stroke="" if shape.stroke == "none" else shape.stroke,
            stroke_width=shape.stroke_width or "",
            **{"class": shape.role},
        )
        return f"<rect {attrs}/>"
    if isinstance(shape, Dot):
        attrs = _attrs(
            cx=shape.cx, cy=shape.cy, r=shape.r, fill=shape.fill, **{"class": shape.role}
        )
        return f"<circle {attrs}/>"
    assert isinstance(shape, Line)
    attrs = _attrs(
        x1=shape.x1,
        y1=shape.y1,
        x2=shape.x2,
        y2=shape.y2,
        stroke=shape.stroke,
        stroke_width=shape.width,
        stroke_dasharray=shape.dash,
        **{"class": shape.role},
    )
    return f"<line {attrs}/>"


def render(chart: Chart) -> str:
    """The chart as a standalone SVG document (no XML declaration: it also goes inline in
    HTML)."""
    width, height = chart.width, chart.height
    size = (
        {"width": chart.physical[0], "height": chart.physical[1]}
        if chart.physical
        else {"width": _n(width), "height": _n(height)}
    )
    head = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {_n(width)} {_n(height)}",
        role="img",
        **size,
        font_family=FONTS,
        **{"aria-labelledby": "chart-title"},
    )
    lines = [
        f"<svg {head}>",
        f'<title id="chart-title">{escape(visible(chart.title))}</title>',
        f"<desc>{escape(visible(chart.description))}</desc>",
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
    ]
    lines.extend(_element(shape) for shape in chart.shapes)
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def write_svg(chart: Chart, out: IO[str]) -> None:
    out.write(render(chart))
