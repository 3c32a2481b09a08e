"""Wall time and peak memory of one child process, read with os.wait4 from a small launcher.

Used by benchmarks/scale.py and benchmarks/yq_compare.py; run directly it is the launcher:
``python -I -S benchmarks/measure.py TIMEOUT STDOUT STDERR -- COMMAND...`` runs COMMAND with
the launcher's environment and prints one JSON line with the result.

Why a launcher: on Linux a child's ``ru_maxrss`` starts from the peak RSS of the process that
spawned it (the address space is shared or copied until exec), so a benchmark that has
generated a 60 MB catalog or parsed a large output in-process would report that peak for
every later child, however small. The launcher is a fresh, stdlib-only interpreter of about
13 MiB; it spawns the command, times it from spawn to exit and reads its rusage with
``os.wait4``. That figure covers the command and any children it waited for (yq's jq), and
the launcher's own peak is reported as the floor below which figures mean nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = Path(__file__).resolve()


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    wall: float
    """Seconds from spawn to exit."""
    maxrss_kib: int
    """Peak resident set size of the child (and of any children it waited for), in KiB."""
    floor_kib: int
    """The launcher's own peak RSS: a child never reports less than this."""
    code: int
    """Exit code, or minus the signal number that ended it."""
    timed_out: bool
    stderr: str

    @property
    def maxrss_mib(self) -> float:
        return self.maxrss_kib / 1024


def run_measured(
    command: Sequence[str],
    env: Mapping[str, str],
    *,
    stdout: Path | None = None,
    stderr: Path,
    timeout: float = 3600.0,
) -> Run:
    """Run ``command`` through the launcher with ``env``; output to ``stdout`` or discarded.

    ``stderr`` is a scratch file for the child's error output, returned in :attr:`Run.stderr`.
    On timeout the child's whole process group is killed.
    """
    launcher = [sys.executable, "-I", "-S", str(LAUNCHER), str(timeout)]
    launcher += [str(stdout or os.devnull), str(stderr), "--", *command]
    result = subprocess.run(launcher, env=dict(env), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"launcher failed ({result.returncode}): {result.stderr.strip()}")
    data = json.loads(result.stdout)
    message = stderr.read_text(encoding="utf-8", errors="replace")
    return Run(
        wall=float(data["wall"]),
        maxrss_kib=int(data["maxrss_kib"]),
        floor_kib=int(data["floor_kib"]),
        code=int(data["code"]),
        timed_out=bool(data["timed_out"]),
        stderr=message,
    )


def _own_peak_kib() -> int:
    """This process's own peak RSS (VmHWM), which a child spawned from it starts from.

    Not ``getrusage(RUSAGE_SELF)``: that also carries the peak of whatever spawned us.
    """
    with contextlib.suppress(OSError, ValueError, IndexError):
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(status.split("VmHWM:", 1)[1].split()[0])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _launch(argv: list[str]) -> None:
    timeout, stdout, stderr, separator, *command = argv
    if separator != "--" or not command:
        sys.exit("usage: measure.py TIMEOUT STDOUT STDERR -- COMMAND...")
    expired = threading.Event()
    with Path(stdout).open("wb") as out, Path(stderr).open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
        )

        def kill() -> None:
            expired.set()
            # The child is not reaped before wait4 returns, so its group id is still its own.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(float(timeout), kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    # Tell Popen the child is reaped, so it never waits for it again.
    process.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "wall": wall,
        "maxrss_kib": usage.ru_maxrss,
        "floor_kib": _own_peak_kib(),
        "code": process.returncode,
        "timed_out": expired.is_set(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    _launch(sys.argv[1:])
