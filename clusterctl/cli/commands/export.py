"""``export``: the whole catalog for other tools (JSON, YAML, CSV, GeoJSON, iCalendar, SQLite)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from clusterctl.cli import context
from clusterctl.cli.options import CsvLists, CsvListsOpt
from clusterctl.model import SECTIONS
from clusterctl.render.export import entity_type_named
from clusterctl.render.export import export as write_export


def _complete_type(incomplete: str) -> list[str]:
    names = [name for pair in SECTIONS.items() for name in pair[::-1]]
    return [name for name in names if name.startswith(incomplete.lower())]


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
        typer.Option(
            "--output-dir",
            metavar="DIR",
            help="CSV: one file per entity kind in DIR (clusters.csv, ...), all or none; DIR "
            "is made if its parent exists.",
        ),
    ] = None,
    entity_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            autocompletion=_complete_type,
            help="CSV: the kind to write, singular or plural: "
            + ", ".join(SECTIONS.values())
            + ".",
        ),
    ] = None,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
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
    kind = entity_type_named(entity_type) if entity_type is not None else None
    cat = context.catalog(ctx)
    write_export(cat, fmt.value, output, output_dir, kind, csv_lists.value, datasette)
