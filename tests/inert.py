"""What the hostile and property tests ask of every output: no character that acts on what shows
it, and Markdown that renders as the very text it was given (checked with real renderers:
GitHub's own cmark-gfm and markdown-it's CommonMark)."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

# Not the product's own list (clusterctl/catalog/spec.py): the same rule, from Unicode's
# categories, so that a gap in that list shows here.
_HANGUL_FILLERS = "\u115f\u1160\u3164\uffa0"
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def is_unsafe(char: str) -> bool:
    """A control, format, separator or surrogate character, a noncharacter, a Hangul filler or a
    tag character: invisible, reordering, line-breaking or acting on a terminal."""
    if char in "\t\n":
        return False
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs")
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        or char in _HANGUL_FILLERS
        or 0xE0000 <= code <= 0xE007F
    )


def unsafe_characters(text: str) -> list[str]:
    """``U+XXXX`` for each unsafe character in ``text``."""
    return [f"U+{ord(c):04X}" for c in text if is_unsafe(c)]


def unstyled(output: str) -> str:
    """Output without what the tool itself writes on purpose: colour and style sequences in a
    terminal, and iCalendar's CRLF line ends."""
    return _SGR.sub("", output).replace("\r\n", "\n")


# --- HTML and Markdown ---------------------------------------------------------------------

_VOID = {"br", "hr", "img", "col", "meta", "input", "link", "wbr"}


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, list[str], dict[str, str | None]]] = []
        self.elements: list[tuple[str, str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self.handle_data("\n")
            self.elements.append((tag, "", dict(attrs)))
            return
        self.open.append((tag, [], dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, parts, attrs = self.open.pop()
            self.elements.append((name, "".join(parts), attrs))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, parts, _ in self.open:
            parts.append(data)


def elements(html: str) -> list[tuple[str, str, dict[str, str | None]]]:
    """Every element of ``html`` as (tag, its text, its attributes), in closing order."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser.elements


def texts(html: str, tag: str) -> list[str]:
    """The text of every ``tag`` element (``<br>`` counts as a line break)."""
    return [text for name, text, _ in elements(html) if name == tag]


def tags(html: str) -> set[str]:
    return {name for name, _, _ in elements(html)}


def render_markdown(markdown: str) -> dict[str, str]:
    """HTML from two independent renderers: GitHub Flavored Markdown (cmark-gfm, with raw HTML
    let through as a permissive renderer would) and CommonMark (markdown-it)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options
    from markdown_it import MarkdownIt

    return {
        "gfm": cmarkgfm.github_flavored_markdown_to_html(
            markdown, options=Options.CMARK_OPT_UNSAFE
        ),
        "commonmark": MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown),
    }
