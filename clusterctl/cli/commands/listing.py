"""The listing commands: clusters, milestones, policies, actors, sources, regions, industries."""

from __future__ import annotations

import typer

from clusterctl.cli.commands._run import run_listing
from clusterctl.cli.options import (
    ActorOpt,
    CiteOpt,
    ClusterOpt,
    CountryOpt,
    FieldsOpt,
    FormatOpt,
    IndustryOpt,
    KindOpt,
    LimitOpt,
    PolicyOpt,
    RegionOpt,
    SinceOpt,
    SortOpt,
    StatusOpt,
    UntilOpt,
)
from clusterctl.render.formats import Format


def clusters(
    ctx: typer.Context,
    region: RegionOpt = None,
    industry: IndustryOpt = None,
    kind: KindOpt = None,
    country: CountryOpt = None,
    status: StatusOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    fields: FieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List clusters, zones and complexes; --since/--until filter by establishment date.

    Example: clusterctl clusters --region Daejeon --industry bio -o json
    """
    run_listing(
        ctx,
        "cluster",
        fmt,
        sort,
        limit,
        fields,
        cite,
        regions=region,
        industries=industry,
        kinds=kind,
        countries=country,
        statuses=status,
        since=since,
        until=until,
    )


def milestones(
    ctx: typer.Context,
    cluster: ClusterOpt = None,
    policy: PolicyOpt = None,
    actor: ActorOpt = None,
    kind: KindOpt = None,
    region: RegionOpt = None,
    industry: IndustryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    fields: FieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List dated milestones in date order: plans, laws, designations, meetings, visits.

    Example: clusterctl milestones --since 'June 2023' --cluster daedeok-innopolis --cite
    """
    run_listing(
        ctx,
        "milestone",
        fmt,
        sort,
        limit,
        fields,
        cite,
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
    kind: KindOpt = None,
    actor: ActorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    fields: FieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List laws, strategies, plans and programmes; --actor matches lead actors.

    Example: clusterctl policies --kind law -o json
    """
    run_listing(
        ctx,
        "policy",
        fmt,
        sort,
        limit,
        fields,
        cite,
        kinds=kind,
        actors=actor,
        since=since,
        until=until,
    )


def actors(
    ctx: typer.Context,
    kind: KindOpt = None,
    country: CountryOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    fields: FieldsOpt = None,
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List ministries, agencies, universities, hospitals, companies and people.

    Example: clusterctl actors --kind ministry --country KR
    """
    run_listing(ctx, "actor", fmt, sort, limit, fields, cite, kinds=kind, countries=country)


def sources(
    ctx: typer.Context,
    kind: KindOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List the sources every fact is cited to; --since/--until filter by publication date.

    Example: clusterctl sources --kind press-release
    """
    run_listing(
        ctx, "source", fmt, sort, limit, fields, False, kinds=kind, since=since, until=until
    )


def regions(
    ctx: typer.Context,
    country: CountryOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List the regions vocabulary (ISO 3166-2 codes with English and Korean names).

    Example: clusterctl regions --country KR
    """
    run_listing(ctx, "region", fmt, sort, limit, fields, False, countries=country)


def industries(
    ctx: typer.Context,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List the industries vocabulary.

    Example: clusterctl industries -o json
    """
    run_listing(ctx, "industry", fmt, sort, limit, fields, False)
