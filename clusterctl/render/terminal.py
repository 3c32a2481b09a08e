"""The only module that builds Rich tables and panels.

Catalog text always goes into ``rich.text.Text`` objects (never markup strings) after
``safe.visible``, so a name containing ``[bold]`` or an escape byte prints as literal text.

No value is ever cut short, and in a terminal no word is broken: prose (titles, names,
summaries) wraps at spaces only, and ids, kind codes, dates and Hangul words stay whole, so an
id can always be copied. A table too wide for the window that way (or made too tall by it) is
stacked instead: a block of ``label: value`` lines per record (see ``_print_table``). A window
too narrow for any layout (under ``MIN_WIDTH``) gets the pipe layout throughout.
"""

from __future__ import annotations

import copy
import io
import itertools
import os
import re
import sys
import weakref
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, Literal, TextIO, TypeAlias

from clusterctl import model
from clusterctl.catalog.index import Catalog, Link, fold
from clusterctl.dates import parse_when
from clusterctl.query import DATE_FIELD
from clusterctl.render import records as recs
from clusterctl.render.results import (
    CompareResult,
    DiffResult,
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
from clusterctl.render.tty import color_enabled, is_terminal

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.segment import Segment
    from rich.table import Column as RichColumn
    from rich.table import Table
    from rich.text import Text

PIPE_WIDTH = 10_000
# Narrower than this, even a two-column table is mostly borders and padding.
MIN_WIDTH = 20


class _Capture(io.StringIO):
    """A render buffer that reports stdout's encoding, so Rich picks boxes stdout can show."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(sys.stdout, "encoding", None) or "utf-8"


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


def _titled(entity: model.Entity) -> Text:
    """A title with its id underneath, to pass to ``show``."""
    cell = _text(entity.label)
    cell.append("\n")
    cell.append_text(_text(entity.id, "cyan"))
    return cell


def _about(entity: model.Entity) -> str:
    return _joined(getattr(entity, "clusters", ()) or getattr(entity, "policies", ()))


# No column breaks a word: _print_table keeps each column at least as wide as its longest word
# (min_width is a preference above that, max_width a cap the longest word overrides).
_WIDE = {"ratio": 5, "min_width": 10}
_KO = {"ratio": 2, "min_width": 6, "max_width": 16}
_DATE = {"no_wrap": True}  # `12 Nov 2012` in one piece
COLUMNS: dict[str, list[Column]] = {
    "cluster": [
        ("Cluster", _named, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Kind", lambda e: getattr(e, "kind", ""), {}),
        ("Region", lambda e: str(getattr(e, "region", None) or getattr(e, "country", "")), {}),
        ("Est.", lambda e: _when(e, "established"), _DATE),
    ],
    "milestone": [
        ("Date", lambda e: _when(e, "date"), {"no_wrap": True, "style": "bold"}),
        ("Title", _titled, {"ratio": 3, "min_width": 20}),
        ("About", _about, {"ratio": 2, "style": "cyan"}),
    ],
    "policy": [
        ("Policy", _named, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Kind", lambda e: getattr(e, "kind", ""), {}),
        ("Announced", lambda e: _when(e, "announced"), _DATE),
    ],
    "actor": [
        ("Actor", _named, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Kind", lambda e: getattr(e, "kind", ""), {}),
        ("Country", lambda e: getattr(e, "country", ""), {}),
    ],
    "source": [
        ("Source", lambda e: _text(e.id, "cyan"), {"ratio": 2}),
        ("Publisher", lambda e: getattr(e, "publisher", ""), {"ratio": 2}),
        ("Title", lambda e: e.label, {"ratio": 3, "min_width": 16}),
        ("Kind", lambda e: getattr(e, "kind", ""), {}),
        ("Published", lambda e: _when(e, "published"), _DATE),
    ],
    "region": [
        ("ID", lambda e: e.id, {"style": "cyan"}),
        ("Name", lambda e: e.label, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Country", lambda e: getattr(e, "country", ""), {}),
    ],
    "industry": [
        ("ID", lambda e: e.id, {"style": "cyan"}),
        ("Name", lambda e: e.label, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
    ],
    "era": [
        ("Era", _named, _WIDE),
        ("한국어", lambda e: getattr(e, "name_ko", None) or "", _KO),
        ("Kind", lambda e: getattr(e, "kind", ""), {}),
        ("Start", lambda e: _when(e, "start"), _DATE),
        ("End", lambda e: _when(e, "end"), _DATE),
    ],
}


def _for_output(columns: list[Column], console: Console) -> list[Column]:
    """In a pipe every record stays on one line, so a stacked name/id cell splits in two."""
    if console.width < PIPE_WIDTH:
        return columns
    out: list[Column] = []
    for header, get, options in columns:
        if get in (_named, _titled):
            out.append(("ID", lambda e: e.id, {"no_wrap": True}))
            out.append((header if get is _titled else "Name", lambda e: e.label, {"no_wrap": True}))
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

    def render(self, console: Console) -> list[Line]:
        """One note per source, wrapped at spaces under its text (a URL too long for a line
        gets one of its own)."""
        lines = []
        for index, source in enumerate(self.sources(), 1):
            url = f", {source.url}" if source.url else ""
            mark = _text(f"[{index}]", "dim")
            note = _text(f"{citation(source)}{url}", "dim")
            note_lines = _labelled(mark, note, console.width, len(mark) + 1, below=False)
            lines.extend(_segments(console, note_lines))
        return lines


def _field_getter(name: str) -> Callable[[model.Entity], Cell]:
    def get(entity: model.Entity) -> Cell:
        value: Any = entity
        for part in name.split("."):  # location.lat
            value = getattr(value, part, None)
        return _display(value)

    return get


def render_list(result: ListResult, console: Console) -> None:
    notes = _Footnotes(result.catalog)
    if result.fields:
        columns: list[Column] = [("ID", lambda e: e.id, {"style": "cyan", "no_wrap": True})]
        columns.extend(
            (name, _field_getter(name), {})
            for name in result.fields
            if name not in ("type", "id", *recs.EXTRA_KEYS.get(result.entity_type, ()))
        )
    else:
        columns = _for_output(COLUMNS[result.entity_type], console)
    made: dict[tuple[Callable[..., Cell], int], Text] = {}  # cells the two forms share
    table = _list_table(result, columns, notes, console, made)
    narrower = _under_names(columns)
    if narrower is not columns and console.width < PIPE_WIDTH:
        # built only when the table is tried and found too wide or too tall
        _print_table(
            console, table, narrower=lambda: _list_table(result, narrower, notes, console, made)
        )
    else:
        _print_table(console, table)
    _emit(console, notes.render(console))


def _list_table(
    result: ListResult,
    columns: list[Column],
    notes: _Footnotes,
    console: Console,
    made: dict[tuple[Callable[..., Cell], int], Text] | None = None,
) -> Table:
    table = _table(console)
    for header, _, options in columns:
        table.add_column(header, **options)
    extra_keys = list(recs.EXTRA_KEYS.get(result.entity_type, ())) if result.extra else []
    if result.fields:
        extra_keys = [k for k in extra_keys if k in result.fields]
    for key in extra_keys:
        table.add_column(key.replace("_count", "s").capitalize(), justify="right")
    if result.cite:
        table.add_column("Sources", style="dim")  # marks, not ids
    made = {} if made is None else made
    for position, entity in enumerate(result.entities):
        cells = []
        for _, get, _ in columns:
            cell = made.get((get, position))
            if cell is None:
                cell = made[get, position] = _cell(get(entity))
            cells.append(cell)
        extra = (result.extra or {}).get(entity.id, {})
        cells.extend(_text(str(extra.get(k, ""))) for k in extra_keys)
        if result.cite:
            cells.append(_text(notes.marks(entity)))
        table.add_row(*cells)
    return table


# Columns that may move under the name (or title) when the table is too wide for them beside
# it, with what introduces them there.
_UNDER = {"한국어": "", "About": "about "}


def _under_names(columns: list[Column]) -> list[Column]:
    """``columns`` with the ``_UNDER`` columns moved into the name (or title) column: a form of
    the name (Hangul) under the name, the rest under its id. The same list when there is
    nothing to move."""
    names = [i for i, (_, get, _) in enumerate(columns) if get in (_named, _titled)]
    moved = [(header, get) for header, get, _ in columns if header in _UNDER]
    if not names or not moved:
        return columns
    named = columns[names[0]][1] is _named

    def stacked(entity: model.Entity) -> Cell:
        lines = [_text(entity.label, "bold" if named else "")]
        after: list[Text] = []
        for label, get in moved:
            value = _cell(get(entity))
            if value.plain:
                shown = _text(_UNDER[label], "dim")
                shown.append_text(value)
                (after if _UNDER[label] else lines).append(shown)
        if entity.label != entity.id:
            lines.append(_text(entity.id, "cyan"))
        return _joined_lines(lines + after)

    merged = [(h, stacked if i == names[0] else get, o) for i, (h, get, o) in enumerate(columns)]
    return [column for column in merged if column[0] not in _UNDER]


def _joined_lines(lines: list[Text]) -> Text:
    from rich.text import Text

    return Text("\n").join(lines)


def _reference(catalog: Catalog, entity_id: str) -> str:
    target = catalog.by_id.get(entity_id)
    if target is None or target.label == entity_id:
        return entity_id
    return f"{target.label} ({entity_id})"


def render_show(result: ShowResult, console: Console) -> None:
    from rich.table import Table

    entity, catalog = result.entity, result.catalog

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
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
    _print_table(console, grid)
    if result.links:
        table = _table(console, "Referenced by")
        table.add_column("Date", no_wrap=True)
        table.add_column("Type")
        table.add_column("ID", style="cyan")
        table.add_column("Title / name", ratio=3)
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
        compact = _link_lines(result.links, console) if console.width < PIPE_WIDTH else None
        _print_table(console, table, compact=compact)
    lines = notes.render(console)
    if lines:
        console.print()
        console.print(_text("Sources", "bold"))
        _emit(console, lines)


def _link_lines(links: Iterable[Link], console: Console) -> list[Line]:
    """Links two ways shorter than a table whose titles get squeezed: date, type, id and the
    field that links on one line, the title wrapping under the id."""
    from rich.cells import cell_len
    from rich.text import Text

    rows = [
        (_when(link.source, DATE_FIELD.get(link.source.type, "date")), link.source, link.field)
        for link in links
    ]
    date_width = max(cell_len(date) for date, _, _ in rows)
    type_width = max(cell_len(source.type) for _, source, _ in rows)
    hang = date_width + type_width + 4
    narrow = console.width - hang < _NARROW  # too little room beside: all under the date
    indent = 2 if narrow else hang
    lines: list[Line] = [_segments(console, [_text("Referenced by", "bold")])[0]]
    for date, source, field in rows:
        label = _text(date.ljust(date_width) + "  " + source.type.ljust(type_width))
        ident = _text(source.id, "cyan")
        via = _text(f"via {field}", "dim")
        fits = cell_len(source.id) + 2 + via.cell_len <= console.width - indent
        ident.append("  " if fits else "\n")  # "via" and its field on one line
        ident.append_text(via)
        texts = _wrap(label, console.width) if narrow else []
        texts += _labelled(Text() if narrow else label, ident, console.width, indent)
        texts += _labelled(Text(), _text(source.label), console.width, indent)
        lines.extend(_segments(console, texts))
    return lines


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
    records = [_dotted(r) for r in records]
    keys = list(dict.fromkeys(k for r in records for k in r if k != "type"))
    for key in keys:
        table.add_column(key)
    for record in records:
        table.add_row(*(_text(_plain(record.get(k))) for k in keys))
    _print_table(console, table)


def _dotted(record: dict[str, Any]) -> dict[str, Any]:
    """A mapping without an id to show it by (``location``, part of one) as dotted columns."""
    out: dict[str, Any] = {}
    for key, item in record.items():
        if isinstance(item, dict) and "id" not in item:
            out.update({f"{key}.{sub}": inner for sub, inner in item.items()})
        else:
            out[key] = item
    return out


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
        table.add_column("Sources", style="dim")  # marks, not ids
    grouped = result.group_by != "none"
    current: str | None = None
    for record in rows:  # a group's records come together: each heading once
        if grouped and record["group_id"] != current:
            current = record["group_id"]
            if table.row_count:
                table.add_section()
            _heading(table)
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
    _emit(console, notes.render(console))


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
    table.add_column("", style="bold", max_width=28)
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
    _print_table(console, table, headed=True)
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
    table, narrower = _table(console), _table(console)
    table.add_column("Type", no_wrap=True)
    table.add_column("ID", style="cyan", ratio=2)
    table.add_column("Match", ratio=4)
    narrower.add_column("Type", no_wrap=True)
    narrower.add_column("ID / match")  # the match under the id
    for record in rows:
        match = record["match"]
        text = _text(match["text"])
        if match["end"] > match["start"]:
            text.stylize("bold reverse", match["start"], match["end"])
        cell = _text(f"{match['field']}: ", "dim")
        cell.append_text(text)
        table.add_row(_text(record["type"]), _text(record["id"]), cell)
        stacked = _text(record["id"] + "\n")
        stacked.stylize("cyan", 0, len(record["id"]))
        stacked.append_text(cell)
        narrower.add_row(_text(record["type"]), stacked)
    _print_table(console, table, narrower=lambda: narrower)


def render_stats(result: StatsResult, console: Console) -> None:
    rows = recs.view_records(result)
    if result.shape.fields:
        _record_table(rows, console)
        return
    terminal = console.width < PIPE_WIDTH
    block = terminal and console.encoding.startswith("utf")
    scale = min(30, max(console.width // 3, 1))
    table = _table(console, f"{result.counted} by {result.by}")
    table.add_column(result.by.capitalize())
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


_CHANGE_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}


def render_diff(result: DiffResult, console: Console) -> None:
    """A line naming both sides and counting the changes, then a row per record added or
    removed (with its name) and per field changed (old value, new value)."""
    from clusterctl.render.changes import change_text, summary, title

    diff = result.diff
    heading = _text(f"{title(result)}: {summary(diff)}", "bold")
    _emit(console, _segments(console, _wrap(heading, console.width)))
    if not diff.changes:
        return
    table = _table(console)
    table.add_column("Change", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("ID", style="cyan", ratio=2)
    table.add_column("Field", no_wrap=True)
    table.add_column("Old", ratio=3)
    table.add_column("New", ratio=3)
    current = None
    for change in diff.changes:
        if current is not None and change.change != current:
            table.add_section()
        current = change.change
        kind = _text(change.change, _CHANGE_STYLES.get(change.change, ""))
        head = (kind, _text(change.type), _text(change.id))
        if change.change == "added":
            table.add_row(*head, _text(""), _text(""), _text(change.entity.label, "green"))
        elif change.change == "removed":
            table.add_row(*head, _text(""), _text(change.entity.label, "red"), _text(""))
        for field in change.fields:
            old, new = change_text(field.old), change_text(field.new)
            table.add_row(*head, _text(field.field), _text(old, "red"), _text(new, "green"))
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


# --- fitting and stacking --------------------------------------------------------------------

# A table more than this many times as tall as its stacked form is shown stacked instead.
_STACK_RATIO = 1.5
# Tests set this to see a view's stacked form: the yardstick for how tall its table may grow.
STACK_ALWAYS = False
# The rows of a table that are group headings (see _heading), by table.
_HEADINGS: weakref.WeakKeyDictionary[Table, set[int]] = weakref.WeakKeyDictionary()

# Text indented so far that fewer cells than this remain beside it goes under instead.
_NARROW = 30

Line: TypeAlias = "list[Segment]"
Block: TypeAlias = "tuple[Text | None, list[tuple[Text, Text]]]"


def _heading(table: Table) -> None:
    """Mark the row added next as a group heading: a line of its own, not a cell to fit."""
    _HEADINGS.setdefault(table, set()).add(table.row_count)


def _print_table(
    console: Console,
    table: Table,
    *,
    headed: bool = False,
    compact: list[Line] | None = None,
    narrower: Callable[[], Table] | None = None,
) -> None:
    """Print ``table`` with every word whole: as a table fitted to the window, or stacked.

    No column is made narrower than its longest word (a no-wrap column: its longest line), so
    nothing is folded, cut or ellipsised, and prose wraps at spaces only. A table that cannot
    fit that way, or that would be more than ``_STACK_RATIO`` times as tall as its stacked
    form, is stacked (see ``_stacked``; ``headed`` stacks it under its first column). A
    ``narrower`` table of the same records (made when needed) is tried before stacking. A
    ``compact`` form, when given, stands in for the stacked one and wins over a taller table.
    In a pipe the table is printed as it is.
    """
    if console.width >= PIPE_WIDTH:
        console.print(table)
        return
    if STACK_ALWAYS:
        _emit(console, _stacked(console, table, headed=headed))
        return

    def limit(stacked_height: int) -> float:
        if compact is None:
            return _STACK_RATIO * stacked_height
        return min(stacked_height, len(compact))

    # The stacked form is drawn only when it may be chosen: a fitted table no taller than
    # the limit its least possible height sets wins whatever its real height is.
    floor = limit(_stacked_floor(table, headed=headed))
    stacked: list[Line] | None = None
    sizes: dict[int, tuple[Text, tuple[int, int]]] = {}  # cells the forms share, measured once
    for candidate in (lambda: table, narrower):
        fitted = None if candidate is None else _fitted(console, candidate(), sizes)
        if fitted is None:
            continue
        if len(fitted) > floor:
            stacked = stacked or _stacked(console, table, headed=headed)
        if len(fitted) <= (floor if stacked is None else limit(len(stacked))):
            _emit(console, fitted)
            return
    if compact is not None:
        _emit(console, compact)
        return
    _emit(console, stacked or _stacked(console, table, headed=headed))


def _stacked_floor(table: Table, *, headed: bool) -> int:
    """The fewest lines ``_stacked`` can draw ``table`` in: a line per value it shows, and a
    blank line between blocks (what wrapping, titles and headings add comes on top)."""
    texts = [[_cell(cell).plain for cell in column.cells] for column in table.columns]  # type: ignore[arg-type]  # our tables hold only text
    rows = list(zip(*texts, strict=True))
    if not table.show_header:
        return len(rows)
    headings = _HEADINGS.get(table, set())
    first = 1 if headed else 0
    shown = [
        sum(1 for text in cells[first:] if text.strip())
        for index, cells in enumerate(rows)
        if index not in headings
    ]
    values = sum(shown)
    gaps = 0 if headed else max(0, sum(1 for count in shown if count) - 1)
    return values + gaps


def _cells_of(column: RichColumn) -> list[Text]:
    """A column's cells as text, with the column's style beneath their own."""
    cells = []
    for cell in column.cells:
        text = _cell(cell).copy()  # type: ignore[arg-type]  # our tables hold only text
        if column.style:
            text.stylize_before(column.style)
        cells.append(text)
    return cells


def _fitted(
    console: Console, table: Table, sizes: dict[int, tuple[Text, tuple[int, int]]] | None = None
) -> list[Line] | None:
    """``table`` drawn to the window with each column at least its longest word, or None.

    Columns start at their widest line (within ``max_width``); while the table is too wide,
    the widest column that can give way narrows by one: first down to its ``min_width`` (a
    preference), then down to its longest word (a rule).
    """
    from rich.measure import Measurement

    from clusterctl.render.grid import measure

    headings = _HEADINGS.get(table, set())
    body = [i for i in range(table.row_count) if i not in headings]
    unbounded = console.options.update_width(PIPE_WIDTH)
    widths: list[int] = []
    floors: list[tuple[int, int]] = []
    known = {} if sizes is None else sizes

    def size(cell: Text) -> tuple[int, int]:
        """(longest word, widest line), as Rich measures text."""
        found = known.get(id(cell))
        if found is None or found[0] is not cell:
            found = known[id(cell)] = (cell, measure(cell))
        return found[1]

    for column in table.columns:
        column.width = 1
    count = len(table.columns)
    room = console.width - (Measurement.get(console, unbounded, table).maximum - count)
    for column in table.columns:
        cells = list(column.cells)
        shown = [column.header] if table.show_header else []
        measured = [size(_cell(c)) for c in (*shown, *map(cells.__getitem__, body))]  # type: ignore[arg-type]  # our tables hold only text
        widest = max((m[1] for m in measured), default=1)
        word = widest if column.no_wrap else max((m[0] for m in measured), default=1)
        floors.append((max(word, column.min_width or 0), word))
        widths.append(max(word, min(widest, column.max_width or widest), 1))
        if sum(word for _, word in floors) > room:  # the longest words alone are too wide
            return None
    for stage in (0, 1):
        while sum(widths) > room:
            shrinkable = [i for i, w in enumerate(widths) if w > floors[i][stage]]
            if not shrinkable:
                break
            widths[max(shrinkable, key=widths.__getitem__)] -= 1
    for column, width in zip(table.columns, widths, strict=True):
        # No word is wider than the column, so nothing folds; but Rich counts a line's
        # trailing space against it, and "fold" drops that space where "ellipsis" cuts a
        # wide (Hangul) character before it.
        column.width, column.overflow = width, "fold"
    if not headings:
        return _table_lines(console, table)
    # Rich has no cell spanning columns, so a heading goes between parts of the table (each
    # drawn without the blank lines its box draws above and below it).
    first = _part(table, range(min(headings)), first=True)
    lines = _trimmed(_table_lines(console, first), top=False)
    bounds = [*sorted(headings), table.row_count]
    for start, stop in itertools.pairwise(bounds):
        if start:
            lines.append([])
        heading = _cells_of(table.columns[0])[start]
        lines.extend(_segments(console, _wrap(heading, console.width - 1), indent=1))
        lines.extend(
            _trimmed(_table_lines(console, _part(table, range(start + 1, stop), first=False)))
        )
    return [*lines, []]


def _trimmed(lines: list[Line], *, top: bool = True) -> list[Line]:
    """``lines`` without blank lines at the end (and, if ``top``, at the start)."""
    blank = [not "".join(segment.text for segment in line).strip() for line in lines]
    start = blank.index(False) if top and False in blank else 0
    stop = len(lines) - (blank[::-1].index(False) if False in blank else 0)
    return lines[start:stop]


def _part(table: Table, rows: range, *, first: bool) -> Table:
    """Some rows of ``table`` as a table of their own with the same columns (and, if
    ``first``, its title and header)."""
    part = copy.copy(table)
    part.columns = [column.copy() for column in table.columns]
    part.rows = []
    part.show_header = table.show_header and first
    part.title = table.title if first else None
    columns = [list(column.cells) for column in table.columns]
    for index in rows:
        row = table.rows[index]
        cells = (cells[index] for cells in columns)
        part.add_row(*cells, style=row.style, end_section=row.end_section)
    return part


def _table_lines(console: Console, table: Table) -> list[Line]:
    """``table``, its column widths set, drawn: directly when ``grid`` knows how (our tables
    in a terminal), else by Rich."""
    from clusterctl.render import grid

    if not grid.drawable(console, table):
        return _lines_of(console, table)
    header = [_cell(column.header) for column in table.columns]  # type: ignore[arg-type]
    cells = [[_cell(cell) for cell in column.cells] for column in table.columns]  # type: ignore[arg-type]
    return grid.draw(console, table, header, cells)


def _lines_of(console: Console, renderable: RenderableType) -> list[Line]:
    return console.render_lines(renderable, console.options, pad=False)


def _stacked(console: Console, table: Table, *, headed: bool = False) -> list[Line]:
    """``table`` as blocks of ``label: value`` lines, as ``kubectl describe`` shows a record.

    Each row is a block labelled by the column headers, blocks apart by a blank line, empty
    values left out, values wrapping at spaces under themselves. A grid (no header) is one
    block whose first column holds the labels. ``headed``: each row's first cell heads its
    block and the other cells follow, indented under it.
    """
    columns = [_cells_of(column) for column in table.columns]
    rows = list(zip(*columns, strict=True))
    if not table.show_header:
        pairs = [(cells[0], _joined_cells(cells[1:])) for cells in rows]
        return _blocks(console, [(None, pairs)], indent=0, colon=False, gap=False)
    headers = [_cell(column.header) for column in table.columns]  # type: ignore[arg-type]
    headings = _HEADINGS.get(table, set())
    first = 1 if headed else 0
    blocks: list[Block] = []
    for index, cells in enumerate(rows):
        if index in headings:
            blocks.append((cells[0], []))
            continue
        labelled = zip(headers[first:], cells[first:], strict=True)
        pairs = [(header, cell) for header, cell in labelled if cell.plain.strip()]
        blocks.append((cells[0] if headed else None, pairs))
    lines: list[Line] = []
    if table.title:
        title = _cell(table.title).copy()
        title.stylize("bold")
        lines.extend(_segments(console, _wrap(title, console.width)))
    lines.extend(_blocks(console, blocks, indent=2 if headed else 0, colon=True, gap=not headed))
    return lines


def _joined_cells(cells: Iterable[Text]) -> Text:
    from rich.text import Text

    return Text(" ").join(cells)


def _blocks(
    console: Console, blocks: list[Block], *, indent: int, colon: bool, gap: bool
) -> list[Line]:
    """Blocks of a heading line and ``label value`` lines aligned on the longest label."""
    from rich.cells import cell_len

    width = console.width - indent
    suffix = ":" if colon else ""
    label_width = max(
        (cell_len(label.plain + suffix) for _, pairs in blocks for label, _ in pairs), default=0
    )
    hang = label_width + (1 if colon else 2)
    lines: list[Line] = []
    for heading, pairs in blocks:
        if gap and lines:
            lines.append([])
        if heading is not None:
            head = heading.copy()
            head.stylize_before("bold")
            lines.extend(_segments(console, _wrap(head, console.width)))
        for label, value in pairs:
            shown = label.copy()
            if shown.plain:
                shown.append(suffix)
            shown.stylize_before("bold")
            lines.extend(_segments(console, _labelled(shown, value, width, hang), indent))
    return lines


def _labelled(label: Text, value: Text, width: int, hang: int, *, below: bool = True) -> list[Text]:
    """``label``, then ``value`` wrapped at spaces ``hang`` cells in.

    A value with a word too long for that goes under its label, two cells in (if ``below``);
    a word too long even for that (a URL) gets a line of its own, from the left edge.
    """
    from rich.text import Text

    head = [label] if label.plain.strip() else []
    longest = _longest_word(value)
    if below and width - hang < longest <= width - 2:
        return [*head, *(Text("  ") + line for line in _wrap(value, width - 2))]
    lines: list[Text] = []
    for index, line in enumerate(_wrap(value, width - hang) or [Text()]):
        if line.cell_len > width - hang:
            lines.extend([*head, line] if index == 0 else [line])
        elif index == 0:  # the label's style stays on the label
            first = Text()
            first.append_text(label)
            first.append(" " * (hang - label.cell_len))
            first.append_text(line)
            lines.append(first)
        else:
            lines.append(Text(" " * hang) + line)
    return lines


def _longest_word(text: Text) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for word in text.plain.split()), default=0)


_WORD = re.compile(r"\S+\s*")


def _wrap(text: Text, width: int) -> list[Text]:
    """``text`` in lines at most ``width`` wide, broken at spaces only (and at its own line
    breaks); a word wider than ``width`` gets a line of its own, whole."""
    from rich.cells import cell_len

    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        breaks: list[int] = []
        used = 0
        for match in _WORD.finditer(line.plain):
            if used and used + cell_len(match.group().rstrip()) > width:
                breaks.append(match.start())
                used = 0
            used += cell_len(match.group())
        for part in line.divide(breaks):
            part.rstrip()
            lines.append(part)
    return lines


def _segments(console: Console, lines: Iterable[Text], indent: int = 0) -> list[Line]:
    from rich.segment import Segment

    pad = [Segment(" " * indent)] if indent else []
    out = []
    for text in lines:
        line = text
        if line.style:  # Text.render leaves a text's own style to the console: make it a span
            line = text.copy()
            line.stylize_before(text.style)
            line.style = ""
        out.append([*pad, *line.render(console)])
    return out


def _emit(console: Console, lines: list[Line]) -> None:
    """Print each line as it is (not wrapped, not cropped), without trailing blanks.

    A recording (the SVG) keeps them: it fixes the length of each run of text, and the spaces
    after a Hangul name give its glyphs room when the viewer's font draws them wider.
    """
    from rich.segment import Segment, Segments

    every: list[Segment] = []
    for line in lines:
        while not console.record and line and not line[-1].control and not line[-1].text.strip():
            line.pop()
        if line and not console.record:
            line[-1] = Segment(line[-1].text.rstrip(), line[-1].style)
        every.extend(line)
        every.append(Segment.line())
    if every:  # one print: a print a line costs more than drawing a long table
        console.print(Segments(every), crop=False)


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
    DiffResult: render_diff,
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
