"""The format registry: adding a format is one writer function and one entry here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum

from clusterctl.errors import OutputClosed
from clusterctl.render.results import Result


class Format(str, Enum):
    """Output formats of ``-o/--format``."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    YAML = "yaml"
    MD = "md"


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


def _md(result: Result, color: str) -> None:
    from clusterctl.render.tabular import write_markdown

    write_markdown(result, sys.stdout)


WRITERS: dict[Format, Callable[[Result, str], None]] = {
    Format.TABLE: _table,
    Format.JSON: _json,
    Format.JSONL: _jsonl,
    Format.CSV: _csv,
    Format.YAML: _yaml,
    Format.MD: _md,
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
