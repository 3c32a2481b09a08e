"""What people type, turned into what queries take: names, Hangul and aliases resolved to
ids, forgiving dates parsed, kinds and countries checked. The CLI's flags and the library's
keyword arguments both come through here, so both accept the same values and fail the same
way (a UsageError naming the flag)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from clusterctl.catalog import spec
from clusterctl.catalog.index import Catalog
from clusterctl.dates import PartialDate, parse_user_date
from clusterctl.errors import DateError, UsageError, suggestion_hint
from clusterctl.query import Filters

# What each repeatable flag takes, for the error when it is given nothing.
EXPECTED = {
    "--region": "an ISO 3166-2 code or a region name (KR-30, Daejeon)",
    "--industry": "an industry id or name (biotech)",
    "--kind": "a kind",
    "--country": "an ISO 3166-1 alpha-2 country code (KR, US)",
    "--status": "a status",
    "--cluster": "a cluster id or name",
    "--policy": "a policy id or name",
    "--actor": "an actor id or name",
    "--fields": "field names separated by commas (id,name)",
    "--eras": "era kinds separated by commas, all, or none",
}


def split(values: Sequence[str] | None, flag: str = "") -> list[str]:
    """Repeatable and comma-separated: ``--kind a --kind b,c`` gives a, b, c.

    A value with nothing in it (``--region ''``, ``--region ,``) is a usage error naming
    ``flag``: it would otherwise filter by nothing and list everything.
    """
    out: list[str] = []
    for value in values or ():
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts and flag:
            got = "an empty value" if not value.strip() else repr(value)
            raise UsageError(f"{flag}: expected {EXPECTED.get(flag, 'a value')}, got {got}")
        out.extend(parts)
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
        return tuple(cat.resolve_filter(v, target, flag).id for v in split(values, flag))

    result = Filters(
        regions=resolved("--region", regions, "region"),
        industries=resolved("--industry", industries, "industry"),
        kinds=_choices("--kind", split(kinds, "--kind"), kind_choices(entity_type)),
        countries=country_codes(cat, split(countries, "--country")),
        statuses=_choices("--status", split(statuses, "--status"), spec.CLUSTER_STATUSES),
        clusters=resolved("--cluster", clusters, "cluster"),
        policies=resolved("--policy", policies, "policy"),
        actors=resolved("--actor", actors, "actor"),
        since=user_date("--since", since),
        until=user_date("--until", until),
    )
    if result.since and result.until and result.until.latest < result.since.earliest:
        raise UsageError(f"--until {result.until} is before --since {result.since}")
    return result


def country_codes(cat: Catalog, values: Sequence[str]) -> tuple[str, ...]:
    """``--country`` values as ISO 3166-1 codes; a code ISO does not assign is a usage error.

    A real code no record has (``--country FR``) is an empty result, as any filter is.
    """
    from clusterctl.catalog.countries import ISO_3166_1, NOT_ISO

    codes = []
    for value in values:
        code = value.upper()
        if code not in ISO_3166_1:
            present = catalog_countries(cat)
            hints = (
                [f"did you mean {NOT_ISO[code]}?"]
                if code in NOT_ISO
                else suggestion_hint(code, present)
            )
            hints.append("countries in the catalog: " + ", ".join(present))
            raise UsageError(f"--country: {value!r} is not an ISO 3166-1 alpha-2 code", hints)
        codes.append(code)
    return tuple(codes)


def catalog_countries(cat: Catalog) -> list[str]:
    """Every country code the catalog's regions, clusters and actors name, sorted."""
    found = {
        country
        for entity_type in ("region", "cluster", "actor")
        for entity in cat.of_type(entity_type)
        if isinstance(country := getattr(entity, "country", None), str)
    }
    return sorted(found)


def field_list(text: str | None) -> tuple[str, ...]:
    """``--fields`` as names in the order given, each once (``id,name,id`` is ``id,name``)."""
    if text is None:
        return ()
    return tuple(dict.fromkeys(split([text], "--fields")))


def era_kinds(text: str) -> tuple[str, ...]:
    """``--eras``: era kinds, comma-separated, or ``all``, or ``none`` (no eras)."""
    values = split([text], "--eras")
    if values == ["none"]:
        return ()
    if values == ["all"]:
        return spec.ERA_KINDS
    return tuple(dict.fromkeys(_choices("--eras", values, spec.ERA_KINDS)))


def stated_filters(names: Sequence[str], given: Mapping[str, object]) -> tuple[str, ...]:
    """The filters a command was given, as a person would read them back: the ids named,
    then each option with its values (``--since 2023``)."""
    stated = [", ".join(names)] if names else []
    for flag, value in given.items():
        if value is None or value in ([], ()):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        stated.append(f"{flag} {shown}")
    return tuple(stated)
