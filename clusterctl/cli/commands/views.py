"""The explorer views: timeline, compare, search and stats."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterctl import api
from clusterctl.cli import context
from clusterctl.cli.completion import completer
from clusterctl.cli.options import (
    ActorOpt,
    BriefCiteOpt,
    ChartSize,
    ChartSizeOpt,
    CiteOpt,
    ClusterOpt,
    CompareFieldsOpt,
    CompareSortOpt,
    CountryOpt,
    CsvLists,
    CsvListsOpt,
    EntityType,
    ErasOpt,
    FormatOpt,
    GroupBy,
    GroupByOpt,
    IndustryOpt,
    KindOpt,
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
    StatusOpt,
    TimelineFieldsOpt,
    TimelineSortOpt,
    TitleOpt,
    TypesOpt,
    UntilOpt,
    WidthOpt,
    cite_default,
)
from clusterctl.render.formats import Format, emit, note
from clusterctl.render.records import timeline_counts
from clusterctl.render.results import ViewResult


def _emit(ctx: typer.Context, result: ViewResult, fmt: Format) -> None:
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
    csv_lists: CsvListsOpt = CsvLists.JOIN,
    title: TitleOpt = None,
    width: WidthOpt = 100,
    size: ChartSizeOpt = ChartSize.SLIDE,
    eras: ErasOpt = "administration",
) -> None:
    """Milestones in date order, grouped: the briefing view.

    ID... follows clusters, policies or actors, each named by id, name, alias or Hangul, or
    by a unique part of one. -o md, html and svg make a briefing to paste or print.
    --group-by cluster or policy lists each group once, in order of its first milestone,
    the milestones without one last; a milestone under several groups appears under each
    (one record per milestone and group, with the group's id in group_id). --sort orders
    the milestones inside each group.

    -o svg draws a chart (and -o html puts it atop the table): a time axis, one lane per
    group (one lane for year or none), each milestone at its own precision (a day as a
    point, a month, year or range as a span) and the presidential administrations shaded
    behind. --size slide or a4; --cite numbers each event's sources and lists them.

    \b
    Examples:
      clusterctl timeline daedeok-innopolis --since 2020
      clusterctl timeline Songdo -o html --title Songdo > songdo.html
      clusterctl timeline --since 2023 --until 2023 -o svg --size a4 > 2023.svg
    """
    cat = context.catalog(ctx)
    filters = {
        "clusters": cluster, "policies": policy, "actors": actor, "kinds": kind,
        "regions": region, "industries": industry, "since": since, "until": until,
    }  # fmt: skip
    cut = api.shape(sort, limit, fields, cite_default(cite, fmt), csv_lists.value)
    given = {
        "--cluster": cluster, "--policy": policy, "--actor": actor, "--kind": kind,
        "--region": region, "--industry": industry, "--since": since, "--until": until,
        "--sort": sort, "--limit": limit,
    }  # fmt: skip
    stated = context.stated_filters(names or [], given)
    result = api.timeline_result(cat, names or [], group_by.value, filters, cut, title, width,
                                 size.value, context.era_kinds(eras), stated)  # fmt: skip
    _emit(ctx, result, fmt)
    rows, distinct = timeline_counts(result)
    if rows != distinct:  # a milestone under several groups is a record in each
        note(f"{rows} rows for {distinct} distinct milestones (one row per milestone and group)")


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
    cite: BriefCiteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
    title: TitleOpt = None,
) -> None:
    """Clusters side by side, attribute by attribute.

    Name two or more clusters by id, name, alias or Hangul, or by a unique part of one.
    Figures sharing a label form a series per cluster, latest first (by as-of date; undated
    last); each row compares the latest figure of each cluster (≠ when units or dates
    differ), and JSON marks the earlier ones comparable: null. -o md, html and svg make a
    briefing table with footnoted sources.

    \b
    Examples:
      clusterctl compare daedeok-innopolis boston-cambridge-biotech
      clusterctl compare Songdo Osong Daegu-Gyeongbuk -o json
      clusterctl compare Songdo Osong -o html > bio-clusters.html
    """
    cat = context.catalog(ctx)
    cited = cite_default(cite, fmt, also=(Format.SVG,))
    cut = api.shape(sort, limit, fields, cited, csv_lists.value)
    _emit(ctx, api.compare_result(cat, names, cut, title), fmt)


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words, a name, or Hangul.")],
    types: TypesOpt = None,
    sort: SearchSortOpt = None,
    limit: LimitOpt = None,
    fields: SearchFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """Search every entity and field, English and Hangul.

    Best matches first: ids and names before other text; romanisations match each other
    (Taejon finds Daejeon).

    \b
    Example:
      clusterctl search 바이오 --type cluster
    """
    cat = context.catalog(ctx)
    cut = api.shape(sort, limit, fields, cite, csv_lists.value)
    _emit(ctx, api.search_result(cat, text, [t.value for t in types or []], cut), fmt)


def stats(
    ctx: typer.Context,
    by: Annotated[
        StatBy,
        typer.Option(
            "--by",
            help="What to count by: type, region, industry, kind, country, decade or year.",
            case_sensitive=False,
        ),
    ] = StatBy.TYPE,
    types: Annotated[
        list[EntityType] | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="The one entity type to count (default: clusters; milestones by decade or "
            "year). Its listing's filters apply.",
            case_sensitive=False,
            rich_help_panel="Filters",
        ),
    ] = None,
    cluster: ClusterOpt = None,
    policy: PolicyOpt = None,
    actor: ActorOpt = None,
    kind: KindOpt = None,
    region: RegionOpt = None,
    industry: IndustryOpt = None,
    country: CountryOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: StatsSortOpt = None,
    limit: LimitOpt = None,
    fields: StatsFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """Counts by entity type, region, industry, kind, country, decade or year, with bars.

    A record counts once under each value it has, so each count is the length of the
    listing filtered by that value (clusters --region KR-30, milestones --since 1990
    --until 1999), and records without a value count once under "(no ...)".

    \b
    type      records of each type (the listing commands)
    region    clusters by region; milestones by the regions of their clusters
    industry  clusters by each industry; milestones by their clusters' industries
    kind      clusters, milestones, policies, actors or sources by kind
    country   clusters, actors or regions by country
    decade    by date: clusters (established), milestones (date), policies
    year      (announced), sources (published); a range counts in each it spans

    The filters are those of the listing of the type counted (--type); a filter that
    listing lacks is an error.

    Example: clusterctl stats --by industry --type milestone --since 2020
    """
    cat = context.catalog(ctx)
    chosen = [t.value for t in types or []]
    if len(chosen) > 1:
        raise typer.BadParameter("give one --type to count", param_hint="--type")
    filters = {
        "clusters": cluster, "policies": policy, "actors": actor, "kinds": kind,
        "regions": region, "industries": industry, "countries": country, "statuses": status,
        "since": since, "until": until,
    }  # fmt: skip
    cut = api.shape(sort, limit, fields, cite, csv_lists.value)
    result = api.stats_result(cat, by.value, chosen[0] if chosen else None, filters, cut)
    _emit(ctx, result, fmt)
