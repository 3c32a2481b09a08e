"""CSV and Markdown: records flattened the same documented way for both.

Flattening: a nested mapping becomes dotted columns (``location.lat``); a list of plain values
becomes one cell joined with ``"; "``; a list of mappings (figures, rankings) becomes one cell of
compact JSON; ``null`` becomes an empty cell.
"""

from __future__ import annotations

import json
from typing import IO, Any

from clusterctl.render import records
from clusterctl.render.results import Result
from clusterctl.render.safe import markdown_link, markdown_text, safe_url, visible

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in record.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            flat.update(flatten(item, f"{name}."))
        elif isinstance(item, list):
            if any(isinstance(v, (dict, list)) for v in item):
                flat[name] = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            else:
                flat[name] = "; ".join("" if v is None else str(v) for v in item)
        else:
            flat[name] = item
    return flat


def table(result: Result) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and flattened rows. The columns follow the record keys of the result, not the
    rows, so an empty result has the same header as a full one."""
    flat = [flatten(r) for r in records.rows(result)]
    return columns(records.record_keys(result), flat), flat


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
    header, flat = table(result)
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
    header, flat = table(result)
    if not header:
        out.write("_No records._\n")
        return
    out.write("| " + " | ".join(markdown_cell(c) for c in header) + " |\n")
    out.write("|" + "|".join(" --- " for _ in header) + "|\n")
    for row in flat:
        out.write("| " + " | ".join(markdown_cell(row.get(c), c) for c in header) + " |\n")
