"""Small text pieces every human-facing format shares: numbers, citations, footnote numbering."""

from __future__ import annotations

import math
from collections.abc import Iterable

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.query import Filters, cited_sources


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

    def of(self, ids: Iterable[str]) -> list[int]:
        """The footnote numbers of the given source ids, assigning new ones as needed."""
        return [self.order.setdefault(s, len(self.order) + 1) for s in dict.fromkeys(ids)]

    def sources(self) -> list[model.Source]:
        """The cited sources, in footnote order."""
        found = [self.catalog.get(s, model.Source) for s in self.order]
        return [s for s in found if s is not None]


def describe_filters(filters: Filters | None, catalog: Catalog) -> str:
    """What a listing's filters kept, in words: ``region Daejeon; industry Biotechnology``
    (empty when nothing was filtered)."""
    if filters is None:
        return ""

    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(catalog.by_id[i].label if i in catalog.by_id else i for i in ids)

    parts = []
    for attribute, word in (
        ("regions", "region"), ("industries", "industry"), ("kinds", "kind"),
        ("countries", "country"), ("statuses", "status"), ("clusters", "cluster"),
        ("policies", "policy"), ("actors", "actor"), ("about", "about"),
    ):  # fmt: skip
        ids = getattr(filters, attribute)
        if ids:
            shown = (
                names(ids)
                if attribute not in ("kinds", "countries", "statuses")
                else ", ".join(ids)
            )
            parts.append(f"{word} {shown}")
    if filters.since is not None:
        parts.append(f"since {filters.since.display()}")
    if filters.until is not None:
        parts.append(f"until {filters.until.display()}")
    return "; ".join(parts)


def provenance(catalog: Catalog) -> str:
    """Which catalog an output came from and when it was made (SOURCE_DATE_EPOCH honoured):
    ``catalog 2026.11.1, made 14 Nov 2023 22:13 UTC``."""
    from clusterctl.render.export import generated_at

    moment = generated_at()
    version = (
        f"catalog {catalog.catalog_version}"
        if catalog.catalog_version
        else "an unversioned catalog"
    )
    return f"{version}, made {moment.day} {moment:%b} {moment.year} {moment:%H:%M} UTC"
