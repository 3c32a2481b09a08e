"""The one path every listing takes: catalog → select → sort → limit → render."""

from __future__ import annotations

from typing import Any

import typer

from clusterctl import query
from clusterctl.cli import context
from clusterctl.render.formats import Format, emit
from clusterctl.render.records import check_fields
from clusterctl.render.results import ListResult


def run_listing(
    ctx: typer.Context,
    entity_type: str,
    fmt: Format,
    sort: str | None,
    limit: int | None,
    fields: str | None,
    cite: bool,
    **raw_filters: Any,
) -> None:
    cat = context.catalog(ctx)
    wanted = context.field_list(fields)
    check_fields(entity_type, wanted)
    filters = context.filters(cat, entity_type, **raw_filters)
    extra = (
        query.vocabulary_counts(cat, entity_type) if entity_type in ("region", "industry") else None
    )
    selected = query.select(cat, entity_type, filters)
    ordered = query.limit(query.sort(selected, entity_type, sort, extra), limit)
    result = ListResult(entity_type, tuple(ordered), cat, wanted, cite, extra, filters)
    emit(result, fmt, context.settings(ctx).color)
