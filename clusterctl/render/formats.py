"""The format registry: adding a format is one writer function and one entry here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum

from clusterctl.errors import OutputClosed, UsageError
from clusterctl.render.results import Result, ShowResult, TimelineResult


class Format(str, Enum):
    """Output formats of ``-o/--format``."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    YAML = "yaml"
    MD = "md"
    HTML = "html"
    SVG = "svg"


BRIEFING_FORMATS = (Format.MD, Format.HTML, Format.SVG)


def _table(result: Result, color: str) -> None:
    from clusterctl.render.terminal import render

    render(result, color)


def _json(result: Result, color: str) -> None:
    from clusterctl.render.structured import write_json

    write_json(result, sys.stdout)


def _jsonl(result: Result, color: str) -> None:
    from clusterctl.render.structured import write_jsonl

    write_jsonl(result, sys.stdout)


def _csv(result: Result, color: str) -> None:
    from clusterctl.render.tabular import write_csv

    write_csv(result, sys.stdout)


def _yaml(result: Result, color: str) -> None:
    from clusterctl.render.structured import write_yaml

    write_yaml(result, sys.stdout)


def _briefable(result: Result, fmt: Format) -> TimelineResult | ShowResult:
    if not isinstance(result, (TimelineResult, ShowResult)):
        raise UsageError(
            f"-o {fmt.value} is for briefings: timeline and show",
            ["use -o md, json, csv or yaml for other commands"],
        )
    return result


def _md(result: Result, color: str) -> None:
    if isinstance(result, (TimelineResult, ShowResult)):
        from clusterctl.render.briefing import build, write_markdown

        write_markdown(build(result, result.title), sys.stdout)
        return
    from clusterctl.render.tabular import write_markdown as write_table

    write_table(result, sys.stdout)


def _html(result: Result, color: str) -> None:
    from clusterctl.render.briefing import build, write_html

    briefable = _briefable(result, Format.HTML)
    write_html(build(briefable, briefable.title), sys.stdout)


def _svg(result: Result, color: str) -> None:
    from clusterctl.render.terminal import write_svg

    write_svg(_briefable(result, Format.SVG), sys.stdout)


WRITERS: dict[Format, Callable[[Result, str], None]] = {
    Format.TABLE: _table,
    Format.JSON: _json,
    Format.JSONL: _jsonl,
    Format.CSV: _csv,
    Format.YAML: _yaml,
    Format.MD: _md,
    Format.HTML: _html,
    Format.SVG: _svg,
}


def emit(result: Result, fmt: Format, color: str = "auto") -> None:
    """Write ``result`` to stdout in ``fmt``. The only way anything reaches stdout."""
    try:
        WRITERS[fmt](result, color)
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed("stdout was closed") from None


def emit_text(line: str) -> None:
    """Write one plain line of text to stdout (``--version``)."""
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosed("stdout was closed") from None
