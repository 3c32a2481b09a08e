"""clusterctl: explore a sourced catalog of Korean innovation clusters.

The library, for notebooks and scripts (see ``clusterctl.api``)::

    import clusterctl

    catalog = clusterctl.load()  # the shipped catalog; load(["notes.yaml"]) adds an overlay
    catalog.milestones(since="2020", cluster="daedeok-innopolis")  # what -o json prints

Importing this package loads nothing else: ``load`` and ``Catalog`` are fetched from
``clusterctl.api`` when first used, so ``clusterctl --version`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from clusterctl.api import Catalog, load
    from clusterctl.errors import ClusterctlError
    from clusterctl.render.tabular import split_list

_LAZY = {
    "Catalog": "clusterctl.api",
    "load": "clusterctl.api",
    "ClusterctlError": "clusterctl.errors",
    "split_list": "clusterctl.render.tabular",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'clusterctl' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = ["Catalog", "ClusterctlError", "__version__", "load", "split_list"]
