"""The catalog's fields, declared once: the validator checks against them, the schema prints them.

Each entity kind maps field names (the curator's words, also the JSON keys) to a FieldSpec.
"""

from __future__ import annotations

from dataclasses import dataclass

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REGION_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
URL_PATTERN = r"^https?://[^\s]+$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"


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
}

SOURCED_TYPES = ("cluster", "milestone", "policy")
