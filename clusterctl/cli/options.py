"""Options declared once, reused by every command (Annotated aliases)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from clusterctl.cli.completion import complete_kind, complete_status, completer
from clusterctl.render.formats import Format


class Color(str, Enum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


FILTERS = "Filters"
OUTPUT = "Output"

RegionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        autocompletion=completer("region"),
        metavar="REGION",
        help="ISO 3166-2 code, English or Korean name (KR-30, Daejeon, 대전). Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
IndustryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--industry",
        autocompletion=completer("industry"),
        metavar="INDUSTRY",
        help="Industry id or name (biotech, bio). Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        autocompletion=complete_kind,
        metavar="KIND",
        help="Kind of record (see 'clusterctl schema'). Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        metavar="COUNTRY",
        help="ISO 3166-1 alpha-2 code (KR, US). Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        autocompletion=complete_status,
        metavar="STATUS",
        help="Cluster status (active, planned, ...). Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
ClusterOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--cluster",
        autocompletion=completer("cluster"),
        metavar="CLUSTER",
        help="Cluster id or name. Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
PolicyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--policy",
        autocompletion=completer("policy"),
        metavar="POLICY",
        help="Policy id or name. Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        autocompletion=completer("actor"),
        metavar="ACTOR",
        help="Actor id or name. Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Keep records dated on or after this (2020, 2023-06, 'June 2023', 5y, 18m).",
        rich_help_panel=FILTERS,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Keep records dated on or before this; '--until 2023' includes all of 2023.",
        rich_help_panel=FILTERS,
    ),
]
SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="[-]FIELD",
        help="Sort by a field; prefix '-' for descending (-date).",
        rich_help_panel=OUTPUT,
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        metavar="N",
        min=0,
        help="Show at most this many records.",
        rich_help_panel=OUTPUT,
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="FIELD,...",
        help="Comma-separated fields to show (type and id always).",
        rich_help_panel=OUTPUT,
    ),
]
CiteOpt = Annotated[
    bool,
    typer.Option(
        "--cite",
        help="Add source citations (footnotes; full sources in JSON).",
        rich_help_panel=OUTPUT,
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-o",
        metavar="FORMAT",
        help="Output format: table, tsv, json, jsonl, csv, yaml, md; html, svg for timeline/show.",
        case_sensitive=False,
        rich_help_panel=OUTPUT,
    ),
]


class GroupBy(str, Enum):
    YEAR = "year"
    CLUSTER = "cluster"
    POLICY = "policy"
    NONE = "none"


class StatBy(str, Enum):
    TYPE = "type"
    REGION = "region"
    INDUSTRY = "industry"
    KIND = "kind"
    COUNTRY = "country"
    DECADE = "decade"
    YEAR = "year"


class EntityType(str, Enum):
    CLUSTER = "cluster"
    MILESTONE = "milestone"
    POLICY = "policy"
    ACTOR = "actor"
    SOURCE = "source"
    REGION = "region"
    INDUSTRY = "industry"


GroupByOpt = Annotated[
    GroupBy,
    typer.Option(
        "--group-by",
        help="Group rows by year, cluster, policy, or not at all.",
        case_sensitive=False,
        rich_help_panel=OUTPUT,
    ),
]
TypesOpt = Annotated[
    list[EntityType] | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        help="Only these entity types. Repeatable.",
        case_sensitive=False,
        rich_help_panel=FILTERS,
    ),
]

TitleOpt = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar="TEXT",
        help="Title of the briefing (md, html, svg).",
        rich_help_panel=OUTPUT,
    ),
]
WidthOpt = Annotated[
    int,
    typer.Option(
        "--width",
        min=40,
        max=400,
        metavar="COLUMNS",
        help="Width of the SVG in terminal columns.",
        rich_help_panel=OUTPUT,
    ),
]
BriefCiteOpt = Annotated[
    bool | None,
    typer.Option(
        "--cite/--no-cite",
        help="Numbered source footnotes; on by default for md and html.",
        rich_help_panel=OUTPUT,
    ),
]


def cite_default(cite: bool | None, fmt: Format) -> bool:
    """Briefings handed out as Markdown or HTML carry their sources unless asked not to."""
    if cite is not None:
        return cite
    return fmt in (Format.MD, Format.HTML)
