"""Clean in a pipe: ``-o table`` on a non-terminal and ``-o tsv`` anywhere write TSV.

One record a line under a header of record keys, cells split by one tab; no padding, rules,
group rows, colour or wrapping. An empty result writes the header alone (``[]`` in JSON) and
says so on stderr.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import (
    FIXTURES,
    MINI,
    check_golden,
    invoke,
    mini,
    run_cli,
    subprocess_env,
)

BROKEN = FIXTURES / "broken" / "unknown-reference.yaml"
TERMINAL = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1"}

# Every command that prints records, as a pipe sees it (-o table, the default).
PIPED = {
    "clusters": ["clusters"],
    "clusters --cite": ["clusters", "--cite"],
    "clusters --fields": ["clusters", "--fields", "name,location,industries"],
    "milestones": ["milestones"],
    "milestones --cite": ["milestones", "--cite"],
    "policies": ["policies"],
    "actors": ["actors"],
    "sources": ["sources"],
    "regions": ["regions"],
    "industries": ["industries"],
    "eras": ["eras"],
    "eras --cite": ["eras", "--kind", "acting-presidency", "--cite"],
    "show era": ["show", "moon-jae-in-administration"],
    "timeline": ["timeline"],
    "timeline --cite": ["timeline", "--cite"],
    "timeline --group-by year": ["timeline", "--group-by", "year"],
    "timeline --group-by cluster": ["timeline", "--group-by", "cluster"],
    "timeline --group-by policy": ["timeline", "--group-by", "policy"],
    "timeline --group-by none": ["timeline", "--group-by", "none"],
    "timeline --fields": ["timeline", "--fields", "date,title", "--sort", "-date"],
    "compare 2": ["compare", "pangyo-techno-valley", "daedeok-innopolis"],
    "compare 3": ["compare", "daedeok-innopolis", "boston-cambridge-biotech", "busan-innopolis"],
    "search": ["search", "bio"],
    "search --cite": ["search", "바이오", "--cite"],
    "stats": ["stats"],
    "stats --by region": ["stats", "--by", "region", "--cite"],
    "show cluster": ["show", "daedeok-innopolis"],
    "show milestone": ["show", "2005-07-daedeok-special-rd-zone"],
    "show policy": ["show", "daedeok-special-zone-act"],
    "show actor": ["show", "motie"],
    "show source": ["show", "daejeon-city-innopolis"],
    "show region": ["show", "KR-30"],
    "show industry": ["show", "biotech"],
    "validate -o tsv": ["validate", "-o", "tsv"],
    "validate -o tsv (errors)": ["--no-builtin", "validate", str(BROKEN), "-o", "tsv"],
}
# These run as real processes with a real pipe; the rest in-process (not a terminal either).
SUBPROCESS = {"clusters", "timeline --group-by cluster", "compare 3", "show cluster", "search"}


def parse(text: str) -> list[list[str]]:
    """TSV as ``csv`` reads it: a tab between cells, no quoting."""
    return list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def assert_clean(text: str) -> list[list[str]]:
    """Rows of equal length, nothing but text: no escape byte, no padding, no rules."""
    assert text.endswith("\n")
    assert "\x1b" not in text
    assert "\r" not in text
    assert "   " not in text, "a run of spaces is padding"
    assert " | " not in text
    rows = parse(text)
    assert len({len(row) for row in rows}) == 1, "every line has the header's cells"
    for row in rows:
        assert all(c == c.strip() for c in row), row
    assert not any(re.fullmatch(r"[-+=─━ ]+", "".join(row)) for row in rows), "a rule line"
    return rows


def piped(name: str) -> str:
    args = PIPED[name]
    if name in SUBPROCESS:
        result = run_cli(*args)
        assert result.returncode == (3 if "errors" in name else 0), result.stderr
        assert_only_notes(result.stderr)
        return result.stdout
    ran = invoke(*args)
    assert ran.exit_code == (3 if "errors" in name else 0), ran.stderr
    assert_only_notes(ran.stderr)
    return ran.stdout


def assert_only_notes(stderr: str) -> None:
    """Nothing on stderr but notes (a grouped timeline says how many distinct milestones)."""
    assert all(line.startswith("clusterctl: note: ") for line in stderr.splitlines()), stderr


@pytest.mark.parametrize("name", sorted(PIPED))
def test_every_command_in_a_pipe_is_tsv(name: str) -> None:
    rows = assert_clean(piped(name))
    assert len(rows) >= 2 or name == "validate -o tsv", "a header and records"


def test_the_header_of_every_command_is_pinned(request: pytest.FixtureRequest) -> None:
    lines = []
    for name in sorted(PIPED):
        header = piped(name).split("\n", 1)[0]
        lines.append(f"{name}\n    {header.replace(chr(9), ' <TAB> ')}\n")
    check_golden(request, "tsv-headers.txt", "".join(lines))


@pytest.mark.parametrize("name", ["clusters", "timeline", "compare 3", "show region", "stats"])
def test_tsv_is_the_same_on_a_terminal_and_in_a_pipe(name: str) -> None:
    args = PIPED[name]
    table = invoke(*args).stdout
    assert invoke(*args, "-o", "tsv").stdout == table
    assert invoke(*args, "-o", "tsv", env=TERMINAL).stdout == table
    assert invoke(*args, env=TERMINAL).stdout != table  # a terminal still gets its table


def test_listings_are_one_record_a_line_under_their_record_keys() -> None:
    rows = parse(piped("clusters"))
    records = json.loads(invoke("clusters", "-o", "json").stdout)
    assert rows[0] == ["id", "name", "name_ko", "kind", "region", "established"]
    assert [r[0] for r in rows[1:]] == [r["id"] for r in records]
    for row, record in zip(rows[1:], records, strict=True):
        assert row[5] == (record["established"] or "")  # the partial date, as in JSON
    milestones = parse(piped("milestones"))
    assert milestones[0] == ["date", "id", "title", "clusters"]
    data = json.loads(invoke("milestones", "-o", "json").stdout)
    several = next(r for r in data if len(r["clusters"]) > 1)
    line = next(row for row in milestones if row[1] == several["id"])
    assert line[3] == "; ".join(several["clusters"])  # lists join with "; ", as in CSV


def test_fields_pick_columns_with_the_id_first_and_cite_adds_source_ids() -> None:
    rows = parse(piped("clusters --fields"))
    assert rows[0] == ["id", "name", "location.lat", "location.lon", "industries"]
    cited = parse(piped("milestones --cite"))
    assert cited[0][-1] == "sources"
    records = json.loads(invoke("milestones", "-o", "json").stdout)
    assert [row[-1] for row in cited[1:]] == ["; ".join(r["sources"]) for r in records]


def test_the_timeline_in_a_pipe_has_no_rules_or_year_rows() -> None:
    """Seen: ``timeline | cat`` printed 33 rules of 630 dashes and year rows."""
    out = run_cli("timeline").stdout
    assert not re.search(r"-{10}", out)
    rows = parse(out)
    records = json.loads(run_cli("timeline", "-o", "json").stdout)
    assert len(rows) == len(records) + 1, "one line per record, nothing else"
    header = rows[0]
    for row, record in zip(rows[1:], records, strict=True):
        line = dict(zip(header, row, strict=True))
        assert (line["group"], line["id"], line["date"]) == (
            record["group"],
            record["id"],
            record["date"],
        )


@pytest.mark.parametrize("group_by", ["year", "cluster", "policy", "none"])
def test_the_timeline_group_is_a_column(group_by: str) -> None:
    rows = parse(invoke("timeline", "--group-by", group_by).stdout)
    assert rows[0][:3] == ["group", "group_id", "date"]
    records = json.loads(invoke("timeline", "--group-by", group_by, "-o", "json").stdout)
    assert [(r[0], r[3]) for r in rows[1:]] == [(r["group"], r["id"]) for r in records]
    assert [r[1] for r in rows[1:]] == [r.get("group_id") or "" for r in records]


def test_compare_in_a_pipe_wraps_no_label() -> None:
    """Seen: ``compare | cat`` wrapped long figure labels over several lines."""
    out = run_cli("compare", "pangyo-techno-valley", "daedeok-innopolis").stdout
    rows = parse(out)
    assert rows[0] == ["attribute", "pangyo-techno-valley", "daedeok-innopolis"]
    attributes = [row[0] for row in rows[1:]]
    assert len(attributes) == len(set(attributes)), "each attribute once, on one line"
    records = json.loads(run_cli("compare", "pangyo-techno-valley", "daedeok-innopolis",
                                 "-o", "json").stdout)  # fmt: skip
    labels = {f["label"] for r in records for f in r["figures"]}
    assert labels and {f"figures.{label}" for label in labels} <= set(attributes)
    assert attributes[:5] == ["name", "name_ko", "kind", "country", "region"]


def test_compare_columns_follow_the_argument_order() -> None:
    names = ["busan-innopolis", "daedeok-innopolis", "boston-cambridge-biotech"]
    assert parse(invoke("compare", *names).stdout)[0] == ["attribute", *names]
    assert parse(invoke("compare", *reversed(names)).stdout)[0] == ["attribute", *names[::-1]]


def test_show_is_field_and_value_with_a_line_per_item() -> None:
    rows = parse(piped("show cluster"))
    assert rows[0] == ["field", "value"]
    assert rows[1:3] == [["type", "cluster"], ["id", "daedeok-innopolis"]]
    record = json.loads(invoke("show", "daedeok-innopolis", "-o", "json").stdout)
    assert [v for f, v in rows if f == "aliases"] == record["aliases"]
    assert [v for f, v in rows if f == "location.lat"] == [str(record["location"]["lat"])]
    referenced = [v for f, v in rows if f == "referenced_by"]
    assert len(referenced) == len(record["referenced_by"])
    for value, link in zip(referenced, record["referenced_by"], strict=True):
        assert value == f"{link['type']} {link['id']} {link['label']}"


def test_validate_keeps_compiler_lines_for_table_and_gives_columns_for_tsv() -> None:
    table = run_cli("--no-builtin", "validate", str(BROKEN))
    assert table.returncode == 3
    assert re.match(
        r"^\S+unknown-reference\.yaml:12:15: error\[unknown-reference\]: ", table.stdout
    )
    rows = parse(piped("validate -o tsv (errors)"))
    assert rows[0] == ["path", "line", "column", "severity", "code", "message", "hint"]
    assert rows[1][1:5] == ["12", "15", "error", "unknown-reference"]
    assert rows[1][6] == "did you mean 'src'?"


def test_documents_have_no_tsv() -> None:
    assert invoke("schema", "-o", "tsv").exit_code == 2
    assert invoke("export", "-o", "tsv").exit_code == 2


def test_catalog_text_cannot_split_a_line_or_a_cell() -> None:
    hostile = ["--no-builtin", "--catalog", str(FIXTURES / "hostile.yaml")]
    for args in (["clusters", "--fields", "name,summary"], ["show", "markup"], ["timeline"],
                 ["compare", "bold", "markup"], ["sources"]):  # fmt: skip
        out = invoke(*hostile, *args).stdout
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), args
        assert len({len(row) for row in parse(out)}) == 1, args
    summaries = parse(invoke(*hostile, "clusters", "--fields", "summary").stdout)
    cells = [row[1] for row in summaries[1:]]
    assert any("line one line two | with a pipe" in c for c in cells)  # a break is a space


def _shell(pipeline: str) -> str:
    command = f"{sys.executable} -m clusterctl --no-builtin --catalog {MINI} {pipeline}"
    return subprocess.run(
        ["sh", "-c", command],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=True,
    ).stdout


@pytest.mark.skipif(not shutil.which("cut") or not shutil.which("awk"), reason="no cut or awk")
def test_shell_tools_read_it() -> None:
    ids = [r["id"] for r in json.loads(mini("milestones", "-o", "json").stdout)]
    assert _shell("milestones | cut -f2").splitlines() == ["id", *ids]
    assert _shell("milestones | awk -F'\\t' 'NR > 1 {print $2}'").splitlines() == ids
    if shutil.which("column"):
        aligned = _shell("regions | column -t -s \"$(printf '\\t')\"").splitlines()
        assert aligned[0].split() == [
            "id", "name", "name_ko", "country", "cluster_count", "milestone_count"
        ]  # fmt: skip
        assert aligned[2].split()[:2] == ["KR-30", "Daejeon"]


# --- empty results ---------------------------------------------------------------------------

NONE = ["milestones", "--since", "2099"]
MILESTONE_HEADER = "date\tid\ttitle\tclusters\n"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", MILESTONE_HEADER),
        ("tsv", MILESTONE_HEADER),
        ("json", "[]\n"),
        ("jsonl", ""),
        ("yaml", "[]\n"),
    ],
)
def test_an_empty_result_is_its_header_and_a_note_on_stderr(fmt: str, expected: str) -> None:
    result = invoke(*NONE, "-o", fmt)
    assert result.exit_code == 0
    assert result.stdout == expected
    assert result.stderr == "clusterctl: note: no milestone records match\n"


def test_an_empty_csv_has_the_full_header() -> None:
    result = invoke("clusters", "--since", "2999", "-o", "csv")
    assert result.exit_code == 0
    header = result.stdout.splitlines()
    assert len(header) == 1
    full = invoke("clusters", "-o", "csv").stdout.splitlines()[0]
    assert header[0] == full
    assert "location.lat,location.lon" in header[0]
    assert result.stderr == "clusterctl: note: no cluster records match\n"


def test_an_empty_result_on_a_terminal_says_so_on_stderr_only() -> None:
    result = invoke(*NONE, env=TERMINAL)
    assert result.exit_code == 0
    assert "match" not in result.stdout
    assert result.stderr == "clusterctl: note: no milestone records match\n"


@pytest.mark.parametrize(
    ("args", "note", "header"),
    [
        (["timeline", "--since", "2099"], "no milestone records match",
         "group\tgroup_id\tdate\tid\ttitle\tclusters"),
        (["search", "zqxjv"], "no records match 'zqxjv'",
         "type\tid\tlabel\tscore\tmatch.field\tmatch.text"),
        (["policies", "--kind", "law", "--since", "2099"], "no policy records match",
         "id\tname\tname_ko\tkind\tannounced"),
    ],
)  # fmt: skip
def test_every_empty_view_writes_its_header(args: list[str], note: str, header: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 0
    assert result.stdout == header + "\n"
    assert result.stderr == f"clusterctl: note: {note}\n"
    assert run_cli(*args, "-o", "json").stdout == "[]\n"


def test_a_result_with_records_says_nothing_on_stderr() -> None:
    result = invoke("milestones", "--limit", "1")
    assert result.stderr == ""
