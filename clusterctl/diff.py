"""What changed between two catalogs: records added, removed and changed, field by field.

Pure: two loaded catalogs in, a ``CatalogDiff`` out. Records are matched by id (ids are unique
across a catalog); a record whose id now names a record of another type counts as removed and
added. A changed record lists each field whose value differs, in the type's field order, with
its old and new values as the model holds them (a list compares as a whole: reordering is a
change). Rendering is ``render/changes.py``'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clusterctl import model
from clusterctl.catalog.index import Catalog
from clusterctl.lazyclass import dataclass

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
CHANGE_KINDS = (ADDED, REMOVED, CHANGED)
# The order records are reported in within each kind of change: the types a briefing cares
# about first (as the commands list them), then by id.
TYPE_ORDER = ("cluster", "milestone", "policy", "actor", "source", "region", "industry")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a record, before and after (None where it was or is absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A record added, removed or changed; ``entity`` is the new record, or the old one when
    it was removed."""

    change: str
    entity: model.Entity
    fields: tuple[FieldChange, ...] = ()

    @property
    def type(self) -> str:
        return self.entity.type

    @property
    def id(self) -> str:
        return self.entity.id


@dataclass(frozen=True, slots=True)
class CatalogDiff:
    """Every change from ``old`` to ``new``, added first, then removed, then changed."""

    old_paths: tuple[str, ...]
    new_paths: tuple[str, ...]
    old_version: str | None
    new_version: str | None
    changes: tuple[RecordChange, ...]

    def count(self, change: str) -> int:
        return sum(1 for c in self.changes if c.change == change)


def _order(entity: model.Entity) -> tuple[int, str, str]:
    rank = TYPE_ORDER.index(entity.type) if entity.type in TYPE_ORDER else len(TYPE_ORDER)
    return rank, entity.type, entity.id


def field_changes(old: model.Entity, new: model.Entity) -> tuple[FieldChange, ...]:
    """The fields of two records of one type whose values differ, in field order."""
    changes = []
    for name in model.field_names(type(new)):
        if name in ("id", "mark"):
            continue
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before != after:
            changes.append(FieldChange(name, before, after))
    return tuple(changes)


def compare_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """What changed from ``old`` to ``new`` (see the module's docstring)."""
    added: list[RecordChange] = []
    removed: list[RecordChange] = []
    changed: list[RecordChange] = []
    for entity in new.entities:
        before = old.by_id.get(entity.id)
        if before is None or before.type != entity.type:
            added.append(RecordChange(ADDED, entity))
            continue
        fields = field_changes(before, entity)
        if fields:
            changed.append(RecordChange(CHANGED, entity, fields))
    for entity in old.entities:
        after = new.by_id.get(entity.id)
        if after is None or after.type != entity.type:
            removed.append(RecordChange(REMOVED, entity))
    changes: Sequence[RecordChange] = [
        *sorted(added, key=lambda c: _order(c.entity)),
        *sorted(removed, key=lambda c: _order(c.entity)),
        *sorted(changed, key=lambda c: _order(c.entity)),
    ]
    return CatalogDiff(
        tuple(old.paths),
        tuple(new.paths),
        old.catalog_version,
        new.catalog_version,
        tuple(changes),
    )
