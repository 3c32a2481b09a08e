"""The explorer views: timeline, compare, search and stats."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from clusterctl import query
from clusterctl.cli import context
from clusterctl.cli.completion import completer
from clusterctl.cli.options import (
    ActorOpt,
    BriefCiteOpt,
    CiteOpt,
    ClusterOpt,
    CompareFieldsOpt,
    CompareSortOpt,
    FormatOpt,
    GroupBy,
    GroupByOpt,
    IndustryOpt,
    LimitOpt,
    MilestoneKindOpt,
    PolicyOpt,
    RegionOpt,
    SearchFieldsOpt,
    SearchSortOpt,
    SinceOpt,
    StatBy,
    StatsFieldsOpt,
    StatsSortOpt,
    TimelineFieldsOpt,
    TimelineSortOpt,
    TitleOpt,
    TypesOpt,
    UntilOpt,
    WidthOpt,
    cite_default,
)
from clusterctl.render.formats import Format, emit
from clusterctl.render.records import check_fields, view_keys
from clusterctl.render.results import (
    CompareResult,
    SearchResult,
    Shape,
    StatsResult,
    TimelineResult,
    ViewResult,
)


def _emit(ctx: typer.Context, result: ViewResult, fmt: Format) -> None:
    check_fields("these", result.shape.fields, view_keys(result))
    emit(result, fmt, context.settings(ctx).color)


def timeline(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID...]",
            help="Clusters, policies or actors to follow.",
            autocompletion=completer("cluster", "policy", "actor"),
        ),
    ] = None,
    group_by: GroupByOpt = GroupBy.YEAR,
    cluster: ClusterOpt = None,
    policy: PolicyOpt = None,
    actor: ActorOpt = None,
    kind: MilestoneKindOpt = None,
    region: RegionOpt = None,
    industry: IndustryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: TimelineSortOpt = None,
    limit: LimitOpt = None,
    fields: TimelineFieldsOpt = None,
    cite: BriefCiteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    title: TitleOpt = None,
    width: WidthOpt = 100,
) -> None:
    """Milestones in date order, grouped: the briefing view.

    ID... follows clusters, policies or actors, each named by id, name, alias or Hangul, or
    by a unique part of one. -o md, html and svg make a briefing to paste or print.

    \b
    Examples:
      clusterctl timeline daedeok-innopolis --since 2020
      clusterctl timeline Songdo -o html --title Songdo > songdo.html
    """
    cat = context.catalog(ctx)
    filters = context.filters(cat, "milestone", clusters=cluster, policies=policy, actors=actor,
                              kinds=kind, regions=region, industries=industry, since=since,
                              until=until)  # fmt: skip
    about = dataclasses.replace(filters, about=query.focus_ids(cat, names or []))
    selected = query.sort(query.select(cat, "milestone", about), "milestone", None)
    entries = query.timeline(cat, selected, group_by.value)
    shape = Shape(sort, limit, context.field_list(fields), cite_default(cite, fmt))
    _emit(ctx, TimelineResult(tuple(entries), group_by.value, cat, shape, title, width), fmt)


def compare(
    ctx: typer.Context,
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="ID ID [ID...]",
            help="Two or more clusters.",
            autocompletion=completer("cluster"),
        ),
    ],
    sort: CompareSortOpt = None,
    limit: LimitOpt = None,
    fields: CompareFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Clusters side by side, attribute by attribute.

    Name two or more clusters by id, name, alias or Hangul, or by a unique part of one.
    ≠ marks figures that do not compare (other units or dates).

    \b
    Examples:
      clusterctl compare daedeok-innopolis boston-cambridge-biotech
      clusterctl compare Songdo Osong Daegu-Gyeongbuk -o json
    """
    cat = context.catalog(ctx)
    shape = Shape(sort, limit, context.field_list(fields), cite)
    _emit(ctx, CompareResult(query.compare(cat, names), cat, shape), fmt)


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words, a name, or Hangul.")],
    types: TypesOpt = None,
    sort: SearchSortOpt = None,
    limit: LimitOpt = None,
    fields: SearchFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Search every entity and field, English and Hangul.

    Best matches first: ids and names before other text; romanisations match each other
    (Taejon finds Daejeon).

    \b
    Example:
      clusterctl search 바이오 --type cluster
    """
    cat = context.catalog(ctx)
    hits = query.search(cat, text, [t.value for t in types or []])
    shape = Shape(sort, limit, context.field_list(fields), cite)
    _emit(ctx, SearchResult(text, tuple(hits), cat, shape), fmt)


def stats(
    ctx: typer.Context,
    by: Annotated[
        StatBy, typer.Option("--by", help="What to count by.", case_sensitive=False)
    ] = StatBy.TYPE,
    types: TypesOpt = None,
    sort: StatsSortOpt = None,
    limit: LimitOpt = None,
    fields: StatsFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Counts by entity type, region, industry, kind, country, decade or year, with bars.

    Example: clusterctl stats --by decade
    """
    cat = context.catalog(ctx)
    chosen = [t.value for t in types or []]
    if len(chosen) > 1:
        raise typer.BadParameter("give one --type to count", param_hint="--type")
    counted, rows = query.stats(cat, by.value, chosen[0] if chosen else None)
    shape = Shape(sort, limit, context.field_list(fields), cite)
    _emit(ctx, StatsResult(by.value, counted, tuple(rows), shape), fmt)
