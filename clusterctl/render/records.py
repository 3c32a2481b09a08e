"""The one place records become plain dicts: the JSON contract (keys, order, value shapes).

Every object carries ``type`` and ``id`` first, then the catalog's fields in their declared
order. Absent values are ``null`` (or ``[]`` for lists) so every record of a type has the same
keys, in every command and every subset. Dates are their partial-date strings (``"2023-06"``),
never expanded, each followed by its bounds as ISO dates (``date_start``, ``date_end``: the
first and last day it covers), so that tools read a real date column whatever the subset.

The catalog's own shape (``catalog_record``, what ``export -o json|yaml`` writes) is the
other: absent values left out and nothing derived, as a curator would write it.
"""

from __future__ import annotations

from typing import Any

from clusterctl import model
from clusterctl.catalog.index import Catalog, references
from clusterctl.dates import DateRange, PartialDate, bounds
from clusterctl.errors import UsageError, suggestion_hint
from clusterctl.query import (
    DATE_FIELDS,
    NESTED,
    bound_names,
    field_names,
    grouped,
    sort_records,
)
from clusterctl.render.results import (
    CompareResult,
    DiffResult,
    DocumentResult,
    ListResult,
    Result,
    SearchResult,
    ShowResult,
    StatsResult,
    TimelineResult,
    ValidateResult,
    ViewResult,
)

JSON_CONTRACT_VERSION = 1


def value(item: Any) -> Any:
    """A field value as JSON-ready data (a figure's or ranking's ``as_of`` with its bounds)."""
    if item is None or type(item) is str:  # most values: first, for large listings
        return item
    if isinstance(item, (PartialDate, DateRange)):
        return str(item)
    if isinstance(item, tuple):
        return [value(v) for v in item]
    if isinstance(item, model.Location):
        return {"lat": item.lat, "lon": item.lon}
    if isinstance(item, (model.Figure, model.Ranking)):
        out: dict[str, Any] = {}
        for name in model.field_names(type(item)):
            put(out, name, getattr(item, name))
        return out
    return item


def put(record: dict[str, Any], name: str, item: Any) -> None:
    """Set ``record[name]`` to ``item`` as data; a partial date (or a field that holds one,
    even when absent) is followed by its bounds, ``NAME_start`` and ``NAME_end``."""
    record[name] = value(item)
    if isinstance(item, (PartialDate, DateRange)) or (item is None and name in _DATED):
        start, end = bound_names(name)
        record[start], record[end] = bounds(item)


# Field names that hold a partial date, wherever they are: their bounds come even when null.
_DATED = frozenset({"as_of", *(name for names in DATE_FIELDS.values() for name in names)})


def is_bound(key: str) -> bool:
    """Is ``key`` a date's bound (``date_start``, ``as_of_end``), derived for machines?"""
    base, _, end = key.rpartition("_")
    return end in ("start", "end") and base in _DATED


def without_bounds(item: Any, keep: tuple[str, ...] = ()) -> Any:
    """``item`` with every date bound taken out, at any depth, but the top-level keys in
    ``keep`` (asked for by ``--fields``): what people read (Markdown, ``show`` and ``compare``
    as TSV) shows a date at its own precision only."""
    if isinstance(item, dict):
        return {k: without_bounds(v) for k, v in item.items() if k in keep or not is_bound(k)}
    if isinstance(item, list):
        return [without_bounds(v) for v in item]
    return item


def citation(source: model.Source) -> dict[str, Any]:
    """A source expanded for ``--cite``."""
    record: dict[str, Any] = {"id": source.id, "title": source.title, "publisher": source.publisher}
    put(record, "published", source.published)
    record["url"] = source.url
    return record


def to_record(entity: model.Entity, catalog: Catalog, cite: bool = False) -> dict[str, Any]:
    """One entity as an ordered dict of the JSON contract."""
    record: dict[str, Any] = {"type": entity.type, "id": entity.id}
    for name in model.field_names(type(entity)):
        if name in ("id", "mark"):
            continue
        put(record, name, getattr(entity, name))
    if cite:
        if "sources" in record:
            record["sources"] = _cite(record["sources"], catalog)
        for ranking in record.get("rankings", []):
            ranking["sources"] = _cite(ranking["sources"], catalog)
    return record


def catalog_record(entity: model.Entity) -> dict[str, Any]:
    """One entity in the catalog's own shape, as a curator writes it (``export -o json``):
    ``id`` and the fields in their declared order, absent ones (null, empty lists) left out,
    nothing derived (no ``type``, no date bounds)."""
    record: dict[str, Any] = {"id": entity.id}
    for name in model.field_names(type(entity)):
        item = _written(getattr(entity, name))
        if name not in ("id", "mark") and _is_written(item):
            record[name] = item
    return record


def _written(item: Any) -> Any:
    if isinstance(item, (PartialDate, DateRange)):
        return str(item)
    if isinstance(item, tuple):
        return [_written(v) for v in item]
    if isinstance(item, (model.Location, model.Figure, model.Ranking)):
        parts = ((name, _written(getattr(item, name))) for name in model.field_names(type(item)))
        return {name: part for name, part in parts if _is_written(part)}
    return item


def _is_written(item: Any) -> bool:
    return item is not None and not (isinstance(item, list) and not item)


def _cite(ids: list[str], catalog: Catalog) -> list[Any]:
    cited: list[Any] = []
    for source_id in ids:
        source = catalog.get(source_id, model.Source)
        cited.append(citation(source) if source else source_id)
    return cited


def select_fields(record: dict[str, Any], wanted: tuple[str, ...]) -> dict[str, Any]:
    """``type``, ``id`` and the ``wanted`` keys, each once, in the order first asked for.

    A dotted name keeps the nesting (``location.lat`` gives ``{"location": {"lat": ...}}``,
    so CSV still names the column ``location.lat``); a whole mapping asked for too wins.
    """
    if not wanted:
        return record
    whole = {name for name in wanted if "." not in name}
    selected: dict[str, Any] = {"type": record["type"], "id": record["id"]}
    for name in wanted:
        head, _, sub = name.partition(".")
        if head in ("type", "id") or (sub and head in whole):
            continue
        if not sub:
            selected[head] = record.get(head)
            continue
        inner = record.get(head)
        part = selected.setdefault(head, {})
        part[sub] = inner.get(sub) if isinstance(inner, dict) else None
    return selected


def with_dotted(keys: list[str]) -> list[str]:
    """``keys`` and, after each that holds a mapping, its keys dotted (``location.lat``)."""
    out: list[str] = []
    for key in keys:
        out.append(key)
        out.extend(f"{key}.{sub}" for sub in NESTED_VIEW_KEYS.get(key, ()))
    return out


def check_fields(what: str, wanted: tuple[str, ...], valid: list[str] | None = None) -> None:
    """Raise a usage error naming the valid fields when ``--fields`` asks for an unknown one."""
    valid = with_dotted(valid if valid is not None else list_keys(what))
    for name in wanted:
        if name not in valid:
            raise UsageError(
                f"--fields: {what} records have no field {name!r}",
                [*suggestion_hint(name, valid), "fields: " + ", ".join(valid)],
            )


def list_records(result: ListResult) -> list[dict[str, Any]]:
    records = []
    for entity in result.entities:
        record = to_record(entity, result.catalog, result.cite)
        if result.extra is not None:
            record.update(result.extra.get(entity.id, {}))
        records.append(select_fields(record, result.fields))
    return records


EXTRA_KEYS = {
    "region": ("cluster_count", "milestone_count"),
    "industry": ("cluster_count", "milestone_count"),
}


def list_keys(entity_type: str) -> list[str]:
    return [*field_names(entity_type), *EXTRA_KEYS.get(entity_type, ())]


LINK_KEYS = ("type", "id", "field", "label", "date", "date_start", "date_end")


def link_record(entity: model.Entity, field: str) -> dict[str, Any]:
    """A short reference to an entity, as ``show`` lists its links both ways: the same keys
    for every entity (``date`` is a milestone's, null for the others)."""
    brief: dict[str, Any] = {"type": entity.type, "id": entity.id, "field": field}
    brief["label"] = entity.label
    put(brief, "date", getattr(entity, "date", None))
    return brief


def show_record(result: ShowResult) -> dict[str, Any]:
    """``show``: the entity's record plus ``references`` (what it links to, resolved, field
    by field in record order; the bare ids stay in their fields) and ``referenced_by``
    (what links to it)."""
    record = to_record(result.entity, result.catalog, result.cite)
    outgoing = []
    for field, target_id in dict.fromkeys(references(result.entity)):
        target = result.catalog.by_id.get(target_id)
        if target is not None:  # a loaded catalog has no dangling reference
            outgoing.append(link_record(target, field))
    record["references"] = outgoing
    record["referenced_by"] = [link_record(link.source, link.field) for link in result.links]
    return record


def report_records(result: ValidateResult) -> dict[str, Any]:
    report = result.report
    return {
        "type": "validation",
        "ok": report.ok,
        "catalogs": report.paths,
        "counts": report.counts,
        "errors": len(report.errors),
        "issues": [
            {
                "code": i.code,
                "severity": i.severity.value,
                "path": i.path,
                "line": i.line,
                "column": i.column,
                "message": i.message,
                "hint": i.hint,
            }
            for i in report
        ],
    }


# --- views ------------------------------------------------------------------------------------


def _brief(milestone: model.Milestone | None) -> dict[str, Any] | None:
    if milestone is None:
        return None
    brief: dict[str, Any] = {"id": milestone.id}
    put(brief, "date", milestone.date)
    brief["title"] = milestone.title
    return brief


BRIEF_KEYS = ("id", "date", "date_start", "date_end", "title")


def timeline_records(result: TimelineResult) -> list[dict[str, Any]]:
    """One record per (milestone, group): a milestone under two clusters is two records, told
    apart by ``group_id`` (the cluster or policy id, the year, or ``""`` for no group)."""
    records = []
    for entry in result.entries:
        record = to_record(entry.milestone, result.catalog, result.shape.cite)
        head = {"type": record.pop("type"), "id": record.pop("id")}
        records.append(head | {"group": entry.group, "group_id": entry.group_id} | record)
    return records


def timeline_counts(result: TimelineResult) -> tuple[int, int]:
    """How many records a timeline writes, and how many distinct milestones they are."""
    if result.shape.sort:  # which entries --limit keeps depends on the order
        ids = [r["id"] for r in shaped_records(result)]
    else:  # the entries' own order: no need to build their records a second time
        ids = [entry.milestone.id for entry in result.entries][: result.shape.limit]
    return len(ids), len(set(ids))


# Mappings in records, with their keys: ``--fields``/``--sort`` may name them dotted.
NESTED_VIEW_KEYS: dict[str, tuple[str, ...]] = {
    **NESTED,
    "first_milestone": BRIEF_KEYS,
    "latest_milestone": BRIEF_KEYS,
    "match": ("field", "text", "start", "end"),
}

COMPARE_KEYS = (
    "type", "id", "name", "name_ko", "kind", "country", "region", "established",
    "established_start", "established_end", "status",
    "industries", "operators", "anchors", "figures", "rankings", "milestone_count",
    "first_milestone", "latest_milestone", "sources",
)  # fmt: skip


EARLIER = "earlier figure: each cluster's latest is compared"


def compare_records(result: CompareResult) -> list[dict[str, Any]]:
    """One record per cluster. ``figures`` holds every figure, row by row (figures sharing a
    label form a series, latest first); each says whether it compares with the others."""
    comparison = result.comparison
    records = []
    for index, cluster in enumerate(comparison.clusters):
        full = to_record(cluster, result.catalog, result.shape.cite)
        record = {key: full.get(key) for key in COMPARE_KEYS if key in full}
        figures = []
        for _, cells, reason in comparison.figure_rows:
            cell = cells[index]
            for position, figure in enumerate(cell.figures):
                if position == 0:  # the latest: the one the row compares
                    verdict = {"comparable": cell.comparable, "comparison": reason or None}
                else:
                    verdict = {"comparable": None, "comparison": EARLIER}
                figures.append(value(figure) | verdict)
        record["figures"] = figures
        milestones = comparison.milestones[cluster.id]
        record["milestone_count"] = len(milestones)
        record["first_milestone"] = _brief(milestones[0] if milestones else None)
        record["latest_milestone"] = _brief(milestones[-1] if milestones else None)
        records.append({key: record.get(key) for key in COMPARE_KEYS})
    return records


SEARCH_KEYS = ("type", "id", "label", "score", "match", "sources")


def search_records(result: SearchResult) -> list[dict[str, Any]]:
    records = []
    for hit in result.hits:
        record: dict[str, Any] = {
            "type": hit.entity.type,
            "id": hit.entity.id,
            "label": hit.entity.label,
            "score": hit.score,
            "match": {"field": hit.field, "text": hit.text, "start": hit.start, "end": hit.end},
        }
        if result.shape.cite:
            record["sources"] = _cite(list(getattr(hit.entity, "sources", ())), result.catalog)
        records.append(record)
    return records


STATS_KEYS = ("type", "id", "label", "count", "dimension", "counted", "sources")


def stats_records(result: StatsResult) -> list[dict[str, Any]]:
    records = []
    for row in result.rows:
        record: dict[str, Any] = {
            "type": "stat",
            "id": row.key,
            "label": row.label,
            "count": row.count,
            "dimension": result.by,
            "counted": result.counted,
        }
        if result.shape.cite:
            record["sources"] = list(row.sources)
        records.append(record)
    return records


def view_keys(result: ViewResult) -> list[str]:
    """The keys ``--fields`` and ``--sort`` may name for a view."""
    if isinstance(result, TimelineResult):
        return ["type", "id", "group", "group_id", *field_names("milestone")[2:]]
    if isinstance(result, CompareResult):
        return list(COMPARE_KEYS)
    if isinstance(result, SearchResult):
        return list(SEARCH_KEYS)
    return list(STATS_KEYS)


def view_fields(command: str) -> list[str]:
    """What ``--fields`` and ``--sort`` may name in a view command, for its help."""
    kind = {
        "timeline": TimelineResult,
        "compare": CompareResult,
        "search": SearchResult,
        "stats": StatsResult,
    }[command]
    blank: ViewResult = object.__new__(kind)  # view_keys asks only which view it is
    return with_dotted(view_keys(blank))


def view_records(result: ViewResult) -> list[dict[str, Any]]:
    """A view's records after ``--sort``, ``--limit`` and ``--fields``."""
    return [select_fields(r, result.shape.fields) for r in shaped_records(result)]


def shaped_records(result: ViewResult) -> list[dict[str, Any]]:
    """A view's records after ``--sort`` and ``--limit``, with every key.

    In a grouped timeline ``--sort`` orders the milestones inside each group, and the groups
    follow their first milestone in that order, so each group still comes once.
    """
    if isinstance(result, TimelineResult):
        records = timeline_records(result)
    elif isinstance(result, CompareResult):
        records = compare_records(result)
    elif isinstance(result, SearchResult):
        records = search_records(result)
    else:
        records = stats_records(result)
    shape = result.shape
    valid = with_dotted(view_keys(result))
    records = sort_records(records, shape.sort, valid)
    if isinstance(result, TimelineResult) and shape.sort:
        records = grouped(records, lambda r: str(r["group_id"]))
    if shape.limit is not None:
        records = records[: shape.limit]
    return records


# --- diff ------------------------------------------------------------------------------------

DIFF_KEYS = ("type", "id", "change", "label", "fields", "record")
# A change a line (TSV, CSV): an added or removed record is one line whose ``new`` or ``old``
# is its label; a changed record is a line per field.
DIFF_COLUMNS = ("change", "type", "id", "field", "old", "new")


def diff_records(result: DiffResult) -> list[dict[str, Any]]:
    """One object per record added, removed or changed: the fields that changed (old and new
    values as the JSON contract writes them) and the record itself (as it is now, or as it
    was when removed)."""
    out = []
    for change in result.diff.changes:
        catalog = result.old_catalog if change.change == "removed" else result.catalog
        out.append(
            {
                "type": change.type,
                "id": change.id,
                "change": change.change,
                "label": change.entity.label,
                "fields": [
                    {"field": f.field, "old": value(f.old), "new": value(f.new)}
                    for f in change.fields
                ],
                "record": to_record(change.entity, catalog),
            }
        )
    return out


def diff_rows(result: DiffResult) -> list[dict[str, Any]]:
    """A change a line: see ``DIFF_COLUMNS``."""
    rows: list[dict[str, Any]] = []
    for change in result.diff.changes:
        head = {"change": change.change, "type": change.type, "id": change.id}
        if change.change == "added":
            rows.append(head | {"field": None, "old": None, "new": change.entity.label})
        elif change.change == "removed":
            rows.append(head | {"field": None, "old": change.entity.label, "new": None})
        else:
            rows.extend(
                head | {"field": f.field, "old": value(f.old), "new": value(f.new)}
                for f in change.fields
            )
    return rows


def data(result: Result) -> Any:
    """Any result as JSON-ready data: a list of records, or one object."""
    if isinstance(result, DiffResult):
        return diff_records(result)
    if isinstance(result, ListResult):
        return list_records(result)
    if isinstance(result, ShowResult):
        return show_record(result)
    if isinstance(result, ValidateResult):
        return report_records(result)
    if isinstance(result, DocumentResult):
        return result.document
    return view_records(result)


# The mappings records hold, and their keys: what CSV and TSV spread over dotted columns
# (``location.lat``) whether or not any record at hand has the mapping.
NESTED_KEYS: dict[str, tuple[str, ...]] = {
    "location": model.field_names(model.Location),
    "match": ("field", "text", "start", "end"),
    "first_milestone": BRIEF_KEYS,
    "latest_milestone": BRIEF_KEYS,
}

ISSUE_KEYS = ("code", "severity", "path", "line", "column", "message", "hint")


def record_keys(result: Result) -> list[str]:
    """The keys of every record ``result`` gives, in order, known without any record at hand:
    the header CSV and TSV write even for an empty result."""
    if isinstance(result, ListResult):
        keys = list_keys(result.entity_type) if result.extra is not None else None
        keys = keys or field_names(result.entity_type)
        wanted = result.fields
    elif isinstance(result, ShowResult):
        return [*field_names(result.entity.type), "references", "referenced_by"]
    elif isinstance(result, ValidateResult):
        return list(ISSUE_KEYS)
    elif isinstance(result, DocumentResult):
        return []
    elif isinstance(result, DiffResult):
        return list(DIFF_COLUMNS)
    else:
        keys = view_keys(result)
        if isinstance(result, (SearchResult, StatsResult)) and not result.shape.cite:
            keys.remove("sources")
        wanted = result.shape.fields
    if wanted:
        return list(dict.fromkeys(["type", "id", *wanted]))
    return keys


def wanted_fields(result: Result) -> tuple[str, ...]:
    """The fields ``--fields`` named for ``result`` (none: every field)."""
    if isinstance(result, ListResult):
        return result.fields
    shape = getattr(result, "shape", None)
    return shape.fields if shape is not None else ()


def csv_lists(result: Result) -> str:
    """How CSV writes ``result``'s lists of plain values (``--csv-lists``): join or json."""
    if isinstance(result, (ListResult, ShowResult)):
        return result.csv_lists
    shape = getattr(result, "shape", None)
    return shape.csv_lists if shape is not None else "join"


def rows(result: Result) -> list[dict[str, Any]]:
    """Any result as a list of flat-able rows, for CSV and Markdown tables."""
    if isinstance(result, ShowResult):
        return [show_record(result)]
    if isinstance(result, ValidateResult):
        issues: list[dict[str, Any]] = report_records(result)["issues"]
        return issues
    if isinstance(result, DiffResult):
        return diff_rows(result)
    found = data(result)
    return found if isinstance(found, list) else [found]
