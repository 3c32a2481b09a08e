"""Every machine output loads cleanly into the tools people pipe it into.

jq, DuckDB, pandas, polars, PyYAML, jsonschema and icalendar read each command's output in
each machine format, and each gets the same records (count and keys) as the JSON. Also pinned
here: the schema agrees with ``validate``, every partial date carries real date bounds, a
type's records have one shape everywhere, CSV list cells round-trip, and the library returns
what the CLI prints.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import clusterctl
from clusterctl.dates import parse_when
from clusterctl.errors import NotFoundError, UsageError
from clusterctl.model import SECTIONS
from clusterctl.query import DATE_FIELDS
from tests.conftest import MINI, ROOT, check_golden, imported, invoke, subprocess_env

# What each command is run as, on the shipped catalog.
COMMANDS: dict[str, list[str]] = {
    "clusters": ["clusters"],
    "milestones": ["milestones"],
    "policies": ["policies"],
    "actors": ["actors"],
    "sources": ["sources"],
    "regions": ["regions"],
    "industries": ["industries"],
    "show": ["show", "daedeok-innopolis"],
    "timeline": ["timeline", "--group-by", "cluster"],
    "compare": ["compare", "Songdo", "Osong", "Daegu-Gyeongbuk"],
    "search": ["search", "bio"],
    "stats": ["stats", "--by", "region"],
}
# Filtered subsets, where types used to change with the rows (DuckDB's DATE became VARCHAR,
# a year-only subset BIGINT): the date bounds must stay DATE.
SUBSETS: dict[str, list[str]] = {
    "designations-since-2023": ["milestones", "--since", "2023", "--kind", "designation"],
    "special-rd-zones": ["clusters", "--kind", "special-rd-zone"],
    "year-only": ["--no-builtin", "--catalog", str(MINI), "clusters", "--country", "KR"],
    "timeline-daedeok": ["timeline", "daedeok-innopolis"],
}
MAPPINGS = ("location", "match", "first_milestone", "latest_milestone")

needs_jq = pytest.mark.skipif(
    shutil.which("jq") is None, reason="jq is not installed (.ci/run installs it with apt)"
)


@cache
def output(args: tuple[str, ...], fmt: str) -> str:
    """What the CLI prints, run once per worker."""
    result = invoke(*args, "-o", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def records(args: list[str]) -> list[dict[str, Any]]:
    """The JSON records of a command: every consumer must find these."""
    data = json.loads(output(tuple(args), "json"))
    return data if isinstance(data, list) else [data]


def keys(args: list[str]) -> list[str]:
    """The one key set every record of the command has."""
    found = {tuple(record) for record in records(args)}
    assert len(found) == 1, f"records of `{' '.join(args)}` have several key sets: {found}"
    return list(found.pop())


def csv_columns(args: list[str]) -> list[str]:
    """The JSON keys as CSV names them: a mapping spread over dotted columns."""
    rows = records(args)
    columns: list[str] = []
    for key in keys(args):
        subkeys = [k for row in rows if isinstance(row[key], dict) for k in row[key]]
        if key in MAPPINGS or subkeys:
            columns.extend(f"{key}.{sub}" for sub in dict.fromkeys(subkeys))
        else:
            columns.append(key)
    return columns


def write(tmp_path: Path, args: list[str], fmt: str) -> Path:
    path = tmp_path / f"out.{fmt}"
    path.write_text(output(tuple(args), fmt), encoding="utf-8")
    return path


def bound_columns(args: list[str]) -> list[str]:
    """The top-level date bounds of the command's records that hold at least one date."""
    rows = records(args)
    return [
        key
        for key in keys(args)
        if key.endswith(("_start", "_end")) and any(row[key] is not None for row in rows)
    ]


# --- jq ----------------------------------------------------------------------------------


def jq(expression: str, text: str, *options: str) -> Any:
    done = subprocess.run(
        ["jq", *options, "-c", expression],
        input=text, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return [json.loads(line) for line in done.stdout.splitlines()]


@needs_jq
@pytest.mark.parametrize("name", COMMANDS)
def test_jq_reads_json_and_jsonl(name: str) -> None:
    args = COMMANDS[name]
    count, expected = len(records(args)), keys(args)
    text = output(tuple(args), "json")
    if name == "show":  # one object
        assert jq("keys_unsorted", text) == [expected]
    else:
        assert jq("length", text) == [count]
        assert jq("[.[] | keys_unsorted] | unique", text) == [[expected]]
    lines = output(tuple(args), "jsonl")
    assert jq("length", lines, "-s") == [count]
    assert jq("keys_unsorted", lines) == [expected] * count


@needs_jq
def test_jq_sorts_by_the_start_bound_in_the_cli_order() -> None:
    text = output(("milestones",), "json")
    ordered = jq("sort_by(.date_start, .date_end, .id) | map(.id)", text)
    assert ordered == [[r["id"] for r in records(["milestones"])]]


# --- DuckDB --------------------------------------------------------------------------------


def duckdb_read(path: Path, fmt: str) -> tuple[list[str], list[str], int]:
    """Column names, their types and the row count, as DuckDB's auto-detection reads them."""
    duckdb = pytest.importorskip("duckdb")
    reader = "read_csv_auto" if fmt == "csv" else "read_json_auto"
    relation = duckdb.connect().sql(f"SELECT * FROM {reader}('{path}')")
    count = len(relation.fetchall())
    return relation.columns, [str(t) for t in relation.types], count


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
@pytest.mark.parametrize("name", COMMANDS)
def test_duckdb_reads_every_output_with_date_columns(tmp_path: Path, name: str, fmt: str) -> None:
    args = COMMANDS[name]
    columns, types, count = duckdb_read(write(tmp_path, args, fmt), fmt)
    assert count == len(records(args))
    assert columns == (csv_columns(args) if fmt == "csv" else keys(args))
    typed = dict(zip(columns, types, strict=True))
    for column in bound_columns(args):
        assert typed[column] == "DATE", (column, typed[column])


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("subset", SUBSETS)
def test_duckdb_date_bounds_are_dates_on_every_subset(
    tmp_path: Path, subset: str, fmt: str
) -> None:
    args = SUBSETS[subset]
    columns, types, count = duckdb_read(write(tmp_path, args, fmt), fmt)
    assert count == len(records(args)) > 0
    typed = dict(zip(columns, types, strict=True))
    assert bound_columns(args), "the subset has dates"
    for column in bound_columns(args):
        assert typed[column] == "DATE", (subset, column, typed[column])


def test_duckdb_orders_by_the_start_bound_as_the_cli_does(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    for args, bound in (
        (["milestones"], "date"),
        (["clusters", "--sort", "established"], "established"),
    ):
        path = write(tmp_path, args, "json")
        query = (
            f"SELECT id FROM read_json_auto('{path}') "
            f"ORDER BY {bound}_start NULLS LAST, {bound}_end, id"
        )
        ids = [row[0] for row in duckdb.connect().sql(query).fetchall()]
        assert ids == [r["id"] for r in records(args)]


# --- pandas and polars ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
@pytest.mark.parametrize("name", COMMANDS)
def test_pandas_reads_every_output(name: str, fmt: str) -> None:
    pd = pytest.importorskip("pandas")
    args = COMMANDS[name]
    text = io.StringIO(output(tuple(args), fmt))
    if fmt == "csv":
        frame = pd.read_csv(text)
    elif fmt == "jsonl":
        frame = pd.read_json(text, lines=True)
    elif name == "show":  # one object: a Series (as a frame it would need -o jsonl)
        series = pd.read_json(text, typ="series")
        assert list(series.index) == keys(args)
        return
    else:
        frame = pd.read_json(text)
    assert len(frame) == len(records(args))
    assert list(frame.columns) == (csv_columns(args) if fmt == "csv" else keys(args))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
@pytest.mark.parametrize("name", COMMANDS)
def test_polars_reads_every_output(name: str, fmt: str) -> None:
    pl = pytest.importorskip("polars")
    args = COMMANDS[name]
    data = output(tuple(args), fmt).encode("utf-8")
    # JSON: the whole file decides each column's type (by default only the first 100 rows
    # do, and a field that is null in all of them, such as a source's seed, fails later).
    if fmt == "csv":
        frame = pl.read_csv(io.BytesIO(data), try_parse_dates=True)
    elif fmt == "jsonl":
        frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
    else:
        frame = pl.read_json(io.BytesIO(data), infer_schema_length=None)
    assert frame.height == len(records(args))
    assert frame.columns == (csv_columns(args) if fmt == "csv" else keys(args))
    if fmt == "csv":
        for column in bound_columns(args):
            assert frame.schema[column] == pl.Date, column


# --- YAML -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMMANDS)
def test_yaml_reads_back_as_the_json(name: str) -> None:
    import yaml

    args = COMMANDS[name]
    data = yaml.load(output(tuple(args), "yaml"), Loader=safe_loader())
    assert (data if isinstance(data, list) else [data]) == records(args)


TRICKY_TEXT = [
    "yes", "No", "null", "~", "1e3", "0x1F", "012", "1_000", "2024-05-01", "12:30", "-", "? x",
    "a: b", "# not a comment", "x #y", " leading", "trailing ", "'quoted'", '"double"', "[1]",
    "{a}", "*alias", "&anchor", "!tag", "%d", "@at", "`tick`", "|", ">", "line\nbreak\n",
    "tab\there", "트윈 시티", "대덕연구개발특구 — Daedeok", "é" * 300, "",
]  # fmt: skip


@pytest.mark.parametrize("unsafe", [False, True], ids=["libyaml", "escaping"])
def test_yaml_is_the_same_whichever_emitter_writes_it(unsafe: bool) -> None:
    """Text without an unsafe or astral character goes through libyaml's emitter (five times
    faster); it must write what PyYAML's own emitter, which escapes unsafe text, writes."""
    import yaml

    from clusterctl.render.structured import _dumper, _libyaml_writes_it_alike, dump_yaml

    data: Any = {
        # Every field of the records with the most shapes (the whole export: 1 s more).
        "clusters": json.loads(invoke("clusters", "-o", "json").stdout),
        "milestones": json.loads(invoke("milestones", "-o", "json").stdout),
        "tricky": TRICKY_TEXT,
        "numbers": [0, -1, 1.5, 10**20, True, None],
        "keys": {text: text for text in TRICKY_TEXT if text},
    }
    if unsafe:
        data["tricky"] = [*TRICKY_TEXT, "bidi \u202e reversed", "🧬 bio"]
    assert _libyaml_writes_it_alike(data) is not unsafe
    written = io.StringIO()
    dump_yaml(data, written)
    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "width": 10_000}
    assert written.getvalue() == yaml.dump(data, Dumper=_dumper(), **options)
    assert ("\\u202E" in written.getvalue()) is unsafe
    assert yaml.load(written.getvalue(), Loader=yaml.CSafeLoader) == data


# --- the exports -----------------------------------------------------------------------------


def schema() -> Any:
    return json.loads(invoke("schema").stdout)


def schema_errors(data: Any) -> list[str]:
    from jsonschema import Draft202012Validator

    return [e.message for e in Draft202012Validator(schema()).iter_errors(data)]


def safe_loader() -> Any:
    """PyYAML's safe loader, in C where it is built (the shipped catalog is large)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plain(value: Any) -> Any:
    """YAML data as JSON data: PyYAML types dates the catalog means as partial-date text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@pytest.mark.parametrize(
    "catalog", [[], ["--no-builtin", "--catalog", str(MINI)]], ids=["shipped", "mini"]
)
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_the_export_satisfies_the_schema(catalog: list[str], fmt: str) -> None:
    import yaml

    text = invoke(*catalog, "export", "-o", fmt).stdout
    data = json.loads(text) if fmt == "json" else plain(yaml.load(text, Loader=safe_loader()))
    assert schema_errors(data) == []  # was 1,317 errors: optional fields written as null
    # Read like a hand-written catalog: an absent value is left out, never null or [].
    assert absent_values(data) == []
    for section, items in data.items():
        if section in COMMANDS:
            listed = json.loads(invoke(*catalog, section, "-o", "json").stdout)
            assert [r["id"] for r in items] == sorted(
                (r["id"] for r in listed), key=[r["id"] for r in items].index
            )


def absent_values(data: Any, where: str = "") -> list[str]:
    """Where ``data`` holds a null or an empty list (an empty section aside)."""
    if data is None or (data == [] and where.count(".") > 1):
        return [where]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in absent_values(v, f"{where}.{k}")]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in absent_values(v, f"{where}.{i}")]
    return []


@needs_jq
def test_jq_reads_the_export() -> None:
    text = invoke("export", "-o", "json").stdout
    assert jq(".milestones | length", text) == [len(records(["milestones"]))]


def test_csv_export_loads_into_duckdb_and_pandas_like_the_listings(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    folder = tmp_path / "made-by-export"  # does not exist yet: export makes it
    assert invoke("export", "-o", "csv", "--output-dir", str(folder)).exit_code == 0
    for listing in ("clusters", "milestones", "policies", "actors", "sources", "regions"):
        path = folder / f"{listing}.csv"
        expected = records([listing])
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        columns = csv_columns([listing])
        if listing == "regions":  # the listing adds computed counts
            columns = [c for c in columns if not c.endswith("_count")]
        assert header == columns
        relation = duckdb.connect().sql(f"SELECT * FROM read_csv_auto('{path}')")
        assert len(relation.fetchall()) == len(expected)
        typed = dict(zip(relation.columns, map(str, relation.types), strict=True))
        for column in bound_columns([listing]):
            assert typed[column] == "DATE", (listing, column)
        assert len(pd.read_csv(path)) == len(expected)


def test_geojson_properties_carry_the_date_bounds() -> None:
    data = json.loads(invoke("export", "-o", "geojson").stdout)
    located = [r for r in records(["clusters"]) if r["location"]]
    assert len(data["features"]) == len(located)
    by_id = {r["id"]: r for r in located}
    for feature in data["features"]:
        properties = feature["properties"]
        record = by_id[properties["id"]]
        for key in ("established", "established_start", "established_end"):
            assert properties[key] == record[key]


def test_icalendar_events_span_the_date_bounds() -> None:
    icalendar = pytest.importorskip("icalendar")
    text = invoke("export", "-o", "ics").stdout_bytes.decode("utf-8")
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    milestones = {r["id"]: r for r in records(["milestones"])}
    assert len(events) == len(milestones)
    for event in events:
        record = milestones[str(event["UID"]).removesuffix("@clusterctl")]
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert start.isoformat() == record["date_start"]
        assert (end - datetime.timedelta(days=1)).isoformat() == record["date_end"]


# --- the schema rejects what validate rejects -----------------------------------------------


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def both_verdicts(path: Path) -> tuple[bool, bool]:
    """(validate accepts it, the schema accepts it)."""
    import yaml

    valid = invoke("--no-builtin", "validate", str(path)).exit_code == 0
    data = plain(yaml.load(path.read_text(encoding="utf-8"), Loader=safe_loader()))
    return valid, not schema_errors(data)


@pytest.mark.parametrize(
    ("old", "new", "accepted"),
    [
        ("date: 2005-07\n", "date: '2023-13-45'\n", False),
        ("date: 2005-07\n", "date: '2023-02-30'\n", False),
        ("date: 2005-07\n", "date: '2023-02-29'\n", False),
        ("date: 2005-07\n", "date: '1900-02-29'\n", False),
        ("date: 2005-07\n", "date: '2023-04-31'\n", False),
        ("date: 2005-07\n", "date: '2023-00'\n", False),
        ("date: 2005-07\n", "date: '0000'\n", False),
        ("date: 2005-07\n", "date: '2023-6'\n", False),
        ("date: 2005-07\n", "date: '2023-06/2023-13'\n", False),
        ("date: 2005-07\n", "date: '2024-02-29'\n", True),
        ("date: 2005-07\n", "date: '2000-02-29'\n", True),
        ("date: 2005-07\n", "date: '2023-01-31/2023-02-28'\n", True),
        ("date: 2005-07\n", "date: 2005\n", True),
        ("    kind: visit\n", "    kind: visit\n    venue: null\n", True),
        ("    kind: visit\n", "    kind: visit\n    venue: ''\n", True),
        ("    kind: visit\n", "    kind: visit\n    venue: Seoul\n", True),
        ("    kind: visit\n", "    kind: holiday\n", False),
        ("  - id: us-visit\n", "  - id: US Visit\n", False),
        ("title: Minister visits U.S. bio clusters", "title: ''", False),
        ("title: Minister visits U.S. bio clusters", "title: null", False),
        ("title: Minister visits U.S. bio clusters", 'title: "a\\tb"', False),
        ("title: Minister visits U.S. bio clusters", 'title: "a\\u202eb"', False),
        ("    clusters: [boston]\n", "    clusters: null\n", True),
        ("    clusters: [boston]\n", "    clusters: [Boston Cluster]\n", False),
        ("aliases: [KAIST]", "aliases: [KAIST, '']", False),
        ("aliases: [KAIST]", "aliases: [KAIST, KAIST]", False),
        ("      - rank: 1\n", "      - rank: 0\n", False),
    ],
)
def test_the_schema_and_validate_agree(tmp_path: Path, old: str, new: str, accepted: bool) -> None:
    assert both_verdicts(variant(tmp_path, old, new)) == (accepted, accepted)


# --- typed date bounds ------------------------------------------------------------------------


def assert_bounds(record: dict[str, Any], name: str) -> None:
    """``name`` is followed by its bounds, which are the first and last day it covers."""
    order = list(record)
    position = order.index(name)
    assert order[position + 1 : position + 3] == [f"{name}_start", f"{name}_end"]
    text = record[name]
    if text is None:
        assert record[f"{name}_start"] is record[f"{name}_end"] is None
        return
    when = parse_when(text)
    assert record[f"{name}_start"] == when.earliest.isoformat()
    assert record[f"{name}_end"] == when.latest.isoformat()


@pytest.mark.parametrize("listing", ["clusters", "milestones", "policies", "sources"])
def test_every_partial_date_carries_its_bounds(listing: str) -> None:
    for record in records([listing]):
        for name in DATE_FIELDS[record["type"]]:
            assert_bounds(record, name)
        for nested in (*record.get("figures", []), *record.get("rankings", [])):
            assert_bounds(nested, "as_of")
    cited = (
        json.loads(invoke(listing, "--cite", "-o", "json").stdout) if listing != "sources" else []
    )
    for record in cited:
        for source in record["sources"]:
            assert_bounds(source, "published")


def test_sorting_by_the_start_bound_gives_the_cli_order() -> None:
    def by_bounds(rows: list[dict[str, Any]], name: str) -> list[str]:
        dated = [r for r in rows if r[f"{name}_start"] is not None]
        undated = [r for r in rows if r[f"{name}_start"] is None]
        dated.sort(key=lambda r: (r[f"{name}_start"], r[f"{name}_end"], r["id"]))
        return [r["id"] for r in dated + sorted(undated, key=lambda r: r["id"])]

    milestones = records(["milestones"])
    assert [r["id"] for r in milestones] == by_bounds(milestones, "date")
    clusters = records(["clusters", "--sort", "established"])
    assert [r["id"] for r in clusters] == by_bounds(clusters, "established")
    by_start = records(["clusters", "--sort", "established_start,established_end"])
    assert [r["id"] for r in by_start] == [r["id"] for r in clusters]
    # A view sorted by its partial dates sorts them by time: "2018/2020" before "2018-06".
    timeline = records(["timeline", "--group-by", "none", "--sort", "date"])
    assert [r["id"] for r in timeline] == [r["id"] for r in milestones]
    assert [r["id"] for r in records(["timeline", "--group-by", "none", "--sort", "date_start"])][
        :1
    ] == [milestones[0]["id"]]


def test_bounds_are_fields_to_pick_and_sort_by() -> None:
    picked = records(["milestones", "--fields", "date_start,date_end", "--sort", "-date_end"])
    assert list(picked[0]) == ["type", "id", "date_start", "date_end"]
    ends = [r["date_end"] for r in picked]
    assert ends == sorted(ends, reverse=True)
    bad = invoke("milestones", "--fields", "date_begin")
    assert bad.exit_code == 2
    assert "date_start" in bad.stderr


# --- stable shapes -------------------------------------------------------------------------


def test_a_type_has_one_key_set_in_every_command_and_subset() -> None:
    show_extra = ["references", "referenced_by"]
    cluster = keys(["clusters"])
    assert keys(["clusters", "--kind", "special-rd-zone"]) == cluster
    assert keys(["--no-builtin", "--catalog", str(MINI), "clusters"]) == cluster
    assert keys(["show", "daedeok-innopolis"]) == [*cluster, *show_extra]
    milestone = keys(["milestones"])
    assert keys(SUBSETS["designations-since-2023"]) == milestone
    some_milestone = records(["milestones"])[0]["id"]
    assert keys(["show", some_milestone]) == [*milestone, *show_extra]
    timeline = keys(["timeline"])
    assert [k for k in timeline if k not in ("group", "group_id")] == milestone
    for listing in ("policies", "actors", "sources"):
        first = records([listing])[0]["id"]
        assert keys(["show", first]) == [*keys([listing]), *show_extra]


def test_csv_headers_are_fixed_per_type() -> None:
    def header(*args: str) -> str:
        return invoke(*args, "-o", "csv").stdout.splitlines()[0]

    full = header("clusters")
    assert header("clusters", "--country", "FR") == full  # no records at all
    assert header("clusters", "--kind", "startup-hub") == full
    assert header("export", "--type", "clusters") == full
    located = header("clusters", "--country", "FR", "--fields", "name,location")
    assert located == "type,id,name,location.lat,location.lon"
    compared = header("compare", "Songdo", "Osong")
    assert "first_milestone.date_start" in compared.split(",")


def test_show_resolves_outgoing_references_as_it_resolves_incoming_ones() -> None:
    record = records(["show", "daedeok-innopolis"])[0]
    link_keys = ["type", "id", "field", "label", "date", "date_start", "date_end"]
    assert {tuple(link) for link in record["referenced_by"]} == {tuple(link_keys)}
    assert {tuple(link) for link in record["references"]} == {tuple(link_keys)}
    outgoing = {(link["field"], link["id"]) for link in record["references"]}
    named = {("region", record["region"])}
    for field in ("industries", "operators", "anchors", "related", "sources"):
        named |= {(field, ref) for ref in record[field]}
    named |= {("rankings", ref) for ranking in record["rankings"] for ref in ranking["sources"]}
    assert outgoing == named
    labels = {link["id"]: link["label"] for link in record["references"]}
    assert labels["kaist"] == records(["show", "kaist"])[0]["name"]


def test_export_type_takes_the_singular_and_the_plural() -> None:
    singular = invoke("export", "-o", "csv", "--type", "milestone")
    plural = invoke("export", "-o", "csv", "--type", "Milestones")
    assert singular.exit_code == plural.exit_code == 0
    assert singular.stdout == plural.stdout
    wrong = invoke("export", "-o", "csv", "--type", "milestonez")
    assert wrong.exit_code == 2
    assert "did you mean 'milestone', 'milestones'?" in wrong.stderr


def test_output_dir_is_made_and_removed_again_when_a_file_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clusterctl.render import export

    made = tmp_path / "new"
    assert invoke("export", "-o", "csv", "--output-dir", str(made)).exit_code == 0
    assert sorted(p.name for p in made.iterdir()) == sorted(f"{s}.csv" for s in SECTIONS)
    missing_parent = tmp_path / "no" / "such"
    result = invoke("export", "-o", "csv", "--output-dir", str(missing_parent))
    assert result.exit_code == 2
    assert not (tmp_path / "no").exists()

    original = export.write_csv

    def failing(result: Any, out: io.StringIO) -> None:
        if result.entity_type == "milestone":  # the last file: the others are written
            raise RuntimeError("disk on fire")
        original(result, out)

    monkeypatch.setattr(export, "write_csv", failing)
    doomed = tmp_path / "doomed"
    assert invoke("export", "-o", "csv", "--output-dir", str(doomed)).exit_code == 1
    assert not doomed.exists(), "all files or none: the directory made for them goes too"


# --- CSV list cells round-trip ---------------------------------------------------------------

TRICKY = ["a; b", "c;d", "back\\slash", "ends with \\", "semi;", "plain"]


def tricky_catalog(tmp_path: Path) -> Path:
    aliases = ", ".join(json.dumps(a) for a in TRICKY)
    return variant(tmp_path, "aliases: [KAIST]", f"aliases: [{aliases}]")


def test_csv_list_cells_split_back_into_their_items(tmp_path: Path) -> None:
    path = tricky_catalog(tmp_path)
    base = ["--no-builtin", "--catalog", str(path), "actors"]
    expected = {r["id"]: r["aliases"] for r in json.loads(invoke(*base, "-o", "json").stdout)}
    assert expected["kaist"] == TRICKY
    joined = list(csv.DictReader(io.StringIO(invoke(*base, "-o", "csv").stdout)))
    assert {row["id"]: clusterctl.split_list(row["aliases"]) for row in joined} == expected
    # One item holding the separator is not two items.
    kaist = next(row for row in joined if row["id"] == "kaist")
    assert kaist["aliases"].startswith("a\\; b; c\\;d; ")
    as_json = invoke(*base, "-o", "csv", "--csv-lists", "json").stdout
    rows = list(csv.DictReader(io.StringIO(as_json)))
    assert {row["id"]: json.loads(row["aliases"]) for row in rows} == expected
    # Every command that writes CSV takes the option.
    for command in (["show", "kaist"], ["search", "kaist"], ["timeline"], ["regions"]):
        done = invoke(
            "--no-builtin", "--catalog", str(path), *command, "-o", "csv", "--csv-lists", "json"
        )
        assert done.exit_code == 0, (command, done.stderr)


def test_split_list_inverts_the_join_encoding() -> None:
    from clusterctl.render.tabular import join_list

    cases = [[], ["x"], TRICKY, ["", "a"], ["\\", ";", "; ", "\\;"], ["a", "b", "c"]]
    for items in cases:
        assert clusterctl.split_list(join_list(items, "join")) == items
        assert json.loads(join_list(items, "json")) == items


# --- the library ----------------------------------------------------------------------------


def test_importing_clusterctl_loads_nothing_else() -> None:
    code = (
        "import sys, clusterctl\n"
        "print(sorted(m for m in sys.modules if m.startswith(('clusterctl.', 'yaml', 'rich'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, env=subprocess_env(), timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"
    assert "clusterctl.api" not in imported(["--version"], ("clusterctl.api",))


LIBRARY = [
    (lambda c: c.clusters(region="Daejeon", industry=["bio", "research"]),
     ["clusters", "--region", "Daejeon", "--industry", "bio,research"]),
    (lambda c: c.milestones(since="2023", kind="designation", sort="-date", limit=5),
     ["milestones", "--since", "2023", "--kind", "designation", "--sort", "-date", "--limit", "5"]),
    (lambda c: c.milestones(cluster="daedeok-innopolis", cite=True),
     ["milestones", "--cluster", "daedeok-innopolis", "--cite"]),
    (lambda c: c.policies(kind="law"), ["policies", "--kind", "law"]),
    (lambda c: c.actors(country="US", fields="name,kind"),
     ["actors", "--country", "US", "--fields", "name,kind"]),
    (lambda c: c.sources(kind="press-release"), ["sources", "--kind", "press-release"]),
    (lambda c: c.regions(country="KR"), ["regions", "--country", "KR"]),
    (lambda c: c.industries(), ["industries"]),
    (lambda c: [c.show("대덕연구개발특구")], ["show", "대덕연구개발특구"]),
    (lambda c: c.timeline("daedeok-innopolis", since="2000"),
     ["timeline", "daedeok-innopolis", "--since", "2000"]),
    (lambda c: c.timeline(group_by="cluster", fields=["date", "title"]),
     ["timeline", "--group-by", "cluster", "--fields", "date,title"]),
    (lambda c: c.compare("Songdo", "Osong"), ["compare", "Songdo", "Osong"]),
    (lambda c: c.search("바이오", types="cluster"), ["search", "바이오", "--type", "cluster"]),
    (lambda c: c.eras(), ["eras"]),
    (lambda c: c.eras(kind="acting-presidency", since="2000", cite=True),
     ["eras", "--kind", "acting-presidency", "--since", "2000", "--cite"]),
    (lambda c: c.stats("decade"), ["stats", "--by", "decade"]),
    (lambda c: c.stats("kind", entity_type="milestone", since="2020"),
     ["stats", "--by", "kind", "--type", "milestone", "--since", "2020"]),
]  # fmt: skip


@cache
def library() -> clusterctl.Catalog:
    return clusterctl.load()


@pytest.mark.parametrize(("call", "args"), LIBRARY, ids=[" ".join(a) for _, a in LIBRARY])
def test_the_library_returns_what_the_cli_prints(call: Any, args: list[str]) -> None:
    assert call(library()) == records(args)


def test_the_library_loads_overlays_and_raises_the_cli_errors(tmp_path: Path) -> None:
    overlay = tmp_path / "notes.yaml"
    overlay.write_text(
        "milestones:\n  - id: my-note\n    date: 2024-05\n    title: My note\n    kind: event\n"
        "    clusters: [daedeok-innopolis]\n"
        "    sources: [herald-2023-06-01-industrial-clusters]\n",
        encoding="utf-8",
    )
    layered = clusterctl.load([overlay])
    assert layered.paths[-1] == str(overlay)
    assert "my-note" in [r["id"] for r in layered.milestones(cluster="daedeok-innopolis")]
    mini = clusterctl.load([MINI], builtin=False)
    assert [r["id"] for r in mini.clusters()] == ["boston", "daedeok"]
    with pytest.raises(UsageError, match="no filter 'regoin'"):
        mini.clusters(regoin="KR-30")
    with pytest.raises(UsageError, match="does not apply to actor records"):
        mini.actors(region="KR-30")
    with pytest.raises(UsageError, match="--fields"):
        mini.clusters(fields="nmae")
    with pytest.raises(NotFoundError):
        mini.show("atlantis")
    with pytest.raises(clusterctl.ClusterctlError):
        clusterctl.load([tmp_path / "missing.yaml"])


PYTHON_EXAMPLE = re.compile(
    r"```python\n(import clusterctl\n.*?)```\n\nprints:\n\n```text\n(.*?)```", re.DOTALL
)


def test_the_readme_pandas_example_runs(request: pytest.FixtureRequest) -> None:
    pytest.importorskip("pandas")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    [match] = PYTHON_EXAMPLE.finditer(text)
    done = subprocess.run(
        [sys.executable, "-c", match[1]],
        capture_output=True, text=True, env=subprocess_env(), cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    if request.config.getoption("--update-golden"):
        start, end = match.span(2)
        readme.write_text(text[:start] + done.stdout + text[end:], encoding="utf-8")
        return
    assert done.stdout == match[2], "README pandas example is stale: pytest --update-golden"


def test_the_json_contract_of_a_bounded_record(request: pytest.FixtureRequest) -> None:
    """The contract's new keys, pinned on purpose: bounds after each date, links resolved."""
    shown = invoke("--no-builtin", "--catalog", str(MINI), "show", "boston", "-o", "json")
    check_golden(request, "show-bounds.json", shown.stdout)
