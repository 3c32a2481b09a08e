"""``show``: one entity in full, with everything that links to it."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterctl import api
from clusterctl.cli import context
from clusterctl.cli.completion import completer
from clusterctl.cli.options import (
    BriefCiteOpt,
    CsvLists,
    CsvListsOpt,
    FormatOpt,
    TitleOpt,
    WidthOpt,
    cite_default,
)
from clusterctl.model import ENTITY_TYPES
from clusterctl.render.formats import Format, emit


def show(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="ID-OR-NAME",
            help="Id, name, alias or Hangul.",
            autocompletion=completer(*ENTITY_TYPES),
        ),
    ],
    cite: BriefCiteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    title: TitleOpt = None,
    width: WidthOpt = 100,
    csv_lists: CsvListsOpt = CsvLists.JOIN,
) -> None:
    """Show any entity in full, with what links to it.

    ID-OR-NAME is an id, name, alias or Hangul name, or a unique part of one; when it
    could be several, they are listed. A programme lists its member clusters.
    -o md, html and svg give a profile to paste or print.

    \b
    Examples:
      clusterctl show 대덕연구개발특구
      clusterctl show daedeok-innopolis -o html > daedeok.html
    """
    cat = context.catalog(ctx)
    cite = cite_default(cite, fmt)
    result = api.show_result(cat, name, cite, title, width, csv_lists.value)
    emit(result, fmt, context.settings(ctx).color)
