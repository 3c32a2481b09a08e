"""What commands hand to the renderer: plain frozen values, no formatting decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clusterctl import model
from clusterctl.catalog.index import Catalog, Link
from clusterctl.catalog.report import ValidationReport


@dataclass(frozen=True, slots=True)
class ListResult:
    """A listing of one entity type."""

    entity_type: str
    entities: tuple[model.Entity, ...]
    catalog: Catalog
    fields: tuple[str, ...] = ()
    cite: bool = False


@dataclass(frozen=True, slots=True)
class ShowResult:
    """One entity in full, with what links to it."""

    entity: model.Entity
    links: tuple[Link, ...]
    catalog: Catalog
    cite: bool = False


@dataclass(frozen=True, slots=True)
class ValidateResult:
    """A validation report over the catalogs in effect."""

    report: ValidationReport


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """A JSON document printed as is (the schema)."""

    document: dict[str, Any]


Result = ListResult | ShowResult | ValidateResult | DocumentResult
