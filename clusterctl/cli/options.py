"""Options declared once, reused by every command (Annotated aliases)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import typer

from clusterctl.catalog import spec
from clusterctl.cli.completion import complete_kind, complete_status, completer
from clusterctl.cli.context import kind_choices
from clusterctl.query import DEFAULT_SORT, sortable_fields
from clusterctl.render.formats import TIMELINE_FORMATS as TIMELINE
from clusterctl.render.formats import Format
from clusterctl.render.records import EXTRA_KEYS, list_keys, view_fields, with_dotted


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
        help="ISO 3166-2 code, English or Korean name, or a unique part of one (KR-30, "
        "Daejeon, 대전); the codes: 'clusterctl regions'. Repeatable, or comma-separated.",
        rich_help_panel=FILTERS,
    ),
]
IndustryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--industry",
        autocompletion=completer("industry"),
        metavar="INDUSTRY",
        help="Industry id, name or alias (biotech, bio); the ids: 'clusterctl industries'. "
        "Repeatable, or comma-separated.",
        rich_help_panel=FILTERS,
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        autocompletion=complete_kind,
        metavar="KIND",
        help="Kind of record, as 'clusterctl schema' lists them. Repeatable, or comma-separated.",
        rich_help_panel=FILTERS,
    ),
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        metavar="COUNTRY",
        help="ISO 3166-1 alpha-2 code (KR, US, GB); a code with no records lists nothing; "
        "the catalog's countries: 'clusterctl regions'. Repeatable, or comma-separated.",
        rich_help_panel=FILTERS,
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        autocompletion=complete_status,
        metavar="STATUS",
        help=f"Cluster status: {', '.join(spec.CLUSTER_STATUSES)}. Repeatable, or comma-separated.",
        rich_help_panel=FILTERS,
    ),
]
ClusterOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--cluster",
        autocompletion=completer("cluster"),
        metavar="CLUSTER",
        help="Cluster id, name, alias or Hangul, or a unique part of one; the ids: "
        "'clusterctl clusters'. Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
PolicyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--policy",
        autocompletion=completer("policy"),
        metavar="POLICY",
        help="Policy id, name, alias or Hangul, or a unique part of one; the ids: "
        "'clusterctl policies'. Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
MemberOfOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--policy",
        autocompletion=completer("policy"),
        metavar="POLICY",
        help="Clusters a programme lists as its members (the policy's 'clusters' field); "
        "policy id or name from 'clusterctl policies'. Repeatable.",
        rich_help_panel=FILTERS,
    ),
]
ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        autocompletion=completer("actor"),
        metavar="ACTOR",
        help="Actor id, name, alias or Hangul, or a unique part of one; the ids: "
        "'clusterctl actors'. Repeatable.",
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
        metavar="[-]FIELD,...",
        help="Sort by fields, comma-separated; '-' before one sorts it descending "
        "(region,-established); missing values last. The fields are those of --fields.",
        rich_help_panel=OUTPUT,
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        metavar="N",
        min=0,
        help="Show at most this many records (0 or more).",
        rich_help_panel=OUTPUT,
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="FIELD,...",
        help="Fields to show, comma-separated, as the CSV header names them "
        "(name,location.lat); type and id always come first.",
        rich_help_panel=OUTPUT,
    ),
]


def _names(names: list[str]) -> str:
    return ", ".join(name for name in names if name != "type")


def kind_option(entity_type: str) -> Any:
    """``--kind`` for one type, its help listing the kinds the catalog spec allows."""
    return typer.Option(
        "--kind",
        autocompletion=complete_kind,
        metavar="KIND",
        help=f"Kind of {entity_type}: {', '.join(kind_choices(entity_type))}. Repeatable, or "
        "comma-separated.",
        rich_help_panel=FILTERS,
    )


def sort_option(names: list[str], default: str | None = None) -> Any:
    """``--sort`` for one command, its help listing the fields it sorts by."""
    first = f" Default: {default}." if default else ""
    example = default if default in names else next(n for n in names if n not in ("type", "id"))
    return typer.Option(
        "--sort",
        metavar="[-]FIELD,...",
        help="Sort by fields, comma-separated; '-' before one sorts it descending "
        f"(-{example}); missing values last.{first} Fields: {_names(names)}.",
        rich_help_panel=OUTPUT,
    )


def fields_option(names: list[str]) -> Any:
    """``--fields`` for one command, its help listing the fields it shows."""
    return typer.Option(
        "--fields",
        metavar="FIELD,...",
        help="Fields to show, comma-separated, each once; type and id always come first. "
        f"Dotted names reach inside (as CSV headers): {_names(names)}.",
        rich_help_panel=OUTPUT,
    )


def _listing_sort(entity_type: str) -> Any:
    names = [*sortable_fields(entity_type), *EXTRA_KEYS.get(entity_type, ())]
    return sort_option(names, DEFAULT_SORT.get(entity_type))


def _listing_fields(entity_type: str) -> Any:
    return fields_option(with_dotted(list_keys(entity_type)))


ClusterKindOpt = Annotated[list[str] | None, kind_option("cluster")]
MilestoneKindOpt = Annotated[list[str] | None, kind_option("milestone")]
PolicyKindOpt = Annotated[list[str] | None, kind_option("policy")]
ActorKindOpt = Annotated[list[str] | None, kind_option("actor")]
SourceKindOpt = Annotated[list[str] | None, kind_option("source")]
EraKindOpt = Annotated[list[str] | None, kind_option("era")]

ClusterSortOpt = Annotated[str | None, _listing_sort("cluster")]
MilestoneSortOpt = Annotated[str | None, _listing_sort("milestone")]
PolicySortOpt = Annotated[str | None, _listing_sort("policy")]
ActorSortOpt = Annotated[str | None, _listing_sort("actor")]
SourceSortOpt = Annotated[str | None, _listing_sort("source")]
RegionSortOpt = Annotated[str | None, _listing_sort("region")]
IndustrySortOpt = Annotated[str | None, _listing_sort("industry")]
EraSortOpt = Annotated[str | None, _listing_sort("era")]
TimelineSortOpt = Annotated[str | None, sort_option(view_fields("timeline"), "date")]
CompareSortOpt = Annotated[str | None, sort_option(view_fields("compare"), "as named")]
SearchSortOpt = Annotated[str | None, sort_option(view_fields("search"), "best match first")]
StatsSortOpt = Annotated[
    str | None, sort_option(view_fields("stats"), "largest count first; decades and years in order")
]

ClusterFieldsOpt = Annotated[str | None, _listing_fields("cluster")]
MilestoneFieldsOpt = Annotated[str | None, _listing_fields("milestone")]
PolicyFieldsOpt = Annotated[str | None, _listing_fields("policy")]
ActorFieldsOpt = Annotated[str | None, _listing_fields("actor")]
SourceFieldsOpt = Annotated[str | None, _listing_fields("source")]
RegionFieldsOpt = Annotated[str | None, _listing_fields("region")]
IndustryFieldsOpt = Annotated[str | None, _listing_fields("industry")]
EraFieldsOpt = Annotated[str | None, _listing_fields("era")]
TimelineFieldsOpt = Annotated[str | None, fields_option(view_fields("timeline"))]
CompareFieldsOpt = Annotated[str | None, fields_option(view_fields("compare"))]
SearchFieldsOpt = Annotated[str | None, fields_option(view_fields("search"))]
StatsFieldsOpt = Annotated[str | None, fields_option(view_fields("stats"))]

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
        help="Output format: "
        + ", ".join(f.value for f in Format if f not in (Format.HTML, Format.SVG, *TIMELINE))
        + "; html, svg for timeline, show, compare and clusters (a map); timelinejs, mermaid "
        "for timeline.",
        case_sensitive=False,
        rich_help_panel=OUTPUT,
    ),
]


class CsvLists(str, Enum):
    JOIN = "join"
    JSON = "json"


CsvListsOpt = Annotated[
    CsvLists,
    typer.Option(
        "--csv-lists",
        help="How -o csv writes a list of plain values in its cell: join (items joined with "
        "'; ', a ';' or '\\' inside an item escaped with '\\') or json (a JSON array).",
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
    ERA = "era"


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
        help="Only these entity types: " + ", ".join(t.value for t in EntityType) + ". Repeatable.",
        case_sensitive=False,
        rich_help_panel=FILTERS,
    ),
]


def _utf8(value: str | None) -> str | None:
    """Refuse text that arrived as bytes that are not UTF-8 (Python keeps each such byte as
    a lone surrogate, which would reach a UTF-8 document as the raw byte)."""
    if value is None:
        return value
    for index, char in enumerate(value):
        if "\udc80" <= char <= "\udcff":
            raise typer.BadParameter(
                f"not valid UTF-8: byte 0x{ord(char) - 0xDC00:02X} at character {index + 1}; "
                "give the text in UTF-8"
            )
    return value


TitleOpt = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar="TEXT",
        callback=_utf8,
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
        help="show -o svg: the width of the recorded terminal view, in columns (the timeline "
        "chart takes --size instead).",
        rich_help_panel=OUTPUT,
    ),
]


class ChartSize(str, Enum):
    SLIDE = "slide"
    A4 = "a4"


ChartSizeOpt = Annotated[
    ChartSize,
    typer.Option(
        "--size",
        help="Page of the chart (-o svg, and atop -o html): slide (16:9, 1600×900) or a4 "
        "(portrait).",
        case_sensitive=False,
        rich_help_panel=OUTPUT,
    ),
]
ErasOpt = Annotated[
    str,
    typer.Option(
        "--eras",
        metavar="KIND,...|all|none",
        help="Eras shaded behind the chart: "
        + ", ".join(spec.ERA_KINDS)
        + ", all, or none to hide them ('clusterctl eras' lists them).",
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


def cite_default(cite: bool | None, fmt: Format, also: tuple[Format, ...] = ()) -> bool:
    """Briefings handed out as Markdown or HTML (and the formats in ``also``) carry their
    sources unless asked not to."""
    if cite is not None:
        return cite
    return fmt in (Format.MD, Format.HTML, *also)
