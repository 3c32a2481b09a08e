"""Start-up cost of clusterctl commands, as ratios to bare imports measured in the same run.

Usage: python benchmarks/startup.py [--runs N]

Each command is run N times in fresh processes, interleaved round-robin so machine noise hits
every command alike; the median wall time of each is divided by the median of its baseline.
The parse cache lives in a temporary directory, filled by one untimed round first, so the
plain rows are what a user sees on every run but the first after an edit; the --no-cache rows
are that first run (without writing the cache).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PY = sys.executable
CASES = {
    "baseline: import typer": [PY, "-c", "import typer"],
    "baseline: import typer, rich.console, rich.table": [
        PY,
        "-c",
        "import typer, rich.console, rich.table",
    ],
    "clusterctl --version": [PY, "-m", "clusterctl", "--version"],
    "clusterctl show daedeok-innopolis -o json": [
        PY,
        "-m",
        "clusterctl",
        "show",
        "daedeok-innopolis",
        "-o",
        "json",
    ],
    "clusterctl milestones -o json": [PY, "-m", "clusterctl", "milestones", "-o", "json"],
    "clusterctl milestones (table)": [PY, "-m", "clusterctl", "milestones"],
    "clusterctl validate": [PY, "-m", "clusterctl", "validate"],
    "clusterctl --no-cache show daedeok-innopolis -o json": [
        PY,
        "-m",
        "clusterctl",
        "--no-cache",
        "show",
        "daedeok-innopolis",
        "-o",
        "json",
    ],
    "clusterctl --no-cache milestones (table)": [
        PY,
        "-m",
        "clusterctl",
        "--no-cache",
        "milestones",
    ],
}
RATIOS = {
    "clusterctl --version": "baseline: import typer",
    "clusterctl show daedeok-innopolis -o json": "baseline: import typer",
    "clusterctl milestones -o json": "baseline: import typer",
    "clusterctl milestones (table)": "baseline: import typer, rich.console, rich.table",
    "clusterctl validate": "baseline: import typer, rich.console, rich.table",
    "clusterctl --no-cache show daedeok-innopolis -o json": "baseline: import typer",
    "clusterctl --no-cache milestones (table)": "baseline: import typer, rich.console, rich.table",
}


# Where a warm lookup's time goes, measured inside a fresh process (the interpreter's own
# start-up is the rest of the wall time).
SPLIT = """
import io, sys, time
t0 = time.perf_counter()
import typer
t1 = time.perf_counter()
from clusterctl.cli.app import run
t2 = time.perf_counter()
sys.stdout = io.StringIO()
run(["show", "daedeok-innopolis", "-o", "json"])
t3 = time.perf_counter()
sys.stdout = sys.__stdout__
print(t1 - t0, t2 - t1, t3 - t2)
"""
PARTS = ("import typer", "import clusterctl's modules", "run the command (cache hit)")


def split(runs: int, env: dict[str, str]) -> dict[str, float]:
    samples: list[list[float]] = [[], [], []]
    for _ in range(runs):
        out = subprocess.run(
            [PY, "-c", SPLIT], capture_output=True, text=True, env=env, check=True
        ).stdout
        for bucket, value in zip(samples, out.split(), strict=True):
            bucket.append(float(value))
    return {part: statistics.median(values) for part, values in zip(PARTS, samples, strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {name: [] for name in CASES}
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        for round_number in range(runs + 1):
            for name, command in CASES.items():
                start = time.perf_counter()
                subprocess.run(
                    command,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                    check=True,
                )
                if round_number:  # round 0 fills the cache
                    times[name].append(time.perf_counter() - start)
        parts = split(runs, env)
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"| command | median ms ({runs} runs) | ratio to baseline |")
    print("| --- | ---: | ---: |")
    for name in CASES:
        base = RATIOS.get(name)
        ratio = f"{median[name] / median[base]:.2f}x" if base else "1.00x (baseline)"
        print(f"| `{name}` | {median[name] * 1000:.0f} | {ratio} |")
    print()
    print("| `show daedeok-innopolis -o json`, inside the process | median ms |")
    print("| --- | ---: |")
    for part, seconds in parts.items():
        print(f"| {part} | {seconds * 1000:.1f} |")


if __name__ == "__main__":
    main()
