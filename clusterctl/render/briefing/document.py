"""What a briefing says, independent of format: blocks of text and tables with footnotes.

Every format (Markdown, HTML, SVG) is written from one ``Briefing``, so they always say the
same thing. Sources are numbered in reading order: a builder asks ``Footnotes`` for numbers
in the order the page shows what they support, and the page lists them in that order.
"""

from __future__ import annotations

from dataclasses import field

from clusterctl import model
from clusterctl.lazyclass import dataclass

Notes = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text, the footnotes that support it, lines of detail in smaller
    type (earlier figures, a figure's note), a mark (``≠``) and remark letters."""

    text: str
    notes: Notes = ()
    detail: tuple[str, ...] = ()
    mark: str = ""
    remarks: tuple[str, ...] = ()
    css: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """A table row; a ``section`` row is a sub-heading spanning the table."""

    cells: tuple[Cell, ...]
    section: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    css: str = ""
    notes: Notes = ()
    detail: str = ""  # a second line in the header (a Korean name)


@dataclass(slots=True)
class Table:
    """A table. ``kind`` names its style (``facts``, ``timeline``, ``compare``, ...);
    ``notes_column`` puts footnotes in a last column of their own instead of after the text;
    ``row_headers`` makes the first cell of each row its header."""

    kind: str
    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)
    heading: str = ""
    notes_column: bool = False
    row_headers: bool = False
    show_header: bool = True


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    notes: Notes = ()


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawing (SVG markup) with its caption; HTML shows it, Markdown says what it is."""

    svg: str
    caption: str
    css: str = ""


Block = Table | Paragraph | Picture


@dataclass(slots=True)
class Briefing:
    """A briefing: title, subtitle, where it came from, its blocks, remarks (lettered notes
    on the content) and its sources (numbered footnotes)."""

    title: str
    subtitle: str
    provenance: str = ""
    blocks: list[Block] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    sources: list[model.Source] = field(default_factory=list)
    cite: bool = True


def ranges(notes: Notes) -> list[tuple[int, int]]:
    """Footnote numbers as runs: (1, 2, 3, 5) gives [(1, 3), (5, 5)]."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(notes)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def note_text(notes: Notes) -> str:
    """``1–3, 5``: footnote numbers as a reader scans them (runs of three or more joined)."""
    parts = []
    for first, last in ranges(notes):
        if last - first >= 2:
            parts.append(f"{first}–{last}")
        else:
            parts.extend(str(n) for n in range(first, last + 1))
    return ", ".join(parts)


def letter(index: int) -> str:
    """Remark letters: a, b, ..., z, aa, ab, ..."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text
