"""The benchmark scripts still run (at their smallest), so the README's figures can be redone.

Only that they finish and print their tables is checked: timings are never asserted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from clusterctl.catalog.loader import CatalogSelection, load
from tests.conftest import ROOT, subprocess_env

BENCHMARKS = ROOT / "benchmarks"


def run_benchmark(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=BENCHMARKS,
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def says_how_it_measured(out: str) -> None:
    """The machine state a reader needs to compare: bytecode and load average."""
    assert "\nbytecode: not compiled first (--no-compile); " in out  # tests write no bytecode
    assert "\nload average (1 / 5 / 15 min): " in out


def verdicts(out: str) -> list[str]:
    """The target rows of a benchmark's last table, each ending pass, miss or unmeasured."""
    table = out.split("| target (ratio of median CPU time) | measured | limit | |")[1]
    return [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]


@pytest.mark.slow
def test_startup_benchmark_prints_its_ratios_and_targets() -> None:
    out = run_benchmark("startup.py", "--runs", "1", "--no-compile")
    says_how_it_measured(out)
    assert "| `clusterctl show daedeok-innopolis -o json` |" in out
    assert "| `clusterctl clusters (terminal)` |" in out
    assert "| import clusterctl's modules |" in out
    assert "| `clusters`, terminal |" in out
    rows = verdicts(out)
    assert len(rows) == 4
    assert all(row.endswith(("| pass |", "| miss |")) for row in rows)


@pytest.mark.slow
def test_scale_benchmark_prints_its_summary_and_targets() -> None:
    out = run_benchmark(
        "scale.py", "--sizes", "1", "--runs", "1", "--modes", "cold,warm", "--no-compile"
    )
    says_how_it_measured(out)
    milestones = len(load(CatalogSelection()).of_type("milestone"))
    assert f"| x1 | {milestones} |" in out  # the shipped catalog, as it is
    assert "peak RSS MiB" in out
    rows = verdicts(out)
    assert len(rows) == 4
    assert all("not measured" in row for row in rows)  # they need x100


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("yq") is None, reason="yq is not installed")
def test_yq_benchmark_agrees_with_yq() -> None:
    out = run_benchmark("yq_compare.py", "--sizes", "1", "--runs", "1", "--no-compile")
    says_how_it_measured(out)
    rows = [line for line in out.splitlines() if line.startswith("| x1 |")]
    assert len(rows) == 3
    assert all("| ok |" in row for row in rows)
