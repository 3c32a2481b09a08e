"""Shell completion: commands and enum values come from Typer; catalog ids and kinds from here."""

from __future__ import annotations

from collections.abc import Callable

import typer

from clusterctl.catalog import spec
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.cli.context import kind_choices
from clusterctl.render.safe import visible

Completer = Callable[[typer.Context, str], list[tuple[str, str]]]


def completer(*types: str) -> Completer:
    """A shell-completion callback offering catalog ids (and names) of the given types."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        root = ctx.find_root().params
        try:
            selection = CatalogSelection.from_options(
                root.get("catalog") or (), bool(root.get("no_builtin"))
            )
            cat = load(selection)
        except Exception:  # completion must never break the user's shell
            return []
        prefix = incomplete.casefold()
        found = []
        for entity_type in types:
            for entity in cat.of_type(entity_type):
                if entity.id.casefold().startswith(prefix):
                    found.append((entity.id, visible(entity.label)))  # shown by the shell
        return found[:200]

    return complete


_COMMAND_TYPES = {
    "clusters": "cluster",
    "milestones": "milestone",
    "timeline": "milestone",
    "policies": "policy",
    "actors": "actor",
    "sources": "source",
    "eras": "era",
}


def complete_kind(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete ``--kind`` with the kinds of the command's entity type."""
    choices = kind_choices(_COMMAND_TYPES.get(ctx.info_name or "", ""))
    return [c for c in choices if c.startswith(incomplete)]


def complete_status(ctx: typer.Context, incomplete: str) -> list[str]:
    return [c for c in spec.CLUSTER_STATUSES if c.startswith(incomplete)]
