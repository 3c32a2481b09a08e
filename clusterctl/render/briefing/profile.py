"""The profile briefing (``show -o md|html``): one entity, every statement footnoted.

A record's facts and figures carry the sources the record cites (the catalog does not say
which of them supports which field, and figures have no sources of their own); a ranking
carries its own sources; a milestone its own. Sources are numbered as the page is read.
"""

from __future__ import annotations

from typing import Any

from clusterctl import model
from clusterctl.catalog.index import fold
from clusterctl.query import linked, series
from clusterctl.render.briefing.document import Briefing, Cell, Column, Paragraph, Row, Table
from clusterctl.render.briefing.timeline import label, milestone_row, milestone_table
from clusterctl.render.results import ShowResult
from clusterctl.render.text import Footnotes, number, provenance

_FACTS = (
    ("established", "Established"),
    ("announced", "Announced"),
    ("date", "Date"),
    ("published", "Published"),
    ("status", "Status"),
    ("industries", "Industries"),
    ("operators", "Operators"),
    ("anchors", "Anchors"),
    ("lead_actors", "Lead actors"),
    ("clusters", "Clusters"),
    ("policies", "Policies"),
    ("actors", "Actors"),
    ("related", "Related clusters"),
    ("venue", "Venue"),
    ("publisher", "Publisher"),
    ("language", "Language"),
    ("aliases", "Also known as"),
)


def kind_name(kind: str) -> str:
    """``special-rd-zone`` as a reader says it: "special R&D zone"."""
    return kind.replace("-rd-", "-R&D-").replace("-", " ")


def figure_text(figure: model.Figure, with_date: bool = True) -> str:
    """``1,179 companies (2010)``: a value with its unit and, when known, its as-of date."""
    text = f"{number(figure.value)} {figure.unit}"
    if with_date and figure.as_of is not None:
        text += f" ({figure.as_of.display()})"
    return text


def ranking_text(ranking: model.Ranking) -> str:
    of = f" of {ranking.out_of}" if ranking.out_of else ""
    return (
        f"#{ranking.rank}{of}, {ranking.ranking} ({ranking.publisher}, {ranking.as_of.display()})"
    )


def _subtitle(entity: model.Entity, result: ShowResult) -> str:
    catalog = result.catalog
    kind = getattr(entity, "kind", None)
    what = kind_name(kind) if isinstance(kind, str) else entity.type
    parts = [what[0].upper() + what[1:]]
    region = getattr(entity, "region", None)
    if region:
        parts.append(f"in {label(catalog, region)}")
    country = getattr(entity, "country", None)
    if country and entity.type != "region":
        parts.append(f"({country})")
    return f"{entity.type.capitalize()} profile: " + " ".join(parts) + "."


def profile_briefing(result: ShowResult) -> Briefing:
    """A profile of any entity; clusters get figures, rankings, their timeline and a map."""
    entity, catalog = result.entity, result.catalog
    numbering = Footnotes(catalog)
    own = tuple(getattr(entity, "sources", ()))
    name_ko = getattr(entity, "name_ko", None)
    title = result.title or (f"{entity.label} ({name_ko})" if name_ko else entity.label)
    doc = Briefing(title, _subtitle(entity, result), provenance(catalog), cite=result.cite)

    def cited() -> tuple[int, ...]:
        return tuple(numbering.of(own))

    if isinstance(entity, model.Cluster):
        from clusterctl.render.briefing.clusters import locator

        picture = locator(entity, catalog)
        if picture is not None:
            doc.blocks.append(picture)
    summary = getattr(entity, "summary", None)
    if summary:
        doc.blocks.append(Paragraph(summary, cited()))

    facts = Table("facts", (Column("Fact"), Column("Value")), row_headers=True, show_header=False)

    def add(heading: str, value: Any) -> None:
        if isinstance(value, tuple):
            value = ", ".join(label(catalog, v) for v in value)
        elif hasattr(value, "display"):
            value = value.display()
        if value:
            facts.rows.append(Row((Cell(heading), Cell(str(value), cited()))))

    add("Korean name", name_ko)
    kind = getattr(entity, "kind", None)
    add("Kind", kind_name(kind) if isinstance(kind, str) else None)
    region = getattr(entity, "region", None)
    add("Region", f"{label(catalog, region)} ({region})" if region else None)
    add("Country", getattr(entity, "country", None))
    for attr, heading in _FACTS:
        value = getattr(entity, attr, None)
        if attr == "aliases" and value:
            value = "; ".join(value)
        add(heading, value)
    location = getattr(entity, "location", None)
    if location is not None:
        add("Location", f"{number(location.lat)}° N, {number(location.lon)}° E")
    if isinstance(entity, model.Source) and entity.url:
        facts.rows.append(Row((Cell("Address"), Cell(entity.url))))
    if facts.rows:
        doc.blocks.append(facts)

    figures = getattr(entity, "figures", ())
    if figures:
        table = Table(
            "figures",
            (Column("Figure"), Column("Value", "value"), Column("As of", "date")),
            heading="Figures",
        )
        labels = list(dict.fromkeys(fold(f.label) for f in figures))
        for folded in labels:  # a series together, latest first
            for figure in series(f for f in figures if fold(f.label) == folded):
                detail = (figure.note,) if figure.note else ()
                table.rows.append(
                    Row(
                        (
                            Cell(figure.label),
                            Cell(figure_text(figure, with_date=False), cited(), detail),
                            Cell(figure.as_of.display() if figure.as_of else "", css="date"),
                        )
                    )
                )
        doc.blocks.append(table)

    rankings = getattr(entity, "rankings", ())
    if rankings:
        table = Table("rankings", (Column("Ranking"), Column("As of", "date")), heading="Rankings")
        for ranking in rankings:
            notes = tuple(numbering.of(ranking.sources or own))
            table.rows.append(
                Row((Cell(ranking_text(ranking), notes), Cell(ranking.as_of.display(), css="date")))
            )
        doc.blocks.append(table)

    timeline = milestone_table("Timeline", result.cite)
    for link in linked(catalog, entity):
        if isinstance(link.source, model.Milestone):
            timeline.rows.append(milestone_row(catalog, link.source, numbering))
    if timeline.rows:
        doc.blocks.append(timeline)
    if not own and not doc.blocks:
        doc.blocks.append(Paragraph("The catalog records nothing more about it."))
    doc.sources = numbering.sources()
    return doc
