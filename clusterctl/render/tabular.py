r"""CSV and Markdown: records flattened the same documented way for both.

Flattening: a nested mapping becomes dotted columns (``location.lat``); a list of mappings
(figures, rankings) becomes one cell of compact JSON; ``null`` becomes an empty cell. A list
of plain values becomes one cell, encoded as ``--csv-lists`` says:

- ``join`` (the default): the items joined with ``"; "``. In CSV each item is escaped so the
  cell splits back into exactly its items: a backslash is written ``\\`` and a semicolon
  ``\;``, so every unescaped ``;`` is a separator (``split_list`` reads it back). An empty
  list is an empty cell. Markdown and TSV, which people read, join without escapes.
- ``json``: a compact JSON array (``["a","b"]``, ``[]``), for tools that parse JSON cells.

Markdown shows each date at its own precision: the ISO bounds (``date_start``) that machine
formats carry are left out unless ``--fields`` names them.
"""

from __future__ import annotations

import json
from typing import IO, Any

from clusterctl.render import records
from clusterctl.render.results import Result
from clusterctl.render.safe import markdown_link, markdown_text, safe_url, visible

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
# How a list of plain values becomes one cell: "join" escapes its items (CSV), "json" writes
# a JSON array (CSV), "plain" joins them as they are (Markdown and TSV, for people).
LIST_ENCODINGS = ("join", "json")


def _json(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def _escaped(item: Any) -> str:
    text = "" if item is None else str(item)
    return text.replace("\\", "\\\\").replace(";", "\\;")


def join_list(items: list[Any], lists: str = "plain") -> str:
    """A list of plain values as one cell, encoded as ``lists`` says (see the module)."""
    if lists == "json":
        return _json(items)
    if lists == "join":
        return LIST_SEPARATOR.join(_escaped(v) for v in items)
    return LIST_SEPARATOR.join("" if v is None else str(v) for v in items)


def split_list(cell: str) -> list[str]:
    """The items of a list cell written by ``--csv-lists join``: the inverse of
    ``join_list(items, "join")`` for every list but ``[""]``, which is an empty cell too."""
    items: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ";":
            items.append("".join(current))
            current = []
            next(chars, "")  # the space of the separator
        else:
            current.append(char)
    if current or items:
        items.append("".join(current))
    return items


def flatten(record: dict[str, Any], prefix: str = "", lists: str = "plain") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in record.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            flat.update(flatten(item, f"{name}.", lists))
        elif isinstance(item, list):
            if any(isinstance(v, (dict, list)) for v in item):
                flat[name] = _json(item)
            else:
                flat[name] = join_list(item, lists)
        else:
            flat[name] = item
    return flat


def table(
    result: Result, lists: str = "plain", bounds: bool = True
) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and flattened rows. The columns follow the record keys of the result, not the
    rows, so an empty result has the same header as a full one. Without ``bounds``, date
    bounds are left out but for those ``--fields`` names."""
    rows = records.rows(result)
    keys = records.record_keys(result)
    if not bounds:
        keep = records.wanted_fields(result)
        rows = [records.without_bounds(row, keep) for row in rows]
        keys = [k for k in keys if k in keep or not records.is_bound(k)]
    flat = [flatten(r, lists=lists) for r in rows]
    header = columns(keys, flat)
    if not bounds:
        header = [c for c in header if c in keep or not records.is_bound(c.rsplit(".")[-1])]
    return header, flat


def columns(keys: list[str], flat: list[dict[str, Any]]) -> list[str]:
    """``keys`` with each mapping spread over its dotted columns (``location.lat``), then any
    column the rows hold that the keys did not foresee, in first-seen order."""
    seen = list(dict.fromkeys(key for row in flat for key in row))
    spread: list[str] = []
    for key in keys:
        subkeys = records.NESTED_KEYS.get(key)
        dotted = [f"{key}.{sub}" for sub in subkeys] if subkeys else []
        dotted = dotted or [c for c in seen if c.startswith(key + ".")]
        spread.extend(dotted or [key])
    known = set(spread)
    # A mapping that is null in some rows leaves a bare, always-empty column beside its
    # dotted ones (location beside location.lat): not a column of its own.
    parents = {c.rsplit(".", 1)[0] for c in spread if "." in c}
    spread.extend(c for c in seen if c not in known and c not in parents)
    return spread


def spreadsheet_safe(cell: Any) -> str:
    """A cell as text that no spreadsheet will run as a formula (the OWASP CSV rule), and no
    terminal it is printed on will take as a command: control characters other than tab and
    line feed are shown as ``\\xNN``, as in every other text format."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, (int, float)):
        return str(cell)
    text = visible(str(cell), keep_newlines=True)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(result: Result, out: IO[str]) -> None:
    header, flat = table(result, records.csv_lists(result))
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in flat:
        writer.writerow([spreadsheet_safe(row.get(c)) for c in header])


def markdown_cell(cell: Any, column: str = "") -> str:
    """A table cell that renders as exactly its text; one line per row, whatever the text holds
    (line breaks become ``<br>``). A ``url`` column's http(s) addresses are links."""
    if column == "url" and isinstance(cell, str) and safe_url(cell):
        return markdown_link(cell)
    text = spreadsheet_safe(cell) if isinstance(cell, (bool, int, float)) else str(cell or "")
    return markdown_text(text, keep_newlines=True)


def write_markdown(result: Result, out: IO[str]) -> None:
    header, flat = table(result, bounds=False)
    if not header:
        out.write("_No records._\n")
        return
    out.write("| " + " | ".join(markdown_cell(c) for c in header) + " |\n")
    out.write("|" + "|".join(" --- " for _ in header) + "|\n")
    for row in flat:
        out.write("| " + " | ".join(markdown_cell(row.get(c), c) for c in header) + " |\n")
