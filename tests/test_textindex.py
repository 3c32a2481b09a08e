"""The search index: the same results as comparing every text, kept and trusted like the cache."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clusterctl import query
from clusterctl.catalog import cache, textindex
from clusterctl.catalog.index import Catalog
from clusterctl.catalog.loader import CatalogSelection, load
from tests.conftest import MINI, ROOT, invoke

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # benchmarks/ is not a package: the generator the benchmarks use

# These tests look into the parse cache, or plant things in it: each gets one of its own.
pytestmark = pytest.mark.private_cache

# Needles of every kind: common words (thousands of hits at 100x), Hangul, a McCune-Reischauer
# spelling found by its skeleton only, an exact id, a generated id, two letters, punctuation,
# a quote (which the index leaves to the plain comparison) and one that matches nothing.
NEEDLES = (
    "bio cluster",
    "대덕",
    "Taejon",
    "daedeok-innopolis",
    "x57",
    "ai",
    "U.S.",
    "'s",
    'the "',
    "Chungcheong",
    "zzzz-nothing",
)


def cache_dir() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "clusterctl"


def hits(catalog: Catalog, text: str, types: tuple[str, ...] = ()) -> list[tuple[object, ...]]:
    return [
        (h.entity.type, h.entity.id, h.score, h.field, h.text, h.start, h.end)
        for h in query.search(catalog, text, types)
    ]


def without_index(catalog: Catalog, text: str, types: tuple[str, ...] = ()) -> list[object]:
    saved = catalog._text_index
    catalog._text_index = None
    try:
        return list(hits(catalog, text, types))
    finally:
        catalog._text_index = saved


@pytest.fixture(scope="module")
def hundredfold(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped catalog with its milestones repeated 100 times (benchmarks/synth.py)."""
    path = tmp_path_factory.mktemp("x100") / "catalog-x100.yaml"
    synth.ensure(100, path)
    yield path


@pytest.mark.slow
def test_search_at_a_hundred_times_the_milestones_is_the_same_with_and_without_the_index(
    hundredfold: Path,
) -> None:
    selection = CatalogSelection(builtin=False, overlays=(str(hundredfold),))
    load(selection)  # parses and fills the cache
    catalog = load(selection)  # from the cache: searched through its index
    assert catalog.text_index() is not None
    assert len(catalog.of_type("milestone")) >= 100 * 100
    # Each comparison folds every text of 27,000 records (about a second): a needle of each
    # kind the index answers (words, Hangul, a generated id); the shipped catalog's test
    # below compares every kind, the skeleton spellings and quotes included.
    for text in ("bio cluster", "대덕", "x57"):
        assert hits(catalog, text) == without_index(catalog, text), text
    assert len(hits(catalog, "bio cluster")) > 1000  # the index is not a sample
    types = ("milestone", "source")
    assert hits(catalog, "ai", types) == without_index(catalog, "ai", types)
    # Bounded: not more than twice its cache entry and a mebibyte.
    (index_file,) = cache_dir().glob("search-*.json")
    (entry,) = cache_dir().glob(f"catalog-{index_file.name[len('search-') :]}")
    assert index_file.stat().st_size <= 2 * entry.stat().st_size + 1024 * 1024


def test_every_word_of_the_shipped_catalog_finds_the_same_with_and_without_the_index() -> None:
    load(CatalogSelection())
    catalog = load(CatalogSelection())
    words = sorted(
        {w for e in catalog.entities for _, t in textindex.search_texts(e) for w in t.split()}
    )
    for text in [*NEEDLES, *words[:: max(1, len(words) // 60)]]:
        if query.fold(text):
            assert hits(catalog, text) == without_index(catalog, text), text


def test_the_cli_searches_the_same_with_and_without_the_cache() -> None:
    fresh = invoke("--no-cache", "search", "bio cluster", "-o", "json").stdout
    assert invoke("search", "bio cluster", "-o", "json").stdout == fresh  # makes the index
    assert list(cache_dir().glob("search-*.json"))
    assert invoke("search", "bio cluster", "-o", "json").stdout == fresh  # reads it


def test_the_index_is_made_once_then_read(monkeypatch: pytest.MonkeyPatch) -> None:
    selection = CatalogSelection(builtin=False, overlays=(str(MINI),))
    load(selection)
    first = load(selection)
    expected = hits(first, "daedeok")
    assert len(list(cache_dir().glob("search-*.json"))) == 1

    def never(*_: object) -> object:
        raise AssertionError("the index was made again")

    monkeypatch.setattr(textindex, "build", never)
    assert hits(load(selection), "daedeok") == expected


def test_only_a_cached_catalog_has_an_index() -> None:
    assert load(CatalogSelection(cache=False)).text_index() is None
    assert not cache_dir().exists() or not list(cache_dir().glob("search-*.json"))


def _index_file() -> Path:
    load(CatalogSelection())
    catalog = load(CatalogSelection())
    assert catalog.text_index() is not None
    (found,) = cache_dir().glob("search-*.json")
    return found


@pytest.mark.parametrize("damage", ["flip", "truncate", "header", "other-code"])
def test_a_damaged_or_foreign_index_is_made_again(damage: str) -> None:
    path = _index_file()
    expected = invoke("search", "Taejon", "-o", "json").stdout
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        del data[len(data) // 3 :]
    else:
        first = data.index(b"\n")
        header = json.loads(data[:first])
        header["code" if damage == "other-code" else "key"] = "0" * 64
        data[:first] = json.dumps(header).encode()
    path.write_bytes(bytes(data))
    assert invoke("search", "Taejon", "-o", "json").stdout == expected
    assert path.read_bytes() != bytes(data)  # replaced by a good one


def test_an_index_of_another_user_or_others_can_write_is_not_trusted() -> None:
    path = _index_file()
    path.chmod(0o666)
    catalog = load(CatalogSelection())
    assert cache.read_beside(catalog.cache_key or "", textindex.KIND, textindex._code())[0] == b""
    path.chmod(0o600)
    assert cache.read_beside(catalog.cache_key or "", textindex.KIND, textindex._code())[0]


def test_a_link_in_place_of_the_index_is_not_followed(tmp_path: Path) -> None:
    path = _index_file()
    target = tmp_path / "elsewhere.json"
    target.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(target)
    catalog = load(CatalogSelection())
    assert cache.read_beside(catalog.cache_key or "", textindex.KIND, textindex._code())[0] == b""


def test_an_index_larger_than_its_bound_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textindex, "_LIMIT", 1000)
    load(CatalogSelection())
    catalog = load(CatalogSelection())
    assert hits(catalog, "bio") == without_index(catalog, "bio")  # still used, in memory
    assert not list(cache_dir().glob("search-*.json"))
    assert not list(cache_dir().glob(".tmp-*"))


def test_an_index_goes_with_its_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_KEEP", 1)
    notes = tmp_path / "notes.yaml"
    for number in range(3):
        notes.write_text(MINI.read_text(encoding="utf-8") + f"# edit {number}\n", "utf-8")
        selection = CatalogSelection(builtin=False, overlays=(str(notes),))
        load(selection)
        assert load(selection).text_index() is not None
        entries = {p.name[len("catalog-") :] for p in cache_dir().glob("catalog-*.json")}
        indexes = {p.name[len("search-") :] for p in cache_dir().glob("search-*.json")}
        assert len(entries) == 1
        assert indexes <= entries  # the older entries' indexes were pruned with them
