"""The library: load the catalogs and run the queries the CLI runs, for notebooks and scripts.

    >>> import clusterctl
    >>> catalog = clusterctl.load()                       # the shipped catalog
    >>> mine = clusterctl.load(["notes.yaml"])            # ... with an overlay on top
    >>> catalog.milestones(cluster="daedeok", since="2020")[0]["date"]

Every method returns exactly what the matching command prints with ``-o json``: a list of
records (plain dicts, the JSON contract of the README), or one record for ``show``. Filters
take what the command's flags take (ids, names, Hangul, aliases; forgiving dates such as
``"June 2023"``), one value or a list of them. Problems raise the CLI's errors, all
``clusterctl.errors.ClusterctlError``: ``UsageError`` for a value that is not accepted (the
message names the flag), ``NotFoundError`` for a name that matches nothing, ``CatalogError``
for a catalog that does not validate.

The functions named ``..._result`` build what the CLI renders; the commands call them too, so
the CLI and the library cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from clusterctl import arguments, model, query
from clusterctl.catalog import cache as parse_cache
from clusterctl.catalog.index import Catalog as Index
from clusterctl.catalog.loader import CatalogSelection
from clusterctl.catalog.loader import load as load_selection
from clusterctl.errors import UsageError, suggestion_hint
from clusterctl.render import records
from clusterctl.render.results import (
    CompareResult,
    ListResult,
    SearchResult,
    Shape,
    ShowResult,
    StatsResult,
    TimelineResult,
)

Values = str | Sequence[str] | None
"""One value, several, or none: ``"KR-30"``, ``["KR-30", "Seoul"]``."""

Record = dict[str, Any]

# Filter keyword (the flag's name) → the ``query.Filters`` field it sets.
FILTER_NAMES = {
    "region": "regions",
    "industry": "industries",
    "kind": "kinds",
    "country": "countries",
    "status": "statuses",
    "cluster": "clusters",
    "policy": "policies",
    "actor": "actors",
    "since": "since",
    "until": "until",
}
GROUPS = ("year", "cluster", "policy", "none")
WHOLE = Shape()  # every record, every field, uncited
CSV_LISTS = ("join", "json")


# --- what the CLI renders and the library returns ------------------------------------------


def shape(
    sort: str | None = None,
    limit: int | None = None,
    fields: Values = None,
    cite: bool = False,
    csv_lists: str = "join",
) -> Shape:
    """How records are cut and cited, from CLI-style values (``fields`` as ``"a,b"`` too)."""
    if limit is not None and limit < 0:
        raise UsageError(f"--limit: {limit} is less than 0")
    if csv_lists not in CSV_LISTS:
        raise UsageError(f"--csv-lists: {csv_lists!r} is not one of: {', '.join(CSV_LISTS)}")
    return Shape(sort, limit, _field_list(fields), cite, csv_lists)


def list_result(
    catalog: Index,
    entity_type: str,
    filters: Mapping[str, Values] | None = None,
    cut: Shape = WHOLE,
) -> ListResult:
    """A listing: the records of one type that pass ``filters`` (``query.Filters`` field
    names: ``regions``, ``since``, ...), sorted, limited and cut to ``--fields``."""
    given = _given(filters)
    query.check_filters(entity_type, given)
    records.check_fields(entity_type, cut.fields)
    chosen = arguments.filters(catalog, entity_type, **given)
    extra = (
        query.vocabulary_counts(catalog, entity_type)
        if entity_type in ("region", "industry")
        else None
    )
    selected = query.select(catalog, entity_type, chosen)
    ordered = query.limit(query.sort(selected, entity_type, cut.sort, extra), cut.limit)
    return ListResult(
        entity_type, tuple(ordered), catalog, cut.fields, cut.cite, extra, cut.csv_lists, chosen
    )


def show_result(
    catalog: Index,
    name: str,
    cite: bool = False,
    title: str | None = None,
    width: int = 100,
    csv_lists: str = "join",
) -> ShowResult:
    """One entity, found by id, name, alias or Hangul, with what links to it."""
    entity = catalog.resolve(name)
    links = tuple(query.linked(catalog, entity))
    return ShowResult(entity, links, catalog, cite, title, width, csv_lists)


def timeline_result(
    catalog: Index,
    names: Sequence[str] = (),
    group_by: str = "year",
    filters: Mapping[str, Values] | None = None,
    cut: Shape = WHOLE,
    title: str | None = None,
    width: int = 100,
    size: str = "slide",
    eras: Sequence[str] = ("administration",),
    stated: Sequence[str] = (),
) -> TimelineResult:
    """Milestones in date order and in groups, following the clusters, policies or actors
    ``names`` names (all milestones when none). ``size``, ``eras`` and ``stated`` (the
    filters as a subtitle states them) shape the chart of ``-o svg``."""
    if group_by not in GROUPS:
        raise UsageError(f"--group-by: {group_by!r} is not one of: {', '.join(GROUPS)}")
    given = _given(filters)
    query.check_filters("milestone", given)
    chosen = arguments.filters(catalog, "milestone", **given)
    about = dataclasses.replace(chosen, about=query.focus_ids(catalog, names))
    selected = query.sort(query.select(catalog, "milestone", about), "milestone", None)
    entries = query.timeline(catalog, selected, group_by)
    result = TimelineResult(tuple(entries), group_by, catalog, cut, title, width, size,
                            tuple(eras), tuple(stated))  # fmt: skip
    records.check_fields("these", cut.fields, records.view_keys(result))
    return result


def compare_result(
    catalog: Index, names: Sequence[str], cut: Shape = WHOLE, title: str | None = None
) -> CompareResult:
    """Two or more clusters side by side (``title`` heads its briefing)."""
    result = CompareResult(query.compare(catalog, list(names)), catalog, cut, title)
    records.check_fields("these", cut.fields, records.view_keys(result))
    return result


def search_result(
    catalog: Index, text: str, types: Values = None, cut: Shape = WHOLE
) -> SearchResult:
    """Every entity whose text matches ``text``, best first; only ``types`` if given."""
    wanted = _values(types)
    for entity_type in wanted:
        if entity_type not in model.ENTITY_TYPES:
            raise UsageError(
                f"--type: {entity_type!r} is not an entity type",
                ["types: " + ", ".join(model.ENTITY_TYPES)],
            )
    result = SearchResult(text, tuple(query.search(catalog, text, wanted)), catalog, cut)
    records.check_fields("these", cut.fields, records.view_keys(result))
    return result


def stats_result(
    catalog: Index,
    by: str = "type",
    entity_type: str | None = None,
    filters: Mapping[str, Values] | None = None,
    cut: Shape = WHOLE,
) -> StatsResult:
    """Counts of one type's records (``entity_type``; by default clusters, or milestones by
    decade or year) by a dimension, under the filters of that type's listing."""
    if by not in query.STAT_DIMENSIONS:
        raise UsageError(
            f"--by: {by!r} is not a dimension", ["by: " + ", ".join(query.STAT_DIMENSIONS)]
        )
    if entity_type is not None and entity_type not in model.ENTITY_TYPES:
        raise UsageError(
            f"--type: {entity_type!r} is not an entity type",
            ["types: " + ", ".join(model.ENTITY_TYPES)],
        )
    given = _given(filters)
    counted = query.stat_type(by, entity_type)
    query.check_filters(counted, given)
    chosen = arguments.filters(catalog, counted or "cluster", **given)
    counted_type, rows = query.stats(catalog, by, counted, chosen)
    result = StatsResult(by, counted_type, tuple(rows), cut)
    records.check_fields("these", cut.fields, records.view_keys(result))
    return result


def _given(filters: Mapping[str, Values] | None) -> dict[str, Any]:
    """The filters that hold a value, each a list of text (dates as they are)."""
    given: dict[str, Any] = {}
    for name, raw in (filters or {}).items():
        if raw is None or raw in ([], ()):
            continue
        given[name] = raw if name in ("since", "until") else _values(raw)
    return given


def _values(raw: Values) -> list[str]:
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else list(raw)


def _field_list(fields: Values) -> tuple[str, ...]:
    if fields is None:
        return ()
    text = fields if isinstance(fields, str) else ",".join(fields)
    return arguments.field_list(text)


def _filters(keywords: Mapping[str, Values]) -> dict[str, Values]:
    """Library keywords (``region=``) as ``query.Filters`` names (``regions``)."""
    named = {}
    for name, raw in keywords.items():
        field = FILTER_NAMES.get(name)
        if field is None:
            hint = suggestion_hint(name, list(FILTER_NAMES))
            raise UsageError(f"no filter {name!r}", [*hint, "filters: " + ", ".join(FILTER_NAMES)])
        if name in ("since", "until") and raw is not None and not isinstance(raw, str):
            raise UsageError(f"--{name}: expected one date as text, got {raw!r}")
        named[field] = raw
    return named


# --- the public face -----------------------------------------------------------------------


def load(
    paths: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True, cache: bool = True
) -> Catalog:
    """Load the shipped catalog (unless ``builtin=False``) with the catalog files ``paths``
    layered on top, in order, as ``clusterctl --catalog PATH`` does (``CLUSTERCTL_CATALOG``
    is not read: a script says what it loads). Raises CatalogError when they do not
    validate. ``cache=False`` parses afresh instead of using the parse cache."""
    overlays = tuple(os.fspath(path) for path in paths)
    selection = CatalogSelection(builtin, overlays, parse_cache.enabled(not cache))
    return Catalog(load_selection(selection))


class Catalog:
    """The catalogs in effect, and the CLI's queries over them.

    Each method returns the records the matching command prints with ``-o json``: the same
    keys in the same order, dates as partial-date text with ISO bounds beside them.
    ``sort``, ``limit``, ``fields`` and ``cite`` work as ``--sort``, ``--limit``,
    ``--fields`` and ``--cite`` do. Filters are keywords named as the flags are (``region``,
    ``industry``, ``kind``, ``country``, ``status``, ``cluster``, ``policy``, ``actor``,
    ``since``, ``until``); each listing takes the ones its command takes, and any other is
    a UsageError.
    """

    def __init__(self, index: Index) -> None:
        self._index = index

    @property
    def index(self) -> Index:
        """The loaded records and their indexes (``clusterctl.catalog.index.Catalog``)."""
        return self._index

    @property
    def version(self) -> str | None:
        """The base catalog's ``catalog_version``."""
        return self._index.catalog_version

    @property
    def paths(self) -> list[str]:
        """The catalog files in effect, in layering order."""
        return list(self._index.paths)

    def __repr__(self) -> str:
        return f"<clusterctl.Catalog {self.version or 'unversioned'} from {self.paths}>"

    # listings

    def clusters(
        self,
        *,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl clusters``: filters region, industry, kind, country, status, policy
        (member clusters), since, until (established)."""
        return self._listing("cluster", filters, sort, limit, fields, cite)

    def milestones(
        self,
        *,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl milestones``, in date order: filters cluster, policy, actor, kind,
        region, industry, since, until."""
        return self._listing("milestone", filters, sort, limit, fields, cite)

    def policies(
        self,
        *,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl policies``: filters kind, actor (lead actors), since, until."""
        return self._listing("policy", filters, sort, limit, fields, cite)

    def actors(
        self,
        *,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl actors``: filters kind, country."""
        return self._listing("actor", filters, sort, limit, fields, cite)

    def sources(
        self,
        *,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl sources``: filters kind, since, until (published)."""
        return self._listing("source", filters, sort, limit, fields, False)

    def regions(
        self,
        *,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl regions``, with cluster and milestone counts: filter country."""
        return self._listing("region", filters, sort, limit, fields, False)

    def industries(
        self, *, sort: str | None = None, limit: int | None = None, fields: Values = None
    ) -> list[Record]:
        """``clusterctl industries``, with cluster and milestone counts."""
        return self._listing("industry", {}, sort, limit, fields, False)

    def eras(
        self,
        *,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl eras``, the administrations that frame timelines: filters kind,
        since, until (eras that overlap the period)."""
        return self._listing("era", filters, sort, limit, fields, cite)

    def _listing(
        self,
        entity_type: str,
        filters: Mapping[str, Values],
        sort: str | None,
        limit: int | None,
        fields: Values,
        cite: bool,
    ) -> list[Record]:
        cut = shape(sort, limit, fields, cite)
        result = list_result(self._index, entity_type, _filters(filters), cut)
        return records.list_records(result)

    # one entity

    def show(self, name: str, *, cite: bool = False) -> Record:
        """``clusterctl show NAME``: one entity by id, name, alias or Hangul (or a unique part
        of one), with ``references`` and ``referenced_by``. NotFoundError when nothing (or
        more than one thing) matches."""
        return records.show_record(show_result(self._index, name, cite))

    # views

    def timeline(
        self,
        *names: str,
        group_by: str = "year",
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl timeline [NAME...]``: one record per milestone and group (year,
        cluster, policy or none), following the clusters, policies or actors named; the
        filters of ``milestones``."""
        cut = shape(sort, limit, fields, cite)
        result = timeline_result(self._index, names, group_by, _filters(filters), cut)
        return records.view_records(result)

    def compare(
        self,
        *names: str,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
    ) -> list[Record]:
        """``clusterctl compare A B [C...]``: one record per cluster, in the order named."""
        cut = shape(sort, limit, fields, cite)
        return records.view_records(compare_result(self._index, names, cut))

    def search(
        self,
        text: str,
        *,
        types: Values = None,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
    ) -> list[Record]:
        """``clusterctl search TEXT [--type TYPE...]``: matches, best first."""
        cut = shape(sort, limit, fields, cite)
        return records.view_records(search_result(self._index, text, types, cut))

    def stats(
        self,
        by: str = "type",
        *,
        entity_type: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        fields: Values = None,
        cite: bool = False,
        **filters: Values,
    ) -> list[Record]:
        """``clusterctl stats --by BY [--type TYPE]``: counts by type, region, industry, kind,
        country, decade or year, under the filters of the counted type's listing."""
        cut = shape(sort, limit, fields, cite)
        result = stats_result(self._index, by, entity_type, _filters(filters), cut)
        return records.view_records(result)


__all__ = ["Catalog", "Record", "Values", "load"]
