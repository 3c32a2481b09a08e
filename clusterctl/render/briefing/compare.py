"""The compare briefing: clusters side by side in one table, every figure footnoted.

Each column's facts are supported by the sources its cluster cites (footnoted at the column's
head); each figure and ranking carries its own footnotes. A figure row compares the latest
figure of each cluster; ``≠`` marks one that does not compare, with the reason as a remark.
"""

from __future__ import annotations

from clusterctl import model
from clusterctl.render.briefing.document import Briefing, Cell, Column, Row, Table, letter
from clusterctl.render.briefing.profile import figure_text, kind_name, ranking_text
from clusterctl.render.briefing.timeline import label
from clusterctl.render.results import CompareResult
from clusterctl.render.text import Footnotes, provenance

NOT_COMPARABLE = "≠"


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def compare_briefing(result: CompareResult) -> Briefing:
    comparison, catalog = result.comparison, result.catalog
    clusters = comparison.clusters
    numbering = Footnotes(catalog)
    columns = [Column("")]
    for cluster in clusters:
        notes = tuple(numbering.of(cluster.sources))
        columns.append(Column(cluster.name, "cluster", notes, cluster.name_ko or ""))
    title = result.title or "Comparison: " + _names([c.name for c in clusters])
    doc = Briefing(
        title,
        f"{len(clusters)} clusters side by side. Figures are the latest each cluster has, "
        "with its date, then earlier ones; ≠ marks a figure that does not compare with the "
        "others in its row.",
        provenance(catalog),
        cite=result.shape.cite,
    )
    table = Table("compare", tuple(columns), row_headers=True)

    def facts(heading: str, values: list[str]) -> None:
        if any(values):
            table.rows.append(Row((Cell(heading), *(Cell(v or "—") for v in values))))

    facts("Kind", [kind_name(c.kind) for c in clusters])
    facts("Where", [_where(c, result) for c in clusters])
    facts("Established", [c.established.display() if c.established else "" for c in clusters])
    facts("Status", [c.status or "" for c in clusters])
    facts("Industries", [", ".join(label(catalog, i) for i in c.industries) for c in clusters])
    facts("Operators", [", ".join(label(catalog, i) for i in c.operators) for c in clusters])
    facts("Anchors", [", ".join(label(catalog, i) for i in c.anchors) for c in clusters])
    if any(c.rankings for c in clusters):
        cells = []
        for cluster in clusters:
            if not cluster.rankings:
                cells.append(Cell("—"))
                continue
            first, *rest = cluster.rankings
            notes = tuple(numbering.of(first.sources or cluster.sources))
            detail = tuple(ranking_text(r) for r in rest)
            cells.append(Cell(ranking_text(first), notes, detail))
        table.rows.append(Row((Cell("Rankings"), *cells)))

    if comparison.figure_rows:
        table.rows.append(Row((Cell("Figures"),), section=True))
    for heading, figure_cells, reason in comparison.figure_rows:
        remarks: tuple[str, ...] = ()
        if reason:
            remarks = (letter(len(doc.remarks)),)
            doc.remarks.append(f"{heading}: {reason}.")
        cells = []
        for cluster, cell in zip(clusters, figure_cells, strict=True):
            latest = cell.figure
            if latest is None:
                cells.append(Cell("—"))
                continue
            notes = tuple(numbering.of(cluster.sources))
            lines = [f"Note: {latest.note}"] if latest.note else []
            if len(cell.figures) > 1:
                lines.append("Earlier: " + "; ".join(figure_text(f) for f in cell.figures[1:]))
            mark = NOT_COMPARABLE if cell.comparable is False else ""
            cells.append(Cell(figure_text(latest), notes, tuple(lines), mark))
        table.rows.append(Row((Cell(heading, remarks=remarks), *cells)))

    table.rows.append(Row((Cell("Milestones"),), section=True))
    facts("Milestones in the catalog", [str(len(comparison.milestones[c.id])) for c in clusters])
    for heading, pick in (("First", 0), ("Latest", -1)):
        cells = []
        for cluster in clusters:
            milestones = comparison.milestones[cluster.id]
            if not milestones:
                cells.append(Cell("—"))
                continue
            milestone = milestones[pick]
            notes = tuple(numbering.numbers(milestone))
            cells.append(Cell(f"{milestone.date.display()}: {milestone.title}", notes))
        table.rows.append(Row((Cell(heading), *cells)))
    doc.blocks.append(table)
    doc.sources = numbering.sources()
    return doc


def _where(cluster: model.Cluster, result: CompareResult) -> str:
    if cluster.region:
        return f"{label(result.catalog, cluster.region)} ({cluster.region}), {cluster.country}"
    return cluster.country
