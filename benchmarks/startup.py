"""Start-up cost of clusterctl commands, as ratios to bare imports measured in the same run.

Usage: python benchmarks/startup.py [--runs N] [--no-compile]

Each command runs N times as a fresh process, interleaved round-robin so machine noise hits
every command alike. For each the script takes the median CPU time (user + system, from the
operating system's accounting of the finished process, os.wait4) and the median wall time,
and divides the CPU medians by the median of a baseline measured in the same rounds: a bare
``python -c "import typer"`` (the framework clusterctl is built on), and that plus Rich's
console and table (what a table on a terminal needs). CPU time is what the ratios use: on a
shared machine, wall time also counts the time other processes held the CPU.

clusterctl runs as a user runs it: the console script beside this Python (else
``python -m clusterctl``). Its output goes to /dev/null (not a terminal), except for the rows
marked "terminal", which run on a pseudo-terminal of 120 columns. The parse cache lives in
a temporary directory, filled by one untimed round first, so the plain rows are what a user
sees on every run but the first after an edit; the --no-cache rows are that first run.

Before measuring, the bytecode of every module a run may import is compiled (as installing a
package does), unless --no-compile; the first lines say how much of it there is, and the
load average before and after. The last table holds the start-up targets, pass or miss.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass

from measure import bytecode, clusterctl_command, described, load_average

PY = sys.executable
CLI = clusterctl_command()
TYPER = "import typer"
TEARDOWN = "import sys; from clusterctl.cli.app import main; sys.argv[0] = 'clusterctl'; main()"
TYPER_RICH = "import typer, rich.console, rich.table"


@dataclass(frozen=True)
class Case:
    command: list[str]
    baseline: str | None = None  # the name of the case it is a ratio to
    terminal: bool = False


CASES: dict[str, Case] = {
    "python -c pass": Case([PY, "-c", "pass"]),
    TYPER: Case([PY, "-c", TYPER]),
    TYPER_RICH: Case([PY, "-c", TYPER_RICH]),
    "clusterctl --version": Case([*CLI, "--version"], TYPER),
    "clusterctl show daedeok-innopolis -o json": Case(
        [*CLI, "show", "daedeok-innopolis", "-o", "json"], TYPER
    ),
    # The same lookup ending as an in-process caller does: the interpreter tears down
    # every module before the process ends (the console script skips that, see __main__.py).
    "clusterctl show daedeok-innopolis -o json, with teardown": Case(
        [PY, "-c", TEARDOWN, "show", "daedeok-innopolis", "-o", "json"], TYPER
    ),
    "clusterctl clusters": Case([*CLI, "clusters"], TYPER),
    "clusterctl milestones": Case([*CLI, "milestones"], TYPER),
    "clusterctl milestones -o json": Case([*CLI, "milestones", "-o", "json"], TYPER),
    "clusterctl search bio -o json": Case([*CLI, "search", "bio", "-o", "json"], TYPER),
    "clusterctl timeline": Case([*CLI, "timeline"], TYPER),
    "clusterctl stats": Case([*CLI, "stats"], TYPER),
    "clusterctl validate": Case([*CLI, "validate"], TYPER),
    "clusterctl clusters (terminal)": Case([*CLI, "clusters"], TYPER_RICH, terminal=True),
    "clusterctl show daedeok-innopolis (terminal)": Case(
        [*CLI, "show", "daedeok-innopolis"], TYPER_RICH, terminal=True
    ),
    "clusterctl --no-cache show daedeok-innopolis -o json": Case(
        [*CLI, "--no-cache", "show", "daedeok-innopolis", "-o", "json"], TYPER
    ),
    "clusterctl --no-cache clusters": Case([*CLI, "--no-cache", "clusters"], TYPER),
}
# The targets: (case, limit on its CPU ratio to its baseline).
TARGETS = (
    ("clusterctl show daedeok-innopolis -o json", 1.3),
    ("clusterctl clusters", 1.4),
    ("clusterctl milestones", 1.4),
    ("clusterctl clusters (terminal)", 1.3),
)
COLUMNS, LINES = 120, 40


@dataclass(frozen=True)
class Sample:
    cpu: float
    wall: float


def run(case: Case, env: dict[str, str]) -> Sample:
    """Run ``case`` once; its CPU time is the kernel's account of the reaped process."""
    if case.terminal:
        return _run_on_terminal(case.command, env)
    start = time.perf_counter()
    process = subprocess.Popen(
        case.command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    with process.stderr:  # read to the end, then reaped below (not by Popen.wait)
        err = process.stderr.read()
    return _reaped(process, start, err)


def _reaped(process: subprocess.Popen[bytes], start: float, err: bytes) -> Sample:
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{process.args!r} exited {process.returncode}: {err.decode(errors='replace')}")
    return Sample(usage.ru_utime + usage.ru_stime, wall)


def _run_on_terminal(command: list[str], env: dict[str, str]) -> Sample:
    """Run with stdout on a pseudo-terminal of COLUMNS x LINES, reading all it writes."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    child_env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        env={**child_env, "TERM": "xterm-256color"},
    )
    os.close(terminal)
    with contextlib.suppress(OSError):  # EIO once the child has closed its end
        while os.read(controller, 1 << 16):
            pass
    os.close(controller)
    # Popen.wait is not used: os.wait4 reaps the child and reports its resource use.
    return _reaped(process, start, b"")


# Where a command's CPU time goes, measured inside a fresh process (the interpreter's own
# start-up, and its teardown, which the console script skips, are the rest). "terminal": as
# on a terminal of 120 columns (TTY_COMPATIBLE=1, which Rich and clusterctl both honour).
SPLIT = """
import io, os, sys, time
clock = time.process_time
terminal = sys.argv[1] == "terminal"
if terminal:
    os.environ.update(TTY_COMPATIBLE="1", COLUMNS="120", LINES="40", TERM="xterm-256color")
t0 = clock()
import typer
t1 = clock()
if terminal:
    import rich.console, rich.table
t2 = clock()
from clusterctl.cli.app import run
t3 = clock()
sys.stdout = io.StringIO()
run(sys.argv[2:])
t4 = clock()
sys.stdout = sys.__stdout__
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""
PARTS = (
    "import typer",
    "import rich.console, rich.table",
    "import clusterctl's modules",
    "run the command (cache hit)",
)
SPLITS = {
    "`show daedeok-innopolis -o json`": ["piped", "show", "daedeok-innopolis", "-o", "json"],
    "`clusters`, piped": ["piped", "clusters"],
    "`clusters`, terminal": ["terminal", "clusters"],
}


def split(runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Median CPU seconds of each part, per command of SPLITS (interleaved)."""
    samples: dict[str, list[list[float]]] = {name: [[] for _ in PARTS] for name in SPLITS}
    for _ in range(runs):
        for name, args in SPLITS.items():
            out = subprocess.run(
                [PY, "-c", SPLIT, *args], capture_output=True, text=True, env=env, check=True
            ).stdout
            for bucket, value in zip(samples[name], out.split(), strict=True):
                bucket.append(float(value))
    return {name: [statistics.median(v) for v in parts] for name, parts in samples.items()}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21, help="timed rounds (default 21)")
    parser.add_argument(
        "--no-compile", action="store_true", help="measure without compiling bytecode first"
    )
    args = parser.parse_args()
    runs = args.runs
    state = bytecode(compile_first=not args.no_compile)
    load_before = load_average()
    samples: dict[str, list[Sample]] = {name: [] for name in CASES}
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        env.pop("CLUSTERCTL_CATALOG", None)
        env.pop("CLUSTERCTL_NO_CACHE", None)
        for round_number in range(runs + 1):
            for name, case in CASES.items():
                sample = run(case, env)
                if round_number:  # round 0 fills the cache (and the search index)
                    samples[name].append(sample)
        parts = split(runs, env)
    cpu = {name: statistics.median(s.cpu for s in values) for name, values in samples.items()}
    wall = {name: statistics.median(s.wall for s in values) for name, values in samples.items()}

    print(
        f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs; "
        f"clusterctl run as {described(CLI)}"
    )
    print(state)
    print(f"load average (1 / 5 / 15 min): {load_before} before, {load_average()} after")
    print(f"{runs} rounds, interleaved; medians per process")
    print()
    print("| command | CPU ms | wall ms | CPU ratio to baseline |")
    print("| --- | ---: | ---: | ---: |")
    for name, case in CASES.items():
        base = case.baseline
        ratio = f"{cpu[name] / cpu[base]:.2f}x `{base}`" if base else "(baseline)"
        if name == "python -c pass":
            ratio = "(the interpreter alone)"
        print(f"| `{name}` | {ms(cpu[name])} | {ms(wall[name])} | {ratio} |")
    print()
    print("| inside the process, median CPU ms | " + " | ".join(SPLITS) + " |")
    print("| --- |" + " ---: |" * len(SPLITS))
    for number, part in enumerate(PARTS):
        cells = [parts[name][number] * 1000 for name in SPLITS]
        shown = [f"{cell:.1f}" if cell >= 0.05 else "-" for cell in cells]
        print(f"| {part} | " + " | ".join(shown) + " |")
    print()
    print("| target (ratio of median CPU time) | measured | limit | |")
    print("| --- | ---: | ---: | --- |")
    for name, limit in TARGETS:
        base = CASES[name].baseline
        assert base is not None
        measured = cpu[name] / cpu[base]
        verdict = "pass" if measured <= limit else "miss"
        print(f"| `{name}` / `{base}` | {measured:.2f}x | {limit:.1f}x | {verdict} |")


if __name__ == "__main__":
    main()
