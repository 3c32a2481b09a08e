"""Briefings: a timeline or a cluster profile as Markdown or self-contained HTML.

Both formats are written from one document model (``Briefing``) so they always say the same
thing. Sources are numbered in order of first citation and listed in full at the end.
"""

from __future__ import annotations

import html
import re
from dataclasses import field
from typing import IO, Any

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, parse_when
from clusterctl.lazyclass import dataclass
from clusterctl.query import linked
from clusterctl.render.records import shaped_records
from clusterctl.render.results import Result, ShowResult, TimelineResult
from clusterctl.render.safe import markdown_link, markdown_text, safe_url, visible
from clusterctl.render.text import Footnotes, citation, number

_JAMO = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_HANGUL = re.compile(f"[{_JAMO}]+(?:[ \u00b7]*[{_JAMO}]+)*")


@dataclass(slots=True)
class Row:
    """One milestone line: date, title, the clusters it concerns, its footnote numbers."""

    date: str
    title: str
    clusters: str
    notes: list[int]


@dataclass(slots=True)
class Section:
    heading: str
    rows: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class Briefing:
    """What a briefing says, independent of format."""

    title: str
    subtitle: str
    summary: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    figures: list[tuple[str, str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sources: list[model.Source] = field(default_factory=list)
    cite: bool = True


def _label(catalog: Catalog, entity_id: str) -> str:
    entity = catalog.by_id.get(entity_id)
    return entity.label if entity is not None else entity_id


def _row(catalog: Catalog, milestone: model.Milestone, numbering: Footnotes) -> Row:
    clusters = ", ".join(_label(catalog, c) for c in milestone.clusters)
    return Row(milestone.date.display(), milestone.title, clusters, numbering.numbers(milestone))


def timeline_briefing(result: TimelineResult) -> Briefing:
    catalog = result.catalog
    numbering = Footnotes(catalog)
    sections: list[Section] = []
    records = shaped_records(result)  # whatever --fields says, a briefing has its columns
    current: str | None = None
    for record in records:  # a group's records come together: each heading once
        milestone = catalog.get(record["id"], model.Milestone)
        if milestone is None:
            continue
        if not sections or (result.group_by != "none" and record["group_id"] != current):
            current = record["group_id"]
            sections.append(Section(record["group"] if result.group_by != "none" else ""))
        sections[-1].rows.append(_row(catalog, milestone, numbering))
    dates = [parse_when(r["date"]) for r in records if r.get("date")]
    span = ""
    if dates:
        first = min(dates, key=lambda d: d.earliest)
        last = max(dates, key=lambda d: d.latest)
        start = first.start if isinstance(first, DateRange) else first
        end = last.end if isinstance(last, DateRange) else last
        span = f", {start.display()} to {end.display()}"
    entries = sum(len(s.rows) for s in sections)
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
        sections=sections,
        sources=numbering.sources(),
        cite=result.shape.cite,
    )


def _when(value: Any) -> str:
    return value.display() if value is not None and hasattr(value, "display") else ""


def _figure_row(figure: model.Figure) -> tuple[str, str, str]:
    value = f"{number(figure.value)} {figure.unit}"
    if figure.note:
        value += f" ({figure.note})"
    return figure.label, value, _when(figure.as_of)


def profile_briefing(result: ShowResult, title: str | None) -> Briefing:
    """A profile of any entity; clusters get figures, rankings and their own timeline."""
    entity, catalog = result.entity, result.catalog
    numbering = Footnotes(catalog)
    numbering.numbers(entity)
    name_ko = getattr(entity, "name_ko", None)
    heading = title or (f"{entity.label} ({name_ko})" if name_ko else entity.label)
    facts: list[tuple[str, str]] = [("Type", entity.type)]
    if name_ko:
        facts.append(("Korean name", name_ko))

    def add(label: str, value: Any) -> None:
        if isinstance(value, tuple):
            value = ", ".join(_label(catalog, v) for v in value)
        elif hasattr(value, "display"):
            value = value.display()
        if value:
            facts.append((label, str(value)))

    add("Kind", getattr(entity, "kind", None))
    region = getattr(entity, "region", None)
    add("Region", f"{_label(catalog, region)} ({region})" if region else None)
    add("Country", getattr(entity, "country", None))
    for attr, label in (
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
        ("aliases", "Also known as"),
    ):
        value = getattr(entity, attr, None)
        if attr == "aliases" and value:
            value = "; ".join(value)
        add(label, value)
    location = getattr(entity, "location", None)
    if location is not None:
        facts.append(("Location", f"{number(location.lat)}, {number(location.lon)}"))
    for ranking in getattr(entity, "rankings", ()):
        of = f" of {ranking.out_of}" if ranking.out_of else ""
        facts.append(
            ("Ranking", f"#{ranking.rank}{of}, {ranking.ranking} ({ranking.publisher}, "
                        f"{ranking.as_of.display()})")
        )  # fmt: skip
    figures = [_figure_row(f) for f in getattr(entity, "figures", ())]
    section = Section("Timeline")
    for link in linked(catalog, entity):
        if isinstance(link.source, model.Milestone):
            section.rows.append(_row(catalog, link.source, numbering))
    return Briefing(
        title=heading,
        subtitle=f"Profile of {entity.id}.",
        summary=getattr(entity, "summary", None) or "",
        facts=facts,
        figures=figures,
        sections=[section] if section.rows else [],
        sources=numbering.sources(),
        cite=result.cite,
    )


def build(result: Result, title: str | None) -> Briefing:
    if isinstance(result, TimelineResult):
        return timeline_briefing(result)
    if isinstance(result, ShowResult):
        return profile_briefing(result, title)
    raise TypeError(type(result).__name__)


# --- Markdown ---------------------------------------------------------------------------------


def _md(text: str) -> str:
    return markdown_text(text)


def write_markdown(doc: Briefing, out: IO[str]) -> None:
    out.write(f"# {_md(doc.title)}\n\n_{_md(doc.subtitle)}_\n")
    if doc.summary:
        out.write(f"\n{_md(doc.summary)}\n")
    if doc.facts:
        out.write("\n| | |\n| --- | --- |\n")
        for label, value in doc.facts:
            out.write(f"| {_md(label)} | {_md(value)} |\n")
    if doc.figures:
        out.write("\n## Figures\n\n| Figure | Value | As of |\n| --- | --- | --- |\n")
        for label, value, as_of in doc.figures:
            out.write(f"| {_md(label)} | {_md(value)} | {_md(as_of)} |\n")
    for section in doc.sections:
        if section.heading:
            out.write(f"\n## {_md(section.heading)}\n")
        header = "| Date | Milestone | Clusters |" + (" Sources |" if doc.cite else "")
        out.write(f"\n{header}\n|" + " --- |" * (4 if doc.cite else 3) + "\n")
        for row in section.rows:
            line = f"| {_md(row.date)} | {_md(row.title)} | {_md(row.clusters)} |"
            if doc.cite:
                line += " " + ", ".join(f"[{n}]" for n in row.notes) + " |"
            out.write(line + "\n")
    if doc.cite and doc.sources:
        out.write("\n## Sources\n\n")
        for index, source in enumerate(doc.sources, 1):
            url = safe_url(source.url)
            link = f" {markdown_link(url)}" if url else ""
            out.write(f"{index}. {_md(citation(source))}{link}\n")


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic",
       "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.4rem; border-bottom: 1px solid #ccc; }
.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem;
         border-bottom: 1px solid #e3e3e3; overflow-wrap: anywhere; }
th { background: #f4f4f4; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.timeline { table-layout: fixed; }
col.date { width: 8.5rem; } col.clusters { width: 30%; } col.notes { width: 5.5rem; }
td.notes, sup { color: #555; }
ol.sources { font-size: 0.85rem; color: #333; padding-left: 1.6rem; }
ol.sources a { color: #1a4d8f; overflow-wrap: anywhere; }
footer { margin-top: 2rem; font-size: 0.8rem; color: #777; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


def _h(text: str) -> str:
    """Escape catalog text for HTML and tag runs of Hangul as Korean."""
    escaped = html.escape(visible(text, keep_newlines=True), quote=True)
    escaped = _HANGUL.sub(lambda m: f'<span lang="ko">{m.group(0)}</span>', escaped)
    return escaped.replace("\n", "<br>")


def write_html(doc: Briefing, out: IO[str]) -> None:
    w = out.write
    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n")  # fmt: skip
    w(f"<title>{html.escape(visible(doc.title))}</title>\n<style>\n{_CSS}\n</style>\n</head>\n")
    w(f'<body>\n<h1>{_h(doc.title)}</h1>\n<p class="subtitle">{_h(doc.subtitle)}</p>\n')
    if doc.summary:
        w(f"<p>{_h(doc.summary)}</p>\n")
    if doc.facts:
        w('<table class="facts">\n<tbody>\n')
        for label, value in doc.facts:
            w(f'<tr><th scope="row">{_h(label)}</th><td>{_h(value)}</td></tr>\n')
        w("</tbody>\n</table>\n")
    if doc.figures:
        w("<h2>Figures</h2>\n<table>\n<thead><tr><th>Figure</th><th>Value</th><th>As of</th>"
          "</tr></thead>\n<tbody>\n")  # fmt: skip
        for label, value, as_of in doc.figures:
            w(f"<tr><td>{_h(label)}</td><td>{_h(value)}</td>")
            w(f'<td class="date">{_h(as_of)}</td></tr>\n')
        w("</tbody>\n</table>\n")
    for section in doc.sections:
        if section.heading:
            w(f"<h2>{_h(section.heading)}</h2>\n")
        w('<table class="timeline">\n<colgroup><col class="date"><col class="title">')
        w('<col class="clusters">' + ('<col class="notes">' if doc.cite else "") + "</colgroup>\n")
        w("<thead><tr><th>Date</th><th>Milestone</th><th>Clusters</th>")
        w("<th>Sources</th>" if doc.cite else "")
        w("</tr></thead>\n<tbody>\n")
        for row in section.rows:
            w(f"<tr><td class=\"date\">{_h(row.date)}</td><td>{_h(row.title)}</td>"
              f"<td>{_h(row.clusters)}</td>")  # fmt: skip
            if doc.cite:
                notes = ", ".join(f'<a href="#s{n}">{n}</a>' for n in row.notes)
                w(f'<td class="notes">{notes}</td>')
            w("</tr>\n")
        w("</tbody>\n</table>\n")
    if doc.cite and doc.sources:
        w('<h2>Sources</h2>\n<ol class="sources">\n')
        for index, source in enumerate(doc.sources, 1):
            url = safe_url(source.url)
            link = (
                f' <a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>' if url else ""
            )
            w(f'<li id="s{index}">{_h(citation(source))}.{link}</li>\n')
        w("</ol>\n")
    w("<footer>Generated by clusterctl from its sourced catalog.</footer>\n</body>\n</html>\n")
