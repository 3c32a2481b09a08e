"""Explorer views and the output contract in every format."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT, check_golden, invoke, mini

FORMATS = ["table", "tsv", "json", "jsonl", "csv", "yaml", "md"]
SHIPPED_COMMANDS = [
    ["clusters"],
    ["milestones"],
    ["policies"],
    ["actors"],
    ["sources"],
    ["regions"],
    ["industries"],
    ["timeline"],
    ["timeline", "daedeok-innopolis", "--group-by", "cluster"],
    ["compare", "daedeok-innopolis", "boston-cambridge-biotech"],
    ["search", "bio"],
    ["stats"],
    ["stats", "--by", "decade"],
    ["show", "daedeok-innopolis"],
    ["validate"],
]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", SHIPPED_COMMANDS, ids=lambda a: "-".join(a[:2]))
def test_every_command_in_every_format(args: list[str], fmt: str) -> None:
    result = invoke(*args, "-o", fmt)
    assert result.exit_code == 0, result.stderr
    if "--group-by" in args:  # milestones under several clusters: one row under each
        assert re.fullmatch(r"clusterctl: note: \d+ rows for \d+ distinct milestones.*\n",
                            result.stderr)  # fmt: skip
    else:
        assert result.stderr == ""
    if args != ["validate"] or fmt != "jsonl":  # a valid catalog has no issues: zero lines
        assert result.stdout
    assert "\x1b" not in result.stdout
    if fmt == "json":
        json.loads(result.stdout)
    elif fmt == "jsonl":
        assert all(json.loads(line) for line in result.stdout.splitlines())
    elif fmt == "yaml":
        yaml.safe_load(result.stdout)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len({len(r) for r in rows}) == 1, "every CSV row has the same columns"
    elif fmt == "tsv" or (fmt == "table" and args != ["validate"]):  # piped: tsv
        rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
        assert len({len(r) for r in rows}) == 1, "every TSV row has the same columns"


VIEWS = {
    "timeline": ["timeline", "--cite"],
    "timeline-cluster": ["timeline", "daedeok", "--group-by", "cluster"],
    "compare": ["compare", "daedeok", "boston"],
    "search": ["search", "daedeok"],
    "stats": ["stats", "--by", "region"],
    "clusters": ["clusters"],
    "regions": ["regions"],
    "milestones": ["milestones", "--cite"],
    "policies": ["policies"],
    "actors": ["actors"],
    "sources": ["sources"],
    "industries": ["industries"],
    "show": ["show", "daedeok"],
    "stats-cite": ["stats", "--cite"],
}


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table"])
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_golden_views(request: pytest.FixtureRequest, name: str, fmt: str) -> None:
    result = mini(*VIEWS[name], "-o", fmt)
    assert result.exit_code == 0, result.stderr
    suffix = "txt" if fmt == "table" else fmt
    check_golden(request, f"view-{name}.{suffix}", result.stdout)
    if fmt == "table":  # the runner is not a terminal: a table in a pipe is TSV
        assert result.stdout == mini(*VIEWS[name], "-o", "tsv").stdout


def test_csv_reads_back_one_row_per_record() -> None:
    out = invoke("milestones", "-o", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    records = json.loads(invoke("milestones", "-o", "json").stdout)
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert rows[0]["date"] == records[0]["date"]


def test_yaml_round_trips_strings_that_look_like_other_types() -> None:
    out = mini("milestones", "-o", "yaml").stdout
    data = yaml.safe_load(out)
    assert data[0]["date"] == "1973"  # a year stays text, not the integer 1973
    assert json.loads(mini("milestones", "-o", "json").stdout) == data


def test_timeline_follows_clusters_policies_and_actors() -> None:
    by_policy = json.loads(invoke("timeline", "national-innovation-cluster", "-o", "json").stdout)
    assert by_policy and all("national-innovation-cluster" in r["policies"] for r in by_policy)
    by_actor = json.loads(invoke("timeline", "윤석열", "-o", "json").stdout)
    assert by_actor and all("yoon-suk-yeol" in r["actors"] for r in by_actor)
    assert invoke("timeline", "no-such-thing").exit_code == 4


def test_timeline_groups_by_year_in_date_order() -> None:
    records = json.loads(invoke("timeline", "-o", "json").stdout)
    assert [r["group"] for r in records] == sorted(r["group"] for r in records)
    assert all(r["date"].startswith(r["group"]) for r in records)


def test_compare_marks_figures_that_do_not_compare(tmp_path: object) -> None:
    records = json.loads(mini("compare", "daedeok", "boston", "-o", "json").stdout)
    assert [r["id"] for r in records] == ["daedeok", "boston"]
    assert set(records[0]) == set(records[1])
    assert records[0]["milestone_count"] == 2
    assert records[0]["first_milestone"]["date"] == "1973"


def test_compare_flags_different_units(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    overlay = Path(str(tmp_path)) / "units.yaml"
    overlay.write_text(
        "clusters:\n"
        "  - id: other\n"
        "    name: Other\n"
        "    kind: bio-cluster\n"
        "    country: KR\n"
        "    figures:\n"
        "      - {value: 3, unit: km², label: target number of resident firms, as_of: 2018}\n"
        "    sources: [src-herald]\n",
        encoding="utf-8",
    )
    result = invoke(
        "--no-builtin", "--catalog", str(FIXTURES / "mini.yaml"), "--catalog", str(overlay),
        "compare", "daedeok", "other", "-o", "json",
    )  # fmt: skip
    figures = [r["figures"][0] for r in json.loads(result.stdout)]
    assert [f["comparable"] for f in figures] == [False, False]
    assert figures[0]["comparison"] == "not comparable: different units"
    table = invoke(
        "--no-builtin", "--catalog", str(FIXTURES / "mini.yaml"), "--catalog", str(overlay),
        "compare", "daedeok", "other", env={"TTY_COMPATIBLE": "1"},
    )  # fmt: skip
    assert "≠ not comparable: different units" in table.stdout
    piped = invoke(
        "--no-builtin", "--catalog", str(FIXTURES / "mini.yaml"), "--catalog", str(overlay),
        "compare", "daedeok", "other",
    )  # fmt: skip
    (line,) = [x for x in piped.stdout.splitlines() if x.startswith("figures.")]
    assert line.count(" ≠") == 2, line


def test_compare_needs_two_distinct_clusters() -> None:
    assert invoke("compare", "daedeok-innopolis").exit_code == 2
    assert invoke("compare", "daedeok-innopolis", "대덕연구개발특구").exit_code == 2
    assert invoke("compare", "daedeok-innopolis", "kaist").exit_code == 4


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("daedeok-innopolis", "daedeok-innopolis"),
        ("Daedeok Innopolis", "daedeok-innopolis"),
        ("대덕연구개발특구", "daedeok-innopolis"),
        ("KAIST", "kaist"),
        ("Taejon", "KR-30"),
        ("Pusan", "KR-26"),
        ("kwangju", "KR-29"),
        ("DAEDÉOK INNOPOLIS", "daedeok-innopolis"),
    ],
)
def test_search_ranks_exact_names_first(text: str, first: str) -> None:
    hits = json.loads(invoke("search", text, "-o", "json").stdout)
    assert hits[0]["id"] == first, hits[:3]


def test_search_narrows_by_type_and_reports_the_match() -> None:
    hits = json.loads(invoke("search", "바이오", "--type", "cluster", "-o", "json").stdout)
    assert hits and {h["type"] for h in hits} == {"cluster"}
    match = hits[0]["match"]
    assert match["text"][match["start"] : match["end"]] == "바이오"


def test_search_highlights_in_colour() -> None:
    result = invoke("--color", "always", "search", "Innopolis", env={"TTY_COMPATIBLE": "1"})
    assert "\x1b[" in result.stdout
    plain = invoke("search", "Innopolis")
    assert "Innopolis" in plain.stdout


def test_stats_numbers_match_in_every_format() -> None:
    records = json.loads(invoke("stats", "--by", "kind", "-o", "json").stdout)
    table = invoke("stats", "--by", "kind").stdout
    for record in records:
        line = f"{record['id']}\t{record['label']}\t{record['count']}"
        assert line in table.splitlines()
    terminal = invoke("stats", "--by", "kind", env={"TTY_COMPATIBLE": "1"}).stdout
    for record in records:
        assert re.search(rf"^ *{re.escape(record['label'])}\s+{record['count']}\s", terminal, re.M)
    assert sum(r["count"] for r in records) == len(
        json.loads(invoke("clusters", "-o", "json").stdout)
    )


def test_stats_bars_are_drawn_in_a_terminal_only() -> None:
    env = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    assert "█" in invoke("stats", env=env).stdout
    piped = invoke("stats").stdout
    assert piped.splitlines()[0] == "id\tlabel\tcount"
    assert "█" not in piped
    assert "#" not in piped


def test_view_fields_sort_and_limit() -> None:
    records = json.loads(
        invoke(
            "timeline", "--fields", "date,title", "--sort", "-date", "--limit", "2", "-o", "json"
        ).stdout
    )
    assert [list(r) for r in records] == [["type", "id", "date", "title"]] * 2
    assert records[0]["date"] >= records[1]["date"]
    bad = invoke("stats", "--fields", "cont")
    assert bad.exit_code == 2
    assert "did you mean 'count'" in bad.stderr


# --- hostile text -----------------------------------------------------------------------------


def hostile(*args: str) -> str:
    result = invoke("--no-builtin", "--catalog", str(FIXTURES / "hostile.yaml"), *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("color", ["never", "always"])
@pytest.mark.parametrize(
    "args", [["clusters"], ["timeline", "--cite"], ["show", "bold"], ["show", "markup"],
             ["search", "evil"], ["compare", "bold", "markup"], ["sources"]],
)  # fmt: skip
def test_hostile_text_is_inert_in_the_terminal(args: list[str], color: str) -> None:
    out = hostile("--color", color, *args)
    for byte in ("\x07", "\x08", "\x00", "\x7f", "\u202e"):
        assert byte not in out
    if color == "never":
        assert "\x1b" not in out
    else:
        assert "\x1b[31mred" not in out  # the catalog's own escape never reaches the terminal
    if "clusters" in args or "show" in args:
        assert "[bold red]loud[/]" in out or "# not a heading &lt;b&gt;" in out


def test_hostile_text_in_machine_formats() -> None:
    data = json.loads(hostile("clusters", "-o", "json"))
    names = {record["id"]: record["name"] for record in data}
    assert names["markup"] == "# not a heading &lt;b&gt; www.example.com ~~struck~~"
    out = hostile("milestones", "-o", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["title"] == "'-cmd|' /C calc'!A0"
    sources = list(csv.DictReader(io.StringIO(hostile("sources", "-o", "csv"))))
    assert sources[0]["title"].startswith("'=HYPERLINK")
    assert sources[0]["publisher"] == "'@SUM(1+1)"
    md = hostile("clusters", "-o", "md")
    assert "\\[bold red\\]loud\\[/\\]" in md
    assert "\\<script\\>" in md
    assert "line one<br>line two \\| with a pipe and \\*stars\\*" in md
    assert len(md.strip().splitlines()) == 4  # header, rule, one line per record
    assert yaml.safe_load(hostile("clusters", "-o", "yaml"))[1]["name"].startswith("[bold red]")


def test_hostile_golden(request: pytest.FixtureRequest) -> None:
    check_golden(request, "hostile-clusters.txt", hostile("clusters"))
    check_golden(request, "hostile-show.txt", hostile("show", "markup"))
    check_golden(request, "hostile-clusters.md", hostile("clusters", "-o", "md"))
    check_golden(request, "hostile-milestones.csv", hostile("milestones", "-o", "csv"))
