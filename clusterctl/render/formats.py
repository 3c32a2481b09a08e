"""The format registry: adding a format is one writer function and one entry here.

It also owns the process's stdout: rendered output reaches it through ``write_stdout``, and
``output_failure`` turns every way a write can fail into an error the CLI can explain (the
boundary asks it too, about the writes made elsewhere: Click's help, ``export``).
"""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Callable
from enum import Enum
from typing import IO

from clusterctl.errors import ClusterctlError, OutputClosed, OutputError, UsageError
from clusterctl.render.results import (
    CompareResult,
    DiffResult,
    ListResult,
    Result,
    SearchResult,
    ShowResult,
    StatsResult,
    TimelineResult,
    ValidateResult,
)


class Format(str, Enum):
    """Output formats of ``-o/--format``."""

    TABLE = "table"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    YAML = "yaml"
    MD = "md"
    HTML = "html"
    SVG = "svg"
    TIMELINEJS = "timelinejs"
    MERMAID = "mermaid"


BRIEFING_FORMATS = (Format.MD, Format.HTML, Format.SVG)
# Formats of other timeline tools: for ``timeline`` only.
TIMELINE_FORMATS = (Format.TIMELINEJS, Format.MERMAID)


def _table(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.tty import color_enabled, is_terminal

    # Piped, a table is TSV (the gh convention); validate keeps its compiler-style lines,
    # which editors parse, in a pipe too: without colour, those are plain text, no Rich.
    if not is_terminal(sys.stdout):
        if not isinstance(result, ValidateResult):
            _tsv(result, color, out)
            return
        if not color_enabled(color, sys.stdout):
            _report_lines(result, out)
            return
    from clusterctl.render.terminal import render

    render(result, color, out)


def _report_lines(result: ValidateResult, out: IO[str]) -> None:
    """``terminal.render_report``'s lines without their colour, in the pipe layout."""
    from clusterctl.render.safe import visible

    report = result.report
    lines = []
    for issue in report.sorted():
        where, kind = visible(issue.location()), f"{issue.severity.value}[{issue.code}]"
        lines.append(f"{where}: {kind}: {visible(issue.message)}")
        if issue.hint:
            lines.append(visible(f"    hint: {issue.hint}"))
    counts = ", ".join(f"{n} {t}" for t, n in report.counts.items() if n)
    files = len(report.paths)
    warnings = len(report.warnings)
    if report.ok and warnings:
        lines.append(f"ok with {warnings} warning(s): {files} catalog file(s) valid: {counts}")
    elif report.ok:
        lines.append(f"ok: {files} catalog file(s) valid: {counts}")
    else:
        lines.append(f"{len(report.errors)} error(s) in {files} catalog file(s)")
    out.write("".join(visible(line).rstrip() + "\n" for line in lines))


def _tsv(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.tsv import write_tsv

    write_tsv(result, out)


def _json(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.structured import write_json

    write_json(result, out)


def _jsonl(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.structured import write_jsonl

    write_jsonl(result, out)


def _csv(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.tabular import write_csv

    write_csv(result, out)


def _yaml(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.structured import write_yaml

    write_yaml(result, out)


Briefable = TimelineResult | ShowResult | CompareResult | ListResult


def _briefable(result: Result, fmt: Format) -> Briefable:
    """The results with a briefing form: timeline, show, compare, and the clusters listing
    (a map)."""
    if isinstance(result, (TimelineResult, ShowResult, CompareResult)) or (
        isinstance(result, ListResult) and result.entity_type == "cluster"
    ):
        return result
    raise UsageError(
        f"-o {fmt.value} is for briefings: timeline, show, compare and clusters (a map)",
        ["use -o md, tsv, json, csv or yaml for other commands"],
    )


def _md(result: Result, color: str, out: IO[str]) -> None:
    if isinstance(result, DiffResult):
        from clusterctl.render.changes import write_markdown as write_changes

        write_changes(result, out)
        return
    if isinstance(result, (TimelineResult, ShowResult, CompareResult)):
        from clusterctl.render.briefing import build, write_markdown

        write_markdown(build(result), out)
        return
    from clusterctl.render.tabular import write_markdown as write_table

    write_table(result, out)


def _html(result: Result, color: str, out: IO[str]) -> None:
    if isinstance(result, DiffResult):
        from clusterctl.render.changes import write_html as write_changes

        write_changes(result, out)
        return
    briefable = _briefable(result, Format.HTML)
    if isinstance(briefable, ListResult):
        from clusterctl.render.briefing.clusters import write_map_page

        write_map_page(briefable, out)
        return
    from clusterctl.render.briefing import build, write_html
    from clusterctl.render.briefing.document import Picture

    doc = build(briefable)
    if isinstance(briefable, TimelineResult) and briefable.entries:
        chart = Picture(_chart(briefable, headline=False), "Timeline chart", "chart")
        doc.blocks.insert(0, chart)
    write_html(doc, out)


def _chart(result: TimelineResult, headline: bool = True) -> str:
    from clusterctl.render.chart.layout import layout
    from clusterctl.render.chart.svg import render
    from clusterctl.render.export import generated_at

    return render(layout(result, generated_at(), headline=headline))


def _svg(result: Result, color: str, out: IO[str]) -> None:
    briefable = _briefable(result, Format.SVG)
    if isinstance(briefable, TimelineResult):
        out.write(_chart(briefable))
        return
    if isinstance(briefable, ListResult):
        from clusterctl.render.clustermap.svg import write_svg as write_map

        write_map(briefable, out)
        return
    if isinstance(briefable, CompareResult):
        from clusterctl.render.briefing.svg import write_svg as write_compare

        write_compare(briefable, out)
        return
    from clusterctl.render.terminal import write_svg

    write_svg(briefable, out)


def _timeline(result: Result, fmt: Format) -> TimelineResult:
    if not isinstance(result, TimelineResult):
        raise UsageError(
            f"-o {fmt.value} is for timeline",
            ["use -o json, tsv, csv, yaml or md for other commands"],
        )
    return result


def _timelinejs(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.exchange import write_timelinejs

    write_timelinejs(_timeline(result, Format.TIMELINEJS), out)


def _mermaid(result: Result, color: str, out: IO[str]) -> None:
    from clusterctl.render.exchange import write_mermaid

    write_mermaid(_timeline(result, Format.MERMAID), out)


WRITERS: dict[Format, Callable[[Result, str, IO[str]], None]] = {
    Format.TABLE: _table,
    Format.TSV: _tsv,
    Format.JSON: _json,
    Format.JSONL: _jsonl,
    Format.CSV: _csv,
    Format.YAML: _yaml,
    Format.MD: _md,
    Format.HTML: _html,
    Format.SVG: _svg,
    Format.TIMELINEJS: _timelinejs,
    Format.MERMAID: _mermaid,
}


def emit(result: Result, fmt: Format, color: str = "auto") -> None:
    """Write ``result`` to stdout in ``fmt``. The only way anything reaches stdout."""
    # Rendered whole before the first byte goes out, so a failure (an encoding that cannot
    # show the text, a bug in a writer) leaves stdout empty, never half a JSON document.
    buffer = io.StringIO()
    WRITERS[fmt](result, color, buffer)
    write_stdout(buffer.getvalue())
    message = empty_note(result)
    if message is not None:
        note(message)


def empty_note(result: Result) -> str | None:
    """What an empty result says on stderr (its stdout is a header, ``[]`` or nothing)."""
    if isinstance(result, ListResult) and not result.entities:
        return f"no {result.entity_type} records match"
    if isinstance(result, TimelineResult) and not result.entries:
        return "no milestone records match"
    if isinstance(result, SearchResult) and not result.hits:
        return f"no records match '{result.query}'"
    if isinstance(result, StatsResult) and not result.rows:
        return f"no {result.counted} records match"
    if isinstance(result, DiffResult) and not result.diff.changes:
        return f"no changes from {result.old} to {result.new}"
    return None


def note(line: str) -> None:
    """Tell the person running the command something about the output (``clusterctl: note:
    ...``), on stderr, so the data on stdout stays clean for whatever reads it."""
    from clusterctl.render.safe import visible

    stream = sys.stderr
    if stream is None:  # started with stderr closed
        return
    try:
        encoding = stream.encoding or "utf-8"
        text = f"clusterctl: note: {visible(line)}\n"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except OSError:  # stderr is full or gone: a note is not worth an error of its own,
        _to_devnull(stream)  # nor the interpreter's complaint when it flushes at exit
    except (ValueError, LookupError, AttributeError):
        pass


def _to_devnull(stream: IO[str]) -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def emit_text(line: str) -> None:
    """Write one plain line of text to stdout (``--version``)."""
    write_stdout(line + "\n")


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout and flush it, or raise the error that explains why not."""
    stream = sys.stdout
    if stream is None:  # Python starts with stdout None when fd 1 is closed (`>&-`)
        raise OutputError("cannot write output: stdout is closed")
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError) as exc:
        failure = output_failure(exc)
        if failure is None:
            raise
        raise failure from None


# What a write reports when the file system refuses it (as opposed to a bug): disk full, over
# quota or a file size limit, an I/O error, a read-only file system or descriptor.
_REFUSED = frozenset(
    code
    for code in (
        getattr(errno, name, None)
        for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EROFS", "EBADF")
    )
    if code is not None
)


def output_failure(exc: BaseException) -> ClusterctlError | None:
    """The output error ``exc`` stands for, or None when it is not one (then it is a bug).

    The boundary asks this too, for the writes that do not go through ``write_stdout``:
    Click's help and ``export``, to stdout or to a file.
    """
    if isinstance(exc, BrokenPipeError):
        return OutputClosed("stdout was closed")
    if isinstance(exc, OSError) and exc.errno in _REFUSED:
        return OutputError(f"cannot write output: {exc.strerror}")
    if isinstance(exc, UnicodeEncodeError) and _codec(exc.encoding) == _codec(
        getattr(sys.stdout, "encoding", None)
    ):
        return _unshowable(exc)
    if isinstance(exc, ValueError) and getattr(sys.stdout, "closed", False):
        return OutputError("cannot write output: stdout is closed")
    if isinstance(exc, AttributeError) and sys.stdout is None and exc.obj is None:
        return OutputError("cannot write output: stdout is closed")
    return None


def _codec(encoding: str | None) -> str:
    import codecs

    try:
        return codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return str(encoding)


def _unshowable(exc: UnicodeEncodeError) -> OutputError:
    import unicodedata

    char = exc.object[exc.start]
    name = unicodedata.name(char, "")
    label = f"U+{ord(char):04X} {name}".rstrip()
    codec = _codec(exc.encoding)
    if codec.startswith("utf"):  # only a lone surrogate fails here: the text is at fault
        return OutputError(f"cannot write output: {label} cannot be encoded as {codec}")
    what = f"Korean text ({label})" if name.startswith("HANGUL") else label
    return OutputError(
        f"cannot write output: stdout's encoding ({codec}) cannot show {what}",
        ["set PYTHONIOENCODING=utf-8, or use a UTF-8 locale (for example LC_ALL=C.UTF-8)"],
    )
