"""The map's page (``clusters -o html``) and the locator map of a cluster's profile."""

from __future__ import annotations

from typing import IO

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.render.briefing.document import (
    Briefing,
    Cell,
    Column,
    Picture,
    Row,
    Table,
)
from clusterctl.render.briefing.html import write_html
from clusterctl.render.briefing.profile import kind_name
from clusterctl.render.briefing.timeline import label
from clusterctl.render.clustermap.basemap import basemap
from clusterctl.render.clustermap.layout import (
    COUNTRY,
    MapText,
    approximate,
    layout_locator,
    layout_map,
    map_words,
)
from clusterctl.render.clustermap.svg import write_map
from clusterctl.render.results import ListResult
from clusterctl.render.text import Footnotes, number, provenance


def locator(cluster: model.Cluster, catalog: Catalog) -> Picture | None:
    """A small map beside a Korean cluster's profile: its point, or its province shaded."""
    layout = layout_locator(cluster)
    if layout is None:
        return None
    region = label(catalog, cluster.region) if cluster.region else "its province"
    if cluster.location is not None:
        where = f"{number(cluster.location.lat)}° N, {number(cluster.location.lon)}° E"
        caption = f"The catalog's point, {where}"
        caption += ", an approximation (see the notes)" if approximate(cluster) else ""
        caption += f"; {region} shaded."
    else:
        caption = f"No point in the catalog; {region} shaded."
    caption += f" Map: {basemap().attribution}"
    return Picture(write_map(layout, "clusterctl-locator"), caption, "locator")


def _name(cluster: model.Cluster) -> Cell:
    return Cell(cluster.name, detail=(cluster.name_ko,) if cluster.name_ko else ())


def write_map_page(result: ListResult, out: IO[str]) -> None:
    """The map, with every cluster it shows or cannot show listed in a table below it."""
    catalog = result.catalog
    clusters = [e for e in result.entities if isinstance(e, model.Cluster)]
    words = map_words(clusters, catalog, result.filters)
    layout = layout_map(clusters, catalog, MapText("", ""), lists=False, width=860)
    numbering = Footnotes(catalog)
    doc = Briefing(words.title, words.subtitle, provenance(catalog), cite=result.cite)
    doc.blocks.append(Picture(write_map(layout), f"Map: {basemap().attribution}", "map"))

    def where(cluster: model.Cluster) -> str:
        return label(catalog, cluster.region) if cluster.region else ""

    def notes(cluster: model.Cluster) -> tuple[int, ...]:
        return tuple(numbering.of(cluster.sources))

    korean = [c for c in clusters if c.country == COUNTRY]
    drawn = [c for c in korean if c.location is not None]
    if drawn:
        columns = (Column("Cluster"), Column("Kind"), Column("Region"), Column("Point (lat, lon)"))
        table = Table("clusters", columns, heading=f"On the map ({len(drawn)})")
        for cluster in drawn:
            assert cluster.location is not None
            point = f"{number(cluster.location.lat)}, {number(cluster.location.lon)}"
            detail = ("approximate, as the catalog notes",) if approximate(cluster) else ()
            cells = (_name(cluster), Cell(kind_name(cluster.kind)), Cell(where(cluster)))
            table.rows.append(Row((*cells, Cell(point, notes(cluster), detail))))
        doc.blocks.append(table)
    abroad = [c for c in clusters if c.country != COUNTRY]
    if abroad:
        table = Table("clusters", (Column("Cluster"), Column("Kind"), Column("Region")),
                      heading=f"Outside Korea, not drawn ({len(abroad)})")  # fmt: skip
        for cluster in abroad:
            region = f"{where(cluster)}, {cluster.country}".lstrip(", ")
            table.rows.append(Row((_name(cluster), Cell(kind_name(cluster.kind)),
                                   Cell(region, notes(cluster)))))  # fmt: skip
        doc.blocks.append(table)
    pointless = sorted((c for c in korean if c.location is None), key=lambda c: (where(c), c.name))
    if pointless:
        table = Table("clusters", (Column("Cluster"), Column("Kind"), Column("Region")),
                      heading=f"No point in the catalog ({len(pointless)})")  # fmt: skip
        for cluster in pointless:
            table.rows.append(Row((_name(cluster), Cell(kind_name(cluster.kind)),
                                   Cell(where(cluster), notes(cluster)))))  # fmt: skip
        doc.blocks.append(table)
    doc.sources = numbering.sources()
    write_html(doc, out)
