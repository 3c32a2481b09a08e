"""Make text inert wherever it is shown: in a terminal, in JSON, in Markdown and in links.

Catalog text is checked when it is read (``catalog/spec.py`` says which characters it may not
hold), but text also comes from the command line, from messages and from paths, so every
output escapes those characters again, here: ``visible`` for text a person reads,
``json_text`` for JSON, ``markdown_text`` and ``markdown_link`` for Markdown, ``safe_url``
before anything becomes a link.
"""

from __future__ import annotations

import re

from clusterctl.catalog.spec import URL_PATTERN, find_unsafe, lazy_pattern, replace_unsafe

_URL = lazy_pattern(URL_PATTERN)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def has_unsafe(text: str) -> bool:
    """Does ``text`` hold a character that ``visible`` would escape (tab and newline aside)?"""
    return find_unsafe(text) is not None


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control, format, invisible or line-separating character shown as an
    escape (``\\x1b``, ``\\u202e``, ``\\U000e0041``); tabs and newlines become spaces unless
    ``keep_newlines`` asks to keep them."""
    if not keep_newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return replace_unsafe(text, _escape)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}"


def json_text(text: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with the characters it leaves raw (DEL,
    C1, format and separator characters, lone surrogates) written as ``\\uXXXX`` escapes.

    The data is unchanged (a JSON reader gets the same strings back); only no terminal, editor
    or JavaScript parser that shows the file meets them raw. Outside strings JSON is ASCII, and
    the raw newlines and tabs ``json.dumps`` writes are layout, which this leaves alone.
    """
    return replace_unsafe(text, _json_escape)


# --- Markdown (CommonMark and GitHub Flavored Markdown) ----------------------------------------

# Backslash-escaped wherever they are: emphasis, code, links, images, raw HTML, headings,
# quotes, tables, strikethrough and the backslash itself. '&' only where it would start an
# entity (&lt; would show as <). 'www.' and 'scheme://' would become links (GFM autolinks).
_MD_INLINE = lazy_pattern(
    r"(?i)[\\`*_\[\]<>#|~]|&(?=#?[A-Za-z0-9]+;)|(?<=www)\.|(?<=[A-Za-z]):(?=//)"
)
# At the start of a paragraph or list item: a bullet or ordered list marker (followed by a
# space or nothing), or a line of dashes (a thematic break).
_MD_BLOCK = lazy_pattern(r"[-+](?=[ \t]|$)|-(?=[- \t]*$)|[0-9]{1,9}(?=[.)](?:[ \t]|$))")


def _markdown_line(line: str) -> str:
    escaped = _MD_INLINE.sub(r"\\\g<0>", line)
    start = _MD_BLOCK.match(escaped)
    if start is None:
        return escaped
    if start.group()[0].isdigit():  # escape the '.' or ')' that follows the number
        end = start.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return "\\" + escaped


def markdown_text(text: str, keep_newlines: bool = False) -> str:
    """``text`` as Markdown inline content that renders as exactly this text, on one line.

    Safe in a paragraph, a heading, a list item and a table cell; escapes made by ``visible``
    come first. Newlines become spaces, or with ``keep_newlines`` a ``<br>`` (for table cells).
    An e-mail address may still be shown as a mailto link by GFM renderers (no escape stops
    that), but with exactly its own text.
    """
    if not keep_newlines:
        return _markdown_line(visible(text).strip(" "))
    lines = visible(text, keep_newlines=True).strip(" \n").split("\n")
    return "<br>".join(_markdown_line(line.replace("\t", " ")) for line in lines)


def safe_url(url: str | None) -> str | None:
    """``url`` if it may become a link: http(s), no spaces, quotes, angle brackets or controls."""
    if url and _URL.fullmatch(url) and not has_unsafe(url):
        return url
    return None


_MD_ENTITY = lazy_pattern(r"&#?[A-Za-z0-9]+;")


def markdown_link(url: str) -> str:
    """A Markdown link to ``url`` (which passed ``safe_url``) showing the address itself.

    An autolink (``<url>``) where it is read the same everywhere; an address holding something
    like an entity (``&amp;``), which renderers disagree about in autolinks, gets an inline link
    whose destination is backslash-escaped instead.
    """
    if not _MD_ENTITY.search(url):
        return f"<{url}>"
    destination = re.sub(r"[\\<>&]", r"\\\g<0>", url)
    return f"[{markdown_text(url)}](<{destination}>)"
