"""How clusterctl's cost grows with the catalog, cold and warm, as ratios measured in one run.

Usage: python benchmarks/scale.py [--sizes 1,10,100,625] [--runs N] [--modes cold,warm,no-cache]
                                  [--keep DIR] [--timeout SECONDS] [--no-compile]

For each growth factor, benchmarks/synth.py writes a catalog with that many copies of the
shipped milestones (625 x 160 = 100,000 at the top of the ladder); files are reused from
--keep DIR when they were generated from the same catalog.yaml. Each command below runs as
``clusterctl --no-builtin --catalog FILE ...`` (the console script beside this Python, else
``python -m clusterctl``) in a fresh process:

- cold: ``XDG_CACHE_HOME`` is a fresh empty directory every run (the first run after an edit,
  paying for parsing and for writing the parse cache, if there is one);
- warm: ``XDG_CACHE_HOME`` is one directory per size, populated by an untimed run of the same
  command before timing starts;
- no-cache: ``--no-cache`` (only if ``clusterctl --help`` lists it; otherwise left out).

Next to them, a bare PyYAML C-loader parse of the same file in a fresh process is the floor
that any YAML-based loader pays. All runs are interleaved round-robin (every size, command
and mode once per round), so machine noise hits them alike, and the table reports medians and
ratios taken within this run: to the bare parse of the same file, to the same command and mode
at the smallest size, and warm or no-cache to cold. Times are CPU time (user + system, the
kernel's account of each finished process, read with ``os.wait4`` by a small launcher:
benchmarks/measure.py, which says why), with the median wall time beside it; ratios are of
CPU time, which other processes on a shared machine do not inflate. "ms per 1k" divides by
the milestone count; "marginal ms per 1k" is the slope from the smallest size, which stays
flat when the cost grows linearly. Peak memory is the largest maximum resident set size of a
case's runs; "cache MB" is what the warm cache directory holds after the priming runs (the
cache entries, and the search index beside them).

Before measuring, the bytecode of every module a run may import is compiled (as installing
a package does), unless --no-compile; the first lines say how much of it there is, and the
load average before and after. The last table holds the scale targets, pass or miss (they
need sizes 1 and 100).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import synth
from measure import Run, bytecode, clusterctl_command, described, load_average, run_measured

PY = sys.executable
CLI = [*clusterctl_command(), "--no-builtin"]
BARE_PARSE = "import yaml,sys; yaml.load(open(sys.argv[1],'rb'), Loader=yaml.CSafeLoader)"
CASES: dict[str, list[str]] = {
    "validate": ["validate"],
    "milestones --cluster daedeok-innopolis -o json": [
        "milestones",
        "--cluster",
        "daedeok-innopolis",
        "-o",
        "json",
    ],
    "timeline daedeok-innopolis -o json": ["timeline", "daedeok-innopolis", "-o", "json"],
    'search "bio cluster" -o json': ["search", "bio cluster", "-o", "json"],
}
BARE = "bare parse (yaml.CSafeLoader)"
MODES = ("cold", "warm", "no-cache")
SCRUBBED_ENV = ("CLUSTERCTL_CATALOG", "CLUSTERCTL_NO_CACHE", "XDG_CACHE_HOME")


def child_env(cache_home: Path) -> dict[str, str]:
    """The environment for a clusterctl child: no layered catalogs, this cache directory."""
    env = {key: value for key, value in os.environ.items() if key not in SCRUBBED_ENV}
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def supports_no_cache() -> bool:
    """Whether the clusterctl under test accepts the global ``--no-cache`` flag."""
    result = subprocess.run(
        [*clusterctl_command(), "--help"], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and "--no-cache" in result.stdout


def describe_failure(command: Sequence[str], run: Run) -> str:
    what = "timed out" if run.timed_out else f"exited {run.code}"
    shown = " ".join(command)
    return f"{shown}\n  {what} after {run.wall:.1f} s\n  stderr: {run.stderr.strip()[-2000:]}"


def count_records(path: Path) -> int | None:
    """How many records a JSON listing holds (None when the output is not a JSON list)."""
    try:
        data = json.loads(path.read_bytes())
    except ValueError:
        return None
    return len(data) if isinstance(data, list) else None


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 1,10,100,625")
    return sizes


def default_runs(milestones: int) -> int:
    """More runs where they are cheap: 7 below 10k milestones, 5 below 50k, then 3."""
    if milestones < 10_000:
        return 7
    return 5 if milestones < 50_000 else 3


def fmt_ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or not denominator:
        return ""
    return f"{numerator / denominator:.2f}x"


Key = TypeVar("Key", bound=tuple[Any, ...])


def rounds(keys: Sequence[Key], runs: Mapping[int, int]) -> Iterator[tuple[int, Key]]:
    """Round-robin: every key (size first) once a round, for as many rounds as its size gets."""
    for round_no in range(max(runs.values())):
        for key in keys:
            if round_no < runs[key[0]]:
                yield round_no, key


@contextlib.contextmanager
def cache_home(warm: Path | None, scratch: Path) -> Iterator[Path]:
    """``warm`` when given; else a fresh, empty cache directory for one cold run, then gone."""
    if warm is not None:
        yield warm
        return
    home = Path(tempfile.mkdtemp(prefix="cold-", dir=scratch))
    try:
        yield home
    finally:
        shutil.rmtree(home)


def ladder_parser(doc: str, timeout: float) -> argparse.ArgumentParser:
    """The options both ladder benchmarks take: --sizes, --runs, --keep and --timeout."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="growth factors (default: benchmarks/synth.py's ladder, 1,10,100,625)",
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="timed runs per case (default: 7, 5 or 3 by size)"
    )
    parser.add_argument("--keep", type=Path, help="generate catalogs here and keep them")
    parser.add_argument(
        "--timeout", type=float, default=timeout, help="seconds before a child is killed"
    )
    parser.add_argument(
        "--no-compile", action="store_true", help="measure without compiling bytecode first"
    )
    return parser


def ladder_catalogs(
    sizes: Sequence[int], folder: Path, runs: int | None
) -> tuple[dict[int, Path], dict[int, int], dict[int, int]]:
    """The catalog of each size (generated into ``folder`` unless already there), its
    milestone count, and how many timed runs it gets."""
    files: dict[int, Path] = {}
    milestones: dict[int, int] = {}
    for size in sizes:
        files[size] = folder / f"catalog-x{size}.yaml"
        milestones[size] = synth.ensure(size, files[size])
    return files, milestones, {size: runs or default_runs(milestones[size]) for size in sizes}


def main() -> None:
    parser = ladder_parser(__doc__ or "", timeout=3600.0)
    parser.add_argument(
        "--modes",
        default=",".join(MODES),
        help="comma-separated subset of cold,warm,no-cache (default: all)",
    )
    args = parser.parse_args()
    sizes: list[int] = args.sizes or list(synth.ladder())
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = sorted(set(modes) - set(MODES))
    if unknown:
        parser.error(f"unknown modes {', '.join(unknown)}; choose from {', '.join(MODES)}")
    if "no-cache" in modes and not supports_no_cache():
        print("clusterctl has no --no-cache flag yet: mode no-cache left out", file=sys.stderr)
        modes.remove("no-cache")

    state = bytecode(compile_first=not args.no_compile)
    load_before = load_average()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="clusterctl-scale-") as scratch_name:
        scratch = Path(scratch_name)
        files, milestones, runs = ladder_catalogs(
            sizes, args.keep or scratch / "catalogs", args.runs
        )

        def command(size: int, case: str, mode: str) -> list[str]:
            if case == BARE:
                return [PY, "-c", BARE_PARSE, str(files[size])]
            flags = ["--no-cache"] if mode == "no-cache" else []
            return [*CLI, *flags, "--catalog", str(files[size]), *CASES[case]]

        # Untimed first runs: they populate each size's warm cache and check that every
        # command succeeds, recording how many records each listing returns.
        warm_home = {size: scratch / f"warm-x{size}" for size in sizes}
        errors = scratch / "stderr"
        rows: dict[tuple[int, str], int | None] = {}
        for size in sizes:
            warm_home[size].mkdir()
            for case in CASES:
                print(f"priming x{size}: {case}", file=sys.stderr)
                out = scratch / "prime.out"
                cmd = command(size, case, "warm")
                run = run_measured(
                    cmd,
                    child_env(warm_home[size]),
                    stdout=out,
                    stderr=errors,
                    timeout=args.timeout,
                )
                if run.code != 0:
                    sys.exit(f"priming run failed: {describe_failure(cmd, run)}")
                rows[size, case] = count_records(out)

        keys = [
            (size, case, mode)
            for size in sizes
            for case in [BARE, *CASES]
            for mode in (["-"] if case == BARE else modes)
        ]
        results: dict[tuple[int, str, str], list[Run]] = {key: [] for key in keys}
        for round_no, (size, case, mode) in rounds(keys, runs):
            print(f"round {round_no + 1}: x{size} {case} [{mode}]", file=sys.stderr)
            cmd = command(size, case, mode)
            with cache_home(warm_home[size] if mode == "warm" else None, scratch) as home:
                run = run_measured(cmd, child_env(home), stderr=errors, timeout=args.timeout)
            if run.code != 0:
                sys.exit(f"run failed: {describe_failure(cmd, run)}")
            results[size, case, mode].append(run)
        loading = time_loading(sizes, files, warm_home, runs) if "warm" in modes else {}
        sizes_mb = {size: files[size].stat().st_size / 1e6 for size in sizes}
        cache_mb = {
            size: sum(f.stat().st_size for f in warm_home[size].rglob("*") if f.is_file()) / 1e6
            for size in sizes
        }
    elapsed = time.perf_counter() - began

    median = {key: statistics.median(r.cpu for r in results[key]) for key in keys}
    wall = {key: statistics.median(r.wall for r in results[key]) for key in keys}
    peak = {key: max(r.maxrss_mib for r in results[key]) for key in keys}
    floor = max(r.floor_kib for values in results.values() for r in values) / 1024
    base = sizes[0]
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; clusterctl run as "
        f"{described(CLI)}; runs per size: "
        + ", ".join(f"x{size} {runs[size]}" for size in sizes)
        + f"; modes: {', '.join(modes)}; launcher floor {floor:.0f} MiB"
        + f"; whole run {elapsed / 60:.1f} min"
    )
    print(state)
    print(f"load average (1 / 5 / 15 min): {load_before} before, {load_average()} after")
    print()
    print(
        "| size | milestones | command | mode | median CPU ms | wall ms | ms per 1k "
        f"| marginal ms per 1k | x bare parse | x same at x{base} | x cold | peak RSS MiB "
        "| records |"
    )
    print(
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for size, case, mode in keys:
        t = median[size, case, mode]
        n = milestones[size]
        first = median[base, case, mode]
        marginal = (
            f"{(t - first) / ((n - milestones[base]) / 1000) * 1000:.1f}" if size != base else ""
        )
        bare = median[size, BARE, "-"] if case != BARE else None
        cold = median[size, case, "cold"] if mode not in {"cold", "-"} and "cold" in modes else None
        records = rows.get((size, case))
        print(
            f"| x{size} ({sizes_mb[size]:.1f} MB) | {n:,} | `{case}` | {mode} | {t * 1000:,.0f} "
            f"| {wall[size, case, mode] * 1000:,.0f} "
            f"| {t / (n / 1000) * 1000:,.1f} | {marginal} | {fmt_ratio(t, bare)} "
            f"| {fmt_ratio(t, first) if size != base else ''} | {fmt_ratio(t, cold)} "
            f"| {peak[size, case, mode]:,.0f} | {'' if records is None else f'{records:,}'} |"
        )

    print()
    print_summary(sizes, milestones, modes, median, peak, cache_mb)
    if loading:
        print()
        print_loading(sizes, milestones, loading)
    print()
    print_targets(median)


# How long a warm run takes to load its catalog from the parse cache, inside the process:
# read the catalog and the entry, check both SHA-256s, decode the entry's directory.
LOAD = """
import sys, time
from clusterctl.catalog.loader import CatalogSelection, load
start = time.process_time()
load(CatalogSelection(builtin=False, overlays=(sys.argv[1],)))
print(time.process_time() - start)
"""


def time_loading(
    sizes: Sequence[int],
    files: Mapping[int, Path],
    homes: Mapping[int, Path],
    runs: Mapping[int, int],
) -> dict[int, float]:
    """Median CPU seconds of loading each size's catalog from its warm cache (interleaved)."""
    samples: dict[int, list[float]] = {size: [] for size in sizes}
    for round_no in range(max(runs.values())):
        for size in sizes:
            if round_no < runs[size]:
                out = subprocess.run(
                    [PY, "-c", LOAD, str(files[size])],
                    env=child_env(homes[size]),
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                samples[size].append(float(out))
    return {size: statistics.median(values) for size, values in samples.items()}


def print_loading(
    sizes: Sequence[int], milestones: Mapping[int, int], loading: Mapping[int, float]
) -> None:
    """What every warm command pays before it does anything: loading from the cache."""
    base = sizes[0]
    print("| size | milestones | warm load from the cache, CPU ms inside the process (vs x1) |")
    print("| --- | ---: | ---: |")
    for size in sizes:
        ratio = fmt_ratio(loading[size], loading[base])
        print(f"| x{size} | {milestones[size]:,} | {loading[size] * 1000:,.1f} ({ratio}) |")


def print_summary(
    sizes: Sequence[int],
    milestones: Mapping[int, int],
    modes: Sequence[str],
    median: Mapping[tuple[int, str, str], float],
    peak: Mapping[tuple[int, str, str], float],
    cache_mb: Mapping[int, float],
) -> None:
    """The headline figures: cold load against the bare parse, warm queries against x1."""
    base = sizes[0]
    load = "cold" if "cold" in modes else modes[0]
    query = "warm" if "warm" in modes else modes[0]
    queries = [case for case in CASES if case != "validate"]
    print(
        f"| size | milestones | bare parse CPU ms | {load} validate CPU ms "
        f"| {load} validate / bare parse "
        + "".join(f"| {query} `{case.split()[0]}` CPU ms (vs x{base}) " for case in queries)
        + f"| peak RSS MiB, {load} / {query} validate | cache MB |"
    )
    print("| --- | ---: | ---: | ---: | ---: " + "| ---: " * len(queries) + "| ---: | ---: |")
    for size in sizes:
        bare = median[size, BARE, "-"]
        validate = median[size, "validate", load]
        cells = "".join(
            f"| {median[size, case, query] * 1000:,.0f} "
            f"({fmt_ratio(median[size, case, query], median[base, case, query])}) "
            for case in queries
        )
        print(
            f"| x{size} | {milestones[size]:,} | {bare * 1000:,.0f} | {validate * 1000:,.0f} "
            f"| {fmt_ratio(validate, bare)} {cells}| {peak[size, 'validate', load]:,.0f} / "
            f"{peak[size, 'validate', query]:,.0f} | {cache_mb[size]:,.1f} |"
        )


# The targets: (what, numerator, denominator, limit); a key is (size, case, mode).
TARGETS = (
    (
        "cold validate at x100 / bare parse at x100",
        (100, "validate", "cold"),
        (100, BARE, "-"),
        0.8,
    ),
    *(
        (f"warm `{case}` at x100 / at x1", (100, case, "warm"), (1, case, "warm"), limit)
        for case, limit in (
            ('search "bio cluster" -o json', 2.5),
            ("milestones --cluster daedeok-innopolis -o json", 2.0),
            ("timeline daedeok-innopolis -o json", 2.0),
        )
    ),
)


def print_targets(median: Mapping[tuple[int, str, str], float]) -> None:
    """The scale targets, as ratios of median CPU time, pass or miss."""
    print("| target (ratio of median CPU time) | measured | limit | |")
    print("| --- | ---: | ---: | --- |")
    for name, numerator, denominator, limit in TARGETS:
        if numerator in median and denominator in median:
            ratio = median[numerator] / median[denominator]
            verdict = "pass" if ratio <= limit else "miss"
            print(f"| {name} | {ratio:.2f}x | {limit:.1f}x | {verdict} |")
        else:
            print(f"| {name} | not measured (needs sizes 1 and 100, modes cold and warm) "
                  f"| {limit:.1f}x | |")  # fmt: skip


if __name__ == "__main__":
    main()
