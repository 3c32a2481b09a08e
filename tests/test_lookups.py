"""Lookups that find: names by a unique part, programmes and their members, several sort keys,
dotted fields, help that lists what each option takes, and commands and options typed loosely.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from clusterctl.catalog.index import Catalog
from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.cli.app import COMMANDS
from clusterctl.errors import NotFoundError
from tests.conftest import MINI, invoke, load_json, mini


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load(CatalogSelection(cache=False))


def ids(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [record["id"] for record in load_json(result.stdout)]


# --- names -------------------------------------------------------------------------------------


def test_compare_finds_clusters_by_a_unique_part_of_their_names() -> None:
    result = invoke("compare", "Songdo", "Osong", "Daegu-Gyeongbuk", "-o", "json")
    assert ids(result) == [
        "songdo-bio-cluster",
        "osong-advanced-medical-complex",
        "daegu-gyeongbuk-advanced-medical-complex",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("보스턴", "boston-cambridge-biotech"),  # Hangul, the start of its Korean name
        ("Songdo", "songdo-bio-cluster"),  # a name before a source titled "Songdo"
        ("Daedeok", "daedeok-innopolis"),  # a cluster before a policy of the same start
        ("대덕", "daedeok-innopolis"),
        ("motie", "motie"),  # an id, exactly
        ("Daejeon", "KR-30"),  # a whole name before names that start with it
    ],
)
def test_show_finds_an_entity_by_a_unique_part_of_a_name(text: str, expected: str) -> None:
    result = invoke("show", text, "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert load_json(result.stdout)["id"] == expected


def test_timeline_follows_a_cluster_named_by_part_of_its_name() -> None:
    result = invoke("timeline", "Osong", "-o", "json")
    records = load_json(result.stdout)
    assert records
    assert all("osong-advanced-medical-complex" in r["clusters"] for r in records)


def test_an_ambiguous_name_lists_the_candidates_with_exit_4() -> None:
    result = invoke("compare", "Cambridge", "daedeok-innopolis")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert "'Cambridge' is ambiguous: it matches 2 clusters" in result.stderr
    assert (
        "hint: did you mean boston-cambridge-biotech, cambridge-uk-life-sciences-cluster?"
        in result.stderr
    )


def test_an_ambiguous_filter_value_is_a_usage_error_listing_the_candidates() -> None:
    result = invoke("clusters", "--region", "Dae")
    assert result.exit_code == 2
    assert "--region: 'Dae' is ambiguous" in result.stderr
    assert "KR-27, KR-30" in result.stderr


def test_resolution_tiers_on_a_small_catalog() -> None:
    catalog = load(CatalogSelection(builtin=False, overlays=(str(MINI),)))
    assert catalog.resolve("Daedeok Inno").id == "daedeok"  # the start of a name
    assert catalog.resolve("Innopolis").id == "daedeok"  # a whole word of one
    assert catalog.resolve("Valley").id == "daedeok"  # of an alias
    assert catalog.resolve("한국과학기술원").id == "kaist"
    with pytest.raises(NotFoundError):
        catalog.resolve("Innopol", ("cluster",))  # part of a word is not a word


def test_a_cached_catalog_resolves_parts_of_names_as_a_fresh_one_does() -> None:
    load(CatalogSelection())  # fills the cache
    cached = load(CatalogSelection())
    fresh = load(CatalogSelection(cache=False))
    assert cached._store is not None
    for text in ("Songdo", "보스턴", "Daegu-Gyeongbuk", "Osong"):
        assert cached.resolve(text).id == fresh.resolve(text).id


# --- programmes and their members ---------------------------------------------------------------


def test_clusters_filter_by_programme_membership(shipped: Catalog) -> None:
    found = ids(invoke("clusters", "--policy", "national-innovation-cluster", "-o", "json"))
    policy = shipped.by_id["national-innovation-cluster"]
    assert sorted(found) == sorted(getattr(policy, "clusters", ()))
    assert len(found) == 14
    by_name = ids(invoke("clusters", "--policy", "InnoTown", "-o", "json"))
    assert by_name and all(i.endswith("-innotown") for i in by_name)


def test_a_programme_profile_lists_its_member_clusters() -> None:
    record = load_json(invoke("show", "high-tech-strategic-industry-specialised-complexes",
                              "-o", "json").stdout)  # fmt: skip
    assert "yongin-pyeongtaek-semiconductor-specialised-complex" in record["clusters"]
    table = invoke("show", "national-innovation-cluster", env={"TTY_COMPATIBLE": "1"}).stdout
    assert "Busan National Innovation Cluster" in table
    piped = invoke("show", "national-innovation-cluster").stdout
    assert "clusters\tbusan-national-innovation-cluster" in piped


# --- sorting -----------------------------------------------------------------------------------


def test_sort_takes_several_keys_with_missing_values_last_per_key() -> None:
    result = invoke("clusters", "--sort", "region,-established", "-o", "json")
    records = load_json(result.stdout)
    regions = [r["region"] for r in records if r["region"] is not None]
    assert regions == sorted(regions)
    for region in set(regions):
        dates = [r["established"] for r in records if r["region"] == region]
        present = [d for d in dates if d is not None]
        assert dates == present + [None] * (len(dates) - len(present)), region
        years = [d[:4] for d in present]
        assert years == sorted(years, reverse=True), region


def test_views_sort_by_several_keys_too() -> None:
    records = load_json(
        invoke("timeline", "--group-by", "none", "--sort", "kind,-date", "-o", "json").stdout
    )
    kinds = [r["kind"] for r in records]
    assert kinds == sorted(kinds)
    for kind in set(kinds):
        years = [r["date"][:4] for r in records if r["kind"] == kind]
        assert years == sorted(years, reverse=True)


def test_sort_by_a_dotted_field() -> None:
    records = load_json(invoke("clusters", "--sort", "-location.lat", "-o", "json").stdout)
    lats = [r["location"]["lat"] for r in records if r["location"]]
    assert lats == sorted(lats, reverse=True)


# --- fields ------------------------------------------------------------------------------------


def test_fields_take_dotted_names_and_keep_json_nested() -> None:
    records = load_json(mini("clusters", "--fields", "name,location.lat", "-o", "json").stdout)
    daedeok = next(r for r in records if r["id"] == "daedeok")
    assert daedeok == {
        "type": "cluster",
        "id": "daedeok",
        "name": "Daedeok Innopolis",
        "location": {"lat": 36.378},
    }
    assert all(list(r) == ["type", "id", "name", "location"] for r in records)


def test_fields_dotted_in_csv_match_the_full_csv_header() -> None:
    full = mini("clusters", "-o", "csv").stdout.splitlines()[0].split(",")
    assert "location.lat" in full
    header = mini("clusters", "--fields", "location.lat", "-o", "csv").stdout.splitlines()[0]
    assert header == "type,id,location.lat"


@pytest.mark.parametrize("fields", ["id,name,id", "name,name", "name,id,name", "type,name"])
def test_fields_never_duplicate_a_column(fields: str) -> None:
    header = mini("clusters", "--fields", fields, "-o", "csv").stdout.splitlines()[0]
    assert header == "type,id,name"
    header = mini("clusters", "--fields", fields).stdout.splitlines()[0]
    assert [cell.casefold() for cell in re.split(r"\s*[|\t]\s*", header)] == ["id", "name"]


def test_fields_dotted_in_a_view_table() -> None:
    result = invoke("compare", "daedeok-innopolis", "busan-innopolis",
                    "--fields", "first_milestone.date", "-o", "csv")  # fmt: skip
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["type", "id", "first_milestone.date"]
    table = invoke("compare", "daedeok-innopolis", "busan-innopolis",
                   "--fields", "first_milestone.date").stdout  # fmt: skip
    assert [line.split("\t")[0] for line in table.splitlines()] == [
        "attribute", "first_milestone.date"
    ]  # fmt: skip
    assert "{" not in table


# --- help --------------------------------------------------------------------------------------


def help_of(*command: str) -> str:
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    return result.stdout


def test_top_level_help_has_examples_and_whole_summaries() -> None:
    text = help_of()
    assert "Examples:" in text
    assert "clusterctl compare Songdo Osong Daegu-Gyeongbuk" in text
    listed = text.split("Commands:", 1)[1]
    assert "..." not in listed
    for command in COMMANDS:
        assert f"\n  {command} " in listed


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_fits_80_columns_and_never_breaks_a_word(command: str | None) -> None:
    text = help_of(*([command] if command else []))
    for line in text.splitlines():
        assert len(line) <= 80, line
        assert not line.endswith("-") or line.endswith(" -"), f"a word broken at a hyphen: {line}"


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("clusters", "special-rd-zone"),
        ("milestones", "designation"),
        ("timeline", "designation"),
        ("policies", "programme"),
        ("actors", "ministry"),
        ("sources", "press-release"),
    ],
)
def test_kind_help_lists_the_kinds_of_the_type(command: str, kind: str) -> None:
    text = " ".join(help_of(command).split())
    assert kind in text.split("--kind KIND", 1)[1].split(" --", 1)[0]


@pytest.mark.parametrize(
    ("command", "field"),
    [
        ("clusters", "location.lat"),
        ("milestones", "date"),
        ("regions", "cluster_count"),
        ("timeline", "group"),
        ("compare", "first_milestone.date"),
        ("search", "score"),
    ],
)
def test_sort_and_fields_help_list_the_names_they_take(command: str, field: str) -> None:
    text = " ".join(help_of(command).split())
    for option in ("--sort [-]FIELD,...", "--fields FIELD,..."):
        assert field in text.split(option, 1)[1].split(" --", 1)[0], option


def test_every_option_says_what_it_takes() -> None:
    import typer.main

    from clusterctl.cli.app import app

    group = typer.main.get_command(app)
    for name in COMMANDS:
        command = group.get_command(None, name)  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.opts} has no help"


# --- commands and options typed loosely ----------------------------------------------------------


@pytest.mark.parametrize(("typed", "meant"), [("showw", "show"), ("cluster", "clusters")])
def test_a_mistyped_command_gets_a_suggestion(typed: str, meant: str) -> None:
    result = invoke(typed)
    assert result.exit_code == 2
    assert f"no such command '{typed}'" in result.stderr
    assert f"did you mean '{meant}'?" in result.stderr


def test_global_options_are_accepted_after_the_command() -> None:
    before = invoke("--no-builtin", "--catalog", str(MINI), "milestones", "-o", "json")
    after = invoke("milestones", "--catalog", str(MINI), "--no-builtin", "-o", "json")
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    equals = invoke("milestones", f"--catalog={MINI}", "--no-builtin", "--no-cache",
                    "--color", "never", "--debug", "-o", "json")  # fmt: skip
    assert equals.stdout == before.stdout


def test_a_command_option_value_that_looks_global_stays_with_the_command() -> None:
    result = mini("show", "daedeok", "-o", "md", "--title", "--debug")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# --debug\n")


def test_nothing_after_a_double_dash_moves() -> None:
    result = mini("search", "-o", "json", "--", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert load_json(result.stdout) == []
