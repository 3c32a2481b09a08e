"""Pure queries: filters with partial-date semantics, sorting and limits."""

from __future__ import annotations

import pytest

from clusterctl import query
from clusterctl.catalog.index import Catalog
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.dates import parse_partial
from clusterctl.errors import UsageError
from tests.conftest import MINI


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load(CatalogSelection(builtin=False, overlays=(str(MINI),)))


def ids(entities: list[object]) -> list[str]:
    return [e.id for e in entities]  # type: ignore[attr-defined]


def test_since_includes_a_month_that_overlaps(catalog: Catalog) -> None:
    found = query.select(catalog, "milestone", query.Filters(since=parse_partial("2005-07-15")))
    assert ids(found) == ["special-zone", "us-visit"]


def test_until_a_year_includes_the_whole_year(catalog: Catalog) -> None:
    found = query.select(catalog, "milestone", query.Filters(until=parse_partial("2005")))
    assert ids(found) == ["daedeok-founded", "special-zone"]


def test_a_range_matches_when_any_day_overlaps(catalog: Catalog) -> None:
    window = query.Filters(since=parse_partial("2023-07-09"), until=parse_partial("2023-07-09"))
    assert ids(query.select(catalog, "milestone", window)) == ["us-visit"]


def test_filters_through_clusters(catalog: Catalog) -> None:
    by_region = query.select(catalog, "milestone", query.Filters(regions=("KR-30",)))
    assert ids(by_region) == ["daedeok-founded", "special-zone"]
    by_industry = query.select(catalog, "milestone", query.Filters(industries=("biotech",)))
    assert ids(by_industry) == ["us-visit"]


def test_cluster_filters(catalog: Catalog) -> None:
    assert ids(query.select(catalog, "cluster", query.Filters(countries=("US",)))) == ["boston"]
    assert ids(query.select(catalog, "cluster", query.Filters(kinds=("special-rd-zone",)))) == [
        "daedeok"
    ]
    est = query.select(catalog, "cluster", query.Filters(since=parse_partial("1900")))
    assert ids(est) == ["daedeok"]  # boston has no established date, so it cannot match


def test_policy_actor_filter_uses_lead_actors(catalog: Catalog) -> None:
    found = query.select(catalog, "policy", query.Filters(actors=("ministry-of-science",)))
    assert ids(found) == ["special-zone-act"]


def test_sort_descending_and_missing_values_last(catalog: Catalog) -> None:
    clusters = catalog.of_type("cluster")
    assert ids(query.sort(clusters, "cluster", "-established")) == ["daedeok", "boston"]
    assert ids(query.sort(clusters, "cluster", "established")) == ["daedeok", "boston"]
    assert ids(query.sort(clusters, "cluster", "-name")) == ["daedeok", "boston"]


def test_default_sort_is_chronological_for_milestones(catalog: Catalog) -> None:
    ordered = query.sort(catalog.of_type("milestone"), "milestone", None)
    assert ids(ordered) == ["daedeok-founded", "special-zone", "us-visit"]
    assert ids(query.limit(ordered, 1)) == ["daedeok-founded"]


def test_sorting_by_an_unknown_field_says_what_exists(catalog: Catalog) -> None:
    with pytest.raises(UsageError) as caught:
        query.sort(catalog.of_type("milestone"), "milestone", "-dat")
    assert "did you mean 'date'" in caught.value.hints[0]
