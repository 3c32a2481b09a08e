"""``dataclass`` with the standard library's options and classes, minus its cost at import.

``dataclasses.dataclass`` writes and compiles Python source for ``__init__``, ``__repr__``,
``__eq__``, ``__hash__`` and, when frozen, ``__setattr__`` and ``__delattr__`` of every class
as the class is created: about half a millisecond a class, which over the records a command
imports was a fifth of a lookup's start-up. This decorator takes the same options and makes
classes that behave the same, but compiles nothing at import:

- ``__init__`` is compiled the first time the class is instantiated (the same code the
  standard library writes, so building 100,000 records is no slower); a command makes only a
  few kinds of record;
- ``__eq__``, ``__hash__``, ``__repr__`` and the frozen ``__setattr__`` and ``__delattr__``
  are shared functions over the field names;
- ``__dataclass_fields__`` (what ``dataclasses.fields``, ``replace`` and ``asdict`` read) is
  made by the standard decorator, on a stand-in class, the first time it is asked for.

Only what clusterctl uses is made lazily: ``order``, ``unsafe_hash``, ``weakref_slot``,
``InitVar`` and ``KW_ONLY`` hand the class to the standard decorator at once. Type checkers
see ``dataclasses.dataclass`` itself. ``tests/test_lazyclass.py`` compares the two.
"""

from __future__ import annotations

import builtins
import dataclasses
import inspect
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

T = TypeVar("T")

_MISSING: Any = dataclasses.MISSING
_FIELDS = "__dataclass_fields__"
_PARAMS = "__dataclass_params__"
_SPECS = "__lazyclass_specs__"  # the fields of a class made here, inherited ones first
_OPTIONS = "__lazyclass_options__"
_STAND_IN = "__lazyclass_stand_in__"


class _Spec:
    """One field, as the standard library's ``Field`` says it (without its type)."""

    __slots__ = ("compare", "default", "factory", "hash", "init", "kw_only", "name", "repr")

    def __init__(self, name: str, value: Any, kw_only: bool) -> None:
        self.name = name
        self.default = value
        self.factory: Any = _MISSING
        self.init = self.repr = self.compare = True
        self.hash: bool | None = None
        self.kw_only = kw_only
        if isinstance(value, dataclasses.Field):
            self.default, self.factory = value.default, value.default_factory
            self.init, self.repr, self.compare = value.init, value.repr, value.compare
            self.hash = value.hash
            if isinstance(value.kw_only, bool):  # else MISSING: the class's own setting
                self.kw_only = value.kw_only
        if self.default is not _MISSING and type(self.default).__hash__ is None:
            # The standard library's rule, for the same reason: one list shared by every record.
            raise ValueError(
                f"mutable default {type(self.default)} for field {name} is not allowed: "
                "use default_factory"
            )

    @property
    def hashed(self) -> bool:
        return self.compare if self.hash is None else self.hash


def _is_class_var(annotation: object) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or getattr(annotation, "__origin__", None) is ClassVar


def _lazy_dataclass(
    cls: type[T] | None = None,
    /,
    *,
    init: bool = True,
    repr: bool = True,
    eq: bool = True,
    order: bool = False,
    unsafe_hash: bool = False,
    frozen: bool = False,
    match_args: bool = True,
    kw_only: bool = False,
    slots: bool = False,
    weakref_slot: bool = False,
) -> Any:
    options = {
        "init": init,
        "repr": repr,
        "eq": eq,
        "order": order,
        "unsafe_hash": unsafe_hash,
        "frozen": frozen,
        "match_args": match_args,
        "kw_only": kw_only,
        "slots": slots,
    }
    if weakref_slot:
        options["weakref_slot"] = True

    def wrap(cls: type[T]) -> type[T]:
        return _make(cls, options)

    return wrap if cls is None else wrap(cls)


def _make(cls: type[T], options: dict[str, Any]) -> type[T]:
    own = inspect.get_annotations(cls)
    if (
        options["order"]
        or options["unsafe_hash"]
        or options.get("weakref_slot")
        or any("InitVar" in str(a) or "KW_ONLY" in str(a) for a in own.values())
        or any(_FIELDS in vars(base) and _SPECS not in vars(base) for base in cls.__mro__[1:])
    ):
        return dataclasses.dataclass(cls, **options)
    frozen = options["frozen"]
    specs: dict[str, _Spec] = {}
    for base in reversed(cls.__mro__[1:]):
        inherited: tuple[_Spec, ...] | None = vars(base).get(_SPECS)
        if inherited is None:
            continue
        if vars(base)[_OPTIONS]["frozen"] != frozen:
            which = "non-frozen" if frozen else "frozen"
            raise TypeError(f"cannot inherit {'frozen' if frozen else 'non-frozen'} dataclass "
                            f"from a {which} one")  # fmt: skip
        specs.update((spec.name, spec) for spec in inherited)
    for name, annotation in own.items():
        if not _is_class_var(annotation):
            specs[name] = _Spec(name, cls.__dict__.get(name, _MISSING), options["kw_only"])
    fields = tuple(specs.values())
    _check_order(fields)

    namespace = dict(cls.__dict__)
    for name in own:
        if name in specs:
            namespace.pop(name, None)
    if options["slots"]:
        if "__slots__" in namespace:
            raise TypeError(f"{cls.__name__} already specifies __slots__")
        inherited_slots = {
            slot for base in cls.__mro__[1:-1] for slot in _slots_of(base)
        }  # fmt: skip
        namespace["__slots__"] = tuple(s.name for s in fields if s.name not in inherited_slots)
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
    else:
        for spec in fields:
            if spec.name in own and spec.factory is _MISSING and spec.default is not _MISSING:
                namespace[spec.name] = spec.default  # a plain class keeps its defaults
    namespace[_SPECS] = fields
    namespace[_OPTIONS] = options
    metaclass: type = type(cls)
    made: type[T] = metaclass(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__

    def put(name: str, value: object) -> None:
        if name not in namespace:
            setattr(made, name, value)

    if options["init"]:
        put("__init__", _Pending(made, "__init__"))
    if options["repr"]:
        put("__repr__", _repr_of(fields))
    if options["eq"]:
        put("__eq__", _eq_of(fields))
        explicit = "__hash__" in namespace and not (
            namespace["__hash__"] is None and "__eq__" in namespace
        )
        if not explicit:
            made.__hash__ = _hash_of(fields) if frozen else None  # type: ignore[assignment]
    if frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in namespace:
                raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
        made.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
        made.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
        if options["slots"]:
            put("__getstate__", _getstate)
            put("__setstate__", _setstate)
    if options["match_args"]:
        put("__match_args__", tuple(s.name for s in fields if s.init and not s.kw_only))
    setattr(made, _FIELDS, _Pending(made, _FIELDS))
    setattr(made, _PARAMS, _Pending(made, _PARAMS))
    return made


def _slots_of(cls: type) -> tuple[str, ...]:
    slots = cls.__dict__.get("__slots__", ())
    return (slots,) if isinstance(slots, str) else tuple(slots)


def _check_order(fields: tuple[_Spec, ...]) -> None:
    seen_default = False
    for spec in fields:
        if not spec.init or spec.kw_only:
            continue
        has_default = spec.default is not _MISSING or spec.factory is not _MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {spec.name!r} follows default argument")
        seen_default = seen_default or has_default


class _Pending:
    """A method or attribute of ``owner`` made when first looked up, then put in its place."""

    __slots__ = ("name", "owner")

    def __init__(self, owner: type, name: str) -> None:
        self.owner = owner
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        value = _realise(self.owner, self.name)
        setattr(self.owner, self.name, value)
        if instance is not None and hasattr(value, "__get__"):
            return value.__get__(instance, owner)
        return value


def _realise(cls: type, name: str) -> object:
    if name == "__init__":
        return _init_of(cls)
    stand_in = _stand_in(cls)
    return vars(stand_in)[name]


def _stand_in(cls: type) -> type:
    """The class the standard decorator makes from ``cls``'s declaration: its
    ``__dataclass_fields__`` and ``__dataclass_params__`` are ``cls``'s own."""
    found = vars(cls).get(_STAND_IN)
    if found is not None:
        return found  # type: ignore[no-any-return]  # set below
    options = dict(vars(cls)[_OPTIONS])
    options.pop("slots")
    bases = tuple(_stand_in(b) if _SPECS in vars(b) else b for b in cls.__bases__)
    own = inspect.get_annotations(cls)
    specs = {spec.name: spec for spec in vars(cls)[_SPECS]}
    namespace: dict[str, Any] = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__annotations__": own,
    }
    for name in own:
        if name in specs:
            namespace[name] = _field_of(specs[name])
    stand_in: type = dataclasses.dataclass(type(cls.__name__, bases, namespace), **options)
    setattr(cls, _STAND_IN, stand_in)
    return stand_in


def _field_of(spec: _Spec) -> Any:
    return dataclasses.field(
        default=spec.default,
        default_factory=spec.factory,
        init=spec.init,
        repr=spec.repr,
        hash=spec.hash,
        compare=spec.compare,
        kw_only=spec.kw_only,
    )


def _init_of(cls: type) -> Callable[..., None]:
    """``__init__`` as the standard library writes it (frozen classes set fields through
    ``object.__setattr__``), compiled now."""
    fields: tuple[_Spec, ...] = vars(cls)[_SPECS]
    frozen = vars(cls)[_OPTIONS]["frozen"]
    scope: dict[str, Any] = {
        "__builtins__": builtins,
        "__lazyclass_set": object.__setattr__,
        "__lazyclass_missing": _MISSING,
    }
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for spec in fields:
        name = spec.name
        value = name
        default = ""
        if spec.factory is not _MISSING:
            scope[f"__lazyclass_factory_{name}"] = spec.factory
            if spec.init:
                default = "=__lazyclass_missing"
                value = f"__lazyclass_factory_{name}() if {name} is __lazyclass_missing else {name}"
            else:
                value = f"__lazyclass_factory_{name}()"
        elif spec.default is not _MISSING:
            scope[f"__lazyclass_default_{name}"] = spec.default
            default = f"=__lazyclass_default_{name}"
            if not spec.init:
                value = f"__lazyclass_default_{name}"
        elif not spec.init:
            continue
        if spec.init:
            (keyword if spec.kw_only else positional).append(name + default)
        body.append(
            f"__lazyclass_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}"
        )
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    params = ["self", *positional, *(["*", *keyword] if keyword else [])]
    source = f"def __init__({', '.join(params)}):\n" + "".join(
        f"    {line}\n" for line in body or ["pass"]
    )
    exec(source, scope)  # made above from field names only, as the standard library does
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _key_of(
    fields: tuple[_Spec, ...], wanted: Callable[[_Spec], bool]
) -> Callable[[Any], tuple[Any, ...]]:
    names = [spec.name for spec in fields if wanted(spec)]
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda self: ()


def _eq_of(fields: tuple[_Spec, ...]) -> Callable[[Any, Any], Any]:
    key = _key_of(fields, lambda spec: spec.compare)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash_of(fields: tuple[_Spec, ...]) -> Callable[[Any], int]:
    key = _key_of(fields, lambda spec: spec.hashed)

    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _repr_of(fields: tuple[_Spec, ...]) -> Callable[[Any], str]:
    names = tuple(spec.name for spec in fields if spec.repr)

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: object) -> list[object]:
    return [getattr(self, spec.name) for spec in vars(type(self))[_SPECS]]


def _setstate(self: object, state: list[object]) -> None:
    for spec, value in zip(getattr(type(self), _SPECS), state, strict=True):
        object.__setattr__(self, spec.name, value)


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass, in declaration order, without making its
    ``__dataclass_fields__`` (as ``dataclasses.fields`` would)."""
    specs: tuple[_Spec, ...] | None = vars(cls).get(_SPECS)
    if specs is None:
        return tuple(f.name for f in dataclasses.fields(cls))
    return tuple(spec.name for spec in specs)


if TYPE_CHECKING:
    from dataclasses import dataclass
else:
    dataclass = _lazy_dataclass

__all__ = ["dataclass", "field_names"]
