"""Trustworthy views (issue 10): counts that add up, groups that group, nothing dropped,
nothing rounded."""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterctl import query
from clusterctl.catalog import spec
from clusterctl.catalog.index import Catalog
from clusterctl.catalog.loader import CatalogSelection, load, validate
from clusterctl.cli.context import kind_choices
from clusterctl.dates import PartialDate, parse_when, sort_key
from clusterctl.query import Filters
from clusterctl.render.text import number
from tests.conftest import FIXTURES, invoke

FIGURES = FIXTURES / "figures.yaml"
LISTINGS = {
    "cluster": "clusters",
    "milestone": "milestones",
    "policy": "policies",
    "actor": "actors",
    "source": "sources",
    "region": "regions",
    "industry": "industries",
    "era": "eras",
}
DATED = ("decade", "year")


def ok_json(*args: str) -> Any:
    result = invoke(*args, "-o", "json")
    assert result.exit_code == 0, (args, result.stderr)
    return json.loads(result.stdout)


def figures(*args: str, terminal: bool = False) -> Any:
    """Run on the figures fixture; ``terminal`` renders the table as a terminal gets it."""
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "160"} if terminal else None
    colour = ["--color", "never"] if terminal else []
    return invoke("--no-builtin", "--catalog", str(FIGURES), *colour, *args, env=env)


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load(CatalogSelection.from_options((), False))


# --- counts that add up -----------------------------------------------------------------------


def test_stats_counts_a_milestone_once_per_industry_not_once_per_cluster() -> None:
    """Seen: biotech 83 in stats against 55 in the listing."""
    rows = {r["id"]: r["count"] for r in ok_json("stats", "--by", "industry", "--type",
                                                  "milestone")}  # fmt: skip
    assert rows["biotech"] == len(ok_json("milestones", "--industry", "biotech"))


def test_stats_counts_a_milestone_once_per_region() -> None:
    rows = {r["id"]: r["count"] for r in ok_json("stats", "--by", "region", "--type",
                                                  "milestone")}  # fmt: skip
    for region in ("KR-30", "KR-41", "US-MA"):
        assert rows[region] == len(ok_json("milestones", "--region", region)), region


def _ids(catalog: Catalog, entity_type: str, filters: Filters) -> set[str]:
    return {e.id for e in query.select(catalog, entity_type, filters)}


def _period(by: str, key: str) -> tuple[PartialDate, PartialDate]:
    first = int(key.rstrip("s"))
    return PartialDate(max(first, 1)), PartialDate(first + 9 if by == "decade" else first)


def _listed(catalog: Catalog, entity_type: str, by: str, key: str, base: Filters) -> set[str]:
    """What the listing of ``entity_type`` with the stats filters and the row's value holds
    (for several values of a multi-valued filter, the records that have both)."""
    if by in DATED:
        start, end = _period(by, key)
        since = base.since if base.since and base.since.earliest > start.earliest else start
        until = base.until if base.until and base.until.latest < end.latest else end
        if until.latest < since.earliest:  # outside the --since/--until window
            return set()
        return _ids(catalog, entity_type, dataclasses.replace(base, since=since, until=until))
    alone = Filters(**{query.STAT_FILTER[by]: (key,)})
    return _ids(catalog, entity_type, base) & _ids(catalog, entity_type, alone)


def _candidates(catalog: Catalog, entity_type: str, by: str) -> set[str]:
    """Every value a record of the type could have in the dimension, whether counted or not."""
    if by == "region":
        return {r.id for r in catalog.of_type("region")}
    if by == "industry":
        return {i.id for i in catalog.of_type("industry")}
    if by == "kind":
        return set(kind_choices(entity_type))
    if by == "country":
        return {str(getattr(e, "country", "")) for e in catalog.of_type(entity_type)} | {"ZZ"}
    attr = query.DATE_FIELD[entity_type]
    years = [
        year
        for e in catalog.of_type(entity_type)
        if (when := getattr(e, attr)) is not None
        for year in (when.earliest.year, when.latest.year)
    ]
    if not years:
        return set()
    span = range(min(years) - 1, max(years) + 2)
    return {str(y) for y in span} if by == "year" else {f"{y // 10 * 10}s" for y in span}


NO_FILTERS = Filters()


def assert_counts_are_listings(
    catalog: Catalog, entity_type: str, by: str, base: Filters = NO_FILTERS
) -> None:
    """Every stats count is the length of its listing; the no-value row holds the rest."""
    counted, rows = query.stats(catalog, by, entity_type, base)
    assert counted == entity_type
    counts = {r.key: r.count for r in rows}
    assert len(counts) == len(rows), "each value once"
    everything = _ids(catalog, entity_type, base)
    if by == "type":
        assert counts == {entity_type: len(everything)}
        return
    having = set()
    for key in _candidates(catalog, entity_type, by) | (set(counts) - set(query.NO_VALUE)):
        listed = _listed(catalog, entity_type, by, key, base)
        assert counts.get(key, 0) == len(listed), (entity_type, by, key)
        having |= listed
    without = counts.get("none", 0) + counts.get("unknown", 0)
    assert without == len(everything - having), (entity_type, by)


PAIRS = [
    (entity_type, by)
    for entity_type in query.LISTING_FILTERS
    for by in query.stat_dimensions(entity_type)
]


@pytest.mark.parametrize(("entity_type", "by"), PAIRS)
def test_stats_counts_are_listing_lengths_on_the_shipped_catalog(
    shipped: Catalog, entity_type: str, by: str
) -> None:
    assert_counts_are_listings(shipped, entity_type, by)
    if by != "type" and entity_type in ("cluster", "milestone"):
        window = Filters(since=PartialDate(2005, 7), until=PartialDate(2021))
        assert_counts_are_listings(shipped, entity_type, by, window)


def test_stats_by_type_counts_every_listing(shipped: Catalog) -> None:
    rows = {r["id"]: r["count"] for r in ok_json("stats")}
    assert rows == {t: len(ok_json(name)) for t, name in LISTINGS.items()}


def _flag(by: str, key: str) -> list[str]:
    if by in DATED:
        start, end = _period(by, key)
        return ["--since", str(start), "--until", str(end)]
    return [f"--{by}", key]


@pytest.mark.parametrize(("entity_type", "by"), [p for p in PAIRS if p[1] != "type"])
def test_stats_json_counts_are_cli_listing_lengths(entity_type: str, by: str) -> None:
    """Through the CLI: the count of each value is the length of ``LISTING --FLAG VALUE``."""
    listing = LISTINGS[entity_type]
    rows = ok_json("stats", "--by", by, "--type", entity_type)
    everything = {r["id"] for r in ok_json(listing)}
    having: set[str] = set()
    for row in rows:
        if row["id"] in query.NO_VALUE:
            continue
        listed = {r["id"] for r in ok_json(listing, *_flag(by, row["id"]))}
        assert row["count"] == len(listed), row
        having |= listed
    without = sum(r["count"] for r in rows if r["id"] in query.NO_VALUE)
    assert without == len(everything - having)


def test_a_date_range_counts_in_each_decade_and_year_it_spans(tmp_path: Path) -> None:
    overlay = tmp_path / "span.yaml"
    overlay.write_text(
        "milestones:\n"
        "  - {id: span, date: 1999-12/2000-01, title: Spans two decades, kind: event,\n"
        "     sources: [src-herald]}\n",
        encoding="utf-8",
    )
    base = ["--no-builtin", "--catalog", str(FIXTURES / "mini.yaml"), "--catalog", str(overlay)]
    decades = {r["id"]: r["count"] for r in ok_json(*base, "stats", "--by", "decade")}
    assert decades["1990s"] == len(ok_json(*base, "milestones", "--since", "1990", "--until",
                                           "1999")) == 1  # fmt: skip
    assert decades["2000s"] == len(ok_json(*base, "milestones", "--since", "2000", "--until",
                                           "2009")) == 2  # fmt: skip
    years = {r["id"]: r["count"] for r in ok_json(*base, "stats", "--by", "year")}
    assert years["1999"] == years["2000"] == 1
    assert list(years) == sorted(years, key=int), "years in time order"


def test_stats_takes_the_filters_of_its_listing() -> None:
    filters = ["--since", "2020", "--cluster", "daedeok-innopolis", "--kind", "designation"]
    rows = ok_json("stats", "--by", "industry", "--type", "milestone", *filters)
    assert rows
    for row in rows:
        if row["id"] not in query.NO_VALUE:
            listed = ok_json("milestones", *filters, "--industry", row["id"])
            assert row["count"] == len(listed), row
    clusters = ok_json("stats", "--by", "region", "--status", "active", "--country", "KR")
    for row in clusters:
        if row["id"] not in query.NO_VALUE:
            listed = ok_json("clusters", "--status", "active", "--country", "KR", "--region",
                             row["id"])  # fmt: skip
            assert row["count"] == len(listed), row


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--by", "region", "--type", "policy"], "--by region: policy records have no region",
         "policy records count by: type, kind, decade, year"),
        (["--by", "country", "--type", "milestone"], "milestone records have no country",
         "milestone records count by: type, region, industry, kind, decade, year"),
        (["--by", "decade", "--type", "actor"], "actor records have no decade",
         "actor records count by: type, kind, country"),
        (["--by", "kind", "--type", "policy", "--region", "KR-30"],
         "--region does not apply to policy records",
         "policy filters: --kind, --actor, --since, --until"),
        (["--by", "region", "--status", "active", "--type", "milestone"],
         "--status does not apply to milestone records", "milestone filters: --cluster"),
        (["--kind", "law"], "--kind: give one --type", ""),
    ],
)  # fmt: skip
def test_stats_refuses_what_it_cannot_count(args: list[str], message: str, hint: str) -> None:
    result = invoke("stats", *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert hint in result.stderr


def test_listing_filters_are_the_listing_commands_options() -> None:
    """``stats`` takes its listing's filters from this table: it must follow the commands."""
    from clusterctl.cli.app import app

    group: Any = __import__("typer").main.get_command(app)
    flags = {flag: name for name, flag in query.FILTER_FLAGS.items()}
    for entity_type, listing in LISTINGS.items():
        command = group.get_command(None, listing)
        given = {flags[o] for p in command.params for o in p.opts if o in flags}
        assert given == set(query.LISTING_FILTERS[entity_type]), listing


def test_stats_help_says_what_each_dimension_counts() -> None:
    help_text = invoke("stats", "--help").stdout
    for by in query.STAT_DIMENSIONS:
        assert re.search(rf"^\s+{by}\s+\S", help_text, re.M), by
    assert "counts once under each value" in " ".join(help_text.split())


# Generated catalogs: every field stats counts by, with values shared between records.
_years = st.integers(1950, 2030)


@st.composite
def _when(draw: st.DrawFn) -> str:
    start = PartialDate(draw(_years), draw(st.none() | st.integers(1, 12)))
    if draw(st.booleans()):
        return str(start)
    end = PartialDate(start.year + draw(st.integers(0, 25)), start.month)
    return f"{start}/{end}" if end.earliest > start.latest else str(start)


@st.composite
def stat_catalogs(draw: st.DrawFn) -> dict[str, Any]:
    def some(values: list[str], most: int = 3) -> list[str]:
        return draw(st.lists(st.sampled_from(values), max_size=most, unique=True)) if values else []

    def maybe(value: Any) -> Any:
        return value if draw(st.booleans()) else None

    regions = ["KR-11", "KR-30", "US-MA"]
    industries = ["bio", "chips", "ai"]
    sources = [
        {"id": f"s{i}", "title": "T", "publisher": "P", "language": "en",
         "kind": draw(st.sampled_from(spec.SOURCE_KINDS[:3])), "published": maybe(draw(_when()))}
        for i in range(draw(st.integers(1, 3)))
    ]  # fmt: skip
    actors = [
        {"id": f"a{i}", "name": f"A{i}", "kind": draw(st.sampled_from(spec.ACTOR_KINDS[:3])),
         "country": draw(st.sampled_from(["KR", "US"]))}
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    policies = [
        {"id": f"p{i}", "name": f"P{i}", "kind": draw(st.sampled_from(spec.POLICY_KINDS[:3])),
         "announced": maybe(draw(_when())), "lead_actors": some([a["id"] for a in actors]),
         "sources": ["s0"]}
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    clusters = []
    for i in range(draw(st.integers(1, 5))):
        region = draw(st.none() | st.sampled_from(regions))
        clusters.append(
            {"id": f"c{i}", "name": f"C{i}",
             "kind": draw(st.sampled_from(spec.CLUSTER_KINDS[:3])),
             "country": region[:2] if region else draw(st.sampled_from(["KR", "US"])),
             "region": region, "industries": some(industries),
             "established": maybe(draw(_when())),
             "status": draw(st.none() | st.sampled_from(spec.CLUSTER_STATUSES[:3])),
             "sources": ["s0"]}
        )  # fmt: skip
    milestones = [
        {"id": f"m{i}", "date": draw(_when()), "title": f"M{i}",
         "kind": draw(st.sampled_from(spec.MILESTONE_KINDS[:3])),
         "clusters": some([c["id"] for c in clusters]),
         "policies": some([p["id"] for p in policies]),
         "actors": some([a["id"] for a in actors]), "sources": ["s0"]}
        for i in range(draw(st.integers(0, 8)))
    ]  # fmt: skip

    def clean(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if v is not None and v != []} for r in records]

    return {
        "sources": clean(sources),
        "regions": [{"id": r, "name": r, "country": r[:2]} for r in regions],
        "industries": [{"id": i, "name": i} for i in industries],
        "actors": clean(actors),
        "policies": clean(policies),
        "clusters": clean(clusters),
        "milestones": clean(milestones),
    }


@st.composite
def base_filters(draw: st.DrawFn, entity_type: str) -> Filters:
    """Filters the type's listing takes: a date window, or a kind."""
    allowed = query.LISTING_FILTERS[entity_type]
    chosen: dict[str, Any] = {}
    if "since" in allowed and draw(st.booleans()):
        chosen["since"] = PartialDate(draw(st.integers(1950, 2030)))
        chosen["until"] = PartialDate(chosen["since"].year + draw(st.integers(0, 30)))
    if "kinds" in allowed and draw(st.booleans()):
        chosen["kinds"] = (draw(st.sampled_from(kind_choices(entity_type)[:3])),)
    return Filters(**chosen)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stat_catalogs(), st.data())
def test_stats_counts_are_listing_lengths_on_generated_catalogs(
    document: dict[str, Any], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(json.dumps(document), encoding="utf-8")
        catalog, report = validate(CatalogSelection(builtin=False, overlays=(str(path),),
                                                    cache=False))  # fmt: skip
    assert catalog is not None, report.issues
    for entity_type, by in PAIRS:
        assert_counts_are_listings(catalog, entity_type, by)
        assert_counts_are_listings(catalog, entity_type, by, data.draw(base_filters(entity_type)))


# --- groups that group ------------------------------------------------------------------------


def test_timeline_shows_each_group_heading_once_in_the_terminal() -> None:
    """Seen: "(no policy)" 36 times."""
    terminal = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    by_policy = invoke("timeline", "--group-by", "policy", env=terminal)
    assert by_policy.exit_code == 0
    assert by_policy.stdout.count("(no policy)") == 1
    by_cluster = invoke("timeline", "--group-by", "cluster", env=terminal)
    assert by_cluster.stdout.count("(no cluster)") <= 1


def _runs(records: list[dict[str, Any]]) -> list[str]:
    runs: list[str] = []
    for record in records:
        if not runs or runs[-1] != record["group_id"]:
            runs.append(record["group_id"])
    return runs


@pytest.mark.parametrize("group_by", ["cluster", "policy", "year", "none"])
def test_timeline_json_has_one_record_per_milestone_and_group(group_by: str) -> None:
    """Seen: 235 records for 160 milestones, repeated ids, the group a display label only."""
    records = ok_json("timeline", "--group-by", group_by)
    milestones = ok_json("milestones")
    assert list(records[0])[:5] == ["type", "id", "group", "group_id", "date"]
    pairs = [(r["id"], r["group_id"]) for r in records]
    assert len(pairs) == len(set(pairs)), "one record per milestone and group"
    assert {r["id"] for r in records} == {m["id"] for m in milestones}
    field = {"cluster": "clusters", "policy": "policies"}.get(group_by)
    if field:
        expected = sum(max(1, len(m[field])) for m in milestones)
        assert len(records) == expected
        for record in records:
            if record["group_id"]:
                assert record["group_id"] in record[field]
            else:
                assert record[field] == [] and record["group"] == f"({'no ' + group_by})"
    elif group_by == "year":
        assert all(r["group_id"] == r["group"] == r["date"][:4] for r in records)
    else:
        assert len(records) == len(milestones) and {r["group_id"] for r in records} == {""}
    runs = _runs(records)
    assert len(runs) == len(set(runs)), "each group once"
    assert "" not in runs[:-1], "the no-group group last"
    first_dates = []
    for group in runs:
        dates = [sort_key(parse_when(r["date"])) for r in records if r["group_id"] == group]
        assert dates == sorted(dates), "date order inside a group"
        first_dates.append(dates[0])
    named = first_dates[:-1] if runs[-1] == "" else first_dates
    assert named == sorted(named), "groups in order of their first milestone"


def test_timeline_library_returns_groups(shipped: Catalog) -> None:
    selected = query.sort(query.select(shipped, "milestone", Filters()), "milestone", None)
    entries = query.timeline(shipped, selected, "cluster")
    runs = [e.group_id for i, e in enumerate(entries) if i == 0 or entries[i - 1].group_id
            != e.group_id]  # fmt: skip
    assert len(runs) == len(set(runs))
    labels = {e.group_id: e.group for e in entries}
    assert all(labels[c.id] == c.label for c in shipped.clusters() if c.id in labels)


def test_timeline_sort_orders_milestones_inside_each_group() -> None:
    records = ok_json("timeline", "--group-by", "cluster", "--sort", "-date")
    runs = _runs(records)
    assert len(runs) == len(set(runs))
    order = [r["id"] for r in ok_json("timeline", "--group-by", "none", "--sort", "-date")]
    for group in runs:
        ids = [r["id"] for r in records if r["group_id"] == group]
        assert ids == sorted(ids, key=order.index), "inside a group, as --sort orders"


def test_timeline_says_how_many_distinct_milestones() -> None:
    grouped = invoke("timeline", "--group-by", "cluster", "-o", "json")
    rows = json.loads(grouped.stdout)
    distinct = len({r["id"] for r in rows})
    assert len(rows) > distinct
    assert grouped.stderr == (
        f"clusterctl: note: {len(rows)} rows for {distinct} distinct milestones "
        "(one row per milestone and group)\n"
    )
    assert invoke("timeline", "-o", "json").stderr == "", "by year: one row per milestone"
    md = invoke("timeline", "--group-by", "cluster", "-o", "md").stdout
    subtitle = md.splitlines()[2]
    assert subtitle.startswith(f"_{distinct} milestones, ")
    assert f"in {len(rows)} entries: a milestone under several clusters is listed" in subtitle


@pytest.mark.parametrize("group_by", ["cluster", "policy"])
def test_timeline_briefings_show_each_group_once(group_by: str) -> None:
    md = invoke("timeline", "--group-by", group_by, "-o", "md", "--no-cite").stdout
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings and len(headings) == len(set(headings))
    html = invoke("timeline", "--group-by", group_by, "-o", "html", "--no-cite").stdout
    h2 = re.findall(r"<h2>(.*?)</h2>", html)
    assert len(h2) == len(set(h2)) == len(headings)
    if group_by == "policy":
        assert headings[-1] == "## (no policy)" and h2[-1] == "(no policy)"


# --- nothing dropped, nothing rounded ---------------------------------------------------------


def _figure_keys(figures: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter((f["label"], f["value"], f["unit"], f["as_of"], f["note"]) for f in figures)


def test_compare_carries_every_figure_show_does() -> None:
    """Seen: 13 figures in show, 9 in compare (the 2016 and 2023 counts vanished)."""
    names = ["pangyo-techno-valley", "daedeok-innopolis"]
    compared = ok_json("compare", *names)
    for record in compared:
        shown = ok_json("show", record["id"])
        assert _figure_keys(record["figures"]) == _figure_keys(shown["figures"])
        assert all({"comparable", "comparison"} <= set(f) for f in record["figures"])
    pangyo = [f for f in compared[0]["figures"] if f["label"] == "resident companies"]
    assert [f["as_of"] for f in pangyo] == ["2016", "2011"], "latest first"


def test_compare_lists_a_series_latest_first_and_compares_the_latest() -> None:
    records = json.loads(figures("compare", "alpha", "beta", "-o", "json").stdout)
    alpha, beta = records
    series = [f for f in alpha["figures"] if f["label"].casefold() == "resident companies"]
    assert [(f["value"], f["as_of"]) for f in series] == [
        (1622, "2023"), (1306, "2016"), (83, "2011"), (900, None)
    ]  # fmt: skip
    assert [f["comparable"] for f in series] == [True, None, None, None]
    assert series[0]["comparison"] is None
    assert all("latest is compared" in f["comparison"] for f in series[1:])
    sales = [f for f in beta["figures"] if f["label"] == "annual sales"]
    assert sales[0]["comparable"] is False
    assert sales[0]["comparison"] == "not comparable: different dates"
    assert len(alpha["figures"]) == 6 and len(beta["figures"]) == 3


def test_compare_table_shows_each_figure_of_a_series_on_its_own_line() -> None:
    out = figures("compare", "alpha", "beta", terminal=True).stdout
    lines = out.splitlines()
    shown = ["1,622 companies (2023)", "1,306 companies (2016)",
             "83 companies (2011)", "900 companies"]  # fmt: skip
    where = [next(i for i, line in enumerate(lines) if value in line) for value in shown]
    assert where == sorted(set(where)), "each figure of the series on a line of its own, in order"
    assert "2,048.25 companies (2023)" in lines[where[0]]
    assert "latest first" in out


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (123456.7, "123,456.7"),
        (1234567.89, "1,234,567.89"),
        (18.73, "18.73"),
        (150.0, "150"),
        (1622, "1,622"),
        (-1234.5, "-1,234.5"),
        (1e16, "10,000,000,000,000,000"),
        (1.5e-07, "0.00000015"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_numbers_show_exactly_the_digits_the_catalog_holds(value: float, shown: str) -> None:
    """Seen: 123456.7 as 123,457 and 1234567.89 as 1.23457e+06."""
    assert number(value) == shown
    assert "e" not in number(value)
    assert float(number(value).replace(",", "")) == value


@pytest.mark.parametrize("fmt", ["table", "md", "html", "svg"])
def test_show_prints_figures_exactly(fmt: str) -> None:
    result = figures("show", "alpha", "-o", fmt, terminal=True)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.replace("&#160;", " ")
    assert "123,456.7 KRW billion" in out
    assert "1,234,567.89 m²" in out
    assert "123,457" not in out and "e+06" not in out


def test_compare_prints_figures_exactly() -> None:
    table = figures("compare", "alpha", "beta", terminal=True).stdout
    assert "123,456.7 KRW billion (2022)" in table
    assert "1,234,567.89 m² (2021)" in table
    assert "98,765.4321 KRW billion (2021)" in table
    values = [f["value"] for f in json.loads(figures("compare", "alpha", "beta", "-o",
                                                      "json").stdout)[0]["figures"]]  # fmt: skip
    assert 123456.7 in values and 1234567.89 in values
    piped = figures("compare", "alpha", "beta").stdout
    assert "123456.7 KRW billion (2022)" in piped and "1234567.89 m² (2021)" in piped
