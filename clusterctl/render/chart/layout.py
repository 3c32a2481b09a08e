"""The timeline chart as data: a time scale, lanes, marks, era bands and every label's box.

``layout`` takes a timeline result and returns a ``Chart``: positioned shapes in paint order,
plus what tests ask about (each milestone's mark, each era's band, each text's box). Nothing
here draws; ``svg.py`` writes the shapes.

A milestone is drawn at its own precision: a day as a point at the middle of that day; a
month, a year or a range as a span from its first day to the end of its last, so a year-only
date is never a point on 1 January. Labels go beside their marks, packed into rows so that no
two overlap; when the marks are too many for that to fit the page, each mark gets a number
and a key below lists them. Text widths are estimated generously (no font is measured), so a
box holds its text in any of the fonts the stack names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import field
from datetime import date, datetime, timedelta
from typing import Any

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, Precision, When, sort_key
from clusterctl.lazyclass import dataclass
from clusterctl.render.records import shaped_records
from clusterctl.render.results import TimelineResult
from clusterctl.render.safe import visible
from clusterctl.render.text import Footnotes, citation

LINE = 1.25  # line spacing, in font sizes
BOTTOM = 0.6  # the bottom margin, in (side) margins
ASCENT, DESCENT = 0.92, 0.28  # a text box's extent above and below the baseline, in sizes
INK = "#1a1a1a"
GREY = "#555555"
LIGHT = "#8a8a8a"
RULE = "#c8c8c8"
BANDS = ("#ececec", "#f7f7f7")  # alternate era bands: light enough to print behind text
ERA_LABEL_KINDS = {
    "administration": "presidential administration",
    "acting-presidency": "acting presidency",
}


@dataclass(frozen=True, slots=True)
class Style:
    """The measures of one page size, in user units."""

    width: float
    height: float
    margin: float
    title: float
    subtitle: float
    legend: float
    label: float
    tick: float
    lane: float
    era: float
    key: float
    source: float
    mark: float  # a span's height; a point's diameter
    gutter: float  # the width of the lane labels' column
    key_columns: int
    source_columns: int
    physical: tuple[str, str] | None = None  # width and height on paper, for print


STYLES: dict[str, Style] = {
    "slide": Style(1600, 900, 48, 34, 16, 14, 13, 13, 14, 13, 11.5, 10.5, 10, 190, 3, 2),
    "a4": Style(
        794, 1123, 36, 21, 10.5, 9.5, 9, 9, 9.5, 9, 8, 7.5, 8, 112, 2, 1, ("210mm", "297mm")
    ),
}
SIZES = tuple(STYLES)


# --- text measure ------------------------------------------------------------------------------

_NARROW = set("ijlI.,:;!|'`()[]{} ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of the width of ``text`` set at ``size``: Hangul and other wide
    characters a full em, Latin letters by class."""
    units = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            units += 1.0
        elif char in _NARROW:
            units += 0.34
        elif char in _WIDE:
            units += 0.92
        elif char.isupper() or char.isdigit():
            units += 0.68
        else:
            units += 0.58
    return units * size * (1.07 if bold else 1.0)


def wrap(text: str, size: float, width: float, lines: int, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines no wider than ``width``; what
    does not fit ends the last line with an ellipsis. Control and invisible characters show
    as escapes (``safe.visible``), measured as they will be drawn."""
    words = visible(text).split()
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
    if current:
        out.append(current)
    out = [_fit(line, size, width, bold) for line in out] or [""]
    if len(out) > lines:
        kept = out[:lines]
        kept[-1] = _fit(kept[-1] + " …", size, width, bold, force=True)
        return kept
    return out


def _fit(line: str, size: float, width: float, bold: bool, force: bool = False) -> str:
    """``line`` cut with an ellipsis to fit ``width`` (when ``force``, it ends with one)."""
    if text_width(line, size, bold) <= width and not (force and not line.endswith("…")):
        return line
    base = line.removesuffix(" …").removesuffix("…")
    while base and text_width(base.rstrip() + "…", size, bold) > width:
        base = base[:-1]
    return base.rstrip() + "…"


# --- shapes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle: left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        """True when the two share any area (touching edges do not)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text. ``y`` is the baseline; ``box`` the area its glyphs may cover."""

    x: float
    y: float
    text: str
    size: float
    anchor: str = "start"  # start, middle or end
    bold: bool = False
    fill: str = INK
    role: str = ""

    @property
    def box(self) -> Box:
        width = text_width(self.text, self.size, self.bold)
        left = {"start": self.x, "middle": self.x - width / 2, "end": self.x - width}
        return Box(
            left[self.anchor], self.y - ASCENT * self.size, width, (ASCENT + DESCENT) * self.size
        )


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = "none"
    stroke_width: float = 0.0
    role: str = ""

    @property
    def box(self) -> Box:
        half = self.stroke_width / 2
        return Box(self.x - half, self.y - half, self.w + 2 * half, self.h + 2 * half)


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dash: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)
class Dot:
    cx: float
    cy: float
    r: float
    fill: str
    role: str = ""

    @property
    def box(self) -> Box:
        return Box(self.cx - self.r, self.cy - self.r, 2 * self.r, 2 * self.r)


Shape = Text | Rect | Line | Dot


@dataclass(frozen=True, slots=True)
class Mark:
    """A milestone drawn in one lane: ``x0``–``x1`` is the time its date covers (equal for
    a day, drawn as a point), ``box`` what is drawn, ``number`` its key number if any."""

    milestone: str
    group_id: str
    precision: str  # day, month, year or range
    x0: float
    x1: float
    box: Box
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """An era drawn behind the lanes, from ``x0`` to ``x1``."""

    era: str
    name: str
    kind: str
    x0: float
    x1: float
    labelled: bool


@dataclass(frozen=True, slots=True)
class Lane:
    group_id: str
    label: str
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Chart:
    """A laid-out chart: the page, its shapes in paint order, and what they stand for."""

    size: str
    width: float
    height: float
    title: str
    description: str
    shapes: tuple[Shape, ...]
    marks: tuple[Mark, ...]
    bands: tuple[Band, ...]
    lanes: tuple[Lane, ...]
    numbered: bool
    physical: tuple[str, str] | None = None
    scale: Scale | None = None  # the time axis (None when nothing is drawn)

    @property
    def texts(self) -> tuple[Text, ...]:
        return tuple(s for s in self.shapes if isinstance(s, Text))


# --- time ------------------------------------------------------------------------------------


def precision_of(when: When) -> str:
    """``day``, ``month`` or ``year`` for a partial date; ``range`` for a range."""
    if isinstance(when, DateRange):
        return "range"
    return {Precision.DAY: "day", Precision.MONTH: "month", Precision.YEAR: "year"}[when.precision]


@dataclass(frozen=True, slots=True)
class Scale:
    """Days to x: ``start`` at ``left``, ``end`` (exclusive) at ``right``."""

    start: date
    end: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = self.end.toordinal() - self.start.toordinal()
        return self.left + (day.toordinal() - self.start.toordinal()) / span * (
            self.right - self.left
        )

    def clamp(self, day: date) -> date:
        return min(max(day, self.start), self.end)


@dataclass(frozen=True, slots=True)
class Ticks:
    start: date
    end: date
    marks: tuple[date, ...]
    unit: str  # year or month
    step: int
    between: bool  # labels centred between ticks (one year or one month each)


def _month_add(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def ticks(first: date, last: date) -> Ticks:
    """The axis for the days ``first`` to ``last`` (exclusive): from the start of the first
    month or year shown to the end of the last, with ticks every decade for long spans, every
    few years or every year, or every month (or quarter) for a span under two years."""
    days = (last - first).days
    if days < 700:
        step = 1 if days <= 430 else 3
        start = date(first.year, first.month, 1)
        end = _month_add(date(last.year, last.month, 1), 0 if last.day == 1 else 1)
        marks: list[date] = []
        day = start
        while day <= end:
            if (day.month - 1) % step == 0:
                marks.append(day)
            day = _month_add(day, 1)
        return Ticks(start, end, tuple(marks), "month", step, step == 1)
    years = days / 365.25
    step = 10 if years > 40 else 5 if years > 16 else 2 if years > 8 else 1
    start = date(first.year, 1, 1)
    end = date(last.year if (last.month, last.day) == (1, 1) else last.year + 1, 1, 1)
    marks = [date(y, 1, 1) for y in range(start.year, end.year + 1) if y % step == 0]
    return Ticks(start, end, tuple(marks), "year", step, step == 1)


def _tick_label(day: date, unit: str, first: bool) -> str:
    if unit == "year":
        return str(day.year)
    month = day.strftime("%b")
    return f"{month} {day.year}" if first or day.month == 1 else month


# --- the layout ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """A milestone in a lane, on its way to a row."""

    milestone: model.Milestone
    lane: int
    precision: str
    x0: float
    x1: float
    mark: Box
    label: list[str] = field(default_factory=list)
    label_x: float = 0.0
    label_w: float = 0.0
    label_anchor: str = "start"
    row: int = 0
    number: int | None = None
    size: float = 10.0  # of the label
    below: bool = False  # the label under the mark, not beside it

    @property
    def height(self) -> float:
        text = len(self.label) * LINE * self.size
        return self.mark.h + 0.25 * self.size + text if self.below else max(text, self.mark.h)

    @property
    def extent(self) -> tuple[float, float]:
        if not self.label:
            return self.mark.x, self.mark.right
        left = self.label_x - (self.label_w if self.label_anchor == "end" else 0)
        return min(self.mark.x, left), max(self.mark.right, left + self.label_w)


def _lanes(
    result: TimelineResult,
) -> tuple[list[tuple[str, str]], list[tuple[int, model.Milestone]]]:
    """The lanes (group id, label) and the (lane, milestone) entries, in reading order."""
    lanes: dict[str, str] = {}
    entries: list[tuple[int, model.Milestone]] = []
    by_group = result.group_by in ("cluster", "policy")
    for record in shaped_records(result):
        milestone = result.catalog.get(record["id"], model.Milestone)
        if milestone is None:
            continue
        key = str(record["group_id"]) if by_group else ""
        label = str(record["group"]) if by_group else "All milestones"
        lanes.setdefault(key, label)
        entries.append((list(lanes).index(key), milestone))
    return list(lanes.items()), entries


def _describe_span(milestones: list[model.Milestone]) -> str:
    first = min(milestones, key=lambda m: sort_key(m.date)).date
    last = max(milestones, key=lambda m: (m.date.latest, m.date.earliest)).date
    start = first.start if isinstance(first, DateRange) else first
    end = last.end if isinstance(last, DateRange) else last
    return start.display() if start == end else f"{start.display()} to {end.display()}"


def subtitle(result: TimelineResult, milestones: list[model.Milestone], now: datetime) -> str:
    """What the chart shows: filters, count and span, catalog version, date of generation."""
    shown = "; ".join(result.filters) if result.filters else "all milestones"
    parts = [f"Filters: {shown}"]
    if milestones:
        count = len(milestones)
        parts.append(f"{count} milestone{'s' if count != 1 else ''}, {_describe_span(milestones)}")
    if result.group_by in ("cluster", "policy"):
        parts.append(f"one lane per {result.group_by}")
    version = result.catalog.catalog_version or "unversioned"
    parts.append(f"catalog {version}")
    parts.append(f"generated {now.day} {now:%b} {now.year}")
    return " · ".join(parts)


class _Page:
    """Shapes in paint order, and a cursor down the page."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.back: list[Shape] = []  # bands and grid, behind everything
        self.shapes: list[Shape] = []
        self.y = style.margin

    def text(self, x: float, y: float, text: str, size: float, **options: Any) -> Text:
        shape = Text(x, y, text, size, **options)
        self.shapes.append(shape)
        return shape

    def lines(self, x: float, lines: list[str], size: float, **options: Any) -> None:
        """Lines of text from the cursor down, the cursor after them."""
        for line in lines:
            self.y += ASCENT * size
            self.text(x, self.y, line, size, **options)
            self.y += (LINE - ASCENT) * size


def layout(
    result: TimelineResult, now: datetime, headline: bool = True, size: str | None = None
) -> Chart:
    """Lay out ``result`` as a chart on the page ``size`` (default: the result's)."""
    style = STYLES[size or result.size]
    page = _Page(style)
    width = style.width
    inner = width - 2 * style.margin
    lanes_spec, entries = _lanes(result)
    milestones = list(dict.fromkeys(m for _, m in entries))
    title = result.title or "Timeline"
    sub = subtitle(result, milestones, now)

    if headline:
        page.lines(
            style.margin,
            wrap(title, style.title, inner, 2, bold=True),
            style.title,
            bold=True,
            role="title",
        )
        page.y += 0.25 * style.subtitle
    page.lines(
        style.margin,
        wrap(sub, style.subtitle, inner, 3),
        style.subtitle,
        fill=GREY,
        role="subtitle",
    )
    page.y += 0.8 * style.legend

    if not milestones:
        page.y += 2 * style.label
        page.text(
            style.margin, page.y, "No milestones match these filters.", style.label, role="empty"
        )
        height = max(style.height, page.y + style.margin)
        return _chart(result, style, page, title, sub, (), (), (), False, height, size)

    # One lane needs no name: the lane labels' column is only there to tell lanes apart.
    gutter = style.gutter if len(lanes_spec) > 1 else 0.0
    plot_left = style.margin + gutter
    plot_right = width - style.margin
    first = min(m.date.earliest for m in milestones)
    last = max(m.date.latest for m in milestones) + timedelta(days=1)
    axis = ticks(first, last)
    scale = Scale(axis.start, axis.end, plot_left, plot_right)

    _legend(page, result)
    page.y += 0.6 * style.legend

    eras = _eras(result, scale, now)
    strip_top = page.y
    era_rows, bands = _era_labels(page, eras, scale) if eras else (0, [])
    page.y += era_rows * LINE * style.era + (0.4 * style.era if era_rows else 0)

    numbering, footnotes = _reading_order(result, milestones)
    # Beside their marks if the labels fit the page; else numbered, with a key below.
    reserve = style.tick * 3.2 + style.margin * BOTTOM
    available = style.height - page.y - reserve
    items, rows, numbered, needed = None, None, False, 0.0
    for numbered, factor, label_ems, lines in _ATTEMPTS:
        items = _items(
            entries,
            scale,
            style,
            numbering,
            footnotes,
            numbered,
            result.shape.cite,
            style.label * factor,
            label_ems,
            lines,
        )
        rows = _pack(items, len(lanes_spec))
        needed = _lanes_height(rows, lanes_spec, style, items)
        if needed <= available:
            break
    assert items is not None and rows is not None
    stretch = max(1.0, min(1.8, available / max(needed, 1.0))) if not numbered else 1.0
    lanes = _draw_lanes(page, items, rows, lanes_spec, style, scale, stretch)
    plot_bottom = page.y
    _draw_bands(page, bands, strip_top, plot_bottom)
    _draw_axis(page, axis, scale, strip_top, plot_bottom)
    if numbered:
        _key(page, numbering, result.catalog, footnotes if result.shape.cite else None)
    if result.shape.cite and footnotes.order:
        _sources(page, footnotes)
    height = max(style.height, page.y + style.margin * BOTTOM)
    marks = tuple(
        Mark(
            item.milestone.id,
            lanes_spec[item.lane][0],
            item.precision,
            item.x0,
            item.x1,
            item.mark,
            item.number,
        )
        for item in items
    )
    return _chart(
        result,
        style,
        page,
        title,
        sub,
        marks,
        tuple(bands),
        lanes,
        numbered,
        height,
        size,
        scale,
    )


def _chart(
    result: TimelineResult,
    style: Style,
    page: _Page,
    title: str,
    sub: str,
    marks: tuple[Mark, ...],
    bands: tuple[Band, ...],
    lanes: tuple[Lane, ...],
    numbered: bool,
    height: float,
    size: str | None,
    scale: Scale | None = None,
) -> Chart:
    physical = None
    if style.physical is not None:
        w, h = style.physical
        grown = height / style.height
        physical = (w, f"{float(h.removesuffix('mm')) * grown:.1f}mm".replace(".0mm", "mm"))
    return Chart(
        size or result.size,
        style.width,
        round(height, 1),
        title,
        sub,
        (*page.back, *page.shapes),
        marks,
        bands,
        lanes,
        numbered,
        physical,
        scale,
    )


def _legend(page: _Page, result: TimelineResult) -> None:
    """What the marks and bands mean, in one or more rows."""
    style = page.style
    size = style.legend
    h = style.mark
    entries: list[tuple[str, str]] = [
        ("day", "exact day"),
        ("month", "month known: spans the month"),
        ("year", "year known: spans the year"),
        ("range", "date range"),
    ]
    if result.eras:
        kinds = [ERA_LABEL_KINDS.get(k, k) for k in result.eras]
        entries.append(("band", "shaded: " + ", ".join(kinds)))
    x = style.margin
    cy = page.y + LINE * size / 2
    for kind, words in entries:
        swatch = 2.2 * size if kind != "day" else h
        needed = swatch + 0.5 * size + text_width(words, size) + 1.6 * size
        if x + needed > style.width - style.margin and x > style.margin:
            x = style.margin
            cy += LINE * size * 1.2
        if kind == "day":
            page.shapes.append(Dot(x + h / 2, cy, h / 2, INK, role="legend"))
        elif kind == "band":
            page.shapes.append(
                Rect(x, cy - 0.6 * size, swatch, 1.2 * size, BANDS[0], RULE, 1, role="legend")
            )
        else:
            page.shapes.append(_span(x, x + swatch, cy, h, kind, "legend"))
        page.text(x + swatch + 0.5 * size, cy + 0.35 * size, words, size, fill=GREY, role="legend")
        x += needed
    page.y = cy + LINE * size / 2


def _span(x0: float, x1: float, cy: float, h: float, precision: str, role: str) -> Rect:
    """A span's rectangle: dark for a month, light for a year, open for a range."""
    fill = {"month": GREY, "year": "#bdbdbd", "range": "#ffffff"}[precision]
    return Rect(x0, cy - h / 2, max(x1 - x0, 2.0), h, fill, INK, 1.0, role=role)


@dataclass(frozen=True, slots=True)
class _Era:
    era: model.Era
    x0: float
    x1: float


def _eras(result: TimelineResult, scale: Scale, now: datetime) -> list[_Era]:
    """The eras of the kinds asked for that overlap the axis, clipped to it; an era still
    going on runs to the day of generation."""
    found: list[_Era] = []
    today = now.date() + timedelta(days=1)
    for entity in result.catalog.of_type("era"):
        if not isinstance(entity, model.Era) or entity.kind not in result.eras:
            continue
        start = entity.start.earliest
        end = entity.end.latest + timedelta(days=1) if entity.end is not None else today
        if end <= scale.start or start >= scale.end or end <= start:
            continue
        found.append(_Era(entity, scale.x(scale.clamp(start)), scale.x(scale.clamp(end))))
    found.sort(key=lambda e: (e.x0, e.era.id))
    # A handover day is the last day of one era and the first of the next: the band of the
    # earlier ends where the later begins, so bands of one kind never cover each other.
    for index, era in enumerate(found):
        later = [e.x0 for e in found[index + 1 :] if e.era.kind == era.era.kind]
        if later and min(later) < era.x1:
            found[index] = _Era(era.era, era.x0, max(era.x0, min(later)))
    return found


def _short(era: model.Era) -> str:
    return visible(era.name.removesuffix(" administration"))


def _era_labels(page: _Page, eras: list[_Era], scale: Scale) -> tuple[int, list[Band]]:
    """Names in the strip above the lanes: inside the band when they fit, else on a lower
    row centred on it where that row has room; the bands still unnamed are named, left to
    right, on a line of their own."""
    style = page.style
    size = style.era
    placed: list[list[Box]] = [[], [], []]
    texts: list[Text] = []
    bands: list[Band] = []
    for era in eras:
        name = _short(era.era)
        centre = (era.x0 + era.x1) / 2
        labelled = False
        for row in (0, 1, 2):
            baseline = page.y + ASCENT * size + row * LINE * size
            half = text_width(name, size) / 2
            x = centre if row == 0 else min(max(centre, scale.left + half), scale.right - half)
            text = Text(x, baseline, name, size, "middle", fill=GREY, role="era")
            box = text.box
            fits_band = box.x >= era.x0 + 2 and box.right <= era.x1 - 2
            inside = box.x >= scale.left and box.right <= scale.right
            free = not any(box.overlaps(other) for other in placed[row])
            if (row == 0 and fits_band and free) or (row > 0 and inside and free):
                texts.append(text)
                placed[row].append(Box(box.x - 4, box.y, box.w + 8, box.h))
                labelled = True
                break
        bands.append(Band(era.era.id, era.era.name, era.era.kind, era.x0, era.x1, labelled))
    page.shapes.extend(texts)
    rows = 3 if placed[2] else 2 if placed[1] else 1
    unnamed = [era for era, band in zip(eras, bands, strict=True) if not band.labelled]
    if unnamed:
        named = ", ".join(f"{_short(e.era)} ({_years(e.era)})" for e in unnamed)
        lines = wrap(f"Narrow bands, left to right: {named}", size, scale.right - scale.left, 2)
        for n, line in enumerate(lines):
            page.text(
                scale.left,
                page.y + (rows + n) * LINE * size + ASCENT * size,
                line,
                size,
                fill=GREY,
                role="era",
            )
        rows += len(lines)
    return rows, bands


def _years(era: model.Era) -> str:
    end = era.end.year if era.end is not None else None
    if end == era.start.year:
        return str(end)
    return f"{era.start.year}–{end}" if end is not None else f"from {era.start.year}"


def _reading_order(
    result: TimelineResult, milestones: list[model.Milestone]
) -> tuple[dict[str, int], Footnotes]:
    """Key numbers in date order, and footnotes numbered in the same order."""
    ordered = sorted(milestones, key=lambda m: (sort_key(m.date), milestones.index(m)))
    footnotes = Footnotes(result.catalog)
    numbers: dict[str, int] = {}
    for index, milestone in enumerate(ordered, 1):
        numbers[milestone.id] = index
        footnotes.numbers(milestone)
    return numbers, footnotes


def _notes(footnotes: Footnotes, milestone: model.Milestone) -> str:
    numbers = footnotes.numbers(milestone)  # already assigned: reading order holds
    # no space inside: a line is never broken between a label and its last footnote
    return "[" + ",".join(str(n) for n in numbers) + "]" if numbers else ""


# Ways to label, tried in turn until the lanes fit the page: beside the marks, wrapped to
# this many ems in at most this many lines; then numbered.
# Smaller type (a fraction of the label size) comes before numbers: a label beside its mark
# at the key's size reads better than a number that sends the eye to the key.
_ATTEMPTS = (
    (False, 1.0, 46, 2),
    (False, 1.0, 30, 2),
    (False, 0.88, 56, 2),
    (False, 0.88, 34, 2),
    (False, 0.88, 24, 3),
    (True, 0.8, 0, 1),
    (True, 0.68, 0, 1),
    (True, 0.6, 0, 1),
)


def _items(
    entries: list[tuple[int, model.Milestone]],
    scale: Scale,
    style: Style,
    numbering: dict[str, int],
    footnotes: Footnotes,
    numbered: bool,
    cite: bool,
    size: float,
    label_ems: float = 46,
    max_lines: int = 2,
) -> list[_Item]:
    """Each entry's mark and label, placed beside the mark (right, else left). Numbers come
    small in plain type with marks to match, for the densest charts."""
    items: list[_Item] = []
    h = style.mark * (min(1.0, size / style.label + 0.15) if numbered else 1.0)
    h = style.mark
    gap = 0.45 * size
    plot_w = scale.right - scale.left
    if numbered:
        gap = 0.3 * size
    for lane, milestone in entries:
        when = milestone.date
        precision = precision_of(when)
        if precision == "day":
            centre = (
                scale.x(when.earliest)
                + (scale.x(when.earliest + timedelta(days=1)) - scale.x(when.earliest)) / 2
            )
            x0 = x1 = centre
            mark = Box(centre - h / 2, 0, h, h)
        else:
            x0 = scale.x(when.earliest)
            x1 = scale.x(when.latest + timedelta(days=1))
            mark = Box(x0, 0, max(x1 - x0, 2.0), h)
        number = numbering[milestone.id]
        item = _Item(
            milestone, lane, precision, x0, x1, mark, number=number if numbered else None, size=size
        )
        if numbered:
            text = str(number)
            lines = [text]
        else:
            text = milestone.title + (f" {_notes(footnotes, milestone)}" if cite else "")
            lines = wrap(text, size, min(plot_w * 0.42, label_ems * size), max_lines)
        label_w = max(text_width(line, size) for line in lines)
        right_room = scale.right - (mark.right + gap)
        left_room = (mark.x - gap) - scale.left
        room = max(right_room, left_room)
        if label_w > room and room >= 12 * size and not numbered:  # narrower, roomier side
            lines = wrap(text, size, room, max_lines + 1)
            label_w = max(text_width(line, size) for line in lines)
        if label_w <= right_room:
            item.label_x, item.label_anchor = mark.right + gap, "start"
        elif label_w <= left_room:
            item.label_x, item.label_anchor = mark.x - gap, "end"
        else:  # no room beside a long span: under it
            lines = wrap(text, size, min(plot_w, max(label_ems, 24) * size), max(max_lines, 2))
            label_w = max(text_width(line, size) for line in lines)
            item.below = True
            item.label_x = min(max(mark.x, scale.left), scale.right - label_w)
        item.label, item.label_w = lines, label_w
        items.append(item)
    return items


def _pack(items: list[_Item], lanes: int) -> list[list[list[tuple[float, float]]]]:
    """Rows per lane: each item in the first row of its lane where its extent (mark and
    label, with a margin) meets no other."""
    rows: list[list[list[tuple[float, float]]]] = [[] for _ in range(lanes)]
    for item in sorted(items, key=lambda i: (i.lane, *i.extent)):
        left, right = item.extent
        pad = 0.2 * item.size
        left, right = left - pad, right + pad
        lane_rows = rows[item.lane]
        for index, row in enumerate(lane_rows):
            if all(right <= a or left >= b for a, b in row):
                row.append((left, right))
                item.row = index
                break
        else:
            lane_rows.append([(left, right)])
            item.row = len(lane_rows) - 1
    return rows


def _row_heights(items: list[_Item], lane: int, count: int, style: Style) -> list[float]:
    heights = [min((i.mark.h for i in items), default=style.mark) for _ in range(count)]
    size = style.label
    for item in items:
        if item.lane == lane:
            size = item.size
            heights[item.row] = max(heights[item.row], item.height)
    numbered = any(item.number is not None for item in items)
    return [h + (0.12 if numbered else 0.3) * size for h in heights]


def _lane_label(label: str, style: Style) -> list[str]:
    return wrap(label, style.lane, style.gutter - 0.8 * style.lane, 3, bold=True)


def _lanes_height(
    rows: list[list[list[tuple[float, float]]]],
    lanes: list[tuple[str, str]],
    style: Style,
    items: list[_Item],
) -> float:
    total = 0.0
    for index, lane_rows in enumerate(rows):
        body = sum(_row_heights(items, index, len(lane_rows), style))
        label = len(_lane_label(lanes[index][1], style)) * LINE * style.lane if len(rows) > 1 else 0
        total += max(body, label) + 0.8 * style.label
    return total


def _draw_lanes(
    page: _Page,
    items: list[_Item],
    rows: list[list[list[tuple[float, float]]]],
    lanes_spec: list[tuple[str, str]],
    style: Style,
    scale: Scale,
    stretch: float,
) -> tuple[Lane, ...]:
    lanes: list[Lane] = []
    size = items[0].size if items else style.label
    for index, (group_id, label) in enumerate(lanes_spec):
        top = page.y
        heights = [h * stretch for h in _row_heights(items, index, len(rows[index]), style)]
        offsets = [top + 0.4 * size + sum(heights[:r]) for r in range(len(heights))]
        page.y = top + 0.4 * size
        if len(lanes_spec) > 1:
            page.lines(style.margin, _lane_label(label, style), style.lane, bold=True, role="lane")
        for item in items:
            if item.lane != index:
                continue
            row_top = offsets[item.row]
            line_h = LINE * size
            h = item.mark.h
            cy = row_top + (h if item.below else max(h, line_h)) / 2
            item.mark = Box(item.mark.x, cy - h / 2, item.mark.w, h)
            if item.precision == "day":
                page.shapes.append(Dot(item.x0, cy, h / 2, INK, role="mark"))
            else:
                page.shapes.append(_span(item.x0, item.x1, cy, h, item.precision, "mark"))
            first = cy + 0.35 * size
            if item.below:
                first = cy + h / 2 + 0.25 * size + ASCENT * size
            for n, line in enumerate(item.label):
                page.text(
                    item.label_x,
                    first + n * line_h,
                    line,
                    size,
                    anchor=item.label_anchor,
                    role="label",
                )
        body = sum(heights)
        bottom = max(top + 0.4 * size + body, page.y) + 0.4 * size
        page.y = bottom
        lanes.append(Lane(group_id, label, top, bottom))
        if index < len(lanes_spec) - 1:
            page.shapes.append(
                Line(style.margin, bottom, scale.right, bottom, LIGHT, 0.6, "3 3", role="lane-rule")
            )
    return tuple(lanes)


def _draw_bands(page: _Page, bands: list[Band], top: float, bottom: float) -> None:
    for index, band in enumerate(bands):
        page.back.append(
            Rect(band.x0, top, band.x1 - band.x0, bottom - top, BANDS[index % 2], role="band")
        )
        page.back.append(Line(band.x0, top, band.x0, bottom, RULE, 0.8, role="band-edge"))


def _draw_axis(page: _Page, axis: Ticks, scale: Scale, top: float, bottom: float) -> None:
    style = page.style
    size = style.tick
    page.back.extend(
        Line(scale.x(day), top, scale.x(day), bottom, RULE, 0.6, "2 3", role="grid")
        for day in axis.marks
    )
    page.shapes.append(Line(scale.left, bottom, scale.right, bottom, INK, 1.2, role="axis"))
    baseline = bottom + 0.5 * size + ASCENT * size
    last_right = -1.0
    for index, day in enumerate(axis.marks):
        x = scale.x(day)
        page.shapes.append(Line(x, bottom, x, bottom + 0.45 * size, INK, 1.0, role="tick"))
        if axis.between:
            if day >= axis.end:
                break
            following = axis.marks[index + 1] if index + 1 < len(axis.marks) else axis.end
            x = (x + scale.x(following)) / 2
        label = _tick_label(day, axis.unit, index == 0)
        text = Text(x, baseline, label, size, "middle", fill=GREY, role="tick")
        box = text.box
        if (
            box.x > last_right + 0.5 * size
            and box.x >= scale.left - size
            and (box.right <= style.width - style.margin)
        ):
            page.shapes.append(text)
            last_right = box.right
    page.y = baseline + DESCENT * size + 1.2 * size


def _columns(
    page: _Page, entries: list[list[tuple[str, bool]]], size: float, columns: int, indent: float
) -> None:
    """Entries (each a list of (line, bold-first) pieces) in balanced columns, column-major."""
    style = page.style
    gap = 1.5 * size
    col_w = (style.width - 2 * style.margin - (columns - 1) * gap) / columns
    heights = [len(lines) * LINE * size + 0.25 * size for lines in entries]
    target = sum(heights) / columns
    top = page.y
    column, y, bottom = 0, top, top
    for lines, height in zip(entries, heights, strict=True):
        if y > top and y + height > top + target + 0.5 * size and column < columns - 1:
            column += 1
            y = top
        x = style.margin + column * (col_w + gap)
        for n, (line, number) in enumerate(lines):
            baseline = y + ASCENT * size + n * LINE * size
            if number:
                head, _, rest = line.partition("\t")
                page.text(x, baseline, head, size, bold=True, role="key")
                page.text(x + indent, baseline, rest, size, role="key")
            else:
                page.text(x + indent, baseline, line, size, role="key")
        y += height
        bottom = max(bottom, y)
    page.y = bottom + 0.6 * size


def _key(
    page: _Page, numbering: dict[str, int], catalog: Catalog, footnotes: Footnotes | None
) -> None:
    """The numbered milestones, in number order."""
    style = page.style
    size = style.key
    page.y += 0.4 * size
    page.lines(style.margin, ["Key"], size * 1.15, bold=True, role="key-heading")
    page.y += 0.3 * size
    columns = style.key_columns
    gap = 1.5 * size
    col_w = (style.width - 2 * style.margin - (columns - 1) * gap) / columns
    indent = text_width(str(max(numbering.values(), default=1)), size, bold=True) + 0.6 * size
    entries: list[list[tuple[str, bool]]] = []
    for milestone_id, number in sorted(numbering.items(), key=lambda pair: pair[1]):
        milestone = catalog.get(milestone_id, model.Milestone)
        text = milestone_id
        if milestone is not None:
            text = f"{milestone.date.display()}: {milestone.title}"
            if footnotes is not None:
                text += f" {_notes(footnotes, milestone)}"
        lines = wrap(text, size, col_w - indent, 3)
        entries.append([(f"{number}\t{lines[0]}", True), *((line, False) for line in lines[1:])])
    _columns(page, entries, size, columns, indent)


def _sources(page: _Page, footnotes: Footnotes) -> None:
    style = page.style
    size = style.source
    page.y += 0.4 * size
    page.lines(style.margin, ["Sources"], size * 1.2, bold=True, role="sources-heading")
    page.y += 0.3 * size
    columns = style.source_columns
    gap = 1.5 * size
    col_w = (style.width - 2 * style.margin - (columns - 1) * gap) / columns
    sources = footnotes.sources()
    indent = text_width(f"{len(sources)}.", size, bold=True) + 0.6 * size
    entries: list[list[tuple[str, bool]]] = []
    for index, source in enumerate(sources, 1):
        text = citation(source) + (f" {source.url}" if source.url else "")
        lines = wrap(text, size, col_w - indent, 3)
        entries.append([(f"{index}.\t{lines[0]}", True), *((line, False) for line in lines[1:])])
    _columns(page, entries, size, columns, indent)


__all__ = [
    "SIZES",
    "STYLES",
    "Band",
    "Box",
    "Chart",
    "Dot",
    "Lane",
    "Line",
    "Mark",
    "Rect",
    "Text",
    "layout",
    "precision_of",
    "subtitle",
    "text_width",
    "ticks",
    "wrap",
]
