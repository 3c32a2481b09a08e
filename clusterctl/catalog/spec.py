"""The catalog's fields, declared once: the validator checks against them, the schema prints them.

Each entity kind maps field names (the curator's words, also the JSON keys) to a FieldSpec.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from clusterctl.lazyclass import dataclass

# The version of the catalog format this code reads (the ``schema_version`` a catalog sets).
SCHEMA_VERSION = 1
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REGION_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
# An http(s) address as written in text: no spaces, controls, quotes or angle brackets (which
# would end it early in Markdown, HTML or a terminal), nor other characters RFC 3986 never
# allows unencoded; non-ASCII letters are fine (an IRI).
URL_PATTERN = r'^https?://[^\s"<>\\^`{|}\x00-\x1f\x7f-\x9f]+$'

# Characters that catalog text may not hold, as the body of a regex character class. Each is
# invisible, reorders or breaks a line, or drives a terminal: shown as it is, it would make text
# read as something other than what it is. The validator refuses them (tab and line feed are
# allowed in prose) and every output escapes them (render/safe.py), so text from anywhere else
# is inert too. Those beyond the BMP are kept apart: a class that holds them is many times
# slower for every character it looks at, and they are rare in text.
_UNSAFE_BMP = (
    "\x00-\x08\x0b-\x1f"  # C0 controls except tab and line feed
    "\x7f-\x9f"  # DEL and the C1 controls (CSI, OSC, NEL, ...)
    # Format characters (Unicode category Cf, as of Unicode 15.1): soft hyphen, bidirectional
    # marks, embeddings, overrides and isolates, zero-width spaces and joiners, the BOM,
    # interlinear annotation; beyond the BMP, the tag characters (the whole block) and others.
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\u2028\u2029"  # line and paragraph separators (Zl, Zp)
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers, which show as blank space
    "\ud800-\udfff"  # lone surrogates (no UTF-8 file holds them; an escape could)
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters, and U+nFFFE and U+nFFFF of every plane
)
_UNSAFE_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f"
) + "".join(
    chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000)
)
UNSAFE_CHARACTERS = _UNSAFE_BMP + _UNSAFE_ASTRAL


class _LazyPattern:
    """A regex compiled when first used: compiled at import, every run would pay for it."""

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self._pattern)
        for method in ("search", "match", "fullmatch", "finditer", "sub"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy_pattern(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, done the first time the pattern is used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern))


_BMP_RE = lazy_pattern(f"[{_UNSAFE_BMP}]")
_ASTRAL_RE = lazy_pattern(f"[{_UNSAFE_ASTRAL}]")
_BEYOND_BMP_RE = lazy_pattern("[\U00010000-\U0010ffff]")
_FILLERS_RE = lazy_pattern("[\u115f\u1160\u3164\uffa0]")


def _plain(text: str) -> bool:
    """Surely none: every unsafe character but the Hangul fillers is one that Python does not
    call printable. Tab and line feed are not printable either, but are allowed: text with
    line breaks (prose, a whole JSON document) is checked without them, not by the regex."""
    if not text.isprintable():
        if "\n" not in text and "\t" not in text:
            return False
        text = text.replace("\n", "").replace("\t", "")
        if not text.isprintable():
            return False
    return text.isascii() or _FILLERS_RE.search(text) is None


def find_unsafe(text: str) -> str | None:
    """The first character of ``text`` that catalog text may not hold (tab and line feed
    aside), or None."""
    if _plain(text):
        return None
    first = _BMP_RE.search(text)
    end = first.start() if first else len(text)
    for wide in _BEYOND_BMP_RE.finditer(text, 0, end):
        if _ASTRAL_RE.match(wide.group()):
            return wide.group()
    return first.group() if first else None


def replace_unsafe(text: str, replace: Callable[[str], str]) -> str:
    """``text`` with each unsafe character ``c`` (tab and line feed aside) as ``replace(c)``,
    which must give ASCII."""
    if _plain(text):
        return text
    text = _BMP_RE.sub(lambda match: replace(match.group()), text)
    if text.isascii():
        return text

    def astral(match: re.Match[str]) -> str:
        char = match.group()
        return replace(char) if _ASTRAL_RE.match(char) else char

    return _BEYOND_BMP_RE.sub(astral, text)


# Fields whose text is prose, where a line break or a tab is part of the text; every other
# text field (names, titles, ids, urls, units, ...) is one line.
PROSE_FIELDS = frozenset({"summary", "notes", "note"})

_C0_NAMES = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_C1_NAMES = (
    "DELETE",
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
)


def describe(char: str) -> str:
    """``U+001B ESCAPE``: a character by code point and name, for messages."""
    import unicodedata

    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif 0x7F <= code <= 0x9F:
        name = _C1_NAMES[code - 0x7F]
    elif 0xD800 <= code <= 0xDFFF:
        name = "SURROGATE"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        name = "NONCHARACTER"
    else:
        name = unicodedata.name(char, "UNASSIGNED")
    return f"U+{code:04X} {name}"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one field is written and checked.

    ``kind`` is one of: id, text, texts, date, ref, refs, choice, country, language, url,
    location, figures, rankings, integer, number.
    """

    kind: str
    description: str
    required: bool = False
    target: str | None = None  # entity type a ref/refs points at
    choices: tuple[str, ...] = ()


CLUSTER_KINDS = (
    "special-rd-zone",
    "research-complex",
    "innovation-cluster",
    "bio-cluster",
    "industrial-complex",
    "technology-valley",
    "science-belt",
    "startup-hub",
    "metropolitan-cluster",
)
CLUSTER_STATUSES = ("planned", "proposed", "under-construction", "active", "superseded", "closed")
MILESTONE_KINDS = (
    "announcement",
    "plan",
    "law",
    "designation",
    "establishment",
    "selection",
    "meeting",
    "agreement",
    "visit",
    "opening",
    "event",
    "ranking",
)
POLICY_KINDS = ("law", "decree", "strategy", "plan", "programme", "project", "system")
ACTOR_KINDS = (
    "head-of-state",
    "ministry",
    "agency",
    "committee",
    "council",
    "local-government",
    "university",
    "hospital",
    "institute",
    "company",
    "person",
    "organisation",
    "media",
)
# What sort of period an era is: a president's time in office, or an acting president's
# (which may overlap an administration whose president's powers were suspended).
ERA_KINDS = ("administration", "acting-presidency")
# What sort of document, which tells a source of record (an official page or release, a press
# report) from a secondary compilation (an encyclopedia article, a database's copy of a text).
SOURCE_KINDS = (
    "news",
    "press-release",
    "official-page",
    "magazine",
    "report",
    "ranking",
    "paper",
    "encyclopedia",
    "database",
)

_NAME = FieldSpec("text", "English name", required=True)
_NAME_KO = FieldSpec("text", "Korean name in Hangul")
_ALIASES = FieldSpec("texts", "other names people use: abbreviations, former names, romanisations")
_SUMMARY = FieldSpec("text", "a short description in the catalog's own words")
_NOTES = FieldSpec("text", "curator's notes: caveats, disagreements between sources")
_SOURCES = FieldSpec("refs", "ids of the sources that support this entry", target="source")
_REQUIRED_SOURCES = FieldSpec(
    "refs", "ids of the sources that support this entry", required=True, target="source"
)
_FIGURES = FieldSpec("figures", "numbers with a unit, a label and the date they refer to")

FIGURE_FIELDS: dict[str, FieldSpec] = {
    "value": FieldSpec("number", "the number itself", required=True),
    "unit": FieldSpec(
        "text", "what is counted or measured (companies, people, percent, KRW)", required=True
    ),
    "label": FieldSpec("text", "what the number means", required=True),
    "as_of": FieldSpec("date", "the date or period the number refers to"),
    "note": FieldSpec("text", "qualifications: a target rather than a fact, a definition"),
}

RANKING_FIELDS: dict[str, FieldSpec] = {
    "rank": FieldSpec("integer", "place in the ranking (1 is first)", required=True),
    "ranking": FieldSpec("text", "the ranking's name", required=True),
    "publisher": FieldSpec("text", "who publishes the ranking", required=True),
    "as_of": FieldSpec("date", "the edition (year) of the ranking", required=True),
    "out_of": FieldSpec("integer", "how many entries the ranking has"),
    "sources": FieldSpec("refs", "sources for this ranking", target="source"),
}

LOCATION_FIELDS: dict[str, FieldSpec] = {
    "lat": FieldSpec("number", "latitude in decimal degrees (WGS 84)", required=True),
    "lon": FieldSpec("number", "longitude in decimal degrees (WGS 84)", required=True),
}

FIELDS: dict[str, dict[str, FieldSpec]] = {
    "source": {
        "id": FieldSpec("id", "stable lowercase hyphenated id", required=True),
        "title": FieldSpec("text", "title of the document", required=True),
        "publisher": FieldSpec("text", "who published it", required=True),
        "kind": FieldSpec(
            "choice",
            "what sort of document: official-page (a government or agency page), "
            "press-release, news, magazine, report, ranking, paper; encyclopedia or database "
            "(secondary compilations: an encyclopedia article, a legal database's copy of a "
            "statute)",
            required=True,
            choices=SOURCE_KINDS,
        ),
        "language": FieldSpec(
            "language", "language of the document (BCP 47: en, ko)", required=True
        ),
        "published": FieldSpec("date", "publication date"),
        "url": FieldSpec("url", "where it can be read"),
        "seed": FieldSpec("text", "the project's source card for a seed document (seeds/...)"),
        "summary": _SUMMARY,
        "notes": _NOTES,
    },
    "region": {
        "id": FieldSpec("id", "ISO 3166-2 code (KR-30) or ISO 3166-1 country code", required=True),
        "name": _NAME,
        "country": FieldSpec("country", "ISO 3166-1 alpha-2 country code", required=True),
        "name_ko": _NAME_KO,
        "aliases": _ALIASES,
    },
    "industry": {
        "id": FieldSpec("id", "stable lowercase hyphenated id", required=True),
        "name": _NAME,
        "name_ko": _NAME_KO,
        "aliases": _ALIASES,
        "summary": _SUMMARY,
    },
    "actor": {
        "id": FieldSpec("id", "stable lowercase hyphenated id", required=True),
        "name": _NAME,
        "kind": FieldSpec("choice", "what sort of actor", required=True, choices=ACTOR_KINDS),
        "country": FieldSpec("country", "ISO 3166-1 alpha-2 country code", required=True),
        "name_ko": _NAME_KO,
        "aliases": _ALIASES,
        "summary": _SUMMARY,
        "sources": _SOURCES,
    },
    "policy": {
        "id": FieldSpec("id", "stable lowercase hyphenated id", required=True),
        "name": _NAME,
        "kind": FieldSpec("choice", "what sort of policy", required=True, choices=POLICY_KINDS),
        "sources": _REQUIRED_SOURCES,
        "name_ko": _NAME_KO,
        "aliases": _ALIASES,
        "announced": FieldSpec("date", "when it was announced, enacted or launched"),
        "lead_actors": FieldSpec("refs", "actors who lead it", target="actor"),
        "clusters": FieldSpec("refs", "clusters it shapes", target="cluster"),
        "figures": _FIGURES,
        "summary": _SUMMARY,
        "notes": _NOTES,
    },
    "cluster": {
        "id": FieldSpec("id", "stable lowercase hyphenated id", required=True),
        "name": _NAME,
        "kind": FieldSpec("choice", "what sort of cluster", required=True, choices=CLUSTER_KINDS),
        "country": FieldSpec("country", "ISO 3166-1 alpha-2 country code", required=True),
        "sources": _REQUIRED_SOURCES,
        "name_ko": _NAME_KO,
        "aliases": _ALIASES,
        "region": FieldSpec("ref", "ISO 3166-2 region id", target="region"),
        "location": FieldSpec("location", "a representative point: {lat, lon} in decimal degrees"),
        "industries": FieldSpec("refs", "industry ids", target="industry"),
        "established": FieldSpec("date", "when it was established or designated"),
        "status": FieldSpec("choice", "where it stands now", choices=CLUSTER_STATUSES),
        "operators": FieldSpec("refs", "actors who run or govern it", target="actor"),
        "anchors": FieldSpec(
            "refs", "anchor institutions and companies located there", target="actor"
        ),
        "figures": _FIGURES,
        "rankings": FieldSpec("rankings", "places in published rankings"),
        "related": FieldSpec("refs", "related clusters", target="cluster"),
        "summary": _SUMMARY,
        "notes": _NOTES,
    },
    "milestone": {
        "id": FieldSpec("id", "stable lowercase hyphenated id", required=True),
        "date": FieldSpec("date", "when it happened, at the precision known", required=True),
        "title": FieldSpec("text", "a one-line title", required=True),
        "kind": FieldSpec("choice", "what sort of event", required=True, choices=MILESTONE_KINDS),
        "sources": _REQUIRED_SOURCES,
        "clusters": FieldSpec("refs", "clusters concerned", target="cluster"),
        "policies": FieldSpec("refs", "policies concerned", target="policy"),
        "actors": FieldSpec("refs", "actors involved", target="actor"),
        "venue": FieldSpec("text", "where it took place"),
        "figures": _FIGURES,
        "summary": _SUMMARY,
        "notes": _NOTES,
    },
    "era": {
        "id": FieldSpec("id", "stable lowercase hyphenated id", required=True),
        "name": _NAME,
        "kind": FieldSpec(
            "choice",
            "what sort of period: administration (a president's time in office) or "
            "acting-presidency (eras of one kind never overlap)",
            required=True,
            choices=ERA_KINDS,
        ),
        "start": FieldSpec(
            "date",
            "the first day, at the precision a source gives: one partial date, not a range",
            required=True,
        ),
        "sources": _REQUIRED_SOURCES,
        "name_ko": _NAME_KO,
        "end": FieldSpec(
            "date",
            "the last day (the day a successor took office, where sources give that); one "
            "partial date, absent while the era goes on",
        ),
        "notes": _NOTES,
    },
}

SOURCED_TYPES = ("cluster", "milestone", "policy", "era")
