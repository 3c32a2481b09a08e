"""``diff`` for people: the changes between two catalogs as Markdown or self-contained HTML.

Both say the same: a title naming both sides and their catalog versions, a line of counts,
then a section each for the records added, removed and changed (a row per changed field, its
old and new values as a person reads them: dates at their own precision, lists joined).
The terminal table is ``render/terminal.py``'s; JSON, TSV and CSV are the records'.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import IO, Any

from clusterctl import model
from clusterctl.diff import ADDED, CHANGED, REMOVED, CatalogDiff, RecordChange
from clusterctl.render.results import DiffResult
from clusterctl.render.safe import markdown_text, visible
from clusterctl.render.text import number

HEADINGS = {ADDED: "Added", REMOVED: "Removed", CHANGED: "Changed"}


def change_text(item: Any) -> str:
    """A field value as a person reads it in a diff; absent is empty."""
    if item is None:
        return ""
    if hasattr(item, "display"):
        return str(item.display())
    if isinstance(item, tuple):
        return ", ".join(change_text(v) for v in item)
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, (int, float)):
        return number(item)
    if isinstance(item, model.Location):
        return f"{number(item.lat)}, {number(item.lon)}"
    if isinstance(item, model.Figure):
        text = f"{item.label}: {number(item.value)} {item.unit}"
        if item.as_of is not None:
            text += f" (as of {item.as_of.display()})"
        return text + (f" — {item.note}" if item.note else "")
    if isinstance(item, model.Ranking):
        of = f" of {item.out_of}" if item.out_of else ""
        return f"#{item.rank}{of} in {item.ranking} ({item.publisher}, {item.as_of.display()})"
    return str(item)


def _side(name: str, version: str | None) -> str:
    return f"{name} (catalog {version})" if version else name


def title(result: DiffResult) -> str:
    diff = result.diff
    return f"{_side(result.old, diff.old_version)} → {_side(result.new, diff.new_version)}"


def summary(diff: CatalogDiff) -> str:
    """``2 added, 1 removed, 3 changed``, or ``no changes``."""
    if not diff.changes:
        return "no changes"
    counts = [f"{diff.count(kind)} {kind}" for kind in (ADDED, REMOVED, CHANGED)]
    return ", ".join(counts)


def _of(diff: CatalogDiff, kind: str) -> list[RecordChange]:
    return [c for c in diff.changes if c.change == kind]


# --- Markdown --------------------------------------------------------------------------------


def _md(text: str) -> str:
    return markdown_text(text, keep_newlines=True)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |\n"


def write_markdown(result: DiffResult, out: IO[str]) -> None:
    diff = result.diff
    out.write(f"# Catalog changes\n\n_{_md(title(result))}: {_md(summary(diff))}._\n")
    for kind in (ADDED, REMOVED):
        changes = _of(diff, kind)
        if not changes:
            continue
        out.write(f"\n## {HEADINGS[kind]}\n\n| Type | ID | Name |\n| --- | --- | --- |\n")
        for change in changes:
            out.write(_md_row((change.type, change.id, change.entity.label)))
    changed = _of(diff, CHANGED)
    if changed:
        out.write("\n## Changed\n\n| Type | ID | Field | Old | New |\n")
        out.write("| --- | --- | --- | --- | --- |\n")
        for change in changed:
            for field in change.fields:
                cells = (change.type, change.id, field.field)
                out.write(_md_row((*cells, change_text(field.old), change_text(field.new))))


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic",
       "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 64rem;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.4rem; border-bottom: 1px solid #ccc; }
.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem;
         border-bottom: 1px solid #e3e3e3; overflow-wrap: anywhere; }
th { background: #f4f4f4; }
td.id { font-family: ui-monospace, "Noto Sans Mono", monospace; font-size: 0.85rem; }
td.old { background: #fdecec; } td.new { background: #e9f6ec; }
footer { margin-top: 2rem; font-size: 0.8rem; color: #777; }
@media print { tr { break-inside: avoid; } thead { display: table-header-group; } }
""".strip()


def _h(text: str) -> str:
    return html.escape(visible(text, keep_newlines=True), quote=True).replace("\n", "<br>")


def write_html(result: DiffResult, out: IO[str]) -> None:
    diff = result.diff
    w = out.write
    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n")  # fmt: skip
    w(f"<title>Catalog changes: {_h(title(result))}</title>\n<style>\n{_CSS}\n</style>\n")
    w("</head>\n<body>\n<h1>Catalog changes</h1>\n")
    w(f'<p class="subtitle">{_h(title(result))}: {_h(summary(diff))}.</p>\n')
    for kind in (ADDED, REMOVED):
        changes = _of(diff, kind)
        if not changes:
            continue
        w(f'<h2>{HEADINGS[kind]}</h2>\n<table class="{kind}">\n')
        w("<thead><tr><th>Type</th><th>ID</th><th>Name</th></tr></thead>\n<tbody>\n")
        for change in changes:
            w(f'<tr><td>{_h(change.type)}</td><td class="id">{_h(change.id)}</td>'
              f"<td>{_h(change.entity.label)}</td></tr>\n")  # fmt: skip
        w("</tbody>\n</table>\n")
    changed = _of(diff, CHANGED)
    if changed:
        w('<h2>Changed</h2>\n<table class="changed">\n<thead><tr><th>Type</th><th>ID</th>')
        w("<th>Field</th><th>Old</th><th>New</th></tr></thead>\n<tbody>\n")
        for change in changed:
            for field in change.fields:
                w(f'<tr><td>{_h(change.type)}</td><td class="id">{_h(change.id)}</td>'
                  f"<td>{_h(field.field)}</td><td class=\"old\">{_h(change_text(field.old))}</td>"
                  f'<td class="new">{_h(change_text(field.new))}</td></tr>\n')  # fmt: skip
        w("</tbody>\n</table>\n")
    w("<footer>Generated by clusterctl diff.</footer>\n</body>\n</html>\n")
