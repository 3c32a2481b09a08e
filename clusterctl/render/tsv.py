"""Tab-separated values: ``-o tsv``, and ``-o table`` when stdout is not a terminal.

The gh convention: a header line of record keys, then one record a line, cells separated by
one tab, with no padding, rules, group rows, colour, wrapping or cutting, so ``cut -f``,
``awk -F'\\t'``, ``sort -t$'\\t'`` and ``column -t -s$'\\t'`` work on it. Rich is never imported.

Cells: dates are their partial-date strings (``2023-06``) and numbers are written exactly as the
catalog holds them, so both sort and parse; a list of plain values is one cell joined with
``"; "`` (as in CSV); a list of mappings (figures, rankings) is one cell of compact JSON; a
mapping spreads over dotted columns (``location.lat``); ``null`` is an empty cell. Text goes
through ``safe.visible``: a tab or line break in catalog text becomes a space, and any other
control character a visible escape, so a cell can never split a line or a column.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

from clusterctl.errors import UsageError
from clusterctl.render import records
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
from clusterctl.render.tabular import columns, flatten
from clusterctl.render.text import number

LIST_SEPARATOR = "; "

# The columns of each listing: its terminal table's, named by the record keys that fill them.
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "cluster": ("id", "name", "name_ko", "kind", "region", "established"),
    "milestone": ("date", "id", "title", "clusters"),
    "policy": ("id", "name", "name_ko", "kind", "announced"),
    "actor": ("id", "name", "name_ko", "kind", "country"),
    "source": ("id", "publisher", "title", "kind", "published"),
    "region": ("id", "name", "name_ko", "country", "cluster_count", "milestone_count"),
    "industry": ("id", "name", "name_ko", "cluster_count", "milestone_count"),
    "era": ("id", "name", "name_ko", "kind", "start", "end"),
}
TIMELINE_COLUMNS = ("group", "group_id", "date", "id", "title", "clusters")
SEARCH_COLUMNS = ("type", "id", "label", "score", "match.field", "match.text")
STATS_COLUMNS = ("id", "label", "count")
ISSUE_COLUMNS = ("path", "line", "column", "severity", "code", "message", "hint")
SHOW_COLUMNS = ("field", "value")


def cell(item: Any) -> str:
    """One value as a TSV cell: never a tab, a line break or another control character."""
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (int, float)):
        return number(item, grouped=False)
    if isinstance(item, (list, dict)):
        flat = flatten({"": item})[""] if isinstance(item, list) else _json(item)
        return cell(flat)
    return visible(str(item))


def _json(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def _line(cells: Iterable[str]) -> str:
    return "\t".join(cells) + "\n"


def _source_ids(record: dict[str, Any]) -> dict[str, Any]:
    """``--cite`` expands sources to citations; a TSV cell lists their ids."""
    cited = record.get("sources")
    if isinstance(cited, list):
        record["sources"] = [s["id"] if isinstance(s, dict) else s for s in cited]
    return record


def _write_rows(
    out: IO[str], keys: Sequence[str], rows: list[dict[str, Any]], cite: bool = False
) -> None:
    """A header of ``keys`` (mappings spread over dotted columns) and one line per row."""
    keys = list(dict.fromkeys(keys))
    if cite and "sources" not in keys:
        keys.append("sources")
    # Only the columns shown are flattened: a listing's records hold every field.
    heads = dict.fromkeys(key.partition(".")[0] for key in keys)
    flat = [flatten(_source_ids({h: row[h] for h in heads if h in row})) for row in rows]
    header = columns(keys, [])
    out.write(_line(header))
    for row in flat:
        out.write(_line(cell(row.get(c)) for c in header))


def _chosen(default: Sequence[str], fields: Sequence[str]) -> list[str]:
    """``--fields`` picks the columns, the id always first."""
    if not fields:
        return list(default)
    return ["id", *dict.fromkeys(f for f in fields if f not in ("id", "type"))]


_VIEW_COLUMNS: dict[type, tuple[str, ...]] = {
    TimelineResult: TIMELINE_COLUMNS,
    SearchResult: SEARCH_COLUMNS,
    StatsResult: STATS_COLUMNS,
}


def write_tsv(result: Result, out: IO[str]) -> None:
    """``result`` as tab-separated values: a header line, then one record a line."""
    if isinstance(result, ListResult):
        keys = _chosen(LIST_COLUMNS[result.entity_type], result.fields)
        full = dataclasses.replace(result, fields=())
        _write_rows(out, keys, records.list_records(full), result.cite)
    elif isinstance(result, ShowResult):
        _write_show(result, out)
    elif isinstance(result, ValidateResult):
        _write_rows(out, ISSUE_COLUMNS, records.report_records(result)["issues"])
    elif isinstance(result, CompareResult):
        _write_compare(result, out)
    elif isinstance(result, DiffResult):
        _write_rows(out, records.DIFF_COLUMNS, records.diff_rows(result))
    elif isinstance(result, (TimelineResult, SearchResult, StatsResult)):
        shape = result.shape
        keys = _chosen(_VIEW_COLUMNS[type(result)], shape.fields)
        every_field = dataclasses.replace(result, shape=dataclasses.replace(shape, fields=()))
        rows = records.view_records(every_field)
        if isinstance(result, TimelineResult):
            # group_id may be missing from records made before it existed: an empty cell.
            rows = [{"group_id": ""} | row for row in rows]
        _write_rows(out, keys, rows, shape.cite)
    else:
        assert isinstance(result, DocumentResult)
        raise UsageError("-o tsv is for records; this command prints a document")


# --- show ------------------------------------------------------------------------------------


def _write_show(result: ShowResult, out: IO[str]) -> None:
    """``field<TAB>value``, one line per value: a list gives one line per item (the field
    repeated), a mapping one line per key (``location.lat``); what links to the entity gives
    ``referenced_by`` lines whose value is ``TYPE ID TITLE``. (``references`` resolves ids
    the record's own fields already list, one line each.)"""
    record = records.without_bounds(records.show_record(result))
    del record["references"]
    out.write(_line(SHOW_COLUMNS))
    for name, item in record.items():
        for field, value in _show_lines(name, item):
            out.write(_line((visible(field), value)))


def _show_lines(name: str, item: Any) -> Iterable[tuple[str, str]]:
    if item is None or item == []:
        return
    if isinstance(item, dict):
        for key, sub in item.items():
            yield from _show_lines(f"{name}.{key}", sub)
    elif isinstance(item, list):
        for entry in item:
            yield name, _show_item(name, entry)
    else:
        yield name, cell(item)


def _show_item(name: str, entry: Any) -> str:
    if not isinstance(entry, dict):
        return cell(entry)
    if name == "referenced_by":
        return cell(f"{entry['type']} {entry['id']} {entry['label']}")
    if name == "figures":
        return cell(_labelled_figure(entry))
    if name == "rankings":
        return cell(_ranking(entry))
    if name == "sources":  # --cite: the source's id, then how it is cited
        title = f"“{entry['title']}”" if entry.get("title") else None
        parts = [entry.get("publisher"), title, entry.get("published"), entry.get("url")]
        return cell(f"{entry['id']} " + ", ".join(str(p) for p in parts if p))
    return cell(_json(entry))


def _figure(figure: dict[str, Any]) -> str:
    """``value unit (as of)``, the number exactly as the catalog holds it."""
    text = f"{number(figure['value'], grouped=False)} {figure['unit']}"
    if figure.get("as_of"):
        text += f" ({figure['as_of']})"
    if figure.get("note"):
        text += f" — {figure['note']}"
    return text


def _labelled_figure(figure: dict[str, Any]) -> str:
    return f"{figure['label']}: {_figure(figure)}"


def _ranking(ranking: dict[str, Any]) -> str:
    out_of = f" of {ranking['out_of']}" if ranking.get("out_of") else ""
    where = f"{ranking['publisher']}, {ranking['as_of']}"
    return f"#{ranking['rank']}{out_of} in {ranking['ranking']} ({where})"


# --- compare ---------------------------------------------------------------------------------


def _write_compare(result: CompareResult, out: IO[str]) -> None:
    """One line per attribute: ``attribute`` then one column per cluster, in the order given.
    Figures give one line per label, ``figures.LABEL``; a cluster with several figures of a
    label (a series) has them in one cell, joined with ``"; "``; `` ≠`` marks a figure that
    does not compare with the others (``-o json`` says why)."""
    kept = result.shape.fields
    rows = [_source_ids(records.without_bounds(row, kept)) for row in records.view_records(result)]
    out.write(_line(["attribute", *(cell(row["id"]) for row in rows)]))
    keys = [k for k in dict.fromkeys(k for row in rows for k in row) if k not in ("type", "id")]
    for key in keys:
        if key == "figures":
            for label, series in _figure_series(rows):
                out.write(_line([cell(f"figures.{label}"), *series]))
            continue
        nested: list[dict[str, Any]] = [v for row in rows if isinstance(v := row.get(key), dict)]
        if result.shape.fields and nested:  # --fields named parts of it: a line a part
            for part in dict.fromkeys(k for value in nested for k in value):
                parts = ((row.get(key) or {}).get(part) for row in rows)
                out.write(_line([cell(f"{key}.{part}"), *(cell(v) for v in parts)]))
            continue
        values = (_compare_cell(key, row.get(key)) for row in rows)
        out.write(_line([cell(key), *values]))


def _figure_series(rows: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Each figure label (in first-seen order) with each cluster's values for it."""
    labels: dict[str, str] = {}
    for row in rows:
        for figure in _figures(row):
            labels.setdefault(figure["label"].casefold(), figure["label"])
    found = []
    for folded, label in labels.items():
        series = [
            LIST_SEPARATOR.join(
                cell(_figure(f) + (" ≠" if f.get("comparable") is False else ""))
                for f in _figures(row)
                if f["label"].casefold() == folded
            )
            for row in rows
        ]
        found.append((label, series))
    return found


def _figures(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A cluster's figures, one dict each, whether or not they come grouped in series."""
    figures: list[dict[str, Any]] = []
    for figure in row.get("figures") or []:
        series = figure.get("series")
        if isinstance(series, list):
            shared = {"label": figure.get("label", ""), "comparable": figure.get("comparable")}
            figures.extend(shared | point for point in series)
        else:
            figures.append(figure)
    return figures


def _compare_cell(key: str, item: Any) -> str:
    if isinstance(item, dict) and {"date", "title", "id"} <= item.keys():  # a milestone
        return cell(f"{item['date']}: {item['title']} ({item['id']})")
    if key == "rankings" and isinstance(item, list):
        return LIST_SEPARATOR.join(cell(_ranking(r)) for r in item)
    return cell(item)
