"""The one path every listing takes: catalog → select → sort → limit → render."""

from __future__ import annotations

from typing import Any

import typer

from clusterctl import api
from clusterctl.cli import context
from clusterctl.cli.options import CsvLists
from clusterctl.render.formats import Format, emit


def run_listing(
    ctx: typer.Context,
    entity_type: str,
    fmt: Format,
    sort: str | None,
    limit: int | None,
    fields: str | None,
    cite: bool,
    *,
    csv_lists: CsvLists = CsvLists.JOIN,
    **raw_filters: Any,
) -> None:
    cat = context.catalog(ctx)
    cut = api.shape(sort, limit, fields, cite, csv_lists.value)
    result = api.list_result(cat, entity_type, raw_filters, cut)
    emit(result, fmt, context.settings(ctx).color)
