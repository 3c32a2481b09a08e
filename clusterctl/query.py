"""Pure queries over a loaded catalog: select, sort, limit, and what links to what.

Nothing here reads files or prints; every function takes records and returns records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from clusterctl import model
from clusterctl.catalog.index import Catalog, Link, fold
from clusterctl.dates import PartialDate, When, overlaps, sort_key
from clusterctl.errors import UsageError, suggestion_hint

# The date each kind is filtered and sorted by with --since/--until.
DATE_FIELD = {
    "cluster": "established",
    "milestone": "date",
    "policy": "announced",
    "source": "published",
}
DEFAULT_SORT = {
    "cluster": "name",
    "milestone": "date",
    "policy": "announced",
    "source": "published",
    "actor": "name",
    "region": "id",
    "industry": "id",
}


@dataclass(frozen=True, slots=True)
class Filters:
    """What a listing keeps. Empty tuples keep everything; values are resolved ids."""

    regions: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None


def field_names(entity_type: str) -> list[str]:
    """The record keys of a type, in output order."""
    cls = model.ENTITY_TYPES[entity_type]
    return ["type", *(f.name for f in fields(cls) if f.name != "mark")]


def select(catalog: Catalog, entity_type: str, filters: Filters) -> list[model.Entity]:
    """The entities of one type that pass every filter, in catalog order."""
    tests = _tests(catalog, entity_type, filters)
    return [e for e in catalog.of_type(entity_type) if all(test(e) for test in tests)]


def _tests(catalog: Catalog, entity_type: str, f: Filters) -> list[Callable[[model.Entity], bool]]:
    tests: list[Callable[[model.Entity], bool]] = []

    def any_in(attr: str, wanted: Sequence[str]) -> Callable[[model.Entity], bool]:
        chosen = set(wanted)

        def test(e: model.Entity) -> bool:
            value = getattr(e, attr, None)
            values = value if isinstance(value, tuple) else (value,)
            return not chosen.isdisjoint(values)

        return test

    def via_clusters(attr: str, wanted: Sequence[str]) -> Callable[[model.Entity], bool]:
        chosen = set(wanted)

        def test(e: model.Entity) -> bool:
            for cluster_id in getattr(e, "clusters", ()):
                cluster = catalog.get(cluster_id, model.Cluster)
                value = getattr(cluster, attr, None) if cluster else None
                values = value if isinstance(value, tuple) else (value,)
                if not chosen.isdisjoint(values):
                    return True
            return False

        return test

    if f.kinds:
        tests.append(any_in("kind", f.kinds))
    if f.countries:
        tests.append(any_in("country", f.countries))
    if f.statuses:
        tests.append(any_in("status", f.statuses))
    if f.clusters:
        tests.append(any_in("clusters", f.clusters))
    if f.policies:
        tests.append(any_in("policies", f.policies))
    if f.actors:
        attr = "lead_actors" if entity_type == "policy" else "actors"
        tests.append(any_in(attr, f.actors))
    if f.regions:
        if entity_type == "cluster":
            tests.append(any_in("region", f.regions))
        else:
            tests.append(via_clusters("region", f.regions))
    if f.industries:
        if entity_type == "cluster":
            tests.append(any_in("industries", f.industries))
        else:
            tests.append(via_clusters("industries", f.industries))
    if f.since or f.until:
        date_attr = DATE_FIELD.get(entity_type)
        if date_attr is None:
            raise UsageError(f"{entity_type} records have no date to filter by")
        since = f.since.earliest if f.since else None
        until = f.until.latest if f.until else None
        tests.append(lambda e: _when_in(getattr(e, date_attr, None), since, until))
    return tests


def _when_in(when: When | None, since: date | None, until: date | None) -> bool:
    return when is not None and overlaps(when, since, until)


def sort(
    entities: Iterable[model.Entity], entity_type: str, spec: str | None
) -> list[model.Entity]:
    """Sort by a record field; ``-field`` sorts descending. Missing values always go last."""
    chosen = spec or DEFAULT_SORT.get(entity_type, "id")
    descending = chosen.startswith("-")
    name = chosen.lstrip("-")
    valid = field_names(entity_type)
    if name not in valid or name == "type":
        raise UsageError(
            f"--sort: {entity_type} records have no field {name!r}",
            [*suggestion_hint(name, valid), "sortable fields: " + ", ".join(valid[1:])],
        )
    items = list(entities)
    present = [e for e in items if _is_present(getattr(e, name, None))]
    missing = [e for e in items if not _is_present(getattr(e, name, None))]
    present.sort(key=lambda e: (_sort_value(getattr(e, name)), e.id), reverse=descending)
    return present + missing


def _is_present(value: Any) -> bool:
    return value is not None and value != ()


def _sort_value(value: Any) -> Any:
    if isinstance(value, PartialDate) or hasattr(value, "earliest"):
        return sort_key(value)
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, tuple):
        return tuple(_sort_value(v) for v in value)
    if isinstance(value, (int, float)):
        return value
    return str(value)


def limit(entities: list[model.Entity], count: int | None) -> list[model.Entity]:
    return entities if count is None else entities[:count]


def linked(catalog: Catalog, entity: model.Entity) -> list[Link]:
    """What refers to ``entity``, milestones in date order, then everything else."""
    links = catalog.linked_from(entity.id)
    return sorted(
        links,
        key=lambda link: (
            link.source.type != "milestone",
            sort_key(getattr(link.source, "date", None)),
            link.source.type,
            link.source.id,
        ),
    )


def cited_sources(entity: model.Entity) -> list[str]:
    """Source ids an entity cites, directly and through its rankings, first mention first."""
    ids = list(getattr(entity, "sources", ()))
    for ranking in getattr(entity, "rankings", ()):
        ids.extend(ranking.sources)
    return list(dict.fromkeys(ids))
