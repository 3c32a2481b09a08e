"""A briefing as one self-contained HTML page that prints cleanly on A4 and Letter.

No scripts, fonts or images to fetch (a Content-Security-Policy says so); catalog text is
escaped; runs of Hangul are tagged ``lang="ko"``. Printed, no row, figure or heading is split
from what belongs to it, and long tables repeat their header on each page.
"""

from __future__ import annotations

import html
import re
from typing import IO

from clusterctl.render.briefing.document import (
    Briefing,
    Cell,
    Column,
    Notes,
    Paragraph,
    Picture,
    Table,
    letter,
    ranges,
)
from clusterctl.render.safe import safe_url, visible
from clusterctl.render.text import citation

_JAMO = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_HANGUL = re.compile(f"[{_JAMO}]+(?:[ \u00b7]*[{_JAMO}]+)*")

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic",
       "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.4rem; border-bottom: 1px solid #ccc; }
.subtitle { color: #555; margin: 0; }
.provenance { color: #777; font-size: 0.85rem; margin: 0.2rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem;
         border-bottom: 1px solid #e3e3e3; overflow-wrap: break-word; }
th { background: #f4f4f4; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.timeline { table-layout: fixed; }
col.date { width: 8.5rem; } col.clusters { width: 30%; } col.notes { width: 5.5rem; }
td.notes, sup { color: #555; }
sup.refs { font-size: 0.72em; margin-left: 0.15em; white-space: nowrap; }
sup.refs a, td.notes a { color: #1a4d8f; text-decoration: none; }
sup.remark { font-size: 0.72em; color: #7a4b00; margin-left: 0.15em; }
table.facts th { width: 11rem; }
table.figures td.value { white-space: nowrap; }
table.compare { table-layout: fixed; }
table.compare thead th { vertical-align: bottom; background: #e9eef4; }
table.compare tbody th { background: #f7f7f7; font-weight: 600; width: 18%; }
table.compare tr.section th { background: #dfe5ec; font-size: 0.95rem; }
table.compare td { font-variant-numeric: tabular-nums; }
.ko { display: block; font-weight: normal; color: #444; font-size: 0.9em; }
.detail { display: block; font-size: 0.82em; color: #555; margin-top: 0.15rem; }
.mark { color: #b8322a; font-weight: bold; margin-left: 0.2em; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
figure.locator { float: right; width: 17rem; margin: 0 0 1rem 1.5rem; }
figure.locator ~ table.facts { width: auto; max-width: calc(100% - 18.5rem); }
figure.map { margin: 1rem 0 1.5rem; }
figcaption { font-size: 0.8rem; color: #555; margin-top: 0.3rem; }
ol.remarks { font-size: 0.85rem; color: #333; padding-left: 1.6rem; }
ol.sources { font-size: 0.85rem; color: #333; padding-left: 1.6rem; }
ol.sources a { color: #1a4d8f; overflow-wrap: anywhere; }
footer { margin-top: 2rem; font-size: 0.8rem; color: #777; clear: both; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  tr, li, figure, h1, .subtitle, .provenance { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def h(text: str) -> str:
    """Escape catalog text for HTML and tag runs of Hangul as Korean."""
    escaped = html.escape(visible(text, keep_newlines=True), quote=True)
    escaped = _HANGUL.sub(lambda m: f'<span lang="ko">{m.group(0)}</span>', escaped)
    return escaped.replace("\n", "<br>")


def refs(notes: Notes, cite: bool) -> str:
    """Footnote marks, each number a link to its source: ``[1–3, 5]``."""
    if not cite or not notes:
        return ""
    parts = []
    for first, last in ranges(notes):
        link = f'<a href="#s{first}">{first}</a>'
        if last - first >= 2:
            parts.append(f'{link}–<a href="#s{last}">{last}</a>')
        else:
            parts += [f'<a href="#s{n}">{n}</a>' for n in range(first, last + 1)]
    return f'<sup class="refs">[{", ".join(parts)}]</sup>'


def _cell(cell: Cell, cite: bool, with_notes: bool = True) -> str:
    text = h(cell.text)
    if cell.mark:
        text += f'<span class="mark" title="does not compare">{html.escape(cell.mark)}</span>'
    text += "".join(f'<sup class="remark">{r}</sup>' for r in cell.remarks)
    if with_notes:
        text += refs(cell.notes, cite)
    text += "".join(f'<span class="detail">{h(line)}</span>' for line in cell.detail)
    return text


def _head(column: Column, cite: bool) -> str:
    text = h(column.title)
    if column.detail:
        text += f'<span class="ko">{h(column.detail)}</span>'
    return text + refs(column.notes, cite)


def table_html(table: Table, cite: bool) -> str:
    out = []
    if table.heading:
        out.append(f"<h2>{h(table.heading)}</h2>\n")
    notes_column = table.notes_column and cite
    out.append(f'<table class="{table.kind}">\n')
    if table.kind == "timeline":
        cols = "".join(f'<col class="{c.css}">' for c in table.columns)
        out.append(f"<colgroup>{cols}" + ('<col class="notes">' if notes_column else "")
                   + "</colgroup>\n")  # fmt: skip
    if table.show_header:
        heads = "".join(
            f'<th scope="col">{_head(c, cite)}</th>' if c.title else "<th></th>"
            for c in table.columns
        )
        out.append(f"<thead><tr>{heads}" + ("<th>Sources</th>" if notes_column else "")
                   + "</tr></thead>\n")  # fmt: skip
    out.append("<tbody>\n")
    for row in table.rows:
        if row.section:
            span = len(table.columns) + (1 if notes_column else 0)
            out.append(f'<tr class="section"><th colspan="{span}" scope="colgroup">'
                       f"{h(row.cells[0].text)}</th></tr>\n")  # fmt: skip
            continue
        cells = []
        for index, cell in enumerate(row.cells):
            content = _cell(cell, cite, with_notes=not notes_column)
            css = f' class="{cell.css}"' if cell.css else ""
            if index == 0 and table.row_headers:
                cells.append(f'<th scope="row">{content}</th>')
            else:
                cells.append(f"<td{css}>{content}</td>")
        if notes_column:
            notes = [n for c in row.cells for n in c.notes]
            links = ", ".join(f'<a href="#s{n}">{n}</a>' for n in notes)
            cells.append(f'<td class="notes">{links}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def head(title: str) -> str:
    """The page's head: metadata, a policy that forbids fetching anything, the style."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(visible(title))}</title>\n<style>\n{CSS}\n</style>\n</head>\n"
    )


def masthead(doc: Briefing) -> str:
    out = f'<body>\n<h1>{h(doc.title)}</h1>\n<p class="subtitle">{h(doc.subtitle)}</p>\n'
    if doc.provenance:
        out += f'<p class="provenance">From clusterctl, {h(doc.provenance)}.</p>\n'
    return out


def sources_html(doc: Briefing) -> str:
    out = []
    if doc.remarks:
        out.append('<ol class="remarks" type="a">\n')
        out += [f'<li id="r{letter(i)}">{h(remark)}</li>\n' for i, remark in enumerate(doc.remarks)]
        out.append("</ol>\n")
    if doc.cite and doc.sources:
        out.append('<h2>Sources</h2>\n<ol class="sources">\n')
        for index, source in enumerate(doc.sources, 1):
            url = safe_url(source.url)
            link = (
                f' <a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>' if url else ""
            )
            out.append(f'<li id="s{index}">{h(citation(source))}.{link}</li>\n')
        out.append("</ol>\n")
    return "".join(out)


FOOTER = "<footer>Generated by clusterctl from its sourced catalog.</footer>\n</body>\n</html>\n"


def write_html(doc: Briefing, out: IO[str]) -> None:
    out.write(head(doc.title))
    out.write(masthead(doc))
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.write(f"<p>{h(block.text)}{refs(block.notes, doc.cite)}</p>\n")
        elif isinstance(block, Table):
            out.write(table_html(block, doc.cite))
        elif isinstance(block, Picture):
            css = f' class="{block.css}"' if block.css else ""
            out.write(f"<figure{css}>\n{block.svg}<figcaption>{h(block.caption)}</figcaption>\n"
                      "</figure>\n")  # fmt: skip
    out.write(sources_html(doc))
    out.write(FOOTER)
