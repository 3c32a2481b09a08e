"""The shipped catalog: every fact of the five seed documents, findable as JSON, cited.

Each case names an entity, the field to look in, and what a reader of the seed would expect
to find there: dates at the precision the sources support, figures as numbers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.query import cited_sources
from tests.conftest import ROOT, SHARED_SEEDS, invoke

SEED_SOURCES = {
    "000_a084ee47c5093b7a": "herald-2023-06-01-industrial-clusters",
    "001_73ec7e58bfa243c6": "joongang-2023-06-01-global-biotech-cluster",
    "002_5f30a757768051cc": "mohw-2023-07-12-us-bio-clusters",
    "003_e79e0ec8b1bed379": "moef-2020-09-21-industrial-innovation-meeting",
    "004_f6c8610c004cc28b": "investkorea-national-innovation-cluster",
}


def show(entity_id: str) -> dict[str, Any]:
    result = invoke("show", entity_id, "-o", "json")
    assert result.exit_code == 0, result.stderr
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def figure(record: dict[str, Any], value: float, unit: str) -> dict[str, Any]:
    matches = [f for f in record["figures"] if f["value"] == value and f["unit"] == unit]
    assert matches, f"{record['id']} has no figure {value} {unit}: {record['figures']}"
    return matches[0]


def rank(record: dict[str, Any]) -> tuple[int, str, str]:
    [ranking] = record["rankings"]
    return ranking["rank"], ranking["publisher"], ranking["as_of"]


Check = Callable[[dict[str, Any]], object]

# (entity id, check, seed ids whose source it must cite)
FACTS: list[tuple[str, Check, tuple[str, ...]]] = [
    # 000 Korea Herald, 1 June 2023
    ("high-tech-global-cluster-plan", lambda r: r["announced"] == "2023-06-01", ("000", "002")),
    ("high-tech-global-cluster-plan", lambda r: figure(r, 50, "researchers per year"), ("000",)),
    ("high-tech-global-cluster-plan", lambda r: figure(r, 8, "local governments"), ("000",)),
    ("boston-cambridge-biotech", lambda r: figure(r, 1000, "companies")["note"], ("000",)),
    ("boston-cambridge-biotech", lambda r: {"mit", "harvard-university"} <= set(r["anchors"]), ()),
    ("2023-04-snuh-mit-agreement", lambda r: r["date"] == "2023-04", ("000",)),
    ("2023-06-01-global-cluster-strategy-meeting", lambda r: r["date"] == "2023-06-01", ("000",)),
    # 001 JoongAng Daily, 1 June 2023
    (
        "2023-06-01-global-cluster-strategy-meeting",
        lambda r: (
            "Seoul Startup Hub M+" in r["venue"] and "magok-industrial-complex" in r["clusters"]
        ),
        ("001",),
    ),
    ("2023-04-yoon-state-visit-us", lambda r: r["date"] == "2023-04", ("001",)),
    ("2023-04-yoon-harvard-address", lambda r: "first Korean president" in r["title"], ("001",)),
    ("2023-04-28-yoon-mit", lambda r: "mit" in r["actors"], ("001",)),
    (
        "hongneung-bio-medical-cluster",
        lambda r: r["name_ko"] == "홍릉 바이오의료 클러스터",
        ("001",),
    ),
    ("magok-industrial-complex", lambda r: r["region"] == "KR-11", ("001",)),
    ("massachusetts-general-hospital", lambda r: r["kind"] == "hospital", ()),
    # 002 MOHW, 12 July 2023
    (
        "2023-07-04-mohw-minister-us-west-coast",
        lambda r: r["date"] == "2023-07-04/2023-07-09",
        ("002",),
    ),
    ("boston-cambridge-biotech", lambda r: rank(r) == (1, "GEN", "2022"), ("002",)),
    ("san-francisco-bay-area-biotech", lambda r: rank(r) == (2, "GEN", "2022"), ("002",)),
    ("san-diego-biotech", lambda r: rank(r) == (5, "GEN", "2022"), ("002",)),
    ("los-angeles-biotech", lambda r: rank(r) == (6, "GEN", "2022"), ("002",)),
    ("bio-health-new-markets-strategy", lambda r: r["announced"] == "2023-02-28", ("002",)),
    ("2023-02-28-bio-health-strategy-meeting", lambda r: r["date"] == "2023-02-28", ("002",)),
    ("2023-04-28-korea-us-cluster-roundtable", lambda r: r["date"] == "2023-04-28", ("002",)),
    ("cho-kyoo-hong", lambda r: r["name_ko"] == "조규홍", ()),
    # 003 MOEF, 21 September 2020
    ("2020-09-21-industrial-innovation-meeting", lambda r: "hong-nam-ki" in r["actors"], ("003",)),
    ("green-bio-industry-plan", lambda r: figure(r, 5, "fields"), ("003",)),
    ("bio-workforce-plan", lambda r: figure(r, 2000, "workers per year"), ("003",)),
    ("korean-new-deal", lambda r: r["kind"] == "programme", ("003",)),
    # 004 Invest KOREA (National Innovation Cluster)
    ("daedeok-innopolis", lambda r: r["established"] == "1973", ("004",)),
    ("daedeok-innopolis", lambda r: figure(r, 164, "km"), ("004",)),
    ("daedeok-innopolis", lambda r: figure(r, 2, "times")["as_of"] == "2005/2011", ("004",)),
    ("daedeok-innopolis", lambda r: figure(r, 8, "times")["as_of"] == "2005/2011", ("004",)),
    ("daedeok-innopolis", lambda r: rank(r)[0] == 5, ("004",)),
    (
        "daedeok-innopolis",
        lambda r: {"kaist", "institute-for-basic-science"} <= set(r["anchors"]),
        (),
    ),
    ("1973-daedeok-research-complex", lambda r: r["date"] == "1973", ("004",)),
    ("2000-09-28-daedeok-valley", lambda r: r["date"] == "2000-09-28", ("004",)),
    ("2005-07-daedeok-special-rd-zone", lambda r: r["date"] == "2005-07", ("004",)),
    ("2011-05-16-science-belt-daedeok", lambda r: "lee-myung-bak" in r["actors"], ("004",)),
    (
        "2015-10-oecd-science-ministerial-daejeon",
        lambda r: r["date"].startswith("2015-10"),
        ("004",),
    ),
    ("2018-06-10-nic-decree-announced", lambda r: r["date"] == "2018-06-10", ("004",)),
    ("national-innovation-cluster", lambda r: figure(r, 14, "clusters"), ("004",)),
    ("national-innovation-cluster", lambda r: figure(r, 150, "companies"), ("004",)),
    ("national-innovation-cluster", lambda r: figure(r, 20, "experts"), ("004",)),
    ("regional-development-investment-agreement", lambda r: r["kind"] == "system", ("004",)),
    ("regional-innovation-councils", lambda r: r["kind"] == "council", ("004",)),
    ("balanced-development-committee", lambda r: r["name_ko"] == "국가균형발전위원회", ()),
]


@pytest.mark.parametrize(("entity_id", "check", "seeds"), FACTS)
def test_seed_fact_is_in_the_catalog(entity_id: str, check: Check, seeds: tuple[str, ...]) -> None:
    record = show(entity_id)
    assert check(record)
    wanted = {SEED_SOURCES[k] for k in SEED_SOURCES if k[:3] in seeds}
    assert wanted <= set(record.get("sources", [])), f"{entity_id} must cite {wanted}"


def test_every_cluster_milestone_and_policy_cites_a_source() -> None:
    catalog = load(CatalogSelection())
    for entity in catalog.entities:
        if entity.type in ("cluster", "milestone", "policy"):
            assert cited_sources(entity), entity.id


def test_korean_clusters_are_complete_and_every_point_lies_in_its_country() -> None:
    """Hangul, region, industries, a date and a URL for every Korean cluster. A point only where
    a source of record gives one (issue 14 removed points taken from code files and mirrors),
    and every point given lies in the cluster's country."""
    catalog = load(CatalogSelection())
    located = 0
    for cluster in catalog.clusters():
        assert cluster.region is not None, cluster.id
        if cluster.location is not None:
            located += 1
            assert any(getattr(catalog.by_id[s], "url", None) for s in cluster.sources), cluster.id
        if cluster.country != "KR":
            continue
        assert cluster.name_ko, cluster.id
        if cluster.location is not None:
            assert 33 <= cluster.location.lat <= 38.7, cluster.id
            assert 124.5 <= cluster.location.lon <= 131.9, cluster.id
        assert cluster.region.startswith("KR-"), cluster.id
        assert cluster.industries, cluster.id
        assert cluster.established is not None, cluster.id
        assert any(getattr(catalog.by_id[s], "url", None) for s in cluster.sources), cluster.id
    assert located >= 15


def test_catalog_breadth() -> None:
    """Floors, not exact counts: the catalog may grow, never quietly shrink."""
    catalog = load(CatalogSelection())
    korean = [c for c in catalog.clusters() if c.country == "KR"]
    assert len(korean) >= 110
    assert len(catalog.of_type("milestone")) >= MILESTONE_FLOOR
    assert len(catalog.of_type("policy")) >= 45
    assert len(catalog.of_type("source")) >= 40
    kinds = {c.kind for c in korean}
    assert {"special-rd-zone", "innovation-cluster", "bio-cluster", "industrial-complex"} <= kinds


MILESTONE_FLOOR = 320


def test_every_recent_year_has_a_dozen_milestones_and_every_korean_cluster_one() -> None:
    catalog = load(CatalogSelection())
    milestones = list(catalog.milestones())
    for year in range(2018, 2027):
        dated = [m for m in milestones if m.date.earliest.year <= year <= m.date.latest.year]
        assert len(dated) >= 12, year
    touched = {cluster for m in milestones for cluster in m.clusters}
    lonely = [c.id for c in catalog.clusters() if c.country == "KR" and c.id not in touched]
    assert lonely == []


def test_milestones_are_not_in_the_future() -> None:
    from datetime import date

    catalog = load(CatalogSelection())
    assert all(m.date.latest <= date(2026, 11, 22) for m in catalog.milestones())


def test_korean_policies_and_actors_have_hangul_names() -> None:
    catalog = load(CatalogSelection())
    missing = [
        e.id
        for e in catalog.entities
        if e.type in ("policy", "actor")
        and getattr(e, "country", "KR") == "KR"
        and not getattr(e, "name_ko", None)
    ]
    # The 2020 bio workforce plan is named only in English by its source.
    assert missing == ["bio-workforce-plan"]


def test_every_source_used_for_facts_beyond_the_seeds_has_a_url() -> None:
    catalog = load(CatalogSelection())
    for source in catalog.of_type("source"):
        assert getattr(source, "url", None), source.id


# --- source cards ---------------------------------------------------------------------------


def cards() -> list[tuple[Path, dict[str, Any]]]:
    paths = sorted((ROOT / "seeds").glob("*.yaml"))
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in paths]


def test_there_is_one_card_per_seed_document() -> None:
    assert sorted(p.stem for p, _ in cards()) == sorted(SEED_SOURCES)


@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.yaml")), ids=lambda p: p.stem)
def test_card_matches_the_catalog(path: Path) -> None:
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    catalog = load(CatalogSelection())
    source = catalog.by_id[card["source"]]
    assert getattr(source, "seed", None) == f"seeds/{path.name}"
    assert card["title"] == getattr(source, "title", None)
    assert card["url"] == getattr(source, "url", None)
    citing = sorted({link.source.id for link in catalog.linked_from(source.id)})
    assert card["supports"] == citing
    assert len(card["summary"]) > 80
    assert set(card) == {
        "source", "seed_file", "sha256", "title", "publisher", "published", "url",
        "language", "summary", "supports",
    }  # fmt: skip


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="seed documents are not beside the repo")
@pytest.mark.parametrize("path", sorted((ROOT / "seeds").glob("*.yaml")), ids=lambda p: p.stem)
def test_card_hash_matches_the_seed_document(path: Path) -> None:
    card = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = (SHARED_SEEDS / card["seed_file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == card["sha256"]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="seed documents are not beside the repo")
def test_no_seed_sentence_is_copied_into_the_project() -> None:
    """Facts carry over, sentences do not: no run of 12 words from a seed appears verbatim."""
    import re

    def shingles(text: str, n: int = 12) -> set[str]:
        words = re.findall(r"[\w'’-]+", text.lower())
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    seeds: set[str] = set()
    for path in SHARED_SEEDS.glob("*.txt"):
        seeds |= shingles(path.read_text(encoding="utf-8"))

    def prose(value: object, skip_title: bool = False) -> str:
        # A source's title is bibliographic data and must be quoted exactly; all else is ours.
        if isinstance(value, dict):
            return " ".join(prose(v) for k, v in value.items() if not (skip_title and k == "title"))
        if isinstance(value, list):
            return " ".join(prose(v, skip_title) for v in value)
        return str(value)

    data = yaml.safe_load((ROOT / "catalog.yaml").read_text(encoding="utf-8"))
    ours = prose(data.pop("sources"), skip_title=True) + " " + prose(data)
    for _, card in cards():
        ours += " " + prose(card, skip_title=True)
    readme = ROOT / "README.md"
    if readme.exists():  # example output is generated from the catalog, checked above
        ours += re.sub(r"```console.*?```", "", readme.read_text(encoding="utf-8"), flags=re.S)
    copied = shingles(ours) & seeds
    assert not copied, sorted(copied)[:5]


# --- sources of record (issue 14) ------------------------------------------------------------


def test_the_shipped_catalog_passes_validate_strict() -> None:
    result = invoke("validate", "--strict")
    assert result.exit_code == 0, result.stdout
    assert "warning" not in result.stdout and "error" not in result.stdout


def test_every_source_is_a_source_of_record() -> None:
    """No code file, mirror, sandbox, tag, search, list or home page; copies name their carrier."""
    import re

    from clusterctl.catalog.urls import problem

    catalog = load(CatalogSelection())
    for source in catalog.of_type("source"):
        url = getattr(source, "url", None) or ""
        assert problem(url) is None, (source.id, url)
        publisher = getattr(source, "publisher", "")
        assert not re.search(r"\b(mirror|copy|blog|sandbox|github)\b", publisher, re.I), source.id
        if re.match(r"https?://[a-z.]*wikipedia\.org/", url):
            assert getattr(source, "kind", None) == "encyclopedia", source.id
            assert publisher.startswith("Wikipedia ("), source.id  # which edition


def test_every_source_is_cited() -> None:
    catalog = load(CatalogSelection())
    uncited = [s.id for s in catalog.of_type("source") if not list(catalog.linked_from(s.id))]
    assert uncited == []


# --- conflicts stated, not settled (issue 14): the record holds one value, notes the other ----


def test_osong_1997_designation_records_september_and_names_february_and_july() -> None:
    record = show("1997-09-osong-national-industrial-complex")
    assert record["date"] == "1997-09"
    for words in ("September 1997", "February 1997", "Invest Korea", "25 July 1997"):
        assert words in record["notes"], words


def test_osong_area_is_the_medical_complex_not_the_technopolis() -> None:
    record = show("osong-advanced-medical-complex")
    site = figure(record, 1131000, "m²")
    assert "medical complex" in site["label"] and "Technopolis" not in site["label"]
    assert "technopolis" in figure(record, 4633609, "m²")["label"]
    for words in ("1,131,000 m²", "4.63 million m²", "Invest"):
        assert words in record["notes"], words


def test_daegu_complex_completion_budget_and_area_name_both_values() -> None:
    record = show("daegu-gyeongbuk-advanced-medical-complex")
    assert "November 2013" in record["summary"]
    for words in (
        "29 November 2013",
        "December 2013",
        "4.6 trillion",
        "5.6 trillion",
        "1.03 million",
    ):
        assert words in record["notes"], words
    assert figure(record, 4600, "KRW billion")
    assert figure(record, 1030000, "m²")


def test_boston_korea_project_was_announced_in_june_2023_and_funded_from_2024() -> None:
    record = show("boston-korea-project")
    assert record["announced"] == "2023-06-01"
    assert "new in 2024" not in record["summary"]
    assert "June 2023" in record["summary"] and "2024" in record["summary"]
    assert "1 June 2023" in record["notes"] and "2024" in record["notes"]
    assert "yonhap-2023-06-01-cluster-support" in record["sources"]


def test_k_bio_lab_hub_opening_names_2026_and_2028() -> None:
    record = show("k-bio-lab-hub")
    assert "2026" in record["notes"] and "2028" in record["notes"]
    assert "2028" in record["summary"]
