"""The CLI as a real process: pipes, `head`, exit codes, start-up imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import MINI, ROOT, imported, run_cli, subprocess_env

FORMATS = ["table", "json", "jsonl", "csv", "yaml", "md"]


def test_python_dash_m_and_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("clusterctl ")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["clusters", "-o", "json"], 0),
        (["milestones", "--since", "2099", "-o", "json"], 0),
        (["milestones", "--since", "nope"], 2),
        (
            ["--no-builtin", "--catalog", str(ROOT / "tests/fixtures/broken/tab.yaml"), "clusters"],
            3,
        ),
        (["show", "daedeok-inopolis"], 4),
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    result = run_cli(*args)
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    if code:
        assert result.stderr.startswith("clusterctl: error: ")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ["milestones", "clusters", "sources"])
def test_piping_into_head_is_quiet(fmt: str, command: str) -> None:
    # Buffered output is what hides a broken pipe until exit, so PYTHONUNBUFFERED stays unset.
    env = subprocess_env()
    cli = f"{sys.executable} -m clusterctl {command} -o {fmt}"
    script = f"{cli} | head -1; {cli} | head -c 10 >/dev/null"
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.stderr == ""
    assert result.stdout.strip()


@pytest.mark.parametrize("args", [["milestones", "-o", "jsonl"], ["--help"], ["timeline"]])
def test_a_closed_stdout_exits_zero_without_noise(args: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterctl", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert err == b""
    assert proc.returncode == 0


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_json_parses_with_jq() -> None:
    script = (
        f"{sys.executable} -m clusterctl milestones -o json "
        "| jq -r '.[] | select(.kind == \"visit\") | .date'"
    )
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=True,
    )
    assert "2023-07-04/2023-07-09" in result.stdout.split()


def test_jsonl_is_one_record_a_line() -> None:
    result = run_cli("--no-builtin", "--catalog", str(MINI), "milestones", "-o", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["id"] for line in lines] == [
        "daedeok-founded",
        "special-zone",
        "us-visit",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_escape_codes_reach_a_pipe_even_with_force_color(fmt: str) -> None:
    env = subprocess_env(FORCE_COLOR="1")
    result = run_cli("clusters", "-o", fmt, env=env)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout  # piped, a table is TSV, and TSV is never coloured
    plain = run_cli("clusters", "-o", fmt)
    assert "\x1b" not in plain.stdout


def test_no_color_beats_force_color() -> None:
    env = subprocess_env(FORCE_COLOR="1", NO_COLOR="1")
    assert "\x1b" not in run_cli("clusters", env=env).stdout


# What each command needs to be given to run; the rest run as they are.
COMMAND_ARGS = {
    "show": ["daedeok-innopolis"],
    "compare": ["daedeok-innopolis", "osong-bio-cluster"],
    "search": ["bio"],
}
# Modules worth watching: Rich, PyYAML, dateutil and the parts of clusterctl (and of the
# standard library) that only some commands or formats use.
WATCHED = (
    "rich",
    "yaml",
    "dateutil",
    "csv",
    "sqlite3",
    "clusterctl.render.terminal",
    "clusterctl.render.briefing",
    "clusterctl.render.export",
    "clusterctl.catalog.yamlio",
    "clusterctl.catalog.build",
    "clusterctl.catalog.textindex",
)
# Run in one real process: it starts as the console script does, fills the parse cache once,
# then forks a child per command line, with stdout going to /dev/null (not a terminal); each
# child reports the watched modules it has loaded.
FORK_EACH = """
import json, os, sys
from clusterctl.cli.app import run

def loaded(args):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            code = run(args)
        except BaseException as exc:
            code = repr(exc)
        found = sorted(m for m in sys.modules if m.startswith(WATCHED))
        os.write(write, json.dumps([code, found]).encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 1 << 16):
        data += chunk
    os.waitpid(pid, 0)
    return json.loads(data)

loaded(["clusters", "-o", "json"])
print(json.dumps([loaded(args) for args in json.loads(sys.stdin.read())]))
"""


def _command_lines() -> list[list[str]]:
    from clusterctl.cli.app import COMMANDS
    from clusterctl.cli.commands.export import ExportFormat
    from clusterctl.render.formats import Format

    lines = []
    for command in COMMANDS:
        args = [command, *COMMAND_ARGS.get(command, [])]
        if command == "schema":
            lines.append(args)
            continue
        formats = ExportFormat if command == "export" else Format
        lines.extend([*args, "-o", fmt.value] for fmt in formats)
    return lines


def _needed(args: list[str]) -> set[str]:
    """The watched modules a warm run of ``args`` may load: what its format needs."""
    command, fmt = args[0], args[-1] if "-o" in args else "json"
    needed = set()
    if fmt == "svg" and command == "show":  # the terminal view, recorded
        needed |= {"rich", "clusterctl.render.terminal"}
    briefings = {"timeline": ("md", "html", "svg"), "show": ("md", "html"),
                 "compare": ("md", "html", "svg"), "clusters": ("html", "svg")}  # fmt: skip
    if fmt in briefings.get(command, ()):
        # briefings, charts and maps say when they were made (render.export.generated_at)
        needed.add("clusterctl.render.export")
        if not (command in ("timeline", "clusters") and fmt == "svg"):  # the chart, the map
            needed.add("clusterctl.render.briefing")
    if fmt == "yaml":
        needed.add("yaml")
    if fmt == "csv":
        needed.add("csv")
    if command == "export":
        needed.add("clusterctl.render.export")
    if command == "search":
        needed.add("clusterctl.catalog.textindex")
    return needed


def test_start_up_imports_only_what_the_command_and_format_need() -> None:
    """Every command with every format, its output piped: Rich only for an SVG, PyYAML only
    for YAML, dateutil and the YAML parser never (the catalog comes from the cache)."""
    lines = _command_lines()
    script = f"WATCHED = {WATCHED!r}\n{FORK_EACH}"
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(lines),
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=600,
        check=True,
    )
    reports = json.loads(result.stdout)
    assert len(reports) == len(lines) > 100
    wrong = []
    for args, (code, found) in zip(lines, reports, strict=True):
        modules = {m if m.startswith("clusterctl") else m.split(".")[0] for m in found}
        # the briefing package's modules count as one: which of them a format needs is its own
        modules = {
            "clusterctl.render.briefing" if m.startswith("clusterctl.render.briefing.") else m
            for m in modules
        }
        needed = _needed(args)
        # A usage error (html for a listing) may stop before it loads what it would need.
        if not (modules == needed if code == 0 else code == 2 and modules <= needed):
            wrong.append(f"{' '.join(args)}: exit {code}, loads {sorted(modules)}")
    assert wrong == []


@pytest.mark.parametrize(
    ("args", "unwanted"),
    [
        (["--version"], ("rich", "yaml", "dateutil")),
        (["timeline", "--group-by", "cluster", "-o", "tsv"], ("rich",)),
    ],
    ids=" ".join,
)
def test_start_up_imports_only_what_the_command_needs(
    args: list[str], unwanted: tuple[str, ...]
) -> None:
    assert imported(args, unwanted) == []


def test_csv_from_a_real_pipe_reads_back() -> None:
    import csv
    import io

    out = run_cli("milestones", "-o", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    count = len(json.loads(run_cli("milestones", "-o", "json").stdout))
    assert len(rows) == count
    assert all(row["id"] and row["date"] for row in rows)


def test_term_dumb_and_no_color_turn_colour_off_on_a_terminal() -> None:
    assert "\x1b[" in run_cli("clusters", env=subprocess_env(TTY_COMPATIBLE="1")).stdout
    dumb = subprocess_env(TTY_COMPATIBLE="1", TERM="dumb")
    assert "\x1b[" not in run_cli("clusters", env=dumb).stdout
    no_color = subprocess_env(TTY_COMPATIBLE="1", NO_COLOR="1")
    assert "\x1b[" not in run_cli("clusters", env=no_color).stdout
    assert "\x1b[" in run_cli("--color", "always", "clusters", env=dumb).stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("clusterctl show daedeok-inno", "daedeok-innopolis"),
        ("clusterctl compare gwangju-inno", "gwangju-innopolis"),
        ("clusterctl clusters --kind bio-", "bio-cluster"),
        ("clusterctl milestones --cluster magok", "magok-industrial-complex"),
        ("clusterctl clusters -o ", "jsonl"),
        ("clusterctl tim", "timeline"),
    ],
)
def test_shell_completion_offers_commands_values_and_catalog_ids(words: str, expected: str) -> None:
    parts = words.split(" ")
    env = subprocess_env(
        _CLUSTERCTL_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1)
    )
    result = subprocess.run(
        [sys.executable, "-c", "from clusterctl.cli.app import main; main()"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert expected in result.stdout.split()
