"""The README's examples are real: each `$ clusterctl ...` block is re-run and compared."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterctl.cli.app import app
from tests.conftest import ROOT, invoke, subprocess_env

README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (clusterctl [^\n]*)\n(.*?)```", re.DOTALL)
# The same commands as a terminal of N columns shows them (colour aside): ```terminal-N
TERMINAL = re.compile(r"```terminal-(\d+)\n\$ (clusterctl [^\n]*)\n(.*?)```", re.DOTALL)


def render(command: str) -> str:
    if any(token in command for token in ("|", ">", "&&")):
        return pipeline(command)
    result = invoke(*shlex.split(command)[1:])
    return result.stdout + result.stderr


def on_a_terminal(columns: str, command: str) -> str:
    """What a terminal ``columns`` wide shows, without colour (pty tests check the real one)."""
    env = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": columns}
    result = CliRunner().invoke(app, shlex.split(command)[1:], env=env, catch_exceptions=False)
    return result.stdout + result.stderr


def pipeline(command: str) -> str:
    """Run a shell example for real, with this interpreter's clusterctl and python first."""
    bindir = str(Path(sys.executable).parent)
    env = subprocess_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_readme_examples_are_current(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    text = README.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 12, "every command has an example"
    if request.config.getoption("--update-golden"):
        updated = BLOCK.sub(lambda m: f"```console\n$ {m[1]}\n{render(m[1])}```", text)
        updated = TERMINAL.sub(
            lambda m: f"```terminal-{m[1]}\n$ {m[2]}\n{on_a_terminal(m[1], m[2])}```", updated
        )
        README.write_text(updated, encoding="utf-8")
        return
    for command, shown in blocks:
        assert render(command) == shown, f"README output of `{command}` is stale"
    terminal = TERMINAL.findall(text)
    assert len(terminal) >= 3, "the terminal form beside the piped one"
    for columns, command, shown in terminal:
        assert on_a_terminal(columns, command) == shown, f"terminal output of `{command}` is stale"


def test_readme_documents_every_exit_code_and_both_commands() -> None:
    text = README.read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 130 |"):
        assert code in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = ci.strip().splitlines()[-1]
    assert test_command in text, ".ci/run must run the README's test command"
