"""A briefing as Markdown (GitHub's dialect): headings, pipe tables, numbered sources."""

from __future__ import annotations

from typing import IO

from clusterctl.render.briefing.document import (
    Briefing,
    Cell,
    Notes,
    Paragraph,
    Picture,
    Table,
    letter,
    note_text,
)
from clusterctl.render.safe import markdown_link, markdown_text, safe_url
from clusterctl.render.text import citation


def _md(text: str) -> str:
    return markdown_text(text)


def _refs(notes: Notes, cite: bool) -> str:
    return f" [{note_text(notes)}]" if cite and notes else ""


def _cell(cell: Cell, cite: bool, with_notes: bool = True) -> str:
    text = _md(cell.text)
    if cell.mark:
        text += f" {cell.mark}"
    if cell.remarks:
        text += " " + "".join(f"({r})" for r in cell.remarks)
    if with_notes:
        text += _refs(cell.notes, cite)
    for line in cell.detail:
        text += f"; {_md(line)}"
    return text


def _table(table: Table, doc: Briefing, out: IO[str]) -> None:
    if table.heading:
        out.write(f"\n## {_md(table.heading)}\n")
    notes_column = table.notes_column and doc.cite
    width = len(table.columns) + (1 if notes_column else 0)
    if table.show_header:
        heads = []
        for column in table.columns:
            head = _md(column.title)
            if column.detail:
                head += f" ({_md(column.detail)})"
            heads.append(head + _refs(column.notes, doc.cite))
        if notes_column:
            heads.append("Sources")
        out.write("\n| " + " | ".join(heads) + " |\n|" + " --- |" * width + "\n")
    else:
        out.write("\n|" + " |" * width + "\n|" + " --- |" * width + "\n")
    for row in table.rows:
        if row.section:
            title = f"**{_md(row.cells[0].text)}**"
            out.write("| " + " | ".join([title] + [""] * (width - 1)) + " |\n")
            continue
        cells = [_cell(c, doc.cite, with_notes=not notes_column) for c in row.cells]
        if notes_column:
            notes = [n for c in row.cells for n in c.notes]
            cells.append(", ".join(f"[{n}]" for n in notes))
        out.write("| " + " | ".join(cells) + " |\n")


def write_markdown(doc: Briefing, out: IO[str]) -> None:
    out.write(f"# {_md(doc.title)}\n\n_{_md(doc.subtitle)}_\n")
    if doc.provenance:
        out.write(f"\n_From clusterctl, {_md(doc.provenance)}._\n")
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.write(f"\n{_md(block.text)}{_refs(block.notes, doc.cite)}\n")
        elif isinstance(block, Table):
            _table(block, doc, out)
        elif isinstance(block, Picture):
            continue  # a drawing is for HTML; the facts it shows are in the tables
    if doc.remarks:
        out.write("\n")
        for index, remark in enumerate(doc.remarks):
            out.write(f"- ({letter(index)}) {_md(remark)}\n")
    if doc.cite and doc.sources:
        out.write("\n## Sources\n\n")
        for index, source in enumerate(doc.sources, 1):
            url = safe_url(source.url)
            link = f" {markdown_link(url)}" if url else ""
            out.write(f"{index}. {_md(citation(source))}{link}\n")
