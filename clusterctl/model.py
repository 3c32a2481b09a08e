"""Frozen records for every entity in a catalog. No I/O, no parsing: just the shapes.

Field names are the catalog's own words; they are also the JSON output's keys, in this order.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date
from typing import Any, ClassVar

from clusterctl.dates import DateRange, PartialDate, When
from clusterctl.lazyclass import dataclass
from clusterctl.lazyclass import field_names as _declared_fields


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a record was written: file, 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Location:
    """A point in decimal degrees (WGS 84)."""

    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its unit and meaning, and the date it refers to when it changes."""

    value: int | float
    unit: str
    label: str
    as_of: When | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Ranking:
    """A place in a published ranking."""

    rank: int
    ranking: str
    publisher: str
    as_of: When
    out_of: int | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """Fields every entity has. ``mark`` says where it was defined and is not output."""

    type: ClassVar[str] = "entity"
    id: str
    mark: Mark | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        """The short human name of the record."""
        return self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Entity):
    """Where facts come from: an article, a press release, a ranking, an official page."""

    type: ClassVar[str] = "source"
    title: str
    publisher: str
    published: When | None = None
    url: str | None = None
    language: str
    kind: str
    seed: str | None = None
    summary: str | None = None
    notes: str | None = None

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True, kw_only=True)
class Region(Entity):
    """An ISO 3166-2 subdivision (or an ISO 3166-1 country); the id is the code."""

    type: ClassVar[str] = "region"
    name: str
    name_ko: str | None = None
    aliases: tuple[str, ...] = ()
    country: str

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Industry(Entity):
    """An entry of the controlled industries vocabulary."""

    type: ClassVar[str] = "industry"
    name: str
    name_ko: str | None = None
    aliases: tuple[str, ...] = ()
    summary: str | None = None

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor(Entity):
    """A ministry, agency, committee, university, hospital, institute, company or person."""

    type: ClassVar[str] = "actor"
    name: str
    name_ko: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str
    country: str
    summary: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy(Entity):
    """A law, strategy, plan or programme."""

    type: ClassVar[str] = "policy"
    name: str
    name_ko: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str
    announced: When | None = None
    lead_actors: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    summary: str | None = None
    notes: str | None = None
    sources: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster(Entity):
    """A place-based cluster, zone, complex or hub, Korean or foreign."""

    type: ClassVar[str] = "cluster"
    name: str
    name_ko: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str
    country: str
    region: str | None = None
    location: Location | None = None
    industries: tuple[str, ...] = ()
    established: When | None = None
    status: str | None = None
    operators: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    rankings: tuple[Ranking, ...] = ()
    related: tuple[str, ...] = ()
    summary: str | None = None
    notes: str | None = None
    sources: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Milestone(Entity):
    """A dated event: a plan announced, a law passed, a zone designated, a meeting, a visit."""

    type: ClassVar[str] = "milestone"
    date: When
    title: str
    kind: str
    clusters: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    venue: str | None = None
    figures: tuple[Figure, ...] = ()
    summary: str | None = None
    notes: str | None = None
    sources: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True, kw_only=True)
class Era(Entity):
    """A period that frames a timeline: a presidential administration, an acting presidency.

    ``start`` and ``end`` are single partial dates (never ranges); an era still going on has
    no ``end``.
    """

    type: ClassVar[str] = "era"
    name: str
    name_ko: str | None = None
    kind: str
    start: PartialDate
    end: PartialDate | None = None
    sources: tuple[str, ...]
    notes: str | None = None

    @property
    def label(self) -> str:
        return self.name

    @property
    def period(self) -> DateRange:
        """The days the era covers: from its start to its end or, while it goes on, to today
        (what lies ahead is not known)."""
        if self.end is not None:
            return DateRange(self.start, self.end)
        today = date.today()
        last = PartialDate(today.year, today.month, today.day)
        return DateRange(self.start, last if last.latest >= self.start.earliest else self.start)


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def field_names(cls: type[Any]) -> tuple[str, ...]:
    """The fields of a record type, in declaration order.

    Remembered per type: output and search ask once per record.
    """
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = _declared_fields(cls)
    return names


ENTITY_TYPES: dict[str, type[Entity]] = {
    "source": Source,
    "region": Region,
    "industry": Industry,
    "actor": Actor,
    "policy": Policy,
    "cluster": Cluster,
    "milestone": Milestone,
    "era": Era,
}

# The catalog's top-level sections, in the order a curator meets them.
SECTIONS: dict[str, str] = {
    "sources": "source",
    "regions": "region",
    "industries": "industry",
    "actors": "actor",
    "policies": "policy",
    "clusters": "cluster",
    "milestones": "milestone",
    "eras": "era",
}

__all__ = [
    "ENTITY_TYPES",
    "SECTIONS",
    "Actor",
    "Cluster",
    "Entity",
    "Era",
    "Figure",
    "Industry",
    "Location",
    "Mark",
    "Milestone",
    "PartialDate",
    "Policy",
    "Ranking",
    "Region",
    "Source",
    "field_names",
]
