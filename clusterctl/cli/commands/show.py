"""``show``: one entity in full, with everything that links to it."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterctl import query
from clusterctl.cli import context
from clusterctl.cli.options import CiteOpt, FormatOpt
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
            autocompletion=context.completer(*ENTITY_TYPES),
        ),
    ],
    cite: CiteOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Show any entity in full: a cluster with its milestones, a source with what cites it.

    Example: clusterctl show daedeok  (or: clusterctl show 대덕연구개발특구 -o json)
    """
    cat = context.catalog(ctx)
    entity = cat.resolve(name)
    result = ShowResult(entity, tuple(query.linked(cat, entity)), cat, cite)
    emit(result, fmt, context.settings(ctx).color)


def register(app: typer.Typer) -> None:
    app.command()(show)
