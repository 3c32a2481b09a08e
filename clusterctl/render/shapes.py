"""Positioned shapes that drawings share: boxes, and lines of text with the box they fill.

Layouts (the map, the compare sheet) produce these; writers turn them into SVG elements.
A text's box comes from ``metrics.text_width``, so a test can check that no two overlap.
"""

from __future__ import annotations

from clusterctl.lazyclass import dataclass
from clusterctl.render.metrics import text_width

Point = tuple[float, float]
SWATCH = 15.0  # room a swatch (a marker standing before a line of text) takes


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in user units (y grows downwards)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the boxes overlap, or come closer than ``gap``."""
        return not (
            self.right + gap <= other.x
            or other.right + gap <= self.x
            or self.bottom + gap <= other.y
            or other.bottom + gap <= self.y
        )

    def within(self, other: Box) -> bool:
        return (
            self.x >= other.x
            and self.y >= other.y
            and self.right <= other.right
            and self.bottom <= other.bottom
        )

    def nearest(self, point: Point) -> Point:
        """The point of the box nearest to ``point``."""
        return (
            min(max(point[0], self.x), self.right),
            min(max(point[1], self.y), self.bottom),
        )

    def crossed_by(self, a: Point, b: Point) -> bool:
        """Whether the segment ``a``-``b`` passes through the box (Liang-Barsky)."""
        t0, t1 = 0.0, 1.0
        dx, dy = b[0] - a[0], b[1] - a[1]
        for p, q in (
            (-dx, a[0] - self.x),
            (dx, self.right - a[0]),
            (-dy, a[1] - self.y),
            (dy, self.bottom - a[1]),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
        return True


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text: ``x`` by ``anchor`` (start, middle, end), ``y`` its baseline."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False
    anchor: str = "start"
    role: str = "text"  # text, title, subtitle, heading, note, place, label
    swatch: str | None = None  # a kind whose marker stands before the text
    hollow: bool = False

    @property
    def box(self) -> Box:
        """The room the text takes, with its swatch: before it, or after it when the text
        ends at ``x`` (a label set to the left of its point)."""
        width = text_width(self.text, self.size, self.bold)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}[self.anchor]
        if self.swatch:
            width += SWATCH
            left -= SWATCH if self.anchor != "end" else 0
        return Box(left, self.y - self.size * 0.92, width, self.size * 1.18)
