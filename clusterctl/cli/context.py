"""What the global options decide, and how commands turn raw flag values into core inputs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import typer

from clusterctl.catalog import spec
from clusterctl.catalog.index import Catalog
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.dates import PartialDate, parse_user_date
from clusterctl.errors import DateError, UsageError, suggestion_hint
from clusterctl.query import Filters


@dataclass(frozen=True, slots=True)
class Settings:
    """Global options, stored on the Typer context by the app callback."""

    selection: CatalogSelection
    color: str = "auto"
    debug: bool = False


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    if isinstance(obj, Settings):
        return obj
    return Settings(CatalogSelection.from_options((), False))


def catalog(ctx: typer.Context) -> Catalog:
    return load(settings(ctx).selection)


def split(values: Sequence[str] | None) -> list[str]:
    """Repeatable and comma-separated: ``--kind a --kind b,c`` gives a, b, c."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def user_date(flag: str, text: str | None) -> PartialDate | None:
    if text is None:
        return None
    try:
        return parse_user_date(text)
    except DateError as exc:
        raise UsageError(f"{flag}: {exc}") from None


def _choices(flag: str, values: list[str], allowed: Sequence[str]) -> tuple[str, ...]:
    for value in values:
        if value not in allowed:
            raise UsageError(
                f"{flag}: {value!r} is not one of the allowed values",
                [*suggestion_hint(value, allowed), "allowed: " + ", ".join(allowed)],
            )
    return tuple(values)


def kind_choices(entity_type: str) -> tuple[str, ...]:
    """The ``kind`` values a type allows, as the catalog spec declares them."""
    kind = spec.FIELDS.get(entity_type, {}).get("kind")
    return kind.choices if kind is not None else ()


def filters(
    cat: Catalog,
    entity_type: str,
    *,
    regions: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    clusters: Sequence[str] | None = None,
    policies: Sequence[str] | None = None,
    actors: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    """Resolve raw flag values (names, Hangul, aliases) into the ids queries compare."""

    def resolved(flag: str, values: Sequence[str] | None, target: str) -> tuple[str, ...]:
        return tuple(cat.resolve_filter(v, target, flag).id for v in split(values))

    result = Filters(
        regions=resolved("--region", regions, "region"),
        industries=resolved("--industry", industries, "industry"),
        kinds=_choices("--kind", split(kinds), kind_choices(entity_type)),
        countries=tuple(c.upper() for c in split(countries)),
        statuses=_choices("--status", split(statuses), spec.CLUSTER_STATUSES),
        clusters=resolved("--cluster", clusters, "cluster"),
        policies=resolved("--policy", policies, "policy"),
        actors=resolved("--actor", actors, "actor"),
        since=user_date("--since", since),
        until=user_date("--until", until),
    )
    if result.since and result.until and result.until.latest < result.since.earliest:
        raise UsageError(f"--until {result.until} is before --since {result.since}")
    return result


def field_list(text: str | None) -> tuple[str, ...]:
    return tuple(split([text] if text else []))
