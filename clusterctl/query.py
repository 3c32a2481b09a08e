"""Pure queries over a loaded catalog: select, sort, limit, and what links to what.

Nothing here reads files or prints; every function takes records and returns records.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from clusterctl import model
from clusterctl.catalog import spec
from clusterctl.catalog.index import Catalog, Link, fold
from clusterctl.dates import PartialDate, When, overlaps, parse_when, sort_key
from clusterctl.errors import DateError, UsageError, suggestion_hint
from clusterctl.lazyclass import dataclass

if TYPE_CHECKING:
    from clusterctl.catalog.textindex import Match

T = TypeVar("T")

# The date each kind is filtered and sorted by with --since/--until.
DATE_FIELD = {
    "cluster": "established",
    "milestone": "date",
    "policy": "announced",
    "source": "published",
    "era": "period",  # from start to end (or to today): kept when it overlaps
}
DEFAULT_SORT = {
    "cluster": "name",
    "milestone": "date",
    "policy": "announced",
    "source": "published",
    "actor": "name",
    "region": "id",
    "industry": "id",
    "era": "start",
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
    about: tuple[str, ...] = ()  # ids named in clusters, policies or actors (timeline ID...)


# The partial-date fields of each type. Records carry each one's bounds right after it.
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    entity_type: tuple(name for name, f in fields.items() if f.kind == "date")
    for entity_type, fields in spec.FIELDS.items()
}
# Keys that hold partial-date text in records, at any depth (figures, compare's milestones).
PARTIAL_DATE_KEYS = frozenset(
    {"as_of", *(name for names in DATE_FIELDS.values() for name in names)}
)


def bound_names(name: str) -> tuple[str, str]:
    """The keys of a partial date's first and last day: ``date_start``, ``date_end``."""
    return f"{name}_start", f"{name}_end"


@functools.cache
def _field_names(entity_type: str) -> tuple[str, ...]:
    cls = model.ENTITY_TYPES[entity_type]
    names = ["type"]
    for name in model.field_names(cls):
        if name == "mark":
            continue
        names.append(name)
        if name in DATE_FIELDS[entity_type]:
            names.extend(bound_names(name))
    return tuple(names)


def field_names(entity_type: str) -> list[str]:
    """The record keys of a type, in output order: each partial date is followed by its
    bounds (``established``, ``established_start``, ``established_end``)."""
    return list(_field_names(entity_type))


def select(catalog: Catalog, entity_type: str, filters: Filters) -> list[model.Entity]:
    """The entities of one type that pass every filter, in catalog order."""
    tests = _tests(catalog, entity_type, filters)
    pool = _candidates(catalog, entity_type, filters)
    if pool is None:
        pool = catalog.of_type(entity_type)
    return [e for e in pool if all(test(e) for test in tests)]


def _reference_filters(
    entity_type: str, f: Filters
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The filters set that name ids, each with the fields a record may name them in."""
    actors = "lead_actors" if entity_type == "policy" else "actors"
    table = (
        (f.clusters, ("clusters",)),
        # A cluster names no policy: its programmes name it (``members`` below).
        (f.policies if entity_type != "cluster" else (), ("policies",)),
        (f.actors, (actors,)),
        (f.about, ("clusters", "policies", "actors")),
    )
    return [(wanted, names) for wanted, names in table if wanted]


def _candidates(catalog: Catalog, entity_type: str, f: Filters) -> Sequence[model.Entity] | None:
    """What may pass the first reference filter set, from the reverse links.

    A superset (every test still runs on it), so the answer is the same as a scan; but a
    record that names none of the wanted ids is never even decoded from the parse cache.
    None when no reference filter is set.
    """
    references = _reference_filters(entity_type, f)
    if not references:
        return None
    wanted, names = references[0]
    found = {
        link.source.id: link.source
        for target in wanted
        for link in catalog.linked_from(target)
        if link.field in names and link.source.type == entity_type
    }
    return sorted(found.values(), key=lambda e: catalog.position(e.id))


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

    if f.policies and entity_type == "cluster":
        chosen = members(catalog, f.policies)
        tests.append(lambda e: e.id in chosen)
    if f.kinds:
        tests.append(any_in("kind", f.kinds))
    if f.countries:
        tests.append(any_in("country", f.countries))
    if f.statuses:
        tests.append(any_in("status", f.statuses))
    tests.extend(_names_any(wanted, names) for wanted, names in _reference_filters(entity_type, f))
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


def members(catalog: Catalog, policy_ids: Sequence[str]) -> set[str]:
    """The clusters a programme names in its ``clusters`` field: its members."""
    return {
        cluster_id
        for policy_id in policy_ids
        for cluster_id in getattr(catalog.get(policy_id, model.Policy), "clusters", ())
    }


def _names_any(ids: Sequence[str], names: Sequence[str]) -> Callable[[model.Entity], bool]:
    """A test: does the record name any of ``ids`` in any of the fields ``names``?"""
    chosen = set(ids)

    def test(e: model.Entity) -> bool:
        return any(not chosen.isdisjoint(getattr(e, name, ())) for name in names)

    return test


def _when_in(when: When | None, since: date | None, until: date | None) -> bool:
    return when is not None and overlaps(when, since, until)


def sort_keys(spec: str) -> list[tuple[str, bool]]:
    """``--sort`` text as (field, descending) pairs: ``region,-established``.

    Only one ``-`` means descending: ``--name`` is a usage error rather than a guess, and so
    is a spec with no field in it (``--sort ''``), which would otherwise sort by nothing.
    """
    keys: list[tuple[str, bool]] = []
    for part in spec.split(","):
        text = part.strip()
        if not text:
            continue
        name = text[1:] if text.startswith("-") else text
        if not name or name.startswith(("-", "+")) or not name.replace(".", "_").isidentifier():
            hint = f"use -{name.lstrip('-+')} to sort descending" if name.strip("-+") else ""
            raise UsageError(
                f"--sort: {text!r} is not a field name, or a field name after one '-'",
                [h for h in (hint,) if h],
            )
        if any(name == seen for seen, _ in keys):
            raise UsageError(f"--sort: {name!r} is named twice")
        keys.append((name, text.startswith("-")))
    if not keys:
        got = "an empty value" if not spec.strip() else repr(spec)
        raise UsageError(
            f"--sort: expected field names separated by commas (region,-established), got {got}"
        )
    return keys


def _sorted(
    items: list[Any],
    keys: list[tuple[str, bool]],
    get: Callable[[Any, str], Any],
    tie: Callable[[Any], Any],
    value_key: Callable[[Any], Any],
) -> list[Any]:
    """Stable multi-key sort: by each key in turn, missing values last whatever the direction,
    ``tie`` (ascending) deciding what every key leaves equal."""
    ordered = sorted(items, key=tie)
    for name, descending in reversed(keys):  # least significant key first; sorts are stable
        present = [item for item in ordered if _is_present(get(item, name))]
        missing = [item for item in ordered if not _is_present(get(item, name))]
        present.sort(key=lambda item: value_key(get(item, name)), reverse=descending)
        ordered = present + missing
    return ordered


def sort(
    entities: Iterable[model.Entity],
    entity_type: str,
    spec: str | None,
    extra: dict[str, dict[str, Any]] | None = None,
) -> list[model.Entity]:
    """Sort by record fields (or computed ones in ``extra``), ``-field`` descending, several
    keys comma-separated (``region,-established``); dotted names reach inside a mapping
    (``location.lat``). Missing values go last for each key, whichever the direction.
    """
    keys = sort_keys(spec if spec is not None else DEFAULT_SORT.get(entity_type, "id"))
    computed = sorted({k for values in (extra or {}).values() for k in values})
    valid = [*sortable_fields(entity_type), *computed]
    for name, _ in keys:
        if name not in valid:
            raise UsageError(
                f"--sort: {entity_type} records have no field {name!r}",
                [*suggestion_hint(name, valid), "sortable fields: " + ", ".join(valid)],
            )

    bounds = {
        bound: (name, index)
        for name in DATE_FIELDS.get(entity_type, ())
        for index, bound in enumerate(bound_names(name))
    }

    def get(entity: model.Entity, name: str) -> Any:
        if name in computed:
            return (extra or {}).get(entity.id, {}).get(name)
        if name in bounds:  # a date's first or last day
            date_field, index = bounds[name]
            when = getattr(entity, date_field, None)
            return None if when is None else (when.earliest, when.latest)[index]
        value: Any = entity
        for part in name.split("."):
            value = getattr(value, part, None)
        return value

    return _sorted(list(entities), keys, get, lambda e: e.id, _sort_value)


def sortable_fields(entity_type: str) -> list[str]:
    """What ``--sort`` and ``--fields`` may name for a type: its fields (but ``type``) and,
    for a mapping field, its keys dotted (``location.lat``), as CSV headers name them."""
    names: list[str] = []
    for name in field_names(entity_type)[1:]:
        names.append(name)
        names.extend(f"{name}.{sub}" for sub in NESTED.get(name, ()))
    return names


# Fields whose value is a mapping, with its keys: ``--fields``/``--sort`` may name them dotted.
NESTED: dict[str, tuple[str, ...]] = {"location": model.field_names(model.Location)}


def _is_present(value: Any) -> bool:
    return value is not None and value != ()


def _sort_value(value: Any) -> Any:
    if isinstance(value, PartialDate) or hasattr(value, "earliest"):
        return sort_key(value)
    if isinstance(value, date):
        return value
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


# --- views -----------------------------------------------------------------------------------


def sort_records(
    records: list[dict[str, Any]], spec: str | None, valid: Sequence[str]
) -> list[dict[str, Any]]:
    """Sort view records by keys as ``sort`` does (``a,-b``, dotted names, missing last).

    Partial-date text sorts by time, as the listings sort dates: by first day, then last
    (``2005`` before ``2005-07``, and ``2018/2020`` before ``2018-06``).
    """
    if spec is None:
        return records
    keys = sort_keys(spec)
    allowed = [name for name in valid if name != "type"]
    for name, _ in keys:
        if name not in allowed:
            raise UsageError(
                f"--sort: no field {name!r} here",
                [*suggestion_hint(name, allowed), "sortable fields: " + ", ".join(allowed)],
            )

    def get(record: dict[str, Any], name: str) -> Any:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str) and name.rpartition(".")[2] in PARTIAL_DATE_KEYS:
            try:
                return parse_when(value)
            except DateError:  # not a catalog date after all: sorted as text
                return value
        return None if value == [] else value

    return _sorted(records, keys, get, lambda r: str(r.get("id")), _record_value)


def _record_value(value: Any) -> Any:
    if hasattr(value, "earliest"):  # a partial date or a range
        return (2, 0, sort_key(value))
    if isinstance(value, bool):
        return (0, int(value), "")
    if isinstance(value, (int, float)):
        return (0, value, "")
    if isinstance(value, list):
        return (1, 0, fold(", ".join(str(v) for v in value)))
    return (1, 0, fold(str(value)))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A milestone placed in a group of the timeline.

    ``group`` is the heading people read; ``group_id`` the stable key: the cluster or policy
    id, the year (as text), or ``""`` for the no-group group and for ``--group-by none``.
    """

    group: str
    milestone: model.Milestone
    group_id: str = ""


def focus_ids(catalog: Catalog, names: Sequence[str]) -> tuple[str, ...]:
    """Resolve ``timeline ID...`` arguments to cluster, policy or actor ids."""
    return tuple(catalog.resolve(n, ("cluster", "policy", "actor")).id for n in names)


def timeline(
    catalog: Catalog, milestones: Iterable[model.Entity], group_by: str
) -> list[TimelineEntry]:
    """The milestones in groups: each group once, in order of its first milestone, with its
    milestones in the order given (the CLI gives date order) and the no-group group last.

    A milestone under several groups (two clusters) is an entry in each. Which milestones
    is ``select``'s job (the ``about`` filter follows ``timeline ID...``).
    """
    entries = [
        TimelineEntry(label, milestone, group_id)
        for milestone in milestones
        if isinstance(milestone, model.Milestone)
        for group_id, label in _groups(catalog, milestone, group_by)
    ]
    return grouped(entries, lambda entry: entry.group_id)


def grouped(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """``items`` gathered by ``key``: each key's items together and in their own order, the
    keys in order of first appearance, the empty key (no group) last."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    order = sorted(groups, key=lambda k: k == "")  # stable: first appearance otherwise
    return [item for k in order for item in groups[k]]


def _groups(catalog: Catalog, milestone: model.Milestone, group_by: str) -> list[tuple[str, str]]:
    """The (group id, label) pairs a milestone belongs to."""
    if group_by == "year":
        year = str(milestone.date.earliest.year)
        return [(year, year)]
    if group_by == "none":
        return [("", "")]
    ids = milestone.clusters if group_by == "cluster" else milestone.policies
    groups = [(i, catalog.by_id[i].label) for i in dict.fromkeys(ids) if i in catalog.by_id]
    return groups or [("", f"(no {group_by})")]


@dataclass(frozen=True, slots=True)
class FigureCell:
    """One cluster's figures in a comparison row: its series under the row's label, latest
    first (by as-of date; undated last), and whether the latest compares with the others'."""

    figures: tuple[model.Figure, ...]
    comparable: bool | None  # None when no other cluster has this figure

    @property
    def figure(self) -> model.Figure | None:
        """The latest figure of the series: the one the row compares."""
        return self.figures[0] if self.figures else None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Clusters side by side. ``figure_rows`` line up figures that share a label (folded):
    per row its label, one cell per cluster, and why the latest figures do not compare."""

    clusters: tuple[model.Cluster, ...]
    milestones: dict[str, tuple[model.Milestone, ...]]
    figure_rows: tuple[tuple[str, tuple[FigureCell, ...], str], ...]


def compare(catalog: Catalog, names: Sequence[str]) -> Comparison:
    """Resolve two or more clusters and line up their attributes."""
    if len(names) < 2:
        raise UsageError("compare needs at least two clusters", ["clusterctl compare A B [C...]"])
    clusters: list[model.Cluster] = []
    for name in names:
        entity = catalog.resolve(name, ("cluster",))
        assert isinstance(entity, model.Cluster)
        if entity in clusters:
            raise UsageError(f"{entity.id} is named twice")
        clusters.append(entity)
    milestones = {
        c.id: tuple(
            sorted(
                (m for m in catalog.milestones() if c.id in m.clusters),
                key=lambda m: sort_key(m.date),
            )
        )
        for c in clusters
    }
    return Comparison(tuple(clusters), milestones, tuple(_figure_rows(clusters)))


def series(figures: Iterable[model.Figure]) -> tuple[model.Figure, ...]:
    """Figures latest first by as-of date, undated last; ties keep catalog order."""
    items = list(figures)
    dated = sorted(
        (f for f in items if f.as_of is not None), key=lambda f: sort_key(f.as_of), reverse=True
    )
    return (*dated, *(f for f in items if f.as_of is None))


def _figure_rows(
    clusters: Sequence[model.Cluster],
) -> list[tuple[str, tuple[FigureCell, ...], str]]:
    """Every figure of every cluster, by label; each row compares the latest of each cluster."""
    labels = list(dict.fromkeys(fold(f.label) for c in clusters for f in c.figures))
    rows = []
    for label in labels:
        found = [series(f for f in c.figures if fold(f.label) == label) for c in clusters]
        latest = [s[0] for s in found if s]
        reason = ""
        if len(latest) > 1:
            if len({f.unit for f in latest}) > 1:
                reason = "not comparable: different units"
            elif len({str(f.as_of) for f in latest}) > 1:
                reason = "not comparable: different dates"
            elif any(f.note for f in latest):
                reason = "check the notes before comparing"
        comparable = None if len(latest) < 2 else not reason.startswith("not comparable")
        cells = tuple(FigureCell(s, comparable if s else None) for s in found)
        rows.append((latest[0].label, cells, reason))
    return rows


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One entity matching a search, with where and how well it matched."""

    entity: model.Entity
    score: int
    field: str
    text: str
    start: int
    end: int


def skeleton(text: str) -> str:
    """A romanisation-insensitive key: Taejŏn, Daejon and Daejeon all become ``dejon``."""
    from clusterctl.catalog.textindex import skeleton_of_folded

    return skeleton_of_folded(fold(text))


_NAME_FIELDS = ("id", "name", "title", "name_ko", "aliases")


def search(catalog: Catalog, text: str, types: Sequence[str] = ()) -> list[SearchHit]:
    """Every entity whose text matches, best first: exact id or name, then names, then the rest.

    Matching ignores case, accents, spacing and hyphens; Hangul matches as written; a second
    pass compares romanisation skeletons so McCune-Reischauer spellings find Revised ones.
    A catalog from the parse cache is searched through its text index, which finds the texts
    that match without folding them all; each is scored here, as without it.
    """
    needle = fold(text)
    if not needle:
        raise UsageError("search needs some text", ['clusterctl search "bio cluster"'])
    bone = skeleton(text)
    index = catalog.text_index()
    matched = index.matches(needle, bone) if index is not None else None
    if matched is None:
        hits = _search_all(catalog, needle, bone, types)
    else:
        hits = _search_matched(catalog, matched, needle, bone, types)
    hits.sort(key=lambda h: (-h.score, h.entity.type, h.entity.id))
    return hits


def _search_all(catalog: Catalog, needle: str, bone: str, types: Sequence[str]) -> list[SearchHit]:
    """Score every text of every entity."""
    from clusterctl.catalog.textindex import search_texts, skeleton_of_folded

    hits: list[SearchHit] = []
    for entity in catalog.entities:
        if types and entity.type not in types:
            continue
        best: SearchHit | None = None
        for field_name, value in search_texts(entity):
            score = _score(field_name, fold(value), needle, bone, None, skeleton_of_folded)
            if score and (best is None or score > best.score):
                best = SearchHit(entity, score, field_name, value, 0, 0)
        if best is not None:
            hits.append(_with_span(best, needle))
    return hits


def _search_matched(
    catalog: Catalog, matched: list[Match], needle: str, bone: str, types: Sequence[str]
) -> list[SearchHit]:
    """Score the texts an index found, keeping each entity's best as ``_search_all`` does:
    the highest score, and of equal scores the text that comes first."""
    from clusterctl.catalog.textindex import search_texts, skeleton_of_folded

    best: dict[int, tuple[int, int, str]] = {}
    for folded, shape, holders in matched:
        scores: dict[str, int] = {}
        for position, ordinal, field_name in holders:
            score = scores.get(field_name)
            if score is None:
                score = _score(field_name, folded, needle, bone, shape, skeleton_of_folded)
                scores[field_name] = score
            if not score:
                continue
            kept = best.get(position)
            if kept is None or score > kept[0] or (score == kept[0] and ordinal < kept[1]):
                best[position] = (score, ordinal, field_name)
    hits: list[SearchHit] = []
    for position, (score, ordinal, field_name) in best.items():
        entity = catalog.entities[position]
        if types and entity.type not in types:
            continue
        _, value = next(islice(search_texts(entity), ordinal, None))
        hits.append(_with_span(SearchHit(entity, score, field_name, value, 0, 0), needle))
    return hits


def _score(
    field_name: str,
    folded: str,
    needle: str,
    bone: str,
    shape: str | None,
    make_shape: Callable[[str], str],
) -> int:
    """How well one folded text matches (0: not at all); ``shape`` is its skeleton if known,
    else made with ``make_shape`` when needed. The highlight span is found later, for the best
    text only."""
    is_name = field_name in _NAME_FIELDS
    if folded == needle:
        return 100 if field_name == "id" else 90 if is_name else 50
    if needle in folded:
        starts = folded.startswith(needle) or f" {needle}" in folded
        return (70 if starts else 60) if is_name else (40 if starts else 30)
    if bone and len(bone) >= 3:
        if shape is None:
            shape = make_shape(folded)
        if bone in shape:
            return (80 if shape == bone else 55) if is_name else 20
    return 0


def _with_span(hit: SearchHit, needle: str) -> SearchHit:
    """Locate ``needle`` (folded) in the hit's text, in the text's own characters."""
    value = hit.text
    # Folding printable ASCII without runs of spaces keeps every character in its place, so
    # a plain search finds the first match (the loop below costs a fold per substring).
    if value.isascii() and value.isprintable() and "  " not in value:
        start = value.casefold().replace("-", " ").find(needle)
        if start >= 0 and fold(value[start : start + len(needle)]) == needle:
            return SearchHit(hit.entity, hit.score, hit.field, value, start, start + len(needle))
    for start in range(len(value)):
        if value[start].isspace():
            continue
        for end in range(start + 1, len(value) + 1):
            piece = fold(value[start:end])
            if piece == needle:
                return SearchHit(hit.entity, hit.score, hit.field, value, start, end)
            if len(piece) > len(needle) + 2:
                break
    return hit


STAT_DIMENSIONS = ("type", "region", "industry", "kind", "country", "decade", "year")

# The filters each listing command takes (``Filters`` field names). ``stats`` takes the same
# filters as the listing of the type it counts, so every count can be listed.
LISTING_FILTERS: dict[str, tuple[str, ...]] = {
    "cluster": ("regions", "industries", "kinds", "countries", "statuses", "policies",
                "since", "until"),
    "milestone": (
        "clusters", "policies", "actors", "kinds", "regions", "industries", "since", "until",
    ),
    "policy": ("kinds", "actors", "since", "until"),
    "actor": ("kinds", "countries"),
    "source": ("kinds", "since", "until"),
    "region": ("countries",),
    "industry": (),
    "era": ("kinds", "since", "until"),
}  # fmt: skip
FILTER_FLAGS = {
    "regions": "--region",
    "industries": "--industry",
    "kinds": "--kind",
    "countries": "--country",
    "statuses": "--status",
    "clusters": "--cluster",
    "policies": "--policy",
    "actors": "--actor",
    "since": "--since",
    "until": "--until",
    "about": "ID arguments",
}
# The listing filter that lists what a stats dimension counts under one value: the count of
# value V is the length of the listing filtered by V (a decade or year by --since/--until).
STAT_FILTER = {
    "region": "regions",
    "industry": "industries",
    "kind": "kinds",
    "country": "countries",
    "decade": "since",
    "year": "since",
}
NO_VALUE = ("none", "unknown")  # the keys of the row counting records with no value


def stat_dimensions(entity_type: str) -> list[str]:
    """The ``stats --by`` dimensions that can count ``entity_type`` records."""
    allowed = LISTING_FILTERS.get(entity_type, ())
    return [by for by in STAT_DIMENSIONS if by == "type" or STAT_FILTER[by] in allowed]


def stat_type(by: str, entity_type: str | None) -> str | None:
    """The type ``stats --by`` counts: the one asked for, else clusters (milestones by
    decade or year); None for ``--by type`` over every type. A usage error when the
    dimension has nothing to count that type by."""
    if by == "type":
        return entity_type
    counted = entity_type or ("milestone" if by in ("decade", "year") else "cluster")
    valid = stat_dimensions(counted)
    if by not in valid:
        raise UsageError(
            f"--by {by}: {counted} records have no {by} to count by",
            [f"{counted} records count by: " + ", ".join(valid)],
        )
    return counted


def check_filters(entity_type: str | None, given: Iterable[str]) -> None:
    """A usage error when a filter (a ``Filters`` field name) does not apply to the type."""
    allowed = LISTING_FILTERS.get(entity_type, ()) if entity_type else ()
    for name in given:
        if name in allowed:
            continue
        flag = FILTER_FLAGS.get(name, name)
        if entity_type is None:
            raise UsageError(f"{flag}: give one --type for the filters to apply to")
        flags = list(dict.fromkeys(FILTER_FLAGS[n] for n in allowed))
        raise UsageError(
            f"{flag} does not apply to {entity_type} records",
            [f"{entity_type} filters: " + (", ".join(flags) or "none")],
        )


def _filters_set(f: Filters) -> list[str]:
    return [name for name in FILTER_FLAGS if getattr(f, name)]


@dataclass(frozen=True, slots=True)
class StatRow:
    """One bar of a statistics chart."""

    key: str
    label: str
    count: int
    sources: tuple[str, ...] = ()  # what the counted entities cite, for --cite


def stats(
    catalog: Catalog, by: str, entity_type: str | None = None, filters: Filters | None = None
) -> tuple[str, list[StatRow]]:
    """Count the records ``select`` keeps by a dimension; returns the type counted and rows.

    A record counts once under each value it has, never once per path to it: a milestone
    touching two clusters in one region counts once for that region. So the count of value
    V is exactly the length of the listing filtered by V (``STAT_FILTER``), and a record
    with no value counts once under ``none`` (``unknown`` for dates). A date counts in every
    decade or year it overlaps, as ``--since/--until`` list it. ``region``/``industry``/
    ``kind``/``country`` count clusters unless told otherwise; ``decade``/``year`` milestones.
    Rows come largest first; decades and years in time order, unknown last.
    """
    from collections import Counter

    filters = filters or Filters()
    counted = stat_type(by, entity_type)
    check_filters(counted, _filters_set(filters))
    counter: Counter[str] = Counter()
    labels: dict[str, str] = {}
    cited: dict[str, dict[str, None]] = {}
    if by == "type":
        types = [counted] if counted else list(model.ENTITY_TYPES)
        pairs = [(e, [(t, t)]) for t in types for e in select(catalog, t, filters)]
        labels = {t: t for t in types}
        counter.update(dict.fromkeys(types, 0))
    else:
        assert counted is not None
        years = (
            filters.since.earliest.year if filters.since else 1,
            filters.until.latest.year if filters.until else 9999,
        )
        pairs = [(e, _stat_keys(catalog, e, by, years)) for e in select(catalog, counted, filters)]
    for entity, keys in pairs:
        for key, label in dict.fromkeys(keys):
            counter[key] += 1
            labels[key] = label
            cited.setdefault(key, {}).update(dict.fromkeys(cited_sources(entity)))
    rows = [StatRow(k, labels[k], n, tuple(cited.get(k, {}))) for k, n in counter.items()]
    if by == "type":
        return counted or "entity", sorted(rows, key=lambda r: -r.count)
    if by in ("decade", "year"):
        rows.sort(key=lambda r: (1, 0) if r.key in NO_VALUE else (0, int(r.key.rstrip("s"))))
    else:
        rows.sort(key=lambda r: (r.key in NO_VALUE, -r.count, r.label))
    return counted or "entity", rows


def _stat_keys(
    catalog: Catalog, entity: model.Entity, by: str, years: tuple[int, int] = (1, 9999)
) -> list[tuple[str, str]]:
    """The (key, label) values ``entity`` has in a dimension, each once; a date's years
    only as far as they fall in ``years`` (the --since/--until window)."""
    if by in ("decade", "year"):
        attr = DATE_FIELD.get(entity.type)
        when = getattr(entity, attr, None) if attr else None
        if when is None:
            return [("unknown", "unknown")]
        first, last = max(when.earliest.year, years[0]), min(when.latest.year, years[1])
        if by == "year":
            return [(str(y), str(y)) for y in range(first, last + 1)]
        return [(f"{d * 10}s", f"{d * 10}s") for d in range(first // 10, last // 10 + 1)]
    if by in ("region", "industry"):
        attr = "region" if by == "region" else "industries"
        if entity.type == "cluster":
            ids = list(_as_tuple(getattr(entity, attr, None)))
        else:  # through the clusters the record concerns, as --region/--industry filter
            ids = [
                v
                for c in getattr(entity, "clusters", ())
                for v in _as_tuple(getattr(catalog.get(c, model.Cluster), attr, None))
            ]
        if not ids:
            return [("none", f"(no {by})")]
        unique = dict.fromkeys(ids)
        return [(i, f"{catalog.by_id[i].label} ({i})" if i in catalog.by_id else i) for i in unique]
    value = getattr(entity, by, None)
    return [(str(value), str(value))] if value else [("none", f"(no {by})")]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def vocabulary_counts(catalog: Catalog, entity_type: str) -> dict[str, dict[str, int]]:
    """For regions and industries: how many clusters and milestones each one has."""
    attr = "region" if entity_type == "region" else "industries"
    counts = {
        e.id: {"cluster_count": 0, "milestone_count": 0} for e in catalog.of_type(entity_type)
    }
    cluster_keys: dict[str, tuple[str, ...]] = {}
    for cluster in catalog.clusters():
        keys = _as_tuple(getattr(cluster, attr))
        cluster_keys[cluster.id] = keys
        for key in keys:
            counts[key]["cluster_count"] += 1
    for milestone in catalog.milestones():
        touched = {k for c in milestone.clusters for k in cluster_keys.get(c, ())}
        for key in touched:
            counts[key]["milestone_count"] += 1
    return counts
