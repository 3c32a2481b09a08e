"""Start-up cost of clusterctl commands, as ratios to bare imports measured in the same run.

Usage: python benchmarks/startup.py [--runs N]

Each command is run N times in fresh processes, interleaved round-robin so machine noise hits
every command alike; the median wall time of each is divided by the median of its baseline.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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
}
RATIOS = {
    "clusterctl --version": "baseline: import typer",
    "clusterctl show daedeok-innopolis -o json": "baseline: import typer",
    "clusterctl milestones -o json": "baseline: import typer",
    "clusterctl milestones (table)": "baseline: import typer, rich.console, rich.table",
    "clusterctl validate": "baseline: import typer, rich.console, rich.table",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(runs):
        for name, command in CASES.items():
            start = time.perf_counter()
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
            )
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"| command | median ms ({runs} runs) | ratio to baseline |")
    print("| --- | ---: | ---: |")
    for name in CASES:
        base = RATIOS.get(name)
        ratio = f"{median[name] / median[base]:.2f}x" if base else "1.00x (baseline)"
        print(f"| `{name}` | {median[name] * 1000:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
