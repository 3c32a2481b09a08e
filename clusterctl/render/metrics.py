"""How wide text will be when drawn: the estimate that chart and map layouts place labels by.

SVG has no way to ask a font for a width before drawing, so layouts estimate it from the
advance widths of Helvetica/Arial (whose metrics Liberation Sans shares), the first fonts
the drawings ask for, with a margin for the wider sans-serif fonts a viewer may substitute.
Hangul and other wide characters take a full em (Noto Sans CJK KR). The estimate errs wide:
a label box that is too big wastes a little room; one that is too small lets text collide.
"""

from __future__ import annotations

import unicodedata

# The font stack every drawing asks for; the widths below are those of its first members.
FONT_FAMILY = (
    "Helvetica, Arial, 'Liberation Sans', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', "
    "'Malgun Gothic', sans-serif"
)

# Advance widths (thousandths of an em) of Helvetica's printable ASCII, space to tilde.
_ASCII = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_OTHER = {
    "–": 556, "—": 1000, "‘": 222, "’": 222, "“": 333, "”": 333, "·": 278, "…": 1000,
    "≠": 584, "²": 333, "³": 333, "°": 400, "×": 584, "é": 556, "ü": 556, "ō": 556, "ŏ": 556,
    "€": 556, "£": 556, "₩": 720,
}  # fmt: skip
_SAFETY = 1.08  # room for a substitute font a little wider than Helvetica
_BOLD = 1.07  # Helvetica Bold runs about this much wider


def char_width(char: str) -> float:
    """One character's advance, in ems."""
    code = ord(char)
    if 32 <= code <= 126:
        return _ASCII[code - 32] / 1000
    if char in _OTHER:
        return _OTHER[char] / 1000
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if unicodedata.combining(char):
        return 0.0
    return 0.6


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` set at ``size`` user units, erring wide."""
    ems = sum(char_width(c) for c in text) * _SAFETY
    return ems * size * (_BOLD if bold else 1.0)


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at spaces; a word wider than the
    line gets a line of its own (broken between characters only when even that is too wide)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size, bold) > width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and text_width(current[:cut], size, bold) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    return lines
