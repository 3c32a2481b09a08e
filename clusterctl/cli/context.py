"""What the global options decide, and how commands turn raw flag values into core inputs."""

from __future__ import annotations

import typer

# The raw-value parsing lives with the library; commands reach it through this module.
from clusterctl.arguments import (
    EXPECTED,
    catalog_countries,
    country_codes,
    era_kinds,
    field_list,
    filters,
    kind_choices,
    split,
    stated_filters,
    user_date,
)
from clusterctl.catalog.index import Catalog
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.lazyclass import dataclass


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


__all__ = [
    "EXPECTED",
    "Settings",
    "catalog",
    "catalog_countries",
    "country_codes",
    "era_kinds",
    "field_list",
    "filters",
    "kind_choices",
    "settings",
    "split",
    "stated_filters",
    "user_date",
]
