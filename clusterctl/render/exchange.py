"""Timelines for other timeline tools: Knight Lab's TimelineJS3 JSON and Mermaid's ``timeline``.

Both are written from the timeline's records after ``--sort`` and ``--limit`` (as the
briefings are), so they hold the same milestones in the same groups as ``-o json``.

TimelineJS (``-o timelinejs``): ``{"title", "events", "eras"}`` as its JSON format documents
it. Each event's ``start_date`` (and ``end_date``, for a range) holds ``year``, ``month`` and
``day`` only as far as the catalog knows them: a milestone known to the year has only a
``year``, and ``display_date`` says the date as clusterctl shows it. ``unique_id`` is the
catalog id; a milestone shown under several groups (``--group-by cluster``) keeps its id in
the first and is ``ID--GROUP`` in the others (ids never hold ``--``). ``group`` is the
cluster or policy a milestone is grouped under; grouped by year (or not at all) events have
no group, since the time axis already shows the year. Text is HTML-escaped; no media.

Mermaid (``-o mermaid``): a ``timeline`` diagram, one ``YEAR : event : event`` line per year,
and a ``section`` per cluster or policy when grouped by one. Characters the diagram syntax
gives a meaning to are written as Mermaid's entity codes (``#58;`` for ``:``), which it
shows as the characters themselves.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import IO, Any

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.dates import DateRange, PartialDate, Precision, When
from clusterctl.render.records import shaped_records
from clusterctl.render.results import TimelineResult
from clusterctl.render.safe import safe_url, visible
from clusterctl.render.structured import dumps_json
from clusterctl.render.text import citation

DEFAULT_TITLE = "Timeline"
# Mermaid renders a diagram of up to this many characters unless the page that shows it
# allows more (its maxTextSize setting, which a diagram cannot change for itself).
MERMAID_MAX_TEXT = 50_000


def _entries(result: TimelineResult) -> list[tuple[dict[str, Any], model.Milestone]]:
    out = []
    for record in shaped_records(result):
        milestone = result.catalog.get(record["id"], model.Milestone)
        if milestone is not None:
            out.append((record, milestone))
    return out


def _grouped(result: TimelineResult) -> bool:
    """Are the groups worth showing as groups (clusters, policies), not years or nothing?"""
    return result.group_by not in ("year", "none")


# --- TimelineJS ------------------------------------------------------------------------------


def tljs_date(when: PartialDate) -> dict[str, int]:
    """A TimelineJS date object at the date's own precision: never a month or day it lacks."""
    date: dict[str, int] = {"year": when.year}
    if when.month is not None:
        date["month"] = when.month
    if when.day is not None:
        date["day"] = when.day
    return date


def _span(when: When) -> tuple[PartialDate, PartialDate | None]:
    if isinstance(when, DateRange):
        return when.start, when.end
    return when, None


def _html(text: str) -> str:
    return html.escape(visible(text, keep_newlines=True), quote=True).replace("\n", "<br>")


def _event_text(milestone: model.Milestone, catalog: Catalog, cite: bool) -> str:
    parts = []
    if milestone.summary:
        parts.append(f"<p>{_html(milestone.summary)}</p>")
    if cite:
        cited = []
        for source_id in milestone.sources:
            source = catalog.get(source_id, model.Source)
            if source is None:
                continue
            url = safe_url(source.url)
            label = _html(citation(source))
            cited.append(f'<a href="{html.escape(url, quote=True)}">{label}</a>' if url else label)
        if cited:
            parts.append("<p>Sources: " + "; ".join(cited) + "</p>")
    return "".join(parts)


def _eras(catalog: Catalog, first: When | None, last: When | None) -> list[dict[str, Any]]:
    """The catalog's eras (where it has them) that overlap the events, as TimelineJS eras.

    An era still running (no end) ends with the last event.
    """
    eras: list[dict[str, Any]] = []
    if first is None or last is None:
        return eras
    for era in catalog.of_type("era"):
        start, end = getattr(era, "start", None), getattr(era, "end", None)
        if not isinstance(start, (PartialDate, DateRange)):
            continue
        if not isinstance(end, (PartialDate, DateRange)):
            end = last
        if end.latest < first.earliest or start.earliest > last.latest:
            continue
        start_day = start.start if isinstance(start, DateRange) else start
        end_day = end.end if isinstance(end, DateRange) else end
        eras.append(
            {
                "start_date": tljs_date(start_day),
                "end_date": tljs_date(end_day),
                "text": {"headline": _html(era.label)},
            }
        )
    return eras


def timelinejs(result: TimelineResult) -> dict[str, Any]:
    """The timeline as a TimelineJS3 JSON document (see the module's docstring)."""
    entries = _entries(result)
    seen: set[str] = set()
    events = []
    for record, milestone in entries:
        start, end = _span(milestone.date)
        unique = (
            milestone.id if milestone.id not in seen else f"{milestone.id}--{record['group_id']}"
        )
        seen.add(milestone.id)
        event: dict[str, Any] = {"unique_id": unique, "start_date": tljs_date(start)}
        if end is not None:
            event["end_date"] = tljs_date(end)
        event["display_date"] = visible(milestone.date.display())
        event["text"] = {
            "headline": _html(milestone.title),
            "text": _event_text(milestone, result.catalog, result.shape.cite),
        }
        if _grouped(result):
            event["group"] = visible(record["group"])
        events.append(event)
    dates = [m.date for _, m in entries]
    first = min(dates, key=lambda d: d.earliest, default=None)
    last = max(dates, key=lambda d: d.latest, default=None)
    title = result.title or DEFAULT_TITLE
    count = len({m.id for _, m in entries})
    subtitle = f"{count} milestone{'s' if count != 1 else ''}"
    if first is not None and last is not None:
        subtitle += f", {first.display()} to {last.display()}"
    return {
        "title": {"text": {"headline": _html(title), "text": f"<p>{_html(subtitle)}.</p>"}},
        "events": events,
        "eras": _eras(result.catalog, first, last),
    }


def write_timelinejs(result: TimelineResult, out: IO[str]) -> None:
    out.write(dumps_json(timelinejs(result)))
    out.write("\n")


# --- Mermaid ---------------------------------------------------------------------------------

# What the timeline grammar reads as syntax (':' separates events, '#' and '%' start comments,
# ';' ends a statement elsewhere) or as markup and entities ('<', '>', '&', '`'): written as
# Mermaid's entity codes, which it decodes after parsing and shows as the characters.
_MERMAID_CODES = {char: f"#{ord(char)};" for char in ":#;%<>&`"}


def mermaid_text(text: str) -> str:
    """Catalog text as one line of Mermaid text that shows as exactly that text."""
    line = " ".join(visible(text).split())
    return "".join(_MERMAID_CODES.get(char, char) for char in line)


def _event(milestone: model.Milestone) -> str:
    title = mermaid_text(milestone.title)
    if milestone.date.precision is Precision.YEAR and not isinstance(milestone.date, DateRange):
        return title
    return f"{mermaid_text(milestone.date.display())} — {title}"


def _years(entries: Iterable[model.Milestone]) -> list[tuple[int, list[model.Milestone]]]:
    """Milestones by the year they start in, the years in order of first appearance."""
    years: dict[int, list[model.Milestone]] = {}
    for milestone in entries:
        years.setdefault(milestone.date.earliest.year, []).append(milestone)
    return list(years.items())


def mermaid(result: TimelineResult) -> str:
    """The timeline as a Mermaid ``timeline`` diagram (see the module's docstring)."""
    lines = ["timeline", f"    title {mermaid_text(result.title or DEFAULT_TITLE)}"]
    entries = _entries(result)
    sections: list[tuple[str | None, list[model.Milestone]]] = []
    current: str | None = None
    for record, milestone in entries:
        key = record["group_id"] if _grouped(result) else None
        if not sections or key != current:
            current = key
            sections.append((record["group"] if _grouped(result) else None, []))
        sections[-1][1].append(milestone)
    for heading, milestones in sections:
        indent = "    "
        if heading is not None:
            lines.append(f"    section {mermaid_text(heading) or '-'}")
            indent = "        "
        for year, in_year in _years(milestones):
            events = " : ".join(_event(m) for m in in_year)
            lines.append(f"{indent}{year} : {events}")
    return "\n".join(lines) + "\n"


def write_mermaid(result: TimelineResult, out: IO[str]) -> None:
    from clusterctl.render.formats import note

    text = mermaid(result)
    out.write(text)
    if len(text) > MERMAID_MAX_TEXT:
        note(
            f"the diagram has {len(text):,} characters; Mermaid draws up to "
            f"{MERMAID_MAX_TEXT:,} unless the page raises its maxTextSize: narrow it with "
            "--since, --until or ID..."
        )
