"""The real CLI in-process (Typer's runner): every command, output shapes, errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clusterctl.catalog.loader import CatalogSelection, load
from clusterctl.cli.app import app
from clusterctl.render.records import to_record
from tests.conftest import FIXTURES, ROOT, check_golden, invoke, mini

LISTINGS = [
    "clusters",
    "milestones",
    "policies",
    "actors",
    "sources",
    "regions",
    "industries",
    "eras",
]
VIEWS = ["timeline", "compare", "search", "stats"]
COMMANDS = [*LISTINGS, *VIEWS, "show", "validate", "diff", "schema", "export"]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # golden files hold paths relative to the repository


def test_version() -> None:
    from clusterctl import __version__

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"clusterctl {__version__}\n"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_for_every_command(command: str | None) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = invoke(*args)
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    if command in LISTINGS or command == "show":
        assert "Example" in result.stdout


def test_every_registered_command_is_covered() -> None:
    import typer.main

    group = typer.main.get_command(app)
    names = group.list_commands(None)  # type: ignore[attr-defined, arg-type]
    assert sorted(names) == sorted(COMMANDS)
    for name in names:  # each one builds, so help and completion can list it
        assert group.get_command(None, name) is not None  # type: ignore[attr-defined, arg-type]


@pytest.mark.parametrize("command", LISTINGS)
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl"])
def test_each_listing_in_each_format_on_the_shipped_catalog(command: str, fmt: str) -> None:
    result = invoke(command, "-o", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if fmt == "json":
        records = json.loads(result.stdout)
        assert records, "the shipped catalog has records of every kind"
        for record in records:
            assert list(record)[:2] == ["type", "id"]
    elif fmt == "jsonl":
        lines = result.stdout.splitlines()
        assert all(json.loads(line)["id"] for line in lines)
    else:
        assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("clusters.json", ["clusters", "-o", "json"]),
        ("milestones.json", ["milestones", "-o", "json"]),
        ("milestones-cite.json", ["milestones", "--cite", "-o", "json"]),
        ("policies.json", ["policies", "-o", "json"]),
        ("actors.json", ["actors", "-o", "json"]),
        ("sources.json", ["sources", "-o", "json"]),
        ("regions.json", ["regions", "-o", "json"]),
        ("industries.json", ["industries", "-o", "json"]),
        ("show-cluster.json", ["show", "daedeok", "-o", "json"]),
        ("show-source.json", ["show", "src-ministry", "-o", "json"]),
        ("milestones.jsonl", ["milestones", "-o", "jsonl"]),
        ("fields.json", ["clusters", "--fields", "name,established,location", "-o", "json"]),
        ("clusters.txt", ["clusters"]),
        ("milestones.txt", ["milestones", "--cite"]),
        ("show-cluster.txt", ["show", "daedeok", "--cite"]),
    ],
)
def test_golden_outputs_on_the_fixture_catalog(
    request: pytest.FixtureRequest, name: str, args: list[str]
) -> None:
    result = mini(*args)
    assert result.exit_code == 0, result.stderr
    check_golden(request, name, result.stdout)


def test_golden_validation_report(request: pytest.FixtureRequest) -> None:
    broken = "tests/fixtures/broken/unknown-reference.yaml"
    result = invoke("--no-builtin", "validate", broken, "-o", "json")
    assert result.exit_code == 3
    check_golden(request, "validate-unknown-reference.json", result.stdout)
    text = invoke("--no-builtin", "validate", broken)
    check_golden(request, "validate-unknown-reference.txt", text.stdout)


def test_cli_json_equals_the_library_records() -> None:
    catalog = load(CatalogSelection())
    expected = [to_record(c, catalog) for c in catalog.clusters()]
    printed = json.loads(invoke("clusters", "--sort", "id", "-o", "json").stdout)
    assert sorted(printed, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])


def test_json_keeps_hangul_unescaped_and_dates_at_their_precision() -> None:
    out = invoke("show", "daedeok-innopolis", "-o", "json").stdout
    assert "대덕연구개발특구" in out
    record = json.loads(out)
    assert record["established"] == "1973"
    assert {r["id"] for r in record["referenced_by"]} >= {"2005-07-daedeok-special-rd-zone"}


def test_cite_expands_sources_in_json() -> None:
    record = json.loads(mini("show", "boston", "--cite", "-o", "json").stdout)
    [source] = record["sources"]
    assert source == {
        "id": "src-ministry",
        "title": "Example ministry release",
        "publisher": "Example Ministry",
        "published": "2023-07-12",
        "published_start": "2023-07-12",
        "published_end": "2023-07-12",
        "url": None,
    }
    assert record["rankings"][0]["sources"][0]["id"] == "src-ministry"


def test_filters_accept_names_and_hangul() -> None:
    by_code = json.loads(invoke("clusters", "--region", "KR-30", "-o", "json").stdout)
    by_name = json.loads(invoke("clusters", "--region", "daejeon", "-o", "json").stdout)
    by_hangul = json.loads(invoke("clusters", "--region", "대전광역시", "-o", "json").stdout)
    assert by_code == by_name == by_hangul
    assert {"daedeok-innopolis", "daejeon-national-innovation-cluster"} <= {
        r["id"] for r in by_code
    }
    assert all(r["region"] == "KR-30" for r in by_code)


def test_repeatable_and_comma_separated_filters() -> None:
    one = json.loads(invoke("milestones", "--kind", "law,visit", "-o", "json").stdout)
    two = json.loads(invoke("milestones", "--kind", "law", "--kind", "visit", "-o", "json").stdout)
    assert one == two
    assert {r["kind"] for r in one} == {"law", "visit"}


def test_since_until_and_sort_and_limit() -> None:
    result = invoke(
        "milestones", "--since", "June 2023", "--until", "2023", "--sort", "-date",
        "--limit", "2", "-o", "json",
    )  # fmt: skip
    dates = [r["date"] for r in json.loads(result.stdout)]
    assert len(dates) == 2
    assert dates == sorted(dates, reverse=True)
    assert all("2023-06" <= d[:7] <= "2023-12" for d in dates)


def test_an_empty_result_is_success() -> None:
    result = invoke("milestones", "--since", "2099", "-o", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert result.stderr == "clusterctl: note: no milestone records match\n"
    table = invoke("milestones", "--since", "2099")
    assert table.exit_code == 0
    assert table.stdout == "date\tid\ttitle\tclusters\n"  # piped: the header alone
    assert table.stderr == "clusterctl: note: no milestone records match\n"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["show", "daedok-innopolis"], 4, "did you mean daedeok-innopolis (Daedeok Innopolis)"),
        (["show", "no such thing at all"], 4, "no entity matches"),
        (["milestones", "--since", "someday"], 2, "expected 2020, 2023-06"),
        (["milestones", "--since", "2024", "--until", "2020"], 2, "is before --since"),
        (["clusters", "--kind", "bio-clustr"], 2, "did you mean 'bio-cluster'"),
        (["clusters", "--region", "Daejon"], 2, "did you mean KR-30 (Daejeon)"),
        (["clusters", "--fields", "nmae"], 2, "did you mean 'name'"),
        (["clusters", "--sort", "bogus"], 2, "sortable fields"),
        (["clusters", "-o", "xml"], 2, "'xml' is not one of"),
        (["clusters", "--limit", "-1"], 2, "not in the range x>=0"),
        (["clusters", "--bogus"], 2, "No such option"),
        (["nonsense"], 2, "no such command"),
    ],
)
def test_errors_are_one_clear_line_with_the_right_exit_code(
    args: list[str], code: int, words: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.startswith("clusterctl: error: ")
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_an_internal_error_asks_for_a_report_and_debug_shows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clusterctl import query

    def boom(*_: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(query, "select", boom)
    result = invoke("clusters")
    assert result.exit_code == 1
    assert "internal error (RuntimeError)" in result.stderr
    assert "please report" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(RuntimeError, match="simulated bug"):
        invoke("--debug", "clusters")


def test_validate_layers_extra_paths_and_reports_json(tmp_path: Path) -> None:
    ok = invoke("validate", "-o", "json")
    report = json.loads(ok.stdout)
    assert ok.exit_code == 0
    assert report["ok"] is True and report["issues"] == []
    assert report["counts"]["milestone"] > 0
    broken = invoke("validate", str(FIXTURES / "broken" / "no-source.yaml"), "-o", "json")
    assert broken.exit_code == 3
    assert [i["code"] for i in json.loads(broken.stdout)["issues"]] == ["no-source"]


def test_schema_is_valid_and_matches_the_committed_copy() -> None:
    from jsonschema import Draft202012Validator

    printed = invoke("schema").stdout
    schema = json.loads(printed)
    Draft202012Validator.check_schema(schema)
    committed = (ROOT / "clusterctl" / "catalog.schema.json").read_text(encoding="utf-8")
    assert printed == committed, "run: clusterctl schema > clusterctl/catalog.schema.json"


@pytest.mark.parametrize("path", [ROOT / "catalog.yaml", FIXTURES / "mini.yaml"])
def test_valid_catalogs_satisfy_the_schema(path: Path) -> None:
    import yaml
    from jsonschema import Draft202012Validator

    from tests.test_interchange import plain

    data = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    schema = json.loads(invoke("schema").stdout)
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert errors == []


def test_catalog_yaml_points_editors_at_the_schema() -> None:
    first = (ROOT / "catalog.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=clusterctl/catalog.schema.json"


def test_catalog_text_is_never_markup(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    source = (
        "sources:\n"
        "  - id: s\n"
        '    title: "[bold red]loud[/] :warning: TITLE"\n'
        "    publisher: P\n"
        "    kind: news\n"
        "    language: en\n"
    )
    hostile.write_text(source.replace("TITLE", "plain"), encoding="utf-8")
    result = invoke("--no-builtin", "--catalog", str(hostile), "--color", "always", "sources")
    assert result.exit_code == 0
    assert "[bold red]loud[/] :warning: plain" in result.stdout
    # Escape sequences and bidirectional overrides are refused where they stand.
    hostile.write_text(source.replace("TITLE", "\\e[31mred \\u202eevil"), encoding="utf-8")
    result = invoke("--no-builtin", "--catalog", str(hostile), "--color", "always", "sources")
    assert (result.exit_code, result.stdout) == (3, "")
    assert f"{hostile}:3:12: title: character U+001B ESCAPE is not allowed" in result.stderr
    assert "\x1b[31mred" not in result.stderr and "\u202e" not in result.stderr


def test_color_follows_flags_and_environment() -> None:
    def clusters(*flags: str, **env: str) -> str:
        args = ("--no-builtin", "--catalog", str(FIXTURES / "mini.yaml"), *flags, "clusters")
        return invoke(*args, env=env).stdout

    dumb = {"TTY_COMPATIBLE": "1", "TERM": "dumb"}  # a terminal that asks for no colour
    assert "\x1b[" not in clusters(**dumb)
    assert "\x1b[" in clusters("--color", "always", **dumb)
    assert "\x1b[" in clusters(FORCE_COLOR="1", **dumb)
    assert "\x1b[" in clusters(TTY_COMPATIBLE="1")
    assert "\x1b[" not in clusters("--color", "never", TTY_COMPATIBLE="1")
    # The runner is not a terminal: a table is TSV, and TSV is never coloured.
    assert "\x1b" not in clusters()
    assert "\x1b" not in clusters("--color", "always")
    assert "\x1b" not in clusters(FORCE_COLOR="1")
    json_out = invoke(
        "--no-builtin", "--catalog", str(FIXTURES / "mini.yaml"), "clusters", "-o", "json",
        env={"FORCE_COLOR": "1"},
    )  # fmt: skip
    assert "\x1b" not in json_out.stdout


@pytest.mark.parametrize("width", ["60", "80", "160"])
def test_terminal_tables_fit_the_width_and_align_hangul(width: str) -> None:
    from rich.cells import cell_len

    env = {"TTY_COMPATIBLE": "1", "COLUMNS": width, "NO_COLOR": "1"}
    result = invoke("--no-builtin", "--catalog", str(FIXTURES / "mini.yaml"), "clusters", env=env)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= int(width) for line in lines)
    assert "1973" in result.stdout
    header = next(line for line in lines if "Kind" in line)
    row = next(line for line in lines if line.lstrip().startswith("Daedeok"))
    if width == "60":  # too narrow for a 한국어 column: the Hangul name goes under the name
        below = lines[lines.index(row) + 1]
        assert below.strip() == "대덕연구개발특구"
        assert cell_len(below[: below.index("대")]) == cell_len(row[: row.index("D")])
        return
    assert "대덕연구개발특구" in row
    assert row.lstrip().startswith("Daedeok")
    kind_column = cell_len(header[: header.index("Kind")])
    assert cell_len(row[: row.index("special-rd")]) == kind_column


def test_bare_invocation_prints_help_on_stdout() -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: clusterctl")
    assert result.stderr == ""
