"""The one place records become plain dicts: the JSON contract (keys, order, value shapes).

Every object carries ``type`` and ``id`` first, then the catalog's fields in their declared
order. Absent values are ``null`` (or ``[]`` for lists) so every record of a type has the same
keys. Dates are their partial-date strings (``"2023-06"``), never expanded.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, PartialDate
from clusterctl.errors import UsageError, suggestion_hint
from clusterctl.query import field_names
from clusterctl.render.results import ListResult, ShowResult, ValidateResult

JSON_CONTRACT_VERSION = 1


def value(item: Any) -> Any:
    """A field value as JSON-ready data."""
    if isinstance(item, (PartialDate, DateRange)):
        return str(item)
    if isinstance(item, tuple):
        return [value(v) for v in item]
    if isinstance(item, (model.Location, model.Figure, model.Ranking)):
        return {f.name: value(getattr(item, f.name)) for f in fields(item)}
    return item


def citation(source: model.Source) -> dict[str, Any]:
    """A source expanded for ``--cite``."""
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": value(source.published),
        "url": source.url,
    }


def to_record(entity: model.Entity, catalog: Catalog, cite: bool = False) -> dict[str, Any]:
    """One entity as an ordered dict of the JSON contract."""
    record: dict[str, Any] = {"type": entity.type, "id": entity.id}
    for f in fields(entity):
        if f.name in ("id", "mark"):
            continue
        record[f.name] = value(getattr(entity, f.name))
    if cite:
        if "sources" in record:
            record["sources"] = _cite(record["sources"], catalog)
        for ranking in record.get("rankings", []):
            ranking["sources"] = _cite(ranking["sources"], catalog)
    return record


def _cite(ids: list[str], catalog: Catalog) -> list[Any]:
    cited: list[Any] = []
    for source_id in ids:
        source = catalog.get(source_id, model.Source)
        cited.append(citation(source) if source else source_id)
    return cited


def select_fields(record: dict[str, Any], wanted: tuple[str, ...]) -> dict[str, Any]:
    if not wanted:
        return record
    return {"type": record["type"], "id": record["id"]} | {k: record[k] for k in wanted}


def check_fields(entity_type: str, wanted: tuple[str, ...]) -> None:
    """Raise a usage error naming the valid fields when ``--fields`` asks for an unknown one."""
    valid = field_names(entity_type)
    for name in wanted:
        if name not in valid:
            raise UsageError(
                f"--fields: {entity_type} records have no field {name!r}",
                [*suggestion_hint(name, valid), "fields: " + ", ".join(valid)],
            )


def list_records(result: ListResult) -> list[dict[str, Any]]:
    return [
        select_fields(to_record(e, result.catalog, result.cite), result.fields)
        for e in result.entities
    ]


def link_record(link_source: model.Entity, field: str) -> dict[str, Any]:
    """A short reference to a linking entity, as ``show`` lists it."""
    brief: dict[str, Any] = {"type": link_source.type, "id": link_source.id, "field": field}
    brief["label"] = link_source.label
    when = getattr(link_source, "date", None)
    if when is not None:
        brief["date"] = str(when)
    return brief


def show_record(result: ShowResult) -> dict[str, Any]:
    """``show``: the entity's record plus ``referenced_by`` (what links to it)."""
    record = to_record(result.entity, result.catalog, result.cite)
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
