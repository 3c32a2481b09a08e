"""``export``: the whole catalog for other tools (JSON, YAML, CSV, GeoJSON, iCalendar, SQLite)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from clusterctl.cli import context
from clusterctl.cli.options import EntityType
from clusterctl.render.export import export as write_export


class ExportFormat(str, Enum):
    JSON = "json"
    YAML = "yaml"
    CSV = "csv"
    GEOJSON = "geojson"
    ICS = "ics"
    SQLITE = "sqlite"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-o",
            metavar="FORMAT",
            case_sensitive=False,
            help="json, yaml, csv, geojson, ics or sqlite (a database; needs --output).",
        ),
    ] = ExportFormat.JSON,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            metavar="FILE",
            help="Write to FILE instead of stdout: whole or not at all, keeping its mode.",
        ),
    ] = None,
    output_dir: Annotated[
        str | None,
        typer.Option("--output-dir", metavar="DIR", help="CSV: one file per entity kind in DIR."),
    ] = None,
    entity_type: Annotated[
        EntityType | None,
        typer.Option(
            "--type", metavar="TYPE", case_sensitive=False, help="CSV: the kind to write."
        ),
    ] = None,
    datasette: Annotated[
        bool,
        typer.Option(
            "--datasette",
            help="SQLite: also write Datasette's metadata beside the database "
            "(NAME.metadata.json for NAME.db): titles, descriptions, labelled links.",
        ),
    ] = False,
) -> None:
    """Export the whole catalog for other tools.

    JSON and YAML (each a valid catalog again), CSV, GeoJSON, iCalendar, or a normalised
    SQLite database (one table per type, a table per list of links, full-text search).

    \b
    Examples:
      clusterctl export -o geojson --output clusters.geojson
      clusterctl export -o sqlite --output catalog.db --datasette
      datasette catalog.db -m catalog.metadata.json
    """
    cat = context.catalog(ctx)
    kind = entity_type.value if entity_type else None
    write_export(cat, fmt.value, output, output_dir, kind, datasette)
