"""clusterctl's ``dataclass`` makes the standard library's classes, minus their cost at import."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

from clusterctl import lazyclass
from clusterctl.catalog.loader import CatalogSelection, load
from tests.conftest import ROOT, run_python

Decorator = Callable[..., Any]
BOTH = pytest.mark.parametrize(
    "dataclass", [lazyclass._lazy_dataclass, dataclasses.dataclass], ids=["lazy", "stdlib"]
)


def declare(dataclass: Decorator) -> dict[str, Any]:
    """The same declarations, made by ``dataclass``: every option clusterctl uses."""

    @dataclass(frozen=True, slots=True)
    class Point:
        x: int
        y: int = 0
        label: ClassVar[str] = "point"

    @dataclass(frozen=True, slots=True, kw_only=True)
    class Base:
        kind: ClassVar[str] = "base"
        id: str
        where: Point | None = dataclasses.field(default=None, compare=False, repr=False)

    @dataclass(frozen=True, slots=True, kw_only=True)
    class Child(Base):
        kind: ClassVar[str] = "child"
        name: str
        tags: tuple[str, ...] = ()

    @dataclass(slots=True)
    class Mutable:
        items: list[int] = dataclasses.field(default_factory=list)
        count: int = 3

    @dataclass(frozen=True)
    class Checked:
        value: int
        twice: int = 0

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    return {c.__name__: c for c in (Point, Base, Child, Mutable, Checked)}


@BOTH
def test_the_classes_behave_as_the_standard_library_s(dataclass: Decorator) -> None:
    made = declare(dataclass)
    point = made["Point"](1)
    child = made["Child"](id="a", name="A", where=point)
    same = made["Child"](id="a", name="A")
    assert repr(point) == "declare.<locals>.Point(x=1, y=0)"
    assert repr(child) == "declare.<locals>.Child(id='a', name='A', tags=())"
    assert child == same and hash(child) == hash(same)  # ``where`` is not compared
    assert child != made["Child"](id="b", name="A")
    assert point != (1, 0) and point.__eq__((1, 0)) is NotImplemented
    assert made["Child"].kind == child.kind == "child"
    assert made["Child"].__slots__ == ("name", "tags")
    assert made["Point"].__match_args__ == ("x", "y") and made["Child"].__match_args__ == ()
    assert not hasattr(point, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        point.x = 2  # type: ignore[misc]  # that is the point
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'x'"):
        del point.x  # type: ignore[misc]  # that is the point
    with pytest.raises(TypeError, match="keyword-only argument: 'id'"):
        made["Child"](name="A")
    with pytest.raises(TypeError):
        made["Point"](1, 2, 3)
    mutable = made["Mutable"]()
    mutable.items.append(1)
    mutable.count = 4
    assert made["Mutable"]().items == []
    assert repr(mutable) == "declare.<locals>.Mutable(items=[1], count=4)"
    assert made["Mutable"].__hash__ is None
    assert made["Checked"](1).twice == made["Checked"].twice == 0  # a plain class keeps it
    with pytest.raises(ValueError, match="negative"):
        made["Checked"](-1)
    assert [f.name for f in dataclasses.fields(made["Child"])] == ["id", "where", "name", "tags"]
    assert dataclasses.is_dataclass(child)
    assert dataclasses.replace(child, name="B") == made["Child"](id="a", name="B")
    assert dataclasses.asdict(made["Checked"](2)) == {"value": 2, "twice": 0}
    assert copy.copy(child) == child
    assert copy.deepcopy(point) == point  # through __getstate__ and __setstate__


@BOTH
def test_declarations_the_standard_library_refuses_are_refused(dataclass: Decorator) -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @dataclass
        class Order:
            a: int = 0
            b: int

    with pytest.raises(ValueError, match="mutable default"):

        @dataclass
        class Shared:
            items: list[int] = []  # noqa: RUF012  # the mistake under test

    @dataclass(frozen=True)
    class Frozen:
        a: int

    with pytest.raises(TypeError, match="cannot inherit non-frozen dataclass from a frozen one"):

        @dataclass
        class Thawed(Frozen):
            b: int


def test_every_record_of_the_catalog_survives_the_standard_library_s_tools() -> None:
    catalog = load(CatalogSelection(cache=False))
    for entity in catalog.entities:
        twin = dataclasses.replace(entity)
        assert twin == entity and hash(twin) == hash(entity) and repr(twin) == repr(entity)
        assert lazyclass.field_names(type(entity)) == tuple(
            f.name for f in dataclasses.fields(entity)
        )
        assert pickle.loads(pickle.dumps(entity)) == entity


def test_no_module_uses_the_standard_library_s_decorator() -> None:
    """Each would compile its methods at import: clusterctl.lazyclass makes them on first use."""
    eager = re.compile(r"^from dataclasses import .*\bdataclass\b|@dataclasses\.dataclass", re.M)
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "clusterctl").rglob("*.py"))
        if path.name != "lazyclass.py" and eager.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_importing_the_cli_compiles_no_record_method() -> None:
    """The records of model.py are made only when a command reads records."""
    code = (
        "import sys, clusterctl.cli.app\n"
        "made = [c.__qualname__ for m in list(sys.modules.values())\n"
        "        if m and m.__name__ in ('clusterctl.model', 'clusterctl.dates')\n"
        "        for c in vars(m).values()\n"
        "        if isinstance(c, type) and '__lazyclass_specs__' in vars(c)\n"
        "        and type(vars(c).get('__init__')).__name__ != '_Pending']\n"
        "print(len([1 for m in sys.modules if m.startswith('clusterctl')]), made)\n"
    )
    out = run_python(code).stdout.split(maxsplit=1)
    assert int(out[0]) > 10
    assert out[1].strip() == "[]"
