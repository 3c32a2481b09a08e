"""A table briefing (``compare -o svg``) as one SVG sheet: a layout step, then a writer.

The layout wraps every cell to its column and positions each line (``Sheet``: texts and
rectangles with their boxes); the writer only turns them into elements. Light background,
black text, no web fonts, no scripts.
"""

from __future__ import annotations

from dataclasses import field
from html import escape
from typing import IO

from clusterctl.lazyclass import dataclass
from clusterctl.render.briefing.document import Briefing, Cell, Table, letter, note_text
from clusterctl.render.metrics import FONT_FAMILY, text_width, wrap
from clusterctl.render.results import CompareResult
from clusterctl.render.safe import visible
from clusterctl.render.shapes import Box, Text
from clusterctl.render.text import citation

MARGIN = 40.0
PAD = 7.0
BODY = 12.5
SMALL = 10.5
LINE = 16.0
SMALL_LINE = 13.5
COLOURS = {
    "title": "#111111",
    "subtitle": "#444444",
    "provenance": "#777777",
    "head": "#111111",
    "text": "#1a1a1a",
    "row": "#1a1a1a",
    "section": "#111111",
    "detail": "#555555",
    "refs": "#1a4d8f",
    "mark": "#b8322a",
    "remark": "#333333",
    "source": "#333333",
    "note": "#777777",
}


@dataclass(slots=True)
class Sheet:
    """The positioned sheet: background rectangles (with a fill) and lines of text."""

    width: float
    height: float = 0.0
    title: str = ""
    rects: list[tuple[Box, str]] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # x1, x2, y
    texts: list[Text] = field(default_factory=list)


def _cell_lines(
    cell: Cell, x: float, y: float, width: float, cite: bool, size: float, role: str,
    bold: bool = False,
) -> tuple[list[Text], float]:  # fmt: skip
    """A cell's texts from its top ``y``; return them and the height they take."""
    texts: list[Text] = []
    line = LINE if size >= BODY else SMALL_LINE
    lines = wrap(visible(cell.text), size, width, bold) if cell.text else []
    baseline = y + PAD + size * 0.95
    for index, part in enumerate(lines):
        texts.append(Text(part, x, round(baseline + index * line, 2), size, bold, role=role))
    baseline += max(0, len(lines) - 1) * line
    extras = []
    if cell.mark:
        extras.append((cell.mark, "mark", size, True))
    marks = "".join(f"({r})" for r in cell.remarks)
    refs = f"[{note_text(cell.notes)}]" if cite and cell.notes else ""
    if marks or refs:
        extras.append((" ".join(p for p in (marks, refs) if p), "refs", SMALL, False))
    end = x + (text_width(lines[-1], size, bold) if lines else 0)
    for text, kind, extra_size, extra_bold in extras:
        room = text_width(text, extra_size, extra_bold) + 4
        if end + room > x + width:
            baseline += line
            end = x - 4
        texts.append(Text(text, round(end + 4, 2), round(baseline, 2), extra_size, extra_bold,
                          role=kind))  # fmt: skip
        end += room
    for detail in cell.detail:
        for part in wrap(visible(detail), SMALL, width):
            baseline += SMALL_LINE
            texts.append(Text(part, x, round(baseline, 2), SMALL, role="detail"))
    return texts, baseline + size * 0.3 + PAD - y


def _table(sheet: Sheet, table: Table, top: float, cite: bool) -> float:
    inner = sheet.width - 2 * MARGIN
    count = len(table.columns)
    first = min(240.0, inner * 0.24) if table.row_headers else inner / count
    rest = (inner - first) / max(1, count - 1)
    lefts = [MARGIN] + [MARGIN + first + i * rest for i in range(count - 1)]
    widths = [first] + [rest] * (count - 1)
    y = top
    if table.show_header:
        texts: list[Text] = []
        height = 0.0
        for left, width, column in zip(lefts, widths, table.columns, strict=True):
            cell = Cell(column.title, column.notes, (column.detail,) if column.detail else ())
            placed, used = _cell_lines(cell, left + PAD, y, width - 2 * PAD, cite, 13, "head",
                                       bold=True)  # fmt: skip
            texts += placed
            height = max(height, used)
        sheet.rects.append((Box(MARGIN, y, inner, height), "#e9eef4"))
        sheet.texts += texts
        y += height
        sheet.rules.append((MARGIN, MARGIN + inner, y))
    for number, row in enumerate(table.rows):
        if row.section:
            height = LINE + 2 * PAD
            sheet.rects.append((Box(MARGIN, y, inner, height), "#dfe5ec"))
            baseline = round(y + PAD + BODY * 0.95, 2)
            heading = visible(row.cells[0].text)
            sheet.texts.append(Text(heading, MARGIN + PAD, baseline, BODY, True, role="section"))
            y += height
            continue
        texts = []
        height = 0.0
        for index, (left, width, cell) in enumerate(zip(lefts, widths, row.cells, strict=True)):
            header = index == 0 and table.row_headers
            placed, used = _cell_lines(cell, left + PAD, y, width - 2 * PAD, cite, BODY,
                                       "row" if header else "text", bold=header)  # fmt: skip
            texts += placed
            height = max(height, used)
        if number % 2:
            sheet.rects.append((Box(MARGIN, y, inner, height), "#f7f7f7"))
        sheet.texts += texts
        y += height
        sheet.rules.append((MARGIN, MARGIN + inner, y))
    return y


def sheet_layout(doc: Briefing, width: float) -> Sheet:
    """Title, subtitle and provenance; the tables; remarks; sources."""
    sheet = Sheet(width, title=visible(doc.title))
    inner = width - 2 * MARGIN
    y = MARGIN - 10
    for part in wrap(visible(doc.title), 22, inner, bold=True):
        y += 28
        sheet.texts.append(Text(part, MARGIN, y, 22, True, role="title"))
    for part in wrap(visible(doc.subtitle), 13, inner):
        y += 18
        sheet.texts.append(Text(part, MARGIN, y, 13, role="subtitle"))
    if doc.provenance:
        y += 17
        sheet.texts.append(Text(visible(f"From clusterctl, {doc.provenance}."), MARGIN, y, 11,
                                role="provenance"))  # fmt: skip
    y += 14
    for block in doc.blocks:
        if isinstance(block, Table):
            y = _table(sheet, block, y, doc.cite) + 14
    for index, remark in enumerate(doc.remarks):
        for number, part in enumerate(wrap(visible(f"({letter(index)}) {remark}"), 11, inner)):
            y += 15
            sheet.texts.append(Text(part, MARGIN + (14 if number else 0), y, 11, role="remark"))
    if doc.cite and doc.sources:
        y += 14
        sheet.texts.append(Text("Sources", MARGIN, y + 6, 13, True, role="head"))
        y += 10
        for index, source in enumerate(doc.sources, 1):
            text = f"{index}. {citation(source)}" + (f" {source.url}" if source.url else "")
            for number, part in enumerate(wrap(visible(text), SMALL, inner - 20)):
                y += SMALL_LINE
                sheet.texts.append(Text(part, MARGIN + (20 if number else 0), y, SMALL,
                                        role="source"))  # fmt: skip
    sheet.height = round(y + MARGIN, 2)
    return sheet


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def sheet_svg(sheet: Sheet) -> str:
    w, h = _n(sheet.width), _n(sheet.height)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label="{escape(sheet.title, quote=True)}" '
        f'font-family="{escape(FONT_FAMILY, quote=True)}">',
        f"<title>{escape(sheet.title)}</title>",
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
    ]
    for box, fill in sheet.rects:
        out.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" '
                   f'height="{_n(box.height)}" fill="{fill}"/>')  # fmt: skip
    for x1, x2, y in sheet.rules:
        out.append(f'<line x1="{_n(x1)}" y1="{_n(y)}" x2="{_n(x2)}" y2="{_n(y)}" '
                   'stroke="#d6d6d6" stroke-width="0.8"/>')  # fmt: skip
    for text in sheet.texts:
        weight = ' font-weight="bold"' if text.bold else ""
        out.append(
            f'<text x="{_n(text.x)}" y="{_n(text.y)}" font-size="{_n(text.size)}"{weight} '
            f'fill="{COLOURS.get(text.role, "#1a1a1a")}">{escape(text.text, quote=False)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_svg(result: CompareResult, out: IO[str]) -> None:
    """``compare -o svg``: the comparison sheet, wider as clusters are added."""
    from clusterctl.render.briefing.compare import compare_briefing

    doc = compare_briefing(result)
    width = 1200.0 + max(0, len(result.comparison.clusters) - 3) * 260
    out.write(sheet_svg(sheet_layout(doc, width)))
