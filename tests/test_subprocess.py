"""The CLI as a real process: pipes, `head`, exit codes, start-up imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import MINI, ROOT, run_cli, subprocess_env

FORMATS = ["table", "json", "jsonl"]


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
    if fmt != "table":
        assert "\x1b" not in result.stdout
    plain = run_cli("clusters", "-o", fmt)
    assert "\x1b" not in plain.stdout


def test_no_color_beats_force_color() -> None:
    env = subprocess_env(FORCE_COLOR="1", NO_COLOR="1")
    assert "\x1b" not in run_cli("clusters", env=env).stdout


def test_a_json_lookup_loads_neither_rich_nor_dateutil() -> None:
    code = (
        "import sys\n"
        "from clusterctl.cli.app import run\n"
        "run(['show', 'daedeok-innopolis', '-o', 'json'])\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(('rich', 'dateutil')))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=True,
    )
    assert result.stderr.strip() == "[]"


def test_version_loads_no_yaml() -> None:
    code = (
        "import sys\n"
        "from clusterctl.cli.app import run\n"
        "run(['--version'])\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(('rich', 'yaml', 'dateutil')))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=True,
    )
    assert result.stderr.strip() == "[]"
