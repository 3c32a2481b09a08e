"""The loaded catalog: records by type, lookup by id, name, alias or Hangul, and reverse links."""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from clusterctl import model
from clusterctl.catalog import spec
from clusterctl.errors import NotFoundError, UsageError, did_you_mean

E = TypeVar("E", bound=model.Entity)


def fold(text: str) -> str:
    """Normalise a name for matching: NFKC, case-folded, accents dropped, spacing collapsed."""
    if text.isascii():  # nothing to decompose: the common case, kept fast for start-up
        return " ".join(text.casefold().replace("-", " ").split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Drop combining marks but keep Hangul, which NFKD splits into jamo; recompose after.
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKC", stripped).replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class Link:
    """Entity ``source`` refers to ``target`` through ``field``."""

    source: model.Entity
    field: str


@dataclass(slots=True)
class Catalog:
    """Every record of the catalogs in effect, with indexes. Build it with ``Catalog.of``.

    The name and reverse-link indexes are built on first use: a lookup by id or a plain
    listing never pays for them.
    """

    entities: list[model.Entity] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    by_id: dict[str, model.Entity] = field(default_factory=dict)
    by_type: dict[str, list[model.Entity]] = field(default_factory=dict)
    catalog_version: str | None = None
    _names: dict[str, list[model.Entity]] | None = None
    _links: dict[str, list[Link]] | None = None

    @classmethod
    def of(cls, entities: Iterable[model.Entity], paths: Sequence[str] = ()) -> Catalog:
        catalog = cls(list(entities), list(paths))
        by_type: dict[str, list[model.Entity]] = {t: [] for t in model.ENTITY_TYPES}
        for entity in catalog.entities:
            catalog.by_id[entity.id] = entity
            by_type[entity.type].append(entity)
        catalog.by_type = by_type
        return catalog

    @property
    def names(self) -> dict[str, list[model.Entity]]:
        """Folded id, name, title, Korean name and alias → the entities that bear it."""
        if self._names is None:
            names: defaultdict[str, list[model.Entity]] = defaultdict(list)
            for entity in self.entities:
                for name in _names(entity):
                    bucket = names[fold(name)]
                    if entity not in bucket:
                        bucket.append(entity)
            self._names = dict(names)
        return self._names

    @property
    def links(self) -> dict[str, list[Link]]:
        """Entity id → every (entity, field) that refers to it, in catalog order."""
        if self._links is None:
            links: defaultdict[str, list[Link]] = defaultdict(list)
            for entity in self.entities:
                for name, target in _references(entity):
                    links[target].append(Link(entity, name))
            self._links = dict(links)
        return self._links

    def of_type(self, entity_type: str) -> list[model.Entity]:
        return self.by_type.get(entity_type, [])

    def clusters(self) -> list[model.Cluster]:
        return [e for e in self.of_type("cluster") if isinstance(e, model.Cluster)]

    def milestones(self) -> list[model.Milestone]:
        return [e for e in self.of_type("milestone") if isinstance(e, model.Milestone)]

    def get(self, entity_id: str, cls: type[E]) -> E | None:
        entity = self.by_id.get(entity_id)
        return entity if isinstance(entity, cls) else None

    def linked_from(self, entity_id: str) -> list[Link]:
        """Every (entity, field) that refers to ``entity_id``, in catalog order."""
        return self.links.get(entity_id, [])

    def resolve(self, text: str, types: Sequence[str] = ()) -> model.Entity:
        """Find one entity by id, name, alias or Korean name; raise NotFoundError otherwise."""
        matches = self.find(text, types)
        if len(matches) == 1:
            return matches[0]
        what = "/".join(types) if types else "entity"
        if not matches:
            hints = self._suggestions(text, types)
            hints.append("list ids with: clusterctl clusters (or milestones, policies, ...)")
            raise NotFoundError(f"no {what} matches {text!r}", hints)
        listed = ", ".join(f"{m.id} ({m.type})" for m in matches[:8])
        raise NotFoundError(
            f"{text!r} matches {len(matches)} entries: {listed}", ["name one by its id"]
        )

    def find(self, text: str, types: Sequence[str] = ()) -> list[model.Entity]:
        """Entities whose id, name, alias or Korean name equals ``text`` (normalised)."""
        wanted = set(types)
        exact = self.by_id.get(text.strip())
        if exact is not None and (not wanted or exact.type in wanted):
            return [exact]
        found = self.names.get(fold(text), [])
        return [e for e in found if not wanted or e.type in wanted]

    def resolve_filter(self, text: str, entity_type: str, flag: str) -> model.Entity:
        """Resolve a filter value; an unknown one is a usage error (exit 2), not a lookup."""
        try:
            return self.resolve(text, (entity_type,))
        except NotFoundError as exc:
            raise UsageError(f"{flag}: {exc.message}", exc.hints) from None

    def _suggestions(self, text: str, types: Sequence[str]) -> list[str]:
        """Close matches by any name, one per entity, shown as ``id (name)``."""
        owners: dict[str, model.Entity] = {}
        for entity in self.entities:
            if not types or entity.type in types:
                for name in _names(entity):
                    owners.setdefault(name, entity)
        close = did_you_mean(text, list(owners), limit=6)
        entities = list(dict.fromkeys(owners[name] for name in close))[:3]
        if not entities:
            return []
        shown = [e.id if e.label == e.id else f"{e.id} ({e.label})" for e in entities]
        return ["did you mean " + ", ".join(shown) + "?"]


def _names(entity: model.Entity) -> list[str]:
    names = [entity.id]
    for attr in ("name", "title", "name_ko"):
        value = getattr(entity, attr, None)
        if isinstance(value, str):
            names.append(value)
    names.extend(getattr(entity, "aliases", ()))
    return names


@functools.cache
def _reference_fields(entity_type: str) -> tuple[str, ...]:
    """The fields of a type that hold ids of other entities."""
    specs = spec.FIELDS[entity_type]
    return tuple(name for name, f in specs.items() if f.kind in ("ref", "refs"))


def _references(entity: model.Entity) -> Iterable[tuple[str, str]]:
    for name in _reference_fields(entity.type):
        value = getattr(entity, name)
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, tuple):
            for item in value:
                yield name, item
    for ranking in getattr(entity, "rankings", ()):
        for source in ranking.sources:
            yield "rankings", source
