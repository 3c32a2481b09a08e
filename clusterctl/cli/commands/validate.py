"""``validate``: check the catalogs in effect, with more layered on top; exit 0 or 3."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterctl.catalog.loader import validate as validate_catalogs
from clusterctl.cli import context
from clusterctl.cli.options import FormatOpt
from clusterctl.errors import ExitCode
from clusterctl.render.formats import Format, emit
from clusterctl.render.results import ValidateResult


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH...]", help="Extra catalog files to check on top."),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Count warnings (such as a source URL that is a search, tag or list page, or "
            "on a mirror host) as errors.",
        ),
    ] = False,
) -> None:
    """Check catalogs: one line per problem.

    Each problem as path:line:col, a code and a hint, for the catalogs in effect with
    PATHs layered on top; exit 3 on any error.

    \b
    Example:
      clusterctl validate my-notes.yaml -o json
    """
    selection = context.settings(ctx).selection.with_overlays(paths or ())
    _, report = validate_catalogs(selection)
    if strict:
        report.make_strict()
    emit(ValidateResult(report), fmt, context.settings(ctx).color)
    if not report.ok:
        raise typer.Exit(ExitCode.CATALOG)
