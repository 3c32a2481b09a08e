"""``show``: one entity in full, with everything that links to it."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterctl import query
from clusterctl.cli import context
from clusterctl.cli.completion import completer
from clusterctl.cli.options import BriefCiteOpt, FormatOpt, TitleOpt, WidthOpt, cite_default
from clusterctl.model import ENTITY_TYPES
from clusterctl.render.formats import Format, emit
from clusterctl.render.results import ShowResult


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
) -> None:
    """Show any entity in full, with what links to it; -o md|html|svg gives a profile.

    Example: clusterctl show 대덕연구개발특구 -o html > daedeok-profile.html
    """
    cat = context.catalog(ctx)
    entity = cat.resolve(name)
    links = tuple(query.linked(cat, entity))
    result = ShowResult(entity, links, cat, cite_default(cite, fmt), title, width)
    emit(result, fmt, context.settings(ctx).color)
