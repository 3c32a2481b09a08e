"""Terminal tables drawn directly: what Rich's Table draws for them, without its layout engine.

Rich measures and draws every cell through a chain of renderables (padding, text wrapping,
line splitting and cropping), which cost most of a terminal listing's time: about 45 ms of
the 80 ms ``clusters`` takes at 120 columns. The tables clusterctl shows in a terminal are all
of one kind (``terminal._table``: a rule under the header, blank edges, no padding at the
edges, a width set on every column by ``terminal._fitted``), so this module measures and draws
those directly: the same characters at the same places in the same styles, as Segment lines
(tests/test_grid.py holds every view, at many widths, to what Rich draws). Anything else (a
title, sections, a grid, an ASCII-only terminal, a recording for SVG) is left to Rich: see
``drawable``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style
    from rich.table import Column, Table
    from rich.text import Text

Line: TypeAlias = "list[Segment]"
# Rich's table padding: (top, right, bottom, left); at the table's edges it is left out.
_PADDING = (0, 1, 0, 1)


def drawable(console: Console, table: Table) -> bool:
    """Does ``draw`` draw ``table`` as Rich would? Only the kind of table it knows."""
    from rich import box

    return (
        not console.record
        and not console.options.ascii_only  # Rich would swap in an ASCII box
        and not console.legacy_windows
        and table.box is box.SIMPLE_HEAD
        and table.show_edge
        and not table.pad_edge
        and table.padding == _PADDING
        and not table.collapse_padding
        and not table.show_footer
        and not table.show_lines
        and not table.leading
        and not table.row_styles
        and table.title is None
        and table.caption is None
        and table.width is None
        and table.style in (None, "", "none")
        and table.border_style in (None, "", "none")
        and all(not row.end_section and row.style is None for row in table.rows)
        and all(
            column.width is not None
            and column.justify in ("left", "right")
            and column.vertical == "top"
            and column.overflow == "fold"
            for column in table.columns
        )
    )


def _width_of(text: str) -> Callable[[str], int]:
    """How to count the cells of ``text`` and its parts: by length when it is printable
    ASCII (line breaks aside), one cell a character."""
    if text.isascii() and text.replace("\n", "").isprintable():
        return len
    from rich.cells import cell_len

    return cell_len


def measure(text: Text) -> tuple[int, int]:
    """(longest word, widest line) of a cell, as Rich measures text."""
    plain = text.plain
    cell_len = _width_of(plain)
    lines = plain.splitlines()
    widest = max(map(cell_len, lines)) if lines else 0
    words = plain.split()
    longest = max(map(cell_len, words)) if words else widest
    if widest < 1:
        return 0, 0
    return max(0, min(longest, widest)), widest


def draw(console: Console, table: Table, header: list[Text], cells: list[list[Text]]) -> list[Line]:
    """``table`` (``drawable``) as Rich draws it: ``header`` holds each column's heading and
    ``cells`` each column's cells, as text."""
    from rich.segment import Segment

    columns = table.columns
    last = len(columns) - 1
    widths = [
        (column.width or 0) + (index > 0) + (index < last)  # width set: ``drawable``
        for index, column in enumerate(columns)
    ]
    get_style = console.get_style
    head_styles = [get_style(table.header_style or "") + get_style(c.header_style) for c in columns]
    body_styles = [get_style(c.style or "") for c in columns]
    blank = Segment(" ")
    assert table.box is not None
    lines: list[Line] = [[Segment(table.box.get_top(widths))]]
    rows: list[tuple[list[Text], list[Style], bool]] = []
    if table.show_header:
        rows.append((header, head_styles, True))
    rows.extend(
        ([column[row] for column in cells], body_styles, False) for row in range(table.row_count)
    )
    for row_cells, styles, heading in rows:
        drawn = [
            _cell(console, text, column, style)
            for text, column, style in zip(row_cells, columns, styles, strict=True)
        ]
        height = max(map(len, drawn))
        for index, cell_lines in enumerate(drawn):
            fill = [Segment(" " * (columns[index].width or 0))]
            gap = [fill] * (height - len(cell_lines))
            drawn[index] = gap + cell_lines if heading else cell_lines + gap
        for number in range(height):
            line: Line = [blank]
            for index, cell_lines in enumerate(drawn):
                if index:
                    line.append(Segment("   "))  # padding, divider, padding
                line.extend(cell_lines[number])
            line.append(blank)
            lines.append(line)
        if heading:
            lines.append([Segment(table.box.get_row(widths, "head", edge=True))])
    lines.append([Segment(table.box.get_bottom(widths))])
    return lines


def _cell(console: Console, text: Text, column: Column, style: Style) -> list[Line]:
    """A cell's lines, each exactly its column's width."""
    from rich.segment import Segment

    width = column.width or 0  # set: ``drawable``
    right = column.justify == "right"
    plain = text.plain
    cell_len = _width_of(plain)
    paragraphs = plain.split("\n")
    styles = None if "\t" in plain else _paragraph_styles(console, text, paragraphs, style)
    if styles is None:
        return _rich_cell(console, text, column, style)
    pieces: list[tuple[str, Style]] = []
    for paragraph, paragraph_style in zip(paragraphs, styles, strict=True):
        if column.no_wrap:
            pieces.append((paragraph, paragraph_style))
            continue
        breaks = _divide(paragraph, width, cell_len)
        if breaks is None:  # a word wider than the column (never, by ``_fitted``)
            return _rich_cell(console, text, column, style)
        offsets = [0, *breaks, len(paragraph)]
        pieces.extend(
            (paragraph[start:end], paragraph_style) for start, end in itertools.pairwise(offsets)
        )
    out: list[Line] = []
    for piece, piece_style in pieces:
        shown = piece.rstrip()
        room = width - cell_len(shown)
        if room < 0:  # wider than the column (it never is, by ``_fitted``): Rich's way
            return _rich_cell(console, text, column, style)
        line: Line = [Segment(" " * room)] if right and room else []
        if shown:
            line.append(Segment(shown, piece_style))
        if room and not right:
            line.append(Segment(" " * room))
        out.append(line)
    return out


_WORD = re.compile(r"\s*\S+\s*")


def _divide(text: str, width: int, cell_len: Callable[[str], int]) -> list[int] | None:
    """Where Rich's ``divide_line`` breaks ``text`` to fit ``width``: before each word that
    does not fit on its line. None when a word is wider than ``width`` (Rich folds it)."""
    breaks: list[int] = []
    used = 0
    for match in _WORD.finditer(text):
        word = match.group()
        size = cell_len(word.rstrip())
        if width - used >= size:
            used += cell_len(word)
        elif size > width:
            return None
        elif used and match.start():
            breaks.append(match.start())
            used = cell_len(word)
    return breaks


def _paragraph_styles(
    console: Console, text: Text, paragraphs: list[str], style: Style
) -> list[Style] | None:
    """The style of each line of ``text`` (the cell's style, the text's, then its spans'), or
    None when a part of a line is styled apart from the rest (Rich then draws the cell)."""
    base = style + console.get_style(text.style) if text.style else style
    if not text.spans:
        return [base] * len(paragraphs)
    styles = []
    start = 0
    for paragraph in paragraphs:
        end = start + len(paragraph)
        paragraph_style = base
        for span in text.spans:
            if span.start < end and span.end > start and start < end:
                if span.start > start or span.end < end:
                    return None
                paragraph_style += console.get_style(span.style)
        styles.append(paragraph_style)
        start = end + 1
    return styles


def _rich_cell(console: Console, text: Text, column: Column, style: Style) -> list[Line]:
    """A cell with styled parts (or tabs), wrapped and rendered by Rich's own text layout."""
    from rich.cells import cell_len
    from rich.segment import Segment
    from rich.text import Text

    width = column.width or 0  # set: ``drawable``
    wrapped = text.wrap(
        console, width, justify=column.justify, overflow="fold", no_wrap=column.no_wrap
    )
    out: list[Line] = []
    for part in wrapped:
        segments = [
            Segment(piece, style + piece_style if piece_style else style)
            for piece, piece_style, _ in Text("\n").join([part]).render(console)
        ]
        room = width - sum(cell_len(segment.text) for segment in segments)
        out.append([*segments, Segment(" " * room)] if room > 0 else segments)
    return out
