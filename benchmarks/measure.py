"""Wall time, CPU time and peak memory of one child process, read with os.wait4 from a small
launcher; and what every benchmark prints about the machine state it measured in.

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
    cpu: float
    """User plus system CPU seconds of the child (and of any children it waited for)."""
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
        cpu=float(data["cpu"]),
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
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_kib": usage.ru_maxrss,
        "floor_kib": _own_peak_kib(),
        "code": process.returncode,
        "timed_out": expired.is_set(),
    }
    print(json.dumps(result))


# --- the state of the machine and of the installation ----------------------------------------

# Imports what a clusterctl run may import (every module of clusterctl, and the libraries its
# commands load) and prints the source file of every module then loaded.
_PROBE = """
import importlib, json, pkgutil, sys
import clusterctl, typer, rich.console, rich.table, yaml, dateutil.parser
for found in pkgutil.walk_packages(clusterctl.__path__, "clusterctl."):
    if not found.name.endswith("__main__"):
        importlib.import_module(found.name)
files = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
print(json.dumps(sorted(f for f in files if f and f.endswith(".py"))))
"""


def _sources() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    ).stdout
    found: list[str] = json.loads(out)
    return found


def _current(source: str) -> bool:
    """Does ``source`` have bytecode the interpreter will use (not recompile on import)?"""
    import importlib.util

    try:
        with Path(importlib.util.cache_from_source(source)).open("rb") as pyc:
            header = pyc.read(16)
        st = Path(source).stat()
    except OSError:
        return False
    if len(header) < 16 or header[:4] != importlib.util.MAGIC_NUMBER:
        return False
    flags = int.from_bytes(header[4:8], "little")
    if flags & 1:  # hash-based: checked or not, written for this source by py_compile
        return True
    mtime, size = (int.from_bytes(header[i : i + 4], "little") for i in (8, 12))
    return mtime == int(st.st_mtime) & 0xFFFFFFFF and size == st.st_size & 0xFFFFFFFF


def bytecode(compile_first: bool) -> str:
    """Compile the bytecode of every module a run may import (unless told not to), then say
    how many of them have bytecode that is current.

    An installation normally has it; a workplace that sets PYTHONDONTWRITEBYTECODE never
    writes it, and every run then compiles clusterctl (and any library not compiled) anew.
    """
    import py_compile

    sources = _sources()
    if compile_first:
        for source in sources:
            if not _current(source):
                with contextlib.suppress(py_compile.PyCompileError, OSError):
                    py_compile.compile(source, doraise=True)
    current = sum(_current(source) for source in sources)
    done = "compiled first" if compile_first else "not compiled first (--no-compile)"
    return f"bytecode: {done}; {current} of {len(sources)} modules a run may import have it"


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, for the record."""
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def clusterctl_command() -> list[str]:
    """clusterctl as a user runs it: the console script beside this Python, else ``-m``."""
    script = Path(sys.executable).with_name("clusterctl")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "clusterctl"]


def described(command: list[str]) -> str:
    """How ``clusterctl_command()`` runs clusterctl, without this machine's paths."""
    if command[0] == sys.executable:
        return "python -m clusterctl"
    return "the console script beside this Python"


if __name__ == "__main__":
    _launch(sys.argv[1:])
