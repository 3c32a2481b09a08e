"""The loaded catalog: records by type, lookup by id, name, alias or Hangul, and reverse links."""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Protocol, TypeVar, overload

from clusterctl import model
from clusterctl.catalog import spec
from clusterctl.errors import NotFoundError, UsageError, did_you_mean
from clusterctl.lazyclass import dataclass

if TYPE_CHECKING:
    from clusterctl.catalog.textindex import TextIndex

E = TypeVar("E", bound=model.Entity)

LIST_HINT = "list ids with: clusterctl clusters (or milestones, policies, ...)"
AMBIGUOUS_SHOWN = 8
# Types looked up by title rather than by name: after every named type (see ``candidates``).
_TITLED = frozenset({"milestone", "source"})
_TYPE_ORDER = {
    t: i
    for i, t in enumerate(
        ("cluster", "policy", "actor", "region", "industry", "milestone", "source")
    )
}


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


class RecordStore(Protocol):
    """Records kept elsewhere (the parse cache) and decoded on demand, with their indexes."""

    ids: list[str]
    types: list[str]

    def __len__(self) -> int: ...
    def record(self, index: int) -> model.Entity: ...
    def links(self) -> Mapping[str, Sequence[tuple[int, str]]]: ...
    def names(self) -> dict[str, list[int]]: ...


def _positions_of(types: list[str], wanted: str) -> Sequence[int]:
    """Where ``types`` holds ``wanted``: a range when they come together, as the parse cache
    stores them (found by list methods, not a loop over 100,000 records in Python)."""
    count = types.count(wanted)
    if not count:
        return range(0)
    first = types.index(wanted)
    if types[first : first + count].count(wanted) == count:
        return range(first, first + count)
    return [index for index, found in enumerate(types) if found == wanted]


class _Records(Sequence[model.Entity]):
    """Some of a store's records, in catalog order, each decoded when first touched."""

    __slots__ = ("_indices", "_store")

    def __init__(self, store: RecordStore, indices: Sequence[int]) -> None:
        self._store = store
        self._indices = indices

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, index: int) -> model.Entity: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[model.Entity]: ...
    def __getitem__(self, index: int | slice) -> model.Entity | Sequence[model.Entity]:
        if isinstance(index, slice):
            return _Records(self._store, self._indices[index])
        return self._store.record(self._indices[index])

    def __iter__(self) -> Iterator[model.Entity]:
        record = self._store.record
        return (record(i) for i in self._indices)


class _ById(Mapping[str, model.Entity]):
    __slots__ = ("_positions", "_store")

    def __init__(self, store: RecordStore, positions: dict[str, int]) -> None:
        self._store = store
        self._positions = positions

    def __getitem__(self, entity_id: str) -> model.Entity:
        return self._store.record(self._positions[entity_id])

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._positions

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


@dataclass(slots=True)
class Catalog:
    """Every record of the catalogs in effect, with indexes.

    Build it with ``Catalog.of`` from records, or ``Catalog.lazy`` over a store whose records
    are decoded only when touched. The name and reverse-link indexes are built (or read) on
    first use: a lookup by id or a plain listing never pays for them.
    """

    entities: Sequence[model.Entity] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    by_id: Mapping[str, model.Entity] = field(default_factory=dict)
    by_type: dict[str, Sequence[model.Entity]] = field(default_factory=dict)
    catalog_version: str | None = None
    cache_key: str | None = None  # the parse cache entry it is stored in, if any
    cache_size: int = 0  # and that entry's size
    _names: Mapping[str, list[model.Entity]] | None = None
    _links: Mapping[str, list[Link]] | None = None
    _name_index: dict[str, list[int]] | None = None
    _link_index: Mapping[str, Sequence[tuple[int, str]]] | None = None
    _positions: dict[str, int] | None = None
    _store: RecordStore | None = None
    _text_index: TextIndex | bool | None = False  # False: not looked for yet

    @classmethod
    def of(cls, entities: Iterable[model.Entity], paths: Sequence[str] = ()) -> Catalog:
        catalog = cls(list(entities), list(paths))
        by_id: dict[str, model.Entity] = {}
        by_type: dict[str, list[model.Entity]] = {t: [] for t in model.ENTITY_TYPES}
        for entity in catalog.entities:
            by_id[entity.id] = entity
            by_type[entity.type].append(entity)
        catalog.by_id = by_id
        catalog.by_type = dict(by_type)
        return catalog

    @classmethod
    def lazy(cls, store: RecordStore, paths: Sequence[str] = ()) -> Catalog:
        positions = dict(zip(store.ids, range(len(store)), strict=True))
        by_type = {t: _positions_of(store.types, t) for t in model.ENTITY_TYPES}
        catalog = cls(_Records(store, range(len(store))), list(paths), _ById(store, positions))
        catalog.by_type = {t: _Records(store, indices) for t, indices in by_type.items()}
        catalog._positions = positions
        catalog._store = store
        return catalog

    def name_index(self) -> dict[str, list[int]]:
        """Folded id, name, title, Korean name and alias → positions of the entities bearing it.

        Built once per catalog (or read from the parse cache, which stores this very index).
        """
        if self._name_index is None:
            if self._store is not None:
                self._name_index = self._store.names()
            else:
                index: defaultdict[str, list[int]] = defaultdict(list)
                for position, entity in enumerate(self.entities):
                    for name in _names(entity):
                        bucket = index[fold(name)]
                        if not bucket or bucket[-1] != position:  # its own names come together
                            bucket.append(position)
                self._name_index = dict(index)
        return self._name_index

    def link_index(self) -> Mapping[str, Sequence[tuple[int, str]]]:
        """Entity id → (position, field) of every entity that refers to it, in catalog order."""
        if self._link_index is None:
            if self._store is not None:
                self._link_index = self._store.links()
            else:
                index: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
                for position, entity in enumerate(self.entities):
                    for name, target in _references(entity):
                        index[target].append((position, name))
                self._link_index = dict(index)
        return self._link_index

    def text_index(self) -> TextIndex | None:
        """The search index (see ``catalog/textindex.py``): read from beside the parse cache
        entry, or made on first use and kept there; None for a catalog not in the cache."""
        found = self._text_index
        if found is False:
            from clusterctl.catalog import textindex

            found = self._text_index = textindex.for_catalog(self)
        return None if isinstance(found, bool) else found

    @property
    def names(self) -> Mapping[str, list[model.Entity]]:
        """Folded name → the entities that bear it (see ``name_index``)."""
        if self._names is None:
            self._names = _Buckets(self._record, self.name_index())
        return self._names

    @property
    def links(self) -> Mapping[str, list[Link]]:
        """Entity id → every (entity, field) that refers to it, in catalog order."""
        if self._links is None:
            self._links = _Referrers(self._record, self.link_index())
        return self._links

    def _record(self, position: int) -> model.Entity:
        return self.entities[position]

    def position(self, entity_id: str) -> int:
        """Where the entity stands in catalog order (for merging lists back into it)."""
        if self._positions is None:
            self._positions = {entity.id: index for index, entity in enumerate(self.entities)}
        return self._positions[entity_id]

    def of_type(self, entity_type: str) -> Sequence[model.Entity]:
        return self.by_type.get(entity_type, ())

    def clusters(self) -> list[model.Cluster]:
        return [e for e in self.of_type("cluster") if isinstance(e, model.Cluster)]

    def milestones(self) -> list[model.Milestone]:
        return [e for e in self.of_type("milestone") if isinstance(e, model.Milestone)]

    def get(self, entity_id: str, cls: type[E]) -> E | None:
        entity = self.by_id.get(entity_id)
        return entity if isinstance(entity, cls) else None

    def linked_from(self, entity_id: str) -> Sequence[Link]:
        """Every (entity, field) that refers to ``entity_id``, in catalog order."""
        return self.links.get(entity_id, ())

    def resolve(self, text: str, types: Sequence[str] = ()) -> model.Entity:
        """Find one entity by id, name, alias or Korean name, or by a unique part of one.

        Tried in order, the first that finds anything decides (see ``candidates``); several
        entities found at once are ambiguous, one that finds nothing at all is not found.
        Both raise NotFoundError (exit 4) naming ids to try; an empty ``text`` is a usage
        error.
        """
        if not fold(text):
            of = f" of {_a(' or '.join(types))}" if types else ""
            got = "an empty value" if not text else f"only {text!r}"
            raise UsageError(f"expected an id or a name{of}, got {got}", [LIST_HINT])
        found = self.candidates(text, types)
        if len(found) == 1:
            return found[0]
        what = "/".join(types) if types else "entity"
        if not found:
            hints = self._suggestions(text, types)
            hints.append(LIST_HINT)
            raise NotFoundError(f"no {what} matches {text!r}", hints)
        shown = ", ".join(_described(e, types) for e in found[:AMBIGUOUS_SHOWN])
        more = f" and {len(found) - AMBIGUOUS_SHOWN} more" if len(found) > AMBIGUOUS_SHOWN else ""
        ids = ", ".join(e.id for e in found[:AMBIGUOUS_SHOWN])
        matches = f"{len(found)} {_plural(found)}"
        raise NotFoundError(
            f"{text!r} is ambiguous: it matches {matches}: {shown}{more}",
            [f"did you mean {ids}? name one by its id"],
        )

    def candidates(self, text: str, types: Sequence[str] = ()) -> list[model.Entity]:
        """What ``text`` may stand for, best tier first; one entity means a match.

        The tiers, the first that finds anything decides:

        1. an id, exactly;
        2. a name, Korean name or alias of a cluster, policy, actor, region or industry,
           exactly (ignoring case, accents, spacing and hyphens);
        3. the start of one, or whole words in one (``Songdo``, ``보스턴``,
           ``Daegu-Gyeongbuk``);
        4. a milestone or source title (or id), exactly; 5. its start or whole words.

        Names come before titles: ``Songdo`` is the cluster, not a source titled "Songdo".
        Within a tier, when the matches are of several types and exactly one is a cluster,
        the cluster is the match: clusters are what clusterctl is about.
        """
        wanted = set(types)
        exact = self.by_id.get(text.strip())
        if exact is not None and (not wanted or exact.type in wanted):
            return [exact]
        needle = fold(text)
        if not needle:
            return []
        index = self.name_index()
        whole = set(index.get(needle, ()))
        partial: set[int] = set()
        for name, bearers in index.items():
            if needle in name and (name.startswith(needle) or f" {needle} " in f" {name} "):
                partial.update(bearers)
        tiers: list[set[int]] = [set(), set(), set(), set()]
        for found_at, offset in ((whole, 0), (partial - whole, 1)):
            for position in found_at:
                entity_type = self._type_at(position)
                if wanted and entity_type not in wanted:
                    continue
                titled = 2 if entity_type in _TITLED else 0
                tiers[titled + offset].add(position)
        for tier in tiers:
            if tier:
                found = [self._record(p) for p in sorted(tier, key=self._rank)]
                clusters = [e for e in found if e.type == "cluster"]
                return clusters if len(clusters) == 1 else found
        return []

    def find(self, text: str, types: Sequence[str] = ()) -> list[model.Entity]:
        """Entities whose id, name, alias or Korean name equals ``text`` (normalised)."""
        wanted = set(types)
        exact = self.by_id.get(text.strip())
        if exact is not None and (not wanted or exact.type in wanted):
            return [exact]
        found = self.names.get(fold(text), ())
        return [e for e in found if not wanted or e.type in wanted]

    def _type_at(self, position: int) -> str:
        """The type of the entity at ``position``, without decoding it from the cache."""
        if self._store is not None:
            return self._store.types[position]
        return self.entities[position].type

    def _rank(self, position: int) -> tuple[int, int]:
        """Order of candidates in a message: clusters first, then by type, then catalog order."""
        return (_TYPE_ORDER.get(self._type_at(position), len(_TYPE_ORDER)), position)

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


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _described(entity: model.Entity, types: Sequence[str]) -> str:
    """``id (label)``, with the type when several types were searched."""
    parts = [entity.type] if len(types) != 1 else []
    if entity.label != entity.id:
        parts.append(entity.label)
    return f"{entity.id} ({': '.join(parts)})" if parts else entity.id


def _plural(found: Sequence[model.Entity]) -> str:
    kinds = {e.type for e in found}
    if len(kinds) == 1:
        (only,) = kinds
        return {"policy": "policies", "industry": "industries"}.get(only, f"{only}s")
    return "entries"


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


def references(entity: model.Entity) -> list[tuple[str, str]]:
    """Every (field, id) ``entity`` refers to, in its record's field order (a ranking's
    sources under ``rankings``, where ``linked_from`` lists them too)."""
    order = {name: index for index, name in enumerate(model.field_names(type(entity)))}
    return sorted(_references(entity), key=lambda pair: order.get(pair[0], len(order)))


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


class _Buckets(Mapping[str, list[model.Entity]]):
    """A name index of positions, its entities looked up (decoded) bucket by bucket."""

    __slots__ = ("_index", "_record")

    def __init__(self, record: Callable[[int], model.Entity], index: dict[str, list[int]]) -> None:
        self._record = record
        self._index = index

    def __getitem__(self, name: str) -> list[model.Entity]:
        return [self._record(i) for i in self._index[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class _Referrers(Mapping[str, list[Link]]):
    """A link index of positions, its sources looked up (decoded) target by target."""

    __slots__ = ("_index", "_record")

    def __init__(
        self,
        record: Callable[[int], model.Entity],
        index: Mapping[str, Sequence[tuple[int, str]]],
    ) -> None:
        self._record = record
        self._index = index

    def __getitem__(self, target: str) -> list[Link]:
        return [Link(self._record(i), name) for i, name in self._index[target]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
