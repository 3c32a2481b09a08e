"""The only module that builds Rich tables and panels.

Catalog text always goes into ``rich.text.Text`` objects (never markup strings) after
``safe.visible``, so a name containing ``[bold]`` or an escape byte prints as literal text.

No value is ever cut short. In a terminal, a column that may fold (prose: titles, names,
Hangul) breaks long words across lines; every other column (ids, dates, codes, counts) keeps
each word whole, so an id can always be copied. A table that cannot fit the window that way
is printed unwrapped, as in a pipe, for the terminal to wrap; a window too narrow for any
table gets the pipe layout throughout.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, Literal, TextIO, TypeAlias

from clusterctl import model
from clusterctl.catalog.index import Catalog, fold
from clusterctl.dates import parse_when
from clusterctl.query import DATE_FIELD
from clusterctl.render import records as recs
from clusterctl.render.results import (
    CompareResult,
    DocumentResult,
    ListResult,
    Result,
    SearchResult,
    ShowResult,
    StatsResult,
    TimelineResult,
    ValidateResult,
)
from clusterctl.render.safe import visible
from clusterctl.render.text import Footnotes, citation, number

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

PIPE_WIDTH = 10_000
# Narrower than this, even a two-column table is mostly borders and padding.
MIN_WIDTH = 20
# A folding column is narrowed below this only when nothing else can give way.
_READABLE = 12


class _Capture(io.StringIO):
    """A render buffer that reports stdout's encoding, so Rich picks boxes stdout can show."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(sys.stdout, "encoding", None) or "utf-8"


def is_terminal(stream: TextIO) -> bool:
    """A real terminal, or one the environment vouches for (TTY_COMPATIBLE=1, as Rich reads)."""
    if os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def color_enabled(mode: str, stream: TextIO) -> bool:
    """``--color always|never|auto``; auto follows NO_COLOR, FORCE_COLOR, TERM=dumb and the tty."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream) and os.environ.get("TERM") != "dumb"


def _color_system() -> Literal["standard", "256", "truecolor"]:
    """Colours the terminal claims to show; plain ANSI when it claims nothing (or is dumb)."""
    if os.environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    if "256color" in os.environ.get("TERM", ""):
        return "256"
    return "standard"


def make_console(color: str, stream: TextIO | None = None, width: int | None = None) -> Console:
    """A console for a render meant for stdout, written to ``stream`` (default stdout).

    It has the window's width in a terminal, else (or when ``width`` says so) the pipe's.
    """
    from rich.console import Console

    out = stream or sys.stdout
    terminal = is_terminal(sys.stdout)
    enabled = color_enabled(color, sys.stdout)
    if width is None and not terminal:
        width = PIPE_WIDTH
    return Console(
        file=out,
        width=width,
        height=None if width is None else 25,
        color_system=_color_system() if enabled else None,
        force_terminal=enabled or terminal,
        no_color=not enabled,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def _text(value: str | None, style: str = "") -> Text:
    from rich.text import Text

    return Text(visible(value or ""), style=style)


def _lines(values: Iterable[str]) -> Text:
    """One value per line: each value made safe on its own, then stacked."""
    from rich.text import Text

    return Text("\n").join(_text(v) for v in values)


def _cell(value: str | Text) -> Text:
    return _text(value) if isinstance(value, str) else value


def _when(entity: model.Entity, attr: str) -> str:
    when = getattr(entity, attr, None)
    return when.display() if when is not None else ""


def _joined(values: tuple[str, ...]) -> str:
    return ", ".join(values)


Cell: TypeAlias = "str | Text"
Column: TypeAlias = "tuple[str, Callable[[model.Entity], Cell], dict[str, Any]]"


def _named(entity: model.Entity) -> Text:
    """A name with its id underneath: what people read, and what they type next."""
    cell = _text(entity.label, "bold")
    if entity.label != entity.id:
        cell.append("\n")
        cell.append_text(_text(entity.id, "cyan"))
    return cell


def _about(entity: model.Entity) -> str:
    return _joined(getattr(entity, "clusters", ()) or getattr(entity, "policies", ()))


# Columns that may break a long word across lines say so with overflow="fold". The rest keep
# words whole: _print_table makes them wide enough that Rich's ellipsis never cuts them.
_FOLD = {"overflow": "fold"}
_WIDE = {"ratio": 5, "min_width": 10}
_PROSE = {**_WIDE, **_FOLD}
_KO = {"ratio": 2, "min_width": 6, "max_width": 16, **_FOLD}
_DATE = {"no_wrap": True}  # `12 Nov 2012` in one piece
COLUMNS: dict[str, list[Column]] = {
    "cluster": [
        ("Cluster", _named, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Kind", lambda e: getattr(e, "kind", ""), _FOLD),
        ("Region", lambda e: str(getattr(e, "region", None) or getattr(e, "country", "")), {}),
        ("Est.", lambda e: _when(e, "established"), _DATE),
    ],
    "milestone": [
        ("Date", lambda e: _when(e, "date"), {"no_wrap": True, "style": "bold"}),
        ("Title", lambda e: e.label, {"ratio": 3, "min_width": 20, **_FOLD}),
        ("About", _about, {"ratio": 2, "style": "cyan"}),
    ],
    "policy": [
        ("Policy", _named, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Kind", lambda e: getattr(e, "kind", ""), _FOLD),
        ("Announced", lambda e: _when(e, "announced"), _DATE),
    ],
    "actor": [
        ("Actor", _named, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Kind", lambda e: getattr(e, "kind", ""), _FOLD),
        ("Country", lambda e: getattr(e, "country", ""), {}),
    ],
    "source": [
        ("Source", lambda e: _text(e.id, "cyan"), {"ratio": 2}),
        ("Publisher", lambda e: getattr(e, "publisher", ""), {"ratio": 2, **_FOLD}),
        ("Title", lambda e: e.label, {"ratio": 3, "min_width": 16, **_FOLD}),
        ("Kind", lambda e: getattr(e, "kind", ""), _FOLD),
        ("Published", lambda e: _when(e, "published"), _DATE),
    ],
    "region": [
        ("ID", lambda e: e.id, {"style": "cyan"}),
        ("Name", lambda e: e.label, _PROSE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Country", lambda e: getattr(e, "country", ""), {}),
    ],
    "industry": [
        ("ID", lambda e: e.id, {"style": "cyan"}),
        ("Name", lambda e: e.label, _PROSE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
    ],
}


def _for_output(columns: list[Column], console: Console) -> list[Column]:
    """In a pipe every record stays on one line, so a stacked name/id cell splits in two."""
    if console.width < PIPE_WIDTH:
        return columns
    out: list[Column] = []
    for header, get, options in columns:
        if get is _named:
            out.append(("ID", lambda e: e.id, {"no_wrap": True}))
            out.append(("Name", lambda e: e.label, {"no_wrap": True}))
        else:
            plain = {k: v for k, v in options.items() if k not in ("max_width", "ratio")}
            out.append((header, get, {**plain, "no_wrap": True}))
    return out


def _table(console: Console, title: str | None = None) -> Table:
    from rich import box
    from rich.table import Table

    terminal = console.is_terminal and console.width < PIPE_WIDTH
    return Table(
        title=_text(title) if title else None,
        box=box.SIMPLE_HEAD if terminal else box.ASCII2,
        header_style="bold",
        expand=False,
        show_edge=terminal,
        pad_edge=False,
    )


def _display(value: Any) -> str:
    """A generic cell for ``--fields``: dates at their precision, lists joined."""
    if value is None:
        return ""
    if hasattr(value, "display"):
        return str(value.display())
    if isinstance(value, tuple):
        return ", ".join(_display(v) for v in value)
    if isinstance(value, model.Location):
        return f"{number(value.lat)}, {number(value.lon)}"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, model.Figure):
        return _figure(value)
    if isinstance(value, model.Ranking):
        return _ranking(value)
    return str(value)


def _figure(f: model.Figure) -> str:
    text = f"{f.label}: {number(f.value)} {f.unit}"
    if f.as_of is not None:
        text += f" (as of {f.as_of.display()})"
    if f.note:
        text += f" — {f.note}"
    return text


def _ranking(r: model.Ranking) -> str:
    of = f" of {r.out_of}" if r.out_of else ""
    return f"#{r.rank}{of} in {r.ranking} ({r.publisher}, {r.as_of.display()})"


class _Footnotes(Footnotes):
    """Footnotes as terminals show them: ``[1][2]`` marks and one dim line per source."""

    def marks(self, entity: model.Entity) -> str:
        return "".join(f"[{n}]" for n in self.numbers(entity))

    def render(self) -> list[Text]:
        lines = []
        for index, source in enumerate(self.sources(), 1):
            url = f", {source.url}" if source.url else ""
            lines.append(_text(f"[{index}] {citation(source)}{url}", "dim"))
        return lines


def _field_getter(name: str) -> Callable[[model.Entity], Cell]:
    return lambda entity: _display(getattr(entity, name, None))


def render_list(result: ListResult, console: Console) -> None:
    table = _table(console)
    notes = _Footnotes(result.catalog)
    if result.fields:
        columns: list[Column] = [("ID", lambda e: e.id, {"style": "cyan", "no_wrap": True})]
        columns.extend(
            (name, _field_getter(name), _FOLD)
            for name in result.fields
            if name not in recs.EXTRA_KEYS.get(result.entity_type, ())
        )
    else:
        columns = _for_output(COLUMNS[result.entity_type], console)
    for header, _, options in columns:
        table.add_column(header, **options)
    extra_keys = list(recs.EXTRA_KEYS.get(result.entity_type, ())) if result.extra else []
    if result.fields:
        extra_keys = [k for k in extra_keys if k in result.fields]
    for key in extra_keys:
        table.add_column(key.replace("_count", "s").capitalize(), justify="right")
    if result.cite:
        table.add_column("Sources", style="dim", overflow="fold")  # marks, not ids
    for entity in result.entities:
        cells = [_cell(get(entity)) for _, get, _ in columns]
        extra = (result.extra or {}).get(entity.id, {})
        cells.extend(_text(str(extra.get(k, ""))) for k in extra_keys)
        if result.cite:
            cells.append(_text(notes.marks(entity)))
        table.add_row(*cells)
    _print_table(console, table)
    for line in notes.render():
        console.print(line)
    if not result.entities:
        console.print(_text(f"no {result.entity_type} records match", "dim"))


def _reference(catalog: Catalog, entity_id: str) -> str:
    target = catalog.by_id.get(entity_id)
    if target is None or target.label == entity_id:
        return entity_id
    return f"{target.label} ({entity_id})"


def render_show(result: ShowResult, console: Console) -> None:
    from rich.cells import cell_len
    from rich.table import Table

    entity, catalog = result.entity, result.catalog

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # summaries and URLs may fold, but ids stay whole
    ids: list[str] = []
    notes = _Footnotes(catalog)
    from clusterctl.catalog.spec import FIELDS

    specs = FIELDS[entity.type]
    grid.add_row(_text("type"), _text(entity.type))
    for name in model.field_names(type(entity)):
        if name == "mark":
            continue
        raw = getattr(entity, name)
        if raw is None or raw == ():
            continue
        kind = specs[name].kind if name in specs else ""
        cell: RenderableType
        if kind in ("ref", "refs"):
            refs = raw if isinstance(raw, tuple) else (raw,)
            ids.extend(refs)
            cell = _lines(_reference(catalog, i) for i in refs)
        elif kind in ("figures", "rankings", "texts"):
            cell = _lines(_display(v) for v in raw)
        elif hasattr(raw, "display"):
            shown = raw.display()
            cell = _text(shown if shown == str(raw) else f"{shown}  ({raw})")
        else:
            cell = _text(_display(raw))
        grid.add_row(_text(name), cell)
    if result.cite:
        notes.marks(entity)
    if ids:
        grid.columns[1].min_width = max(cell_len(f"({i})") for i in ids)
    _print_table(console, grid)
    if result.links:
        table = _table(console, "Referenced by")
        table.add_column("Date", no_wrap=True)
        table.add_column("Type")
        table.add_column("ID", style="cyan")
        table.add_column("Title / name", ratio=3, overflow="fold")
        table.add_column("Via")
        for link in result.links:
            source = link.source
            table.add_row(
                _text(_when(source, DATE_FIELD.get(source.type, "date"))),
                _text(source.type),
                _text(source.id),
                _text(source.label),
                _text(link.field),
            )
        console.print()
        _print_table(console, table)
    lines = notes.render()
    if lines:
        console.print()
        console.print(_text("Sources", "bold"))
        for line in lines:
            console.print(line)


def render_report(result: ValidateResult, console: Console) -> None:
    """Compiler-style: ``path:line:col: severity[code]: message`` and an indented hint."""
    from rich.text import Text

    report = result.report
    for issue in report.sorted():
        line = Text()
        line.append_text(_text(issue.location(), "bold"))
        line.append(": ")
        style = "red" if issue.severity.value == "error" else "yellow"
        line.append(f"{issue.severity.value}[{issue.code}]", style=style)
        line.append(": ")
        line.append_text(_text(issue.message))
        console.print(line, overflow="ignore", crop=False)
        if issue.hint:
            console.print(_text(f"    hint: {issue.hint}", "dim"), overflow="ignore", crop=False)
    counts = ", ".join(f"{n} {t}" for t, n in report.counts.items() if n)
    files = len(report.paths)
    warnings = len(report.warnings)
    if report.ok and warnings:
        console.print(
            _text(
                f"ok with {warnings} warning(s): {files} catalog file(s) valid: {counts}", "yellow"
            )
        )
    elif report.ok:
        console.print(_text(f"ok: {files} catalog file(s) valid: {counts}", "green"))
    else:
        errors = len(report.errors)
        console.print(_text(f"{errors} error(s) in {files} catalog file(s)", "bold red"))


# --- views -----------------------------------------------------------------------------------


def _date_text(text: str | None) -> str:
    return parse_when(text).display() if text else ""


def _record_table(records: list[dict[str, Any]], console: Console) -> None:
    """A generic table of records, for ``--fields`` on a view."""
    table = _table(console)
    keys = list(dict.fromkeys(k for r in records for k in r if k != "type"))
    for key in keys:
        table.add_column(key, overflow="ellipsis" if key == "id" else "fold")  # ids whole
    for record in records:
        table.add_row(*(_text(_plain(record.get(k))) for k in keys))
    _print_table(console, table)


def _plain(item: Any) -> str:
    if item is None:
        return ""
    if isinstance(item, list):
        return ", ".join(_plain(v) for v in item)
    if isinstance(item, dict):
        return str(item.get("id") or item.get("title") or item)
    if isinstance(item, float):
        return number(item)
    return str(item)


def render_timeline(result: TimelineResult, console: Console) -> None:
    rows = recs.view_records(result)
    if result.shape.fields:
        _record_table(rows, console)
        return
    notes = _Footnotes(result.catalog)
    stacked = console.width < PIPE_WIDTH  # in a pipe every record stays on one line
    table = _table(console, result.title)
    table.add_column("Date", no_wrap=True, style="bold")
    table.add_column("Milestone", ratio=3, min_width=20)  # titles, and ids stacked under them
    if not stacked:
        table.add_column("Clusters", no_wrap=True)
    if result.shape.cite:
        table.add_column("Sources", style="dim", overflow="fold")  # marks, not ids
    grouped = result.group_by != "none"
    current: str | None = None
    for record in rows:  # a group's records come together: each heading once
        if grouped and record["group_id"] != current:
            current = record["group_id"]
            if table.row_count:
                table.add_section()
            heading = _text(record["group"], "bold magenta")
            table.add_row(heading, *([_text("")] * (len(table.columns) - 1)))
        milestone = result.catalog.get(record["id"], model.Milestone)
        clusters = ", ".join(record.get("clusters") or [])
        title = _text(record.get("title"))
        if stacked and clusters:
            title.append("\n")
            title.append_text(_text(clusters, "dim cyan"))
        cells = [_text(_date_text(record.get("date"))), title]
        if not stacked:
            cells.append(_text(clusters))
        if result.shape.cite:
            cells.append(_text(notes.marks(milestone) if milestone else ""))
        table.add_row(*cells)
    _print_table(console, table)
    for line in notes.render():
        console.print(line)
    if not rows:
        console.print(_text("no milestones match", "dim"))


def _figure_cell(figure: dict[str, Any], style: str = "") -> Text:
    value = figure["value"]
    text = f"{number(value)} {figure['unit']}"
    if figure.get("as_of"):
        text += f" ({_date_text(figure['as_of'])})"
    cell = _text(text, style)
    if figure.get("comparable") is False:
        cell.append_text(_text(" ≠", "bold red"))
    return cell


def _series_cell(figures: list[dict[str, Any]]) -> Text:
    """A cluster's figures under one label, latest first, one a line; earlier ones dim."""
    from rich.text import Text

    if not figures:
        return _text("—", "dim")
    return Text("\n").join(_figure_cell(f, "" if i == 0 else "dim") for i, f in enumerate(figures))


_SERIES_NOTE = "figures sharing a label: latest first; each cluster's latest is compared"


def render_compare(result: CompareResult, console: Console) -> None:
    rows = recs.view_records(result)
    if result.shape.fields:
        _record_table(rows, console)
        return
    table = _table(console)
    table.add_column("", style="bold", max_width=28, overflow="fold")
    for record in rows:
        table.add_column(_text(record["id"], "cyan"), ratio=1, min_width=12)

    def line(label: str, cell: Callable[[dict[str, Any]], Text]) -> None:
        table.add_row(_text(label), *(cell(r) for r in rows))

    def field(key: str, fmt: Callable[[Any], str] = _plain) -> Callable[[dict[str, Any]], Text]:
        return lambda r: _text(fmt(r.get(key)))

    line("name", field("name"))
    line("한국어", field("name_ko"))
    line("kind", field("kind"))
    line("region", lambda r: _text(" / ".join(x for x in (r.get("region"), r["country"]) if x)))
    line("established", field("established", _date_text))
    line("status", field("status"))
    line("industries", field("industries"))
    line("operators", field("operators"))
    line("anchors", field("anchors"))
    reasons: list[str] = []
    for label, cells, reason in result.comparison.figure_rows:

        def figure_of(r: dict[str, Any], label: str = label) -> Text:
            return _series_cell([f for f in r["figures"] if fold(f["label"]) == fold(label)])

        line(label, figure_of)
        if reason and reason not in reasons:
            reasons.append(reason)
        if any(len(c.figures) > 1 for c in cells) and _SERIES_NOTE not in reasons:
            reasons.append(_SERIES_NOTE)
    line(
        "rankings",
        lambda r: _lines(
            f"#{k['rank']} {k['publisher']} {_date_text(k['as_of'])}" for k in r["rankings"] or []
        ),
    )
    line("milestones", field("milestone_count"))
    line("first", lambda r: _text(_brief(r.get("first_milestone"))))
    line("latest", lambda r: _text(_brief(r.get("latest_milestone"))))
    _print_table(console, table)
    for reason in reasons:
        console.print(_text(reason if reason == _SERIES_NOTE else f"≠ {reason}", "dim"))


def _brief(milestone: dict[str, Any] | None) -> str:
    if not milestone:
        return ""
    return f"{_date_text(milestone['date'])}: {milestone['title']}"


def render_search(result: SearchResult, console: Console) -> None:
    rows = recs.view_records(result)
    if result.shape.fields:
        _record_table(rows, console)
        return
    table = _table(console)
    table.add_column("Type", no_wrap=True)
    table.add_column("ID", style="cyan", ratio=2)
    table.add_column("Match", overflow="fold", ratio=4)
    for record in rows:
        match = record["match"]
        text = _text(match["text"])
        if match["end"] > match["start"]:
            text.stylize("bold reverse", match["start"], match["end"])
        cell = _text(f"{match['field']}: ", "dim")
        cell.append_text(text)
        table.add_row(_text(record["type"]), _text(record["id"]), cell)
    _print_table(console, table)
    if not rows:
        console.print(_text(f"nothing matches {result.query!r}", "dim"))


def render_stats(result: StatsResult, console: Console) -> None:
    rows = recs.view_records(result)
    if result.shape.fields:
        _record_table(rows, console)
        return
    terminal = console.width < PIPE_WIDTH
    block = terminal and console.encoding.startswith("utf")
    scale = min(30, max(console.width // 3, 1))
    table = _table(console, f"{result.counted} by {result.by}")
    table.add_column(result.by.capitalize(), overflow="fold")
    table.add_column("Count", justify="right")
    table.add_column("", no_wrap=True)
    if result.shape.cite:
        table.add_column("Sources", justify="right", style="dim")
    top = max((r["count"] for r in rows), default=0)
    for record in rows:
        width = round(scale * record["count"] / top) if top else 0
        bar = ("█" if block else "#") * max(width, 1 if record["count"] else 0)
        cells = [_text(record["label"]), _text(str(record["count"])), _text(bar, "green")]
        if result.shape.cite:
            cells.append(_text(str(len(record.get("sources", [])))))
        table.add_row(*cells)
    _print_table(console, table)


def render(result: Result, color: str, out: IO[str]) -> None:
    """Render for stdout into ``out``: fitted to the window in a terminal, else the pipe layout.

    In the pipe layout, lines lose the padding Rich adds to their right.
    """
    if is_terminal(sys.stdout):
        window = _Capture()
        console = make_console(color, window)
        if console.width >= MIN_WIDTH:
            _render(result, console)
            out.write(window.getvalue())
            return
    buffer = _Capture()
    _render(result, make_console(color, buffer, PIPE_WIDTH))
    out.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _print_table(console: Console, table: Table) -> None:
    """Print ``table`` with every value whole: fitted to the window, or else unwrapped.

    Rich fits a table to a window by folding columns, then by cutting cells short with an
    ellipsis and cropping lines at the edge, which loses data. So the widths are set here.
    A column that keeps words whole never goes below its longest word (a no-wrap column,
    its longest line); only folding columns (prose) break words, and they give way last:
    first every column wraps at spaces, widest first, then prose folds down to a readable
    width, then as narrow as it must. A table that still does not fit is printed as in a
    pipe, one row a line, and the terminal wraps the lines.
    """
    from rich.measure import Measurement

    if console.width >= PIPE_WIDTH:
        console.print(table)
        return
    unbounded = console.options.update_width(PIPE_WIDTH)
    widths: list[int] = []
    stages: list[tuple[int, int, int]] = []  # the narrowest each column may go, stage by stage
    for column in table.columns:
        sizes = [Measurement.get(console, unbounded, c) for c in (column.header, *column.cells)]
        widest = max(size.maximum for size in sizes)
        longest_word = widest if column.no_wrap else max(size.minimum for size in sizes)
        least = column.min_width or 1
        words = max(least, longest_word)
        if column.overflow == "fold" and not column.no_wrap:
            stages.append((words, max(least, min(words, _READABLE)), least))
        else:
            stages.append((words, words, words))
        widths.append(max(stages[-1][2], min(widest, column.max_width or widest)))
    for column in table.columns:
        column.width = 1
    borders = Measurement.get(console, unbounded, table).maximum - len(table.columns)
    excess = sum(widths) + borders - console.width
    for stage in range(3):
        limits = [limit[stage] for limit in stages]
        while excess > 0 and any(w > low for w, low in zip(widths, limits, strict=True)):
            shrinkable = [i for i, width in enumerate(widths) if width > limits[i]]
            widths[max(shrinkable, key=widths.__getitem__)] -= 1
            excess -= 1
    if excess > 0:
        _print_unwrapped(console, table)
        return
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    console.print(table)


def _print_unwrapped(console: Console, table: Table) -> None:
    """Print ``table`` as a pipe would get it: ASCII rules, one row a line, nothing cut."""
    from rich import box
    from rich.segment import Segment, Segments

    table.box, table.show_edge = box.ASCII2, False
    for column in table.columns:
        column.width = column.min_width = column.max_width = None
        column.no_wrap = True
    options = console.options.update(width=PIPE_WIDTH, no_wrap=True)
    for line in console.render_lines(table, options, pad=False):
        while line and not line[-1].text.strip():  # Rich's padding, not data
            line.pop()
        console.print(Segments([*line, Segment.line()]), crop=False)


def _render_document(result: DocumentResult, console: Console) -> None:
    from clusterctl.render.structured import write_json

    write_json(result, console.file)


_RENDERERS: dict[type, Callable[[Any, Console], None]] = {
    ListResult: render_list,
    ShowResult: render_show,
    ValidateResult: render_report,
    TimelineResult: render_timeline,
    CompareResult: render_compare,
    SearchResult: render_search,
    StatsResult: render_stats,
    DocumentResult: _render_document,
}


def _render(result: Result, console: Console) -> None:
    _RENDERERS[type(result)](result, console)


# --- SVG -------------------------------------------------------------------------------------

_WEB_FONT = re.compile(r",?\s*url\(\"https?://[^)]*\)\s*format\(\"[a-z0-9]+\"\)")


def _svg_format() -> str:
    """Rich's SVG template without its web-font URLs: the file must fetch nothing."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    return _WEB_FONT.sub("", CONSOLE_SVG_FORMAT)


def write_svg(result: TimelineResult | ShowResult, out: IO[str]) -> None:
    """The terminal view recorded at a fixed width; the same input gives the same bytes."""
    import io

    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        record=True,
        width=result.width,
        height=25,
        color_system="truecolor",
        force_terminal=True,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )
    _render(result, console)
    title = result.title or (
        "Timeline" if isinstance(result, TimelineResult) else result.entity.label
    )
    out.write(
        console.export_svg(title=visible(title), code_format=_svg_format(), unique_id="clusterctl")
    )
