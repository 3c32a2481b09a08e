"""Small text pieces every human-facing format shares: numbers, citations, footnote numbering."""

from __future__ import annotations

import math

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.query import cited_sources


def number(value: float, grouped: bool = True) -> str:
    """Exactly the digits the catalog holds, grouped: ``1,622``, ``18.73``, ``1,234,567.89``
    (without separators when ``grouped`` is false, for machine-read text).

    Never rounded and never in exponent notation (``1e+16`` shows all its zeros); a float
    with nothing after the point shows as a whole number (``150``).
    """
    separator = "," if grouped else ""
    if isinstance(value, int):
        return f"{value:{separator}}"
    if not math.isfinite(value):
        return repr(value)
    from decimal import Decimal

    # repr is the shortest text that reads back as this float: the digits the catalog wrote
    text = format(Decimal(repr(value)), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    return f"{sign}{int(whole):{separator}}" + (f".{fraction}" if fraction else "")


def citation(source: model.Source) -> str:
    """Publisher, “title”, date (kind): how a source is cited in footnotes.

    The kind ("official page", "news", "encyclopedia") tells a reader a source of record from
    a secondary compilation.
    """
    parts = [source.publisher, f"“{source.title}”"]
    if source.published is not None:
        parts.append(source.published.display())
    return ", ".join(parts) + f" ({source.kind.replace('-', ' ')})"


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
