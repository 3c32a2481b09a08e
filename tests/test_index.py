"""Lookup by id, name, alias and Hangul; ambiguity and "did you mean"."""

from __future__ import annotations

import pytest

from clusterctl.catalog.index import Catalog, fold
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.errors import NotFoundError, UsageError
from tests.conftest import MINI


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load(CatalogSelection(builtin=False, overlays=(str(MINI),)))


@pytest.mark.parametrize(
    "text",
    [
        "daedeok",
        "Daedeok Innopolis",
        "daedeok innopolis",
        "  DAEDEOK   INNOPOLIS ",
        "Daedeok-Innopolis",
        "대덕연구개발특구",
        "Daedeok Valley",
        "daedeok research complex",
    ],
)
def test_resolve_by_id_name_alias_or_hangul(catalog: Catalog, text: str) -> None:
    assert catalog.resolve(text).id == "daedeok"


def test_resolve_is_accent_insensitive() -> None:
    assert fold("Dǽdeok") != fold("daedeok")  # ligatures are not letters to drop
    assert fold("Daédeok") == fold("daedeok")


def test_resolve_narrows_by_type(catalog: Catalog) -> None:
    assert catalog.resolve("KAIST", ("actor",)).id == "kaist"
    with pytest.raises(NotFoundError):
        catalog.resolve("KAIST", ("cluster",))


def test_not_found_suggests_close_names(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError) as caught:
        catalog.resolve("daedok")
    assert caught.value.exit_code == 4
    assert caught.value.hints[0].startswith("did you mean daedeok (Daedeok Innopolis)")


def test_filter_values_that_match_nothing_are_usage_errors(catalog: Catalog) -> None:
    with pytest.raises(UsageError) as caught:
        catalog.resolve_filter("Daejon", "region", "--region")
    assert caught.value.exit_code == 2
    assert "--region" in caught.value.message
    assert "Daejeon" in caught.value.hints[0]


def test_reverse_links(catalog: Catalog) -> None:
    linked = {(link.source.id, link.field) for link in catalog.linked_from("src-ministry")}
    assert ("boston", "sources") in linked
    assert ("boston", "rankings") in linked
    assert ("us-visit", "sources") in linked
