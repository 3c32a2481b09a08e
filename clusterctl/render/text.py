"""Small text pieces every human-facing format shares: numbers, citations, footnote numbering."""

from __future__ import annotations

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.query import cited_sources


def number(value: float) -> str:
    """``1,622`` for integers, ``18.73`` for decimals: grouped, without trailing zeros."""
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def citation(source: model.Source) -> str:
    """Publisher, “title”, date: how a source is cited in footnotes."""
    parts = [source.publisher, f"“{source.title}”"]
    if source.published is not None:
        parts.append(source.published.display())
    return ", ".join(parts)


class Footnotes:
    """Numbers sources in order of first citation."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.order: dict[str, int] = {}

    def numbers(self, entity: model.Entity) -> list[int]:
        """The footnote numbers of what ``entity`` cites, assigning new ones as needed."""
        return [self.order.setdefault(s, len(self.order) + 1) for s in cited_sources(entity)]

    def sources(self) -> list[model.Source]:
        """The cited sources, in footnote order."""
        found = [self.catalog.get(s, model.Source) for s in self.order]
        return [s for s in found if s is not None]
