"""The listing commands: clusters, milestones, policies, actors, sources, regions, industries,
eras."""

from __future__ import annotations

import typer

from clusterctl.cli.commands._run import run_listing
from clusterctl.cli.options import (
    ActorFieldsOpt,
    ActorKindOpt,
    ActorOpt,
    ActorSortOpt,
    CiteOpt,
    ClusterFieldsOpt,
    ClusterKindOpt,
    ClusterOpt,
    ClusterSortOpt,
    CountryOpt,
    CsvLists,
    CsvListsOpt,
    EraFieldsOpt,
    EraKindOpt,
    EraSortOpt,
    FormatOpt,
    IndustryFieldsOpt,
    IndustryOpt,
    IndustrySortOpt,
    LimitOpt,
    MemberOfOpt,
    MilestoneFieldsOpt,
    MilestoneKindOpt,
    MilestoneSortOpt,
    PolicyFieldsOpt,
    PolicyKindOpt,
    PolicyOpt,
    PolicySortOpt,
    RegionFieldsOpt,
    RegionOpt,
    RegionSortOpt,
    SinceOpt,
    SourceFieldsOpt,
    SourceKindOpt,
    SourceSortOpt,
    StatusOpt,
    UntilOpt,
)
from clusterctl.render.formats import Format


def clusters(
    ctx: typer.Context,
    region: RegionOpt = None,
    industry: IndustryOpt = None,
    kind: ClusterKindOpt = None,
    country: CountryOpt = None,
    status: StatusOpt = None,
    policy: MemberOfOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: ClusterSortOpt = None,
    limit: LimitOpt = None,
    fields: ClusterFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List clusters, zones and complexes.

    Different filters must all hold; several values of one (repeated, or comma-separated)
    mean any of them. --since/--until compare the date established; --policy keeps the
    clusters a programme lists as its members.

    \b
    Examples:
      clusterctl clusters --region Daejeon --industry bio -o json
      clusterctl clusters --policy bio-specialised-complexes
      clusterctl clusters --sort region,-established --fields name,region
    """
    run_listing(
        ctx,
        "cluster",
        fmt,
        sort,
        limit,
        fields,
        cite,
        csv_lists=csv_lists,
        regions=region,
        industries=industry,
        kinds=kind,
        countries=country,
        statuses=status,
        policies=policy,
        since=since,
        until=until,
    )


def milestones(
    ctx: typer.Context,
    cluster: ClusterOpt = None,
    policy: PolicyOpt = None,
    actor: ActorOpt = None,
    kind: MilestoneKindOpt = None,
    region: RegionOpt = None,
    industry: IndustryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: MilestoneSortOpt = None,
    limit: LimitOpt = None,
    fields: MilestoneFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List dated milestones in date order.

    Plans, laws, designations, meetings, visits and more. --region and --industry follow
    the clusters a milestone names.

    \b
    Examples:
      clusterctl milestones --since 'June 2023' --cluster daedeok-innopolis
      clusterctl milestones --kind law,designation --sort -date --limit 5
    """
    run_listing(
        ctx,
        "milestone",
        fmt,
        sort,
        limit,
        fields,
        cite,
        csv_lists=csv_lists,
        clusters=cluster,
        policies=policy,
        actors=actor,
        kinds=kind,
        regions=region,
        industries=industry,
        since=since,
        until=until,
    )


def policies(
    ctx: typer.Context,
    kind: PolicyKindOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: PolicySortOpt = None,
    limit: LimitOpt = None,
    fields: PolicyFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List laws, strategies, plans and programmes.

    --actor matches lead actors. 'clusterctl show POLICY' lists a programme's member
    clusters, and 'clusterctl clusters --policy POLICY' lists them as a table.

    \b
    Examples:
      clusterctl policies --kind law -o json
      clusterctl policies --sort -announced --limit 5
    """
    run_listing(
        ctx,
        "policy",
        fmt,
        sort,
        limit,
        fields,
        cite,
        csv_lists=csv_lists,
        kinds=kind,
        actors=actor,
        since=since,
        until=until,
    )


def actors(
    ctx: typer.Context,
    kind: ActorKindOpt = None,
    country: CountryOpt = None,
    sort: ActorSortOpt = None,
    limit: LimitOpt = None,
    fields: ActorFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List ministries, agencies, universities, companies and people.

    \b
    Example:
      clusterctl actors --kind ministry --country KR
    """
    run_listing(
        ctx,
        "actor",
        fmt,
        sort,
        limit,
        fields,
        cite,
        csv_lists=csv_lists,
        kinds=kind,
        countries=country,
    )


def sources(
    ctx: typer.Context,
    kind: SourceKindOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: SourceSortOpt = None,
    limit: LimitOpt = None,
    fields: SourceFieldsOpt = None,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List the sources every fact is cited to.

    --since/--until compare the date published.

    \b
    Example:
      clusterctl sources --kind press-release --sort -published
    """
    run_listing(
        ctx,
        "source",
        fmt,
        sort,
        limit,
        fields,
        False,
        csv_lists=csv_lists,
        kinds=kind,
        since=since,
        until=until,
    )


def regions(
    ctx: typer.Context,
    country: CountryOpt = None,
    sort: RegionSortOpt = None,
    limit: LimitOpt = None,
    fields: RegionFieldsOpt = None,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List the regions vocabulary (ISO 3166-2 codes).

    English and Korean names, with how many clusters and milestones each region has.

    \b
    Example:
      clusterctl regions --country KR
    """
    run_listing(
        ctx, "region", fmt, sort, limit, fields, False, csv_lists=csv_lists, countries=country
    )


def industries(
    ctx: typer.Context,
    sort: IndustrySortOpt = None,
    limit: LimitOpt = None,
    fields: IndustryFieldsOpt = None,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List the industries vocabulary.

    \b
    Example:
      clusterctl industries -o json
    """
    run_listing(ctx, "industry", fmt, sort, limit, fields, False, csv_lists=csv_lists)


def eras(
    ctx: typer.Context,
    kind: EraKindOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: EraSortOpt = None,
    limit: LimitOpt = None,
    fields: EraFieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """List the eras that frame timelines: presidential administrations.

    Each administration runs from the day its president took office to the day a successor
    did (acting presidencies are eras of their own kind). --since/--until keep the eras that
    overlap the period; an era still going on has no end.

    \b
    Examples:
      clusterctl eras --since 2000
      clusterctl eras --kind acting-presidency -o json
    """
    run_listing(
        ctx, "era", fmt, sort, limit, fields, cite, kinds=kind, since=since, until=until,
        csv_lists=csv_lists,
    )  # fmt: skip
