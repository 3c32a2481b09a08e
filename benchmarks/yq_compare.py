"""Versus what users do instead: the same questions asked of the raw YAML with yq and clusterctl.

Usage: python benchmarks/yq_compare.py [--sizes 1,10,100,625] [--runs N] [--keep DIR]
                                       [--timeout SECONDS] [--no-compile]

``yq`` is the Python yq 3.x (Debian's ``yq`` package, or ``pip install yq``): a wrapper that
converts YAML to JSON and pipes it through ``jq``, so both must be on PATH. At each growth
factor (catalogs from benchmarks/synth.py, reused from --keep DIR), three questions:

- the ids of the milestones about cluster daedeok-innopolis;
- the milestones dated in 2023 (a range counts when it overlaps the year, as clusterctl's
  ``--since 2023 --until 2023`` does; with yq, on the date string's year digits);
- the number of milestones of each kind.

Every run's answer is checked against yq's (same multiset of ids, same counts): the check
column says ``ok`` or how many runs differed, and the differences go to stderr. clusterctl
runs warm (``XDG_CACHE_HOME`` populated by one untimed run) and cold (a fresh empty
``XDG_CACHE_HOME`` every run). All runs are interleaved round-robin, so noise hits each tool
alike, and the table gives median CPU times (user + system, read with os.wait4 by the
launcher in benchmarks/measure.py; for yq they cover jq, which yq waits for) and the ratio
yq / clusterctl of them from this one run, plus peak memory (the largest maximum RSS of a
case's runs). clusterctl runs as the console script beside this Python (else ``python -m
clusterctl``), its bytecode compiled first unless --no-compile. At the top size each yq run
takes tens of seconds; --sizes can leave that size out.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import synth
from measure import Run, bytecode, clusterctl_command, described, load_average, run_measured
from scale import (
    cache_home,
    child_env,
    describe_failure,
    fmt_ratio,
    ladder_catalogs,
    ladder_parser,
    rounds,
)

CLI = [*clusterctl_command(), "--no-builtin"]
INSTALL_HINT = (
    "this benchmark needs the Python yq 3.x (a jq wrapper) and jq on PATH: "
    "`apt-get install yq` on Debian or Ubuntu (brings jq), or `pip install yq` plus jq "
    "from your package manager"
)
Answer = tuple[tuple[str, int], ...]
"""A question's answer, comparable across tools: sorted (key, count) pairs."""


def _ids_from_lines(text: str) -> Answer:
    return tuple(sorted(Counter(line for line in text.splitlines() if line).items()))


def _ids_from_listing(text: str) -> Answer:
    return tuple(sorted(Counter(str(record["id"]) for record in json.loads(text)).items()))


def _counts_from_object(text: str) -> Answer:
    return tuple(sorted((str(key), int(value)) for key, value in json.loads(text).items()))


def _counts_from_stats(text: str) -> Answer:
    return tuple(sorted((str(row["id"]), int(row["count"])) for row in json.loads(text)))


@dataclass(frozen=True)
class Question:
    """One question, as a yq filter and as a clusterctl command, with how to read each."""

    yq: list[str]
    clusterctl: list[str]
    read_yq: Callable[[str], Answer]
    read_clusterctl: Callable[[str], Answer]


QUESTIONS: dict[str, Question] = {
    "milestones about daedeok-innopolis (ids)": Question(
        yq=[
            "-r",
            '.milestones[] | select(.clusters // [] | index("daedeok-innopolis")) | .id',
        ],
        clusterctl=["milestones", "--cluster", "daedeok-innopolis", "-o", "json"],
        read_yq=_ids_from_lines,
        read_clusterctl=_ids_from_listing,
    ),
    "milestones dated in 2023 (ids)": Question(
        # Dates are YYYY[-MM[-DD]] or START/END; yq reads an unquoted year as a number and
        # a day as a date, which it prints back as YYYY-MM-DD.
        yq=[
            "-r",
            '.milestones[] | select(.date | tostring | split("/")'
            ' | (.[0][:4] <= "2023") and (.[-1][:4] >= "2023")) | .id',
        ],
        clusterctl=["milestones", "--since", "2023", "--until", "2023", "-o", "json"],
        read_yq=_ids_from_lines,
        read_clusterctl=_ids_from_listing,
    ),
    "milestones per kind (counts)": Question(
        yq=[
            "-c",
            "[.milestones[].kind] | group_by(.) | map({key: .[0], value: length}) | from_entries",
        ],
        clusterctl=["stats", "--by", "kind", "--type", "milestone", "-o", "json"],
        read_yq=_counts_from_object,
        read_clusterctl=_counts_from_stats,
    ),
}
TOOLS = ("yq", "clusterctl warm", "clusterctl cold")


def tool_versions() -> str:
    """``yq --version`` and ``jq --version``, or exit with how to install them."""
    yq, jq = shutil.which("yq"), shutil.which("jq")
    if yq is None or jq is None:
        sys.exit(f"{'yq' if yq is None else 'jq'} not found: {INSTALL_HINT}")
    helptext = subprocess.run([yq, "--help"], capture_output=True, text=True, check=False)
    if "jq" not in helptext.stdout:
        sys.exit(f"{yq} is not the jq-wrapping Python yq: {INSTALL_HINT}")
    versions = []
    for tool in (yq, jq):
        result = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)
        versions.append((result.stdout or result.stderr).strip())
    return f"{yq}: {versions[0]}; {jq}: {versions[1]}"


def describe_difference(expected: Answer, got: Answer) -> str:
    want, have = dict(expected), dict(got)
    missing = sorted(set(want.items()) - set(have.items()))
    extra = sorted(set(have.items()) - set(want.items()))
    return f"yq only: {missing[:5]} ({len(missing)}); clusterctl only: {extra[:5]} ({len(extra)})"


def main() -> None:
    args = ladder_parser(__doc__ or "", timeout=1800.0).parse_args()
    versions = tool_versions()
    yq = shutil.which("yq") or "yq"
    sizes: list[int] = args.sizes or list(synth.ladder())
    state = bytecode(compile_first=not args.no_compile)
    load_before = load_average()

    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="clusterctl-yq-") as scratch_name:
        scratch = Path(scratch_name)
        files, milestones, runs = ladder_catalogs(
            sizes, args.keep or scratch / "catalogs", args.runs
        )
        out, errors = scratch / "out", scratch / "stderr"

        def command(size: int, name: str, tool: str) -> list[str]:
            question = QUESTIONS[name]
            if tool == "yq":
                return [yq, *question.yq, str(files[size])]
            return [*CLI, "--catalog", str(files[size]), *question.clusterctl]

        def answer(size: int, name: str, tool: str, run: Run, cmd: list[str]) -> Answer:
            if run.code != 0:
                sys.exit(f"run failed: {describe_failure(cmd, run)}")
            question = QUESTIONS[name]
            read = question.read_yq if tool == "yq" else question.read_clusterctl
            return read(out.read_text(encoding="utf-8"))

        warm_home = {size: scratch / f"warm-x{size}" for size in sizes}
        for size in sizes:
            warm_home[size].mkdir()
            for name in QUESTIONS:
                print(f"priming x{size}: {name}", file=sys.stderr)
                cmd = command(size, name, "clusterctl warm")
                run = run_measured(
                    cmd, child_env(warm_home[size]), stdout=out, stderr=errors, timeout=args.timeout
                )
                answer(size, name, "clusterctl warm", run, cmd)

        keys = [(size, name, tool) for size in sizes for name in QUESTIONS for tool in TOOLS]
        results: dict[tuple[int, str, str], list[Run]] = {key: [] for key in keys}
        expected: dict[tuple[int, str], Answer] = {}
        mismatches: Counter[tuple[int, str]] = Counter()
        for round_no, (size, name, tool) in rounds(keys, runs):
            print(f"round {round_no + 1}: x{size} {name} [{tool}]", file=sys.stderr)
            cmd = command(size, name, tool)
            warm = warm_home[size] if tool == "clusterctl warm" else None
            with cache_home(warm, scratch) as home:
                run = run_measured(
                    cmd, child_env(home), stdout=out, stderr=errors, timeout=args.timeout
                )
            got = answer(size, name, tool, run, cmd)
            results[size, name, tool].append(run)
            want = expected.setdefault((size, name), got)
            if got != want:
                mismatches[size, name] += 1
                print(
                    f"MISMATCH x{size} {name} [{tool}]: {describe_difference(want, got)}",
                    file=sys.stderr,
                )
    elapsed = time.perf_counter() - began

    median = {key: statistics.median(r.cpu for r in results[key]) for key in keys}
    peak = {key: max(r.maxrss_mib for r in results[key]) for key in keys}
    floor = max(r.floor_kib for values in results.values() for r in values) / 1024
    print(
        f"Python {sys.version.split()[0]}; clusterctl run as {described(CLI)}; {versions}; "
        "runs per size: "
        + ", ".join(f"x{size} {runs[size]}" for size in sizes)
        + f"; launcher floor {floor:.0f} MiB; whole run {elapsed / 60:.1f} min"
    )
    print(state)
    print(f"load average (1 / 5 / 15 min): {load_before} before, {load_average()} after")
    print()
    print(
        "| size | milestones | question | answer | check | yq CPU ms | clusterctl warm CPU ms "
        "| clusterctl cold CPU ms | yq / warm | yq / cold | peak RSS MiB yq / warm / cold |"
    )
    print("| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in sizes:
        for name in QUESTIONS:
            yq_t, warm_t, cold_t = (median[size, name, tool] for tool in TOOLS)
            peaks = " / ".join(f"{peak[size, name, tool]:,.0f}" for tool in TOOLS)
            pairs = expected[size, name]
            total = sum(count for _, count in pairs)
            shown = f"{total:,} ids" if total == len(pairs) else f"{len(pairs)} keys, {total:,}"
            bad = mismatches[size, name]
            check = "ok" if not bad else f"MISMATCH in {bad} runs"
            print(
                f"| x{size} | {milestones[size]:,} | {name} | {shown} | {check} "
                f"| {yq_t * 1000:,.0f} | {warm_t * 1000:,.0f} | {cold_t * 1000:,.0f} "
                f"| {fmt_ratio(yq_t, warm_t)} | {fmt_ratio(yq_t, cold_t)} | {peaks} |"
            )


if __name__ == "__main__":
    main()
