"""``schema``: print the catalog's JSON Schema for editors and other tools."""

from __future__ import annotations

from clusterctl.catalog.schema import catalog_schema
from clusterctl.render.formats import Format, emit
from clusterctl.render.results import DocumentResult


def schema() -> None:
    """Print the catalog's JSON Schema (draft 2020-12).

    \b
    Example:
      clusterctl schema > catalog.schema.json
    """
    emit(DocumentResult(catalog_schema()), Format.JSON)
