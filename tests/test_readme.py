"""The README's examples are real: each `$ clusterctl ...` block is re-run and compared."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.conftest import ROOT, invoke

README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (clusterctl [^\n]*)\n(.*?)```", re.DOTALL)


def render(command: str) -> str:
    result = invoke(*shlex.split(command)[1:])
    return result.stdout + result.stderr


def test_readme_examples_are_current(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    text = README.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 12, "every command has an example"
    if request.config.getoption("--update-golden"):
        updated = BLOCK.sub(lambda m: f"```console\n$ {m[1]}\n{render(m[1])}```", text)
        README.write_text(updated, encoding="utf-8")
        return
    for command, shown in blocks:
        assert render(command) == shown, f"README output of `{command}` is stale"


def test_readme_documents_every_exit_code_and_both_commands() -> None:
    text = README.read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 130 |"):
        assert code in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = ci.strip().splitlines()[-1]
    assert test_command in text, ".ci/run must run the README's test command"
