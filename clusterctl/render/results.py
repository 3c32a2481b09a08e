"""What commands hand to the renderer: plain frozen values, no formatting decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clusterctl import model
from clusterctl.catalog.index import Catalog, Link
from clusterctl.catalog.report import ValidationReport
from clusterctl.lazyclass import dataclass
from clusterctl.query import Comparison, Filters, SearchHit, StatRow, TimelineEntry

if TYPE_CHECKING:
    from clusterctl.diff import CatalogDiff  # only `diff` makes one: not loaded for the rest


@dataclass(frozen=True, slots=True)
class ListResult:
    """A listing of one entity type."""

    entity_type: str
    entities: tuple[model.Entity, ...]
    catalog: Catalog
    fields: tuple[str, ...] = ()
    cite: bool = False
    extra: dict[str, dict[str, Any]] | None = None  # computed columns by entity id
    csv_lists: str = "join"  # how CSV writes a list of plain values: join or json
    filters: Filters | None = None  # what chose the entities (a map's subtitle says it)


@dataclass(frozen=True, slots=True)
class ShowResult:
    """One entity in full, with what links to it."""

    entity: model.Entity
    links: tuple[Link, ...]
    catalog: Catalog
    cite: bool = False
    title: str | None = None
    width: int = 100
    csv_lists: str = "join"


@dataclass(frozen=True, slots=True)
class ValidateResult:
    """A validation report over the catalogs in effect."""

    report: ValidationReport


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """A JSON document printed as is (the schema)."""

    document: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Shape:
    """How a view's records are cut: ``--sort``, ``--limit``, ``--fields``, ``--cite``; and
    how CSV writes lists (``--csv-lists``)."""

    sort: str | None = None
    limit: int | None = None
    fields: tuple[str, ...] = ()
    cite: bool = False
    csv_lists: str = "join"


@dataclass(frozen=True, slots=True)
class TimelineResult:
    """Milestones in groups (year, cluster, policy or none): each group once, in date order."""

    entries: tuple[TimelineEntry, ...]
    group_by: str
    catalog: Catalog
    shape: Shape = Shape()
    title: str | None = None
    width: int = 100
    # The chart (-o svg, and atop -o html): its page, the era kinds drawn behind it, and the
    # filters given, as the subtitle states them ("--since 2023", "daedeok-innopolis").
    size: str = "slide"
    eras: tuple[str, ...] = ("administration",)
    filters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompareResult:
    """Clusters side by side."""

    comparison: Comparison
    catalog: Catalog
    shape: Shape = Shape()
    title: str | None = None


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Entities matching a text, best first."""

    query: str
    hits: tuple[SearchHit, ...]
    catalog: Catalog
    shape: Shape = Shape()


@dataclass(frozen=True, slots=True)
class StatsResult:
    """Counts of one entity type by one dimension."""

    by: str
    counted: str
    rows: tuple[StatRow, ...]
    shape: Shape = Shape()


@dataclass(frozen=True, slots=True)
class DiffResult:
    """What changed between two catalogs; ``old`` and ``new`` say how to name them."""

    diff: CatalogDiff
    old: str  # how to name each side: the file, or "the catalogs in effect"
    new: str
    catalog: Catalog  # the new one: records of added and changed entities come from it
    old_catalog: Catalog  # records of removed entities come from it


ViewResult = TimelineResult | CompareResult | SearchResult | StatsResult
Result = ListResult | ShowResult | ValidateResult | DocumentResult | ViewResult | DiffResult
