"""The timeline briefing: milestones in their groups, one table per group."""

from __future__ import annotations

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, parse_when
from clusterctl.render.briefing.document import Briefing, Cell, Column, Row, Table
from clusterctl.render.records import shaped_records
from clusterctl.render.results import TimelineResult
from clusterctl.render.text import Footnotes, provenance


def label(catalog: Catalog, entity_id: str) -> str:
    entity = catalog.by_id.get(entity_id)
    return entity.label if entity is not None else entity_id


def milestone_table(heading: str, cite: bool) -> Table:
    """An empty table of milestones (date, title, clusters; sources in their own column)."""
    return Table(
        "timeline",
        (Column("Date", "date"), Column("Milestone", "title"), Column("Clusters", "clusters")),
        heading=heading,
        notes_column=cite,
    )


def milestone_row(catalog: Catalog, milestone: model.Milestone, numbering: Footnotes) -> Row:
    clusters = ", ".join(label(catalog, c) for c in milestone.clusters)
    notes = tuple(numbering.numbers(milestone))
    return Row(
        (Cell(milestone.date.display(), css="date"), Cell(milestone.title), Cell(clusters, notes))
    )


def timeline_briefing(result: TimelineResult) -> Briefing:
    catalog = result.catalog
    numbering = Footnotes(catalog)
    tables: list[Table] = []
    records = shaped_records(result)  # whatever --fields says, a briefing has its columns
    current: str | None = None
    for record in records:  # a group's records come together: each heading once
        milestone = catalog.get(record["id"], model.Milestone)
        if milestone is None:
            continue
        if not tables or (result.group_by != "none" and record["group_id"] != current):
            current = record["group_id"]
            heading = record["group"] if result.group_by != "none" else ""
            tables.append(milestone_table(heading, result.shape.cite))
        tables[-1].rows.append(milestone_row(catalog, milestone, numbering))
    dates = [parse_when(r["date"]) for r in records if r.get("date")]
    span = ""
    if dates:
        first = min(dates, key=lambda d: d.earliest)
        last = max(dates, key=lambda d: d.latest)
        start = first.start if isinstance(first, DateRange) else first
        end = last.end if isinstance(last, DateRange) else last
        span = f", {start.display()} to {end.display()}"
    entries = sum(len(t.rows) for t in tables)
    count = len({r["id"] for r in records})
    subtitle = f"{count} milestones{span}."
    if entries != count:
        groups = {"cluster": "clusters", "policy": "policies"}.get(result.group_by, "groups")
        subtitle = (
            f"{count} milestones{span}, in {entries} entries: a milestone under several "
            f"{groups} is listed under each."
        )
    return Briefing(
        title=result.title or "Timeline",
        subtitle=subtitle,
        provenance=provenance(catalog),
        blocks=list(tables),
        sources=numbering.sources(),
        cite=result.shape.cite,
    )
