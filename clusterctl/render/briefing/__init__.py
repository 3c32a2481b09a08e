"""Briefings: timelines, profiles and comparisons as Markdown, self-contained HTML or SVG.

``document`` is what a briefing says; ``timeline``, ``profile`` and ``compare`` build it from
a result; ``markdown``, ``html`` and ``svg`` write it; ``clusters`` is the map's page.
"""

from __future__ import annotations

from clusterctl.render.briefing.document import Briefing
from clusterctl.render.briefing.html import write_html
from clusterctl.render.briefing.markdown import write_markdown
from clusterctl.render.results import CompareResult, Result, ShowResult, TimelineResult

__all__ = ["Briefing", "build", "write_html", "write_markdown"]


def build(result: Result) -> Briefing:
    """The briefing of a timeline, profile or comparison."""
    if isinstance(result, TimelineResult):
        from clusterctl.render.briefing.timeline import timeline_briefing

        return timeline_briefing(result)
    if isinstance(result, ShowResult):
        from clusterctl.render.briefing.profile import profile_briefing

        return profile_briefing(result)
    if isinstance(result, CompareResult):
        from clusterctl.render.briefing.compare import compare_briefing

        return compare_briefing(result)
    raise TypeError(type(result).__name__)
