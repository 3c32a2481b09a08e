"""``diff``: what changed between two catalogs, the "since the last briefing" view."""

from __future__ import annotations

import shlex
from typing import Annotated

import typer

from clusterctl.catalog.index import Catalog
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.cli import context
from clusterctl.cli.options import FormatOpt
from clusterctl.diff import compare_catalogs
from clusterctl.errors import CatalogError, ExitCode
from clusterctl.render.formats import Format, emit, note
from clusterctl.render.results import DiffResult

IN_EFFECT = "the catalogs in effect"


def _read_alone(path: str, argument: str, cache: bool) -> Catalog:
    """The catalog in the file ``path`` alone; its errors point at ``argument``, not at
    --catalog."""
    try:
        return load(CatalogSelection(False, (path,), cache))
    except CatalogError as exc:
        hints = [h for h in exc.hints if "--catalog" not in h and "clusterctl validate" not in h]
        hints.append(
            f"{argument} is read alone; check it with: clusterctl --no-builtin validate "
            f"{shlex.quote(path)}"
        )
        raise CatalogError(exc.message, hints, exc.report) from None


def diff(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The earlier catalog: a file (a copy of catalog.yaml, or an export -o yaml "
            "or json), read alone.",
        ),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="[NEW]",
            help="The later catalog file, read alone; left out, the catalogs in effect "
            "(the shipped one, --catalog, CLUSTERCTL_CATALOG, --no-builtin).",
        ),
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code",
            help="Exit 1 when the catalogs differ and 0 when they do not, as git diff "
            "--exit-code does (without it diff exits 0 either way).",
        ),
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """What changed between two catalogs: records added, removed and changed.

    Records are matched by id; a changed one lists each field that changed with its old
    and new value. Piped, the table is TSV, a change a line: change, type, id, field,
    old, new. Exits 0 whether or not anything changed, unless --exit-code.

    \b
    Examples:
      clusterctl export -o yaml > before.yaml   # a copy for next time
      clusterctl diff before.yaml
      clusterctl diff old.yaml new.yaml -o md > changes.md
    """
    settings = context.settings(ctx)
    selection = settings.selection
    old_catalog = _read_alone(old, "OLD", selection.cache)
    if new is None:
        new_catalog, new_name = context.catalog(ctx), IN_EFFECT
    else:
        if selection.overlays or not selection.builtin:
            note("NEW is read alone: --catalog, CLUSTERCTL_CATALOG and --no-builtin apply "
                 "when NEW is left out")  # fmt: skip
        new_catalog, new_name = _read_alone(new, "NEW", selection.cache), new
    changes = compare_catalogs(old_catalog, new_catalog)
    emit(DiffResult(changes, old, new_name, new_catalog, old_catalog), fmt, settings.color)
    if exit_code and changes.changes:
        raise typer.Exit(ExitCode.CHANGED)
